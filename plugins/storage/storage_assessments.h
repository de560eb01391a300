// Native posture checks on Microsoft.Storage/storageAccounts.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::storage {

inline constexpr const char* kStorageAccountType = "Microsoft.Storage/storageAccounts";

// Declarative: Azure Policy definitions in policies/, evaluated by the kernel.
sdk::AssessmentDef secureTransferAssessment();
sdk::AssessmentDef minimumTlsAssessment();
// Native: the example of a C++ assessment (it also names the public containers).
sdk::AssessmentDef publicBlobAccessAssessment();

// The plugin's settings, checked when an instance is created. "minimumTlsVersion" feeds the
// parameter of the same name of the minimum TLS policy.
void validateSettings(const sdk::Json& settings);

}  // namespace bulwark::storage
