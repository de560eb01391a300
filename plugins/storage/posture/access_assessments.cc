#include <cmath>
#include <cstdio>

#include "posture/posture_assessments.h"
#include "posture/posture_support.h"
#include "storage_settings.h"

namespace bulwark::storage::posture {
namespace {

using sdk::Json;
using sdk::Resource;
using sdk::Severity;
using sdk::Verdict;

constexpr int64_t kSecondsPerDay = 86400;

// A .NET TimeSpan as ARM writes sasExpirationPeriod: "d.hh:mm:ss" or "hh:mm:ss".
std::optional<double> timeSpanHours(const std::string& text) {
  int d = 0, h = 0, m = 0, s = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d.%d:%d:%d%c", &d, &h, &m, &s, &tail) == 4 ||
      (d = 0, std::sscanf(text.c_str(), "%d:%d:%d%c", &h, &m, &s, &tail) == 3)) {
    return d * 24.0 + h + m / 60.0 + s / 3600.0;
  }
  return std::nullopt;
}

sdk::AssessmentDef sharedKeyAccess() {
  auto a = makeAssessment("storage.shared-key-access",
                          "Storage accounts should prevent shared key access", Severity::Medium,
                          "Manage access and permissions", "8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54");
  a.description =
      "Shared Key authorisation gives whoever holds an account key full control of the account "
      "and its data. Microsoft Entra ID authorisation is scoped, audited and revocable; "
      "disallow Shared Key so every request must use it.";
  a.remediation =
      "Set 'Allow storage account key access' to Disabled (Configuration blade) after moving "
      "clients to Entra ID, or: az storage account update --ids <resource id> "
      "--allow-shared-key-access false";
  a.quickFix = "az storage account update --ids {id} --allow-shared-key-access false";
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("allowSharedKeyAccess");
    // Absent means the service default, which allows Shared Key.
    std::optional<bool> allow = sdk::asBool(r.find("properties.allowSharedKeyAccess"));
    Json evidence = {{"allowSharedKeyAccess", allow ? Json(*allow) : Json()}};
    if (allow == std::optional<bool>(false))
      return Verdict::healthy("allowSharedKeyAccess is false", evidence);
    return Verdict::unhealthy(allow ? "allowSharedKeyAccess is true"
                                    : "allowSharedKeyAccess is not set (Shared Key is allowed)",
                              evidence);
  };
  return a;
}

sdk::AssessmentDef sasPolicy() {
  auto a = makeAssessment("storage.sas-expiration-policy",
                          "Storage accounts should have shared access signature (SAS) policies "
                          "configured",
                          Severity::Medium, "Manage access and permissions",
                          "bc1b984e-ddae-40cc-801a-050a030e4fbe");
  a.description =
      "A SAS expiration policy gives every account SAS an upper validity interval and logs or "
      "blocks tokens that exceed it, limiting how long a leaked token stays usable.";
  a.remediation =
      "Configure a SAS expiration policy (Configuration blade), e.g. one hour with action "
      "Block, or: az storage account update --ids <resource id> --sas-expiration-period "
      "0.01:00:00";
  a.quickFix = "az storage account update --ids {id} --sas-expiration-period 0.01:00:00";
  a.check = [](const Resource& r, const sdk::Context& ctx) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("sasPolicy");
    const Json* policy = r.find("properties.sasPolicy");
    if (policy == nullptr || policy->is_null())
      return Verdict::unhealthy("no SAS expiration policy (sasPolicy is not set)");
    std::string period =
        sdk::asText(r.find("properties.sasPolicy.sasExpirationPeriod")).value_or("");
    std::string action =
        sdk::asText(r.find("properties.sasPolicy.expirationAction")).value_or("Log");
    Json evidence = {{"sasExpirationPeriod", period}, {"expirationAction", action}};
    std::optional<double> cap = maxSasExpirationHours(ctx.settings);
    if (cap) {
      std::optional<double> hours = timeSpanHours(period);
      if (!hours)
        throw std::runtime_error("sasExpirationPeriod '" + period + "' is not d.hh:mm:ss");
      evidence["maxHours"] = *cap;
      if (*hours > *cap + 1e-9) {
        return Verdict::unhealthy("the SAS expiration period " + period + " exceeds " +
                                      std::to_string(static_cast<int>(std::lround(*cap))) +
                                      " hour(s)",
                                  evidence);
      }
    }
    return Verdict::healthy("SAS expiration period " + period + ", action " + action, evidence);
  };
  return a;
}

sdk::AssessmentDef keyExpirationPolicy() {
  auto a = makeAssessment("storage.key-expiration-policy",
                          "Storage accounts should have key rotation reminders (a key expiration "
                          "policy) enabled",
                          Severity::Medium, "Manage access and permissions", "");
  a.description =
      "A key expiration policy sets how often the account keys should be rotated; Azure then "
      "flags keys past it and Azure Policy can audit them. Without it nothing reminds anyone "
      "that keys issued years ago still work.";
  a.remediation =
      "Enable key rotation reminders (Access keys blade, 'Set rotation reminder'), or: az "
      "storage account update --ids <resource id> --key-exp-days 90";
  a.quickFix = "az storage account update --ids {id} --key-exp-days 90";
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("keyPolicy");
    const Json* days = r.find("properties.keyPolicy.keyExpirationPeriodInDays");
    if (days == nullptr || !days->is_number() || days->get<double>() <= 0)
      return Verdict::unhealthy("no key expiration policy (keyPolicy is not set)");
    int n = days->get<int>();
    return Verdict::healthy("keys should be rotated every " + std::to_string(n) + " day(s)",
                            {{"keyExpirationPeriodInDays", n}});
  };
  return a;
}

sdk::AssessmentDef keyAge() {
  auto a = makeAssessment("storage.key-age", "Storage account keys should not be expired",
                          Severity::Medium, "Manage access and permissions",
                          "044985bb-afe1-42cd-8a36-9d5d42424537");
  a.description =
      "Account keys grant full access and do not expire on their own. Keys older than the "
      "account's key expiration policy, or than the max_key_age_days setting (90 days by "
      "default), should be regenerated. Keys never regenerated since key creation times were "
      "recorded count from the account's creation.";
  a.remediation =
      "Regenerate each key after moving its clients to the other one (Access keys blade, "
      "'Rotate key'), or: az storage account keys renew --ids <resource id> --key primary";
  a.quickFix =
      "az storage account keys renew --ids {id} --key primary && az storage account "
      "keys renew --ids {id} --key secondary";
  a.check = [](const Resource& r, const sdk::Context& ctx) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("keyCreationTime");
    int64_t limitDays = maxKeyAgeDays(ctx.settings);
    std::string limitSource = "max_key_age_days";
    const Json* policyDays = r.find("properties.keyPolicy.keyExpirationPeriodInDays");
    if (policyDays != nullptr && policyDays->is_number() && policyDays->get<int64_t>() > 0 &&
        policyDays->get<int64_t>() < limitDays) {
      limitDays = policyDays->get<int64_t>();
      limitSource = "keyPolicy.keyExpirationPeriodInDays";
    }
    std::optional<std::string> accountCreated = sdk::asText(r.find("properties.creationTime"));
    Json evidence = {{"maxAgeDays", limitDays}, {"limitFrom", limitSource}};
    std::vector<std::string> old;
    size_t known = 0;
    for (const char* key : {"key1", "key2"}) {
      std::optional<std::string> created =
          sdk::asText(r.find(std::string("properties.keyCreationTime.") + key));
      bool fromAccount = !created.has_value();
      if (fromAccount) created = accountCreated;
      std::optional<int64_t> t = created ? sdk::parseIsoTime(*created) : std::nullopt;
      if (!t) continue;
      ++known;
      int64_t ageDays = (nowSeconds() - *t) / kSecondsPerDay;
      evidence[key] = {{"created", *created}, {"ageDays", ageDays}};
      if (fromAccount) evidence[key]["createdFrom"] = "creationTime";
      if (ageDays > limitDays)
        old.push_back(std::string(key) + " is " + std::to_string(ageDays) + " days old");
    }
    if (known == 0)
      return Verdict::notApplicable("neither keyCreationTime nor creationTime is recorded");
    if (!old.empty()) {
      std::string reason;
      for (const auto& o : old)
        reason += (reason.empty() ? "" : ", ") + o;
      return Verdict::unhealthy(
          reason + " (limit " + std::to_string(limitDays) + " days from " + limitSource + ")",
          evidence);
    }
    return Verdict::healthy("both keys are younger than " + std::to_string(limitDays) + " days",
                            evidence);
  };
  return a;
}

sdk::AssessmentDef crossTenantReplication() {
  auto a = makeAssessment("storage.cross-tenant-replication",
                          "Storage accounts should prevent cross tenant object replication",
                          Severity::Medium, "Restrict unauthorized network access",
                          "92a89a79-6c52-4a7e-a03f-61306fc49312");
  a.description =
      "Object replication across Microsoft Entra tenants lets a policy copy blobs to an account "
      "in another organisation's tenant. Disallow it unless the scenario needs it.";
  a.remediation =
      "Set 'Allow cross-tenant replication' to Disabled (Object replication blade), or: az "
      "storage account update --ids <resource id> --allow-cross-tenant-replication false";
  a.quickFix = "az storage account update --ids {id} --allow-cross-tenant-replication false";
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("allowCrossTenantReplication");
    // The built-in policy accepts only an explicit false.
    std::optional<bool> allow = sdk::asBool(r.find("properties.allowCrossTenantReplication"));
    Json evidence = {{"allowCrossTenantReplication", allow ? Json(*allow) : Json()}};
    if (allow == std::optional<bool>(false))
      return Verdict::healthy("allowCrossTenantReplication is false", evidence);
    return Verdict::unhealthy(allow ? "allowCrossTenantReplication is true"
                                    : "allowCrossTenantReplication is not set to false",
                              evidence);
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> accessAssessments() {
  return {sharedKeyAccess(), sasPolicy(), keyExpirationPolicy(), keyAge(),
          crossTenantReplication()};
}

}  // namespace bulwark::storage::posture
