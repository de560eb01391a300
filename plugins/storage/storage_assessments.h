// Native posture checks on Microsoft.Storage/storageAccounts.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::storage {

inline constexpr const char* kStorageAccountType = "Microsoft.Storage/storageAccounts";

sdk::AssessmentDef secureTransferAssessment();
sdk::AssessmentDef publicBlobAccessAssessment();
sdk::AssessmentDef minimumTlsAssessment();

// The plugin's settings, checked when an instance is created.
void validateSettings(const sdk::Json& settings);

}  // namespace bulwark::storage
