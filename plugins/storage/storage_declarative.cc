#include "storage_assessments.h"

namespace bulwark::storage {

extern const char kSecureTransfer[];
extern const char kMinimumTls[];

sdk::AssessmentDef secureTransferAssessment() {
  sdk::AssessmentDef a;
  a.id = "storage.secure-transfer";
  a.title = "Secure transfer to storage accounts should be enabled";
  a.resourceType = kStorageAccountType;
  a.severity = sdk::Severity::High;
  a.control = "Encrypt data in transit";
  a.description =
      "Secure transfer forces the storage account to accept requests only over HTTPS, which "
      "protects data in transit from eavesdropping, man-in-the-middle and session hijacking.";
  a.remediation =
      "Set 'Secure transfer required' to Enabled on the storage account (Configuration blade), "
      "or run the quick fix.";
  a.policyDefinitionId = "404c3081-a854-4457-ae30-26a93ef643f9";
  a.quickFix = "az storage account update --ids {id} --https-only true";
  a.policy = kSecureTransfer;
  return a;
}

sdk::AssessmentDef minimumTlsAssessment() {
  sdk::AssessmentDef a;
  a.id = "storage.minimum-tls";
  a.title = "Storage accounts should have the specified minimum TLS version";
  a.resourceType = kStorageAccountType;
  a.severity = sdk::Severity::Low;
  a.control = "Encrypt data in transit";
  a.description =
      "A minimum TLS version for client connections keeps clients off protocol versions with "
      "known weaknesses. The recommended minimum is TLS 1.2.";
  a.remediation =
      "Set 'Minimum TLS version' to Version 1.2 on the storage account, or run the quick fix.";
  a.policyDefinitionId = "fe83a0eb-a853-422d-aac2-1bffd182c5d0";
  a.quickFix = "az storage account update --ids {id} --min-tls-version TLS1_2";
  a.policy = kMinimumTls;
  return a;
}

}  // namespace bulwark::storage
