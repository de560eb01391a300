// Helpers shared by the storage posture checks: the data-plane marker, child lookups and the
// clock (property reading is the SDK's, bulwark/sdk/json.hpp).
#pragma once

#include <bulwark/plugin.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::storage::posture {

inline constexpr const char* kCisStandard = "CIS Microsoft Azure Foundations Benchmark v3.0.0";

// True when the document was read only through the Blob service API, so management-plane
// properties (network rules, encryption, keys...) are unknown rather than absent.
bool managementPlaneUnknown(const sdk::Resource& account);

// The verdict for a management-plane check on such a document.
sdk::Verdict notVisibleOnDataPlane(const std::string& property);

// The account's blobServices/default child, if the inventory or the live read attached it.
std::optional<sdk::Resource> blobService(const sdk::Resource& account);

int64_t nowSeconds();

// An AssessmentDef with the fields every storage posture check sets.
sdk::AssessmentDef makeAssessment(std::string id, std::string title, sdk::Severity severity,
                                  std::string control, std::string policyDefinitionId);

}  // namespace bulwark::storage::posture
