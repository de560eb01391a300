// Native posture checks on Microsoft.Storage/storageAccounts.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::storage {

inline constexpr const char* kStorageAccountType = "Microsoft.Storage/storageAccounts";

sdk::AssessmentDef secureTransferAssessment();
sdk::AssessmentDef publicBlobAccessAssessment();
sdk::AssessmentDef minimumTlsAssessment();

}  // namespace bulwark::storage
