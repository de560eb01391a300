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

}  // namespace bulwark::storage
