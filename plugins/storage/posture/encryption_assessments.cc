#include "posture/posture_assessments.h"
#include "posture/posture_support.h"
#include "storage_settings.h"

namespace bulwark::storage::posture {
namespace {

using sdk::Json;
using sdk::Resource;
using sdk::Severity;
using sdk::Verdict;

sdk::AssessmentDef infrastructureEncryption() {
  auto a = makeAssessment("storage.infrastructure-encryption",
                          "Storage accounts should have infrastructure encryption", Severity::Low,
                          "Enable encryption at rest", "4733ea7b-a883-42fe-8cac-97454c2a9e4a");
  a.description =
      "Infrastructure encryption adds a second layer of AES-256 encryption with a different "
      "algorithm and key, so one compromised key or algorithm does not expose the data.";
  a.remediation =
      "Infrastructure encryption can only be chosen when an account is created: create a new "
      "account with --require-infrastructure-encryption and move the data (AzCopy or object "
      "replication).";
  a.compliance = {{kCisStandard, "4.2"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r))
      return notVisibleOnDataPlane("encryption.requireInfrastructureEncryption");
    std::optional<bool> on =
        sdk::asBool(r.find("properties.encryption.requireInfrastructureEncryption"));
    Json evidence = {{"requireInfrastructureEncryption", on ? Json(*on) : Json()}};
    if (on == std::optional<bool>(true))
      return Verdict::healthy("infrastructure encryption is required", evidence);
    return Verdict::unhealthy(on ? "requireInfrastructureEncryption is false"
                                 : "requireInfrastructureEncryption is not set",
                              evidence);
  };
  return a;
}

sdk::AssessmentDef customerManagedKey() {
  auto a = makeAssessment("storage.customer-managed-key",
                          "Storage accounts should use customer-managed key (CMK) for encryption",
                          Severity::Low, "Enable encryption at rest",
                          "6fac406b-40ca-413b-bf8e-0bf964659c25");
  a.description =
      "Customer-managed keys in Key Vault let you rotate, audit and revoke the key that "
      "protects the account's data. Applies only when the require_customer_managed_keys "
      "setting is true, as Microsoft-managed keys are a sound default.";
  a.remediation =
      "Encryption blade: 'Customer-managed keys' with a Key Vault key and a managed identity "
      "that can use it, or: az storage account update --ids <resource id> "
      "--encryption-key-source Microsoft.Keyvault --encryption-key-vault <vault uri> "
      "--encryption-key-name <key>";
  a.compliance = {{kCisStandard, "6.1.3"}};
  a.check = [](const Resource& r, const sdk::Context& ctx) {
    if (!requireCustomerManagedKeys(ctx.settings)) {
      return Verdict::notApplicable(
          "customer-managed keys are not required (setting require_customer_managed_keys)");
    }
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("encryption.keySource");
    auto source = sdk::asText(r.find("properties.encryption.keySource"));
    Json evidence = {{"keySource", source ? Json(*source) : Json()}};
    if (source && sdk::iequals(*source, "Microsoft.Keyvault"))
      return Verdict::healthy("encrypted with a customer-managed key in Key Vault", evidence);
    return Verdict::unhealthy(
        "keySource is " + source.value_or("not set") + ", not Microsoft.Keyvault", evidence);
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> encryptionAssessments() {
  return {infrastructureEncryption(), customerManagedKey()};
}

}  // namespace bulwark::storage::posture
