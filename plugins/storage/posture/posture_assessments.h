// Storage posture checks beyond the first three (secure transfer, public blob access, minimum
// TLS): access keys and SAS, network exposure, encryption at rest and blob data protection.
// Each mirrors the Azure Policy built-in named in its policyDefinitionId where one exists, and
// applies to ARM snapshot and live (Blob service API) documents alike; a check whose data the
// document cannot carry answers NotApplicable with the reason.
#pragma once

#include <bulwark/plugin.hpp>
#include <vector>

namespace bulwark::storage::posture {

// Access: shared key, SAS policy, key expiration policy, key age, cross-tenant replication.
std::vector<sdk::AssessmentDef> accessAssessments();
// Network: default action, virtual network rules, trusted services, private link, public
// network access.
std::vector<sdk::AssessmentDef> networkAssessments();
// Encryption at rest: infrastructure encryption, customer-managed keys (when required).
std::vector<sdk::AssessmentDef> encryptionAssessments();
// Blob service: soft delete, versioning, public containers, CORS, Storage Analytics logging.
std::vector<sdk::AssessmentDef> blobAssessments();
// Azure Files (share soft delete, SMB versions and channel encryption) and lifecycle
// management policies.
std::vector<sdk::AssessmentDef> fileAndLifecycleAssessments();

}  // namespace bulwark::storage::posture
