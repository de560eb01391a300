// Azure Files and lifecycle management: file share soft delete, SMB protocol versions and
// channel encryption (CIS Microsoft Azure Foundations 3.0, section 10.1), and the presence of
// a lifecycle management policy. Azure Policy has no built-in for these, so policyDefinitionId
// stays empty.
#include "posture/posture_assessments.h"
#include "posture/posture_support.h"
#include "storage_settings.h"

namespace bulwark::storage::posture {
namespace {

using sdk::Json;
using sdk::Resource;
using sdk::Severity;
using sdk::Verdict;

constexpr const char* kNoFileService =
    "the account's file service properties (fileServices/default) are not in the inventory";

std::optional<Resource> fileService(const Resource& account) {
  for (const Resource& s : account.children("fileServices"))
    return s;
  return std::nullopt;
}

// "SMB2.1;SMB3.0" -> {"SMB2.1", "SMB3.0"}
std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(';', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

sdk::AssessmentDef fileShareSoftDelete() {
  auto a = makeAssessment("storage.file-share-soft-delete",
                          "Storage accounts should have soft delete enabled for file shares",
                          Severity::Medium, "Implement security best practices", "");
  a.description =
      "Share soft delete keeps a deleted Azure file share, with its snapshots, for a retention "
      "period so an accidental or malicious deletion can be undone (CIS Azure 10.1.1). "
      "Retention shorter than min_soft_delete_days (7 by default) is reported.";
  a.remediation =
      "File shares blade: enable soft delete, or: az storage account file-service-properties "
      "update --account-name <name> --enable-delete-retention true --delete-retention-days 7";
  a.quickFix =
      "az resource update --ids {id}/fileServices/default --set "
      "properties.shareDeleteRetentionPolicy.enabled=true "
      "properties.shareDeleteRetentionPolicy.days=7";
  a.check = [](const Resource& r, const sdk::Context& ctx) {
    std::optional<Resource> service = fileService(r);
    if (!service) {
      if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("fileServices");
      return Verdict::notApplicable(kNoFileService);
    }
    int minDays = minSoftDeleteDays(ctx.settings);
    const Json* policy = service->find("properties.shareDeleteRetentionPolicy");
    Json evidence = {{"minDays", minDays},
                     {"shareDeleteRetentionPolicy", policy ? *policy : Json()}};
    if (policy == nullptr || policy->is_null())
      return Verdict::unhealthy("shareDeleteRetentionPolicy is not set (share soft delete is off)",
                                evidence);
    if (sdk::asBool(sdk::findMember(*policy, "enabled")) != std::optional<bool>(true))
      return Verdict::unhealthy("share soft delete is off", evidence);
    const Json* days = sdk::findMember(*policy, "days");
    if (days != nullptr && days->is_number() && days->get<int>() < minDays) {
      return Verdict::unhealthy("share soft delete keeps " + std::to_string(days->get<int>()) +
                                    " day(s), fewer than " + std::to_string(minDays),
                                evidence);
    }
    return Verdict::healthy("share soft delete is on", evidence);
  };
  return a;
}

sdk::AssessmentDef smbSecureSettings() {
  auto a = makeAssessment("storage.smb-secure-settings",
                          "Azure Files should allow only SMB 3.1.1 with AES-256-GCM channel "
                          "encryption",
                          Severity::Medium, "Encrypt data in transit", "");
  a.description =
      "SMB 2.1 carries no encryption and SMB 3.0 only AES-128-CCM; AES-128 channel ciphers are "
      "weaker than AES-256-GCM. An account that sets no SMB protocol settings accepts all of "
      "them (CIS Azure 10.1.2 and 10.1.3, the 'maximum security' profile).";
  a.remediation =
      "File shares blade, Security: choose the Maximum security profile, or: az storage account "
      "file-service-properties update --account-name <name> --versions SMB3.1.1 "
      "--channel-encryption AES-256-GCM";
  a.quickFix =
      "az resource update --ids {id}/fileServices/default --set "
      "properties.protocolSettings.smb.versions=SMB3.1.1 "
      "properties.protocolSettings.smb.channelEncryption=AES-256-GCM";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::optional<Resource> service = fileService(r);
    if (!service) {
      if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("fileServices");
      return Verdict::notApplicable(kNoFileService);
    }
    // Absent settings mean Azure's defaults, which allow every version and cipher.
    std::string versions = sdk::asText(service->find("properties.protocolSettings.smb.versions"))
                               .value_or("SMB2.1;SMB3.0;SMB3.1.1");
    std::string ciphers =
        sdk::asText(service->find("properties.protocolSettings.smb.channelEncryption"))
            .value_or("AES-128-CCM;AES-128-GCM;AES-256-GCM");
    std::vector<std::string> problems;
    for (const auto& v : splitList(versions)) {
      if (!sdk::iequals(v, "SMB3.1.1")) problems.push_back(v + " is allowed");
    }
    for (const auto& c : splitList(ciphers)) {
      if (!sdk::iequals(c, "AES-256-GCM")) problems.push_back(c + " channel encryption");
    }
    Json evidence = {{"versions", versions}, {"channelEncryption", ciphers}};
    if (problems.empty())
      return Verdict::healthy("only SMB 3.1.1 with AES-256-GCM is allowed", evidence);
    std::string reason;
    for (const auto& p : problems)
      reason += (reason.empty() ? "" : "; ") + p;
    return Verdict::unhealthy(reason, evidence);
  };
  return a;
}

sdk::AssessmentDef lifecycleManagement() {
  auto a = makeAssessment("storage.lifecycle-management",
                          "Storage accounts holding blobs should have a lifecycle management "
                          "policy",
                          Severity::Low, "Implement security best practices", "");
  a.description =
      "Without a lifecycle management policy, blobs, old versions and snapshots are kept "
      "forever: data that should have expired stays exposed to a leak. Applies to accounts "
      "that hold blobs (StorageV2, BlobStorage, BlockBlobStorage).";
  a.remediation =
      "Data management, Lifecycle management: add a rule that deletes or tiers blobs, versions "
      "and snapshots after the period your retention policy sets (az storage account "
      "management-policy create --account-name <name> --policy @policy.json).";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::string kind = sdk::asText(r.find("kind")).value_or("");
    if (sdk::iequals(kind, "FileStorage") || sdk::iequals(kind, "Storage"))
      return Verdict::notApplicable("a " + kind + " account: lifecycle management is for blobs");
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("managementPolicies");
    Json enabled = Json::array();
    for (const Resource& p : r.children("managementPolicies")) {
      const Json* rules = p.find("properties.policy.rules");
      if (rules == nullptr || !rules->is_array()) continue;
      for (const Json& rule : *rules) {
        if (sdk::asBool(sdk::findMember(rule, "enabled")).value_or(true))
          enabled.push_back(rule.value("name", ""));
      }
    }
    Json evidence = {{"enabledRules", enabled}};
    if (enabled.empty())
      return Verdict::unhealthy(
          "no enabled lifecycle management rule (no managementPolicies/default with rules in "
          "the inventory)",
          evidence);
    return Verdict::healthy(std::to_string(enabled.size()) + " lifecycle rule(s) enabled",
                            evidence);
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> fileAndLifecycleAssessments() {
  return {fileShareSoftDelete(), smbSecureSettings(), lifecycleManagement()};
}

}  // namespace bulwark::storage::posture
