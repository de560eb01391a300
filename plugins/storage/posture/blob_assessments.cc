#include "posture/posture_assessments.h"
#include "posture/posture_support.h"
#include "storage_settings.h"

namespace bulwark::storage::posture {
namespace {

using sdk::Json;
using sdk::Resource;
using sdk::Severity;
using sdk::Verdict;

constexpr const char* kNoBlobService =
    "the account's blob service properties (blobServices/default) are not in the inventory";

// One retention policy against the minimum days: nullopt when unknown, else the problem text
// (empty when fine).
std::optional<std::string> retentionProblem(const Resource& service, const std::string& member,
                                            const std::string& label, int minDays, Json& evidence) {
  const Json* policy = service.find("properties." + member);
  if (policy == nullptr || policy->is_null()) return std::nullopt;
  std::optional<bool> enabled = sdk::asBool(sdk::findMember(*policy, "enabled"));
  const Json* days = sdk::findMember(*policy, "days");
  evidence[member] = *policy;
  if (enabled != std::optional<bool>(true)) return label + " soft delete is off";
  if (days != nullptr && days->is_number() && days->get<int>() < minDays) {
    return label + " soft delete keeps " + std::to_string(days->get<int>()) +
           " day(s), fewer than " + std::to_string(minDays);
  }
  return std::string{};
}

sdk::AssessmentDef softDelete() {
  auto a = makeAssessment("storage.blob-soft-delete",
                          "Storage accounts should have soft delete enabled for blobs and "
                          "containers",
                          Severity::Medium, "Implement security best practices",
                          "9fbd64e3-67b8-489b-98e5-fa0007d17e76");
  a.description =
      "Soft delete keeps deleted or overwritten blobs and deleted containers for a retention "
      "period, so accidental or malicious deletion can be undone. Retention shorter than "
      "min_soft_delete_days (7 by default) is reported.";
  a.remediation =
      "Data protection blade: enable soft delete for blobs and for containers, or: az resource "
      "update --ids <resource id>/blobServices/default --set "
      "properties.deleteRetentionPolicy.enabled=true properties.deleteRetentionPolicy.days=7 "
      "properties.containerDeleteRetentionPolicy.enabled=true "
      "properties.containerDeleteRetentionPolicy.days=7";
  a.quickFix =
      "az resource update --ids {id}/blobServices/default --set "
      "properties.deleteRetentionPolicy.enabled=true properties.deleteRetentionPolicy.days=7 "
      "properties.containerDeleteRetentionPolicy.enabled=true "
      "properties.containerDeleteRetentionPolicy.days=7";
  a.check = [](const Resource& r, const sdk::Context& ctx) {
    std::optional<Resource> service = blobService(r);
    if (!service) return Verdict::notApplicable(kNoBlobService);
    int minDays = minSoftDeleteDays(ctx.settings);
    Json evidence = {{"minDays", minDays}};
    auto blobs = retentionProblem(*service, "deleteRetentionPolicy", "blob", minDays, evidence);
    auto containers = retentionProblem(*service, "containerDeleteRetentionPolicy", "container",
                                       minDays, evidence);
    // Absent from an ARM document means never enabled; the data plane cannot show container
    // soft delete at all, so there it stays unknown.
    bool dataPlaneOnly = managementPlaneUnknown(r);
    if (!blobs)
      blobs = dataPlaneOnly ? std::nullopt : std::optional<std::string>("blob soft delete is off");
    if (!containers && !dataPlaneOnly) containers = "container soft delete is off";
    std::string problems;
    for (const auto& p : {blobs, containers}) {
      if (p && !p->empty()) problems += (problems.empty() ? "" : "; ") + *p;
    }
    if (!problems.empty()) return Verdict::unhealthy(problems, evidence);
    if (!blobs)
      return Verdict::notApplicable("the blob service reports no delete retention policy");
    return Verdict::healthy(containers ? "soft delete is on for blobs and containers"
                                       : "blob soft delete is on (container soft delete is not "
                                         "visible through the Blob service API)",
                            evidence);
  };
  return a;
}

sdk::AssessmentDef versioning() {
  auto a = makeAssessment(
      "storage.blob-versioning", "Storage accounts should have blob versioning enabled",
      Severity::Low, "Implement security best practices", "c36a325b-ae04-4863-ad4f-19c6678f8e08");
  a.description =
      "Blob versioning keeps every previous version of a blob, so data overwritten by mistake "
      "or by ransomware can be restored.";
  a.remediation =
      "Data protection blade: 'Enable versioning for blobs', or: az resource update --ids "
      "<resource id>/blobServices/default --set properties.isVersioningEnabled=true";
  a.quickFix =
      "az resource update --ids {id}/blobServices/default --set "
      "properties.isVersioningEnabled=true";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::optional<Resource> service = blobService(r);
    if (!service) return Verdict::notApplicable(kNoBlobService);
    std::optional<bool> on = sdk::asBool(service->find("properties.isVersioningEnabled"));
    if (!on && managementPlaneUnknown(r))
      return notVisibleOnDataPlane("blobServices isVersioningEnabled");
    Json evidence = {{"isVersioningEnabled", on ? Json(*on) : Json()}};
    if (on == std::optional<bool>(true)) return Verdict::healthy("blob versioning is on", evidence);
    return Verdict::unhealthy(
        on ? "isVersioningEnabled is false" : "isVersioningEnabled is not set (versioning is off)",
        evidence);
  };
  return a;
}

sdk::AssessmentDef publicContainers() {
  auto a = makeAssessment("storage.public-containers",
                          "Storage account containers should not allow anonymous public read "
                          "access",
                          Severity::High, "Restrict unauthorized network access", "");
  a.description =
      "A container whose public access level is Blob or Container serves its blobs (and, for "
      "Container, their list) to anyone on the internet without credentials. The account "
      "setting allowBlobPublicAccess: false overrides every container.";
  a.remediation =
      "Set each listed container's access level to Private (az storage container "
      "set-permission --public-access off), or disallow anonymous access for the whole "
      "account: az storage account update --ids <resource id> --allow-blob-public-access false";
  a.quickFix = "az storage account update --ids {id} --allow-blob-public-access false";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::optional<Resource> service = blobService(r);
    if (!service) return Verdict::notApplicable(kNoBlobService);
    Json publicOnes = Json::array();
    size_t total = 0;
    for (const Resource& c : service->children("containers")) {
      ++total;
      auto access = sdk::asText(c.find("properties.publicAccess"));
      if (access && !sdk::iequals(*access, "None"))
        publicOnes.push_back({{"name", c.name()}, {"publicAccess", *access}});
    }
    Json evidence = {{"containers", total}, {"publicContainers", publicOnes}};
    if (publicOnes.empty())
      return Verdict::healthy("no container allows anonymous access", evidence);
    std::optional<bool> accountAllows = sdk::asBool(r.find("properties.allowBlobPublicAccess"));
    std::string names;
    for (const Json& p : publicOnes) {
      names += (names.empty() ? "" : ", ") + p["name"].get<std::string>() + " (" +
               p["publicAccess"].get<std::string>() + ")";
    }
    if (accountAllows == std::optional<bool>(false)) {
      return Verdict::healthy(
          "containers " + names + " are set public, but the account disallows anonymous access",
          evidence);
    }
    return Verdict::unhealthy("anonymous read access on " + names, evidence);
  };
  return a;
}

sdk::AssessmentDef corsAllOrigins() {
  auto a = makeAssessment("storage.cors-all-origins",
                          "Blob service CORS rules should not allow every origin", Severity::Low,
                          "Implement security best practices", "");
  a.description =
      "A CORS rule with allowed origin '*' lets script on any web site call the Blob service "
      "from a visitor's browser; combined with public containers or leaked SAS tokens that "
      "widens the exposure. Name the origins that need access.";
  a.remediation =
      "Resource sharing (CORS) blade, Blob service: replace '*' with the exact origins, or "
      "remove the rule (az storage cors clear --services b --account-name <name> after "
      "re-adding the rules you keep).";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::optional<Resource> service = blobService(r);
    if (!service) return Verdict::notApplicable(kNoBlobService);
    const Json* rules = service->find("properties.cors.corsRules");
    size_t count = rules != nullptr && rules->is_array() ? rules->size() : 0;
    Json wildcard = Json::array();
    for (size_t i = 0; i < count; ++i) {
      const Json* origins = sdk::findMember((*rules)[i], "allowedOrigins");
      if (origins == nullptr || !origins->is_array()) continue;
      for (const Json& o : *origins) {
        if (o.is_string() && o.get<std::string>() == "*")
          wildcard.push_back(
              {{"rule", i},
               {"allowedMethods", (*rules)[i].value("allowedMethods", Json::array())}});
      }
    }
    Json evidence = {{"corsRules", count}, {"allOriginRules", wildcard}};
    if (wildcard.empty())
      return Verdict::healthy(std::to_string(count) + " CORS rule(s), none for every origin",
                              evidence);
    return Verdict::unhealthy(
        std::to_string(wildcard.size()) + " CORS rule(s) allow every origin ('*')", evidence);
  };
  return a;
}

sdk::AssessmentDef analyticsLogging() {
  auto a = makeAssessment("storage.blob-logging",
                          "Storage logging should be enabled for the Blob service for read, "
                          "write and delete requests",
                          Severity::Low, "Enable auditing and logging", "");
  a.description =
      "Storage Analytics logging records each read, write and delete request with its caller, "
      "which investigations of data exfiltration or tampering need. The setting is visible "
      "only through the Blob service API, so the check applies to live-collected accounts.";
  a.remediation =
      "Diagnostic settings (classic) for the Blob service: log Read, Write and Delete with a "
      "retention, or: az storage logging update --services b --log rwd --retention 90 "
      "--account-name <name>. Azure Monitor diagnostic settings (StorageBlobLogs) are the "
      "newer equivalent.";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::optional<Resource> service = blobService(r);
    const Json* logging = service ? service->find("properties.logging") : nullptr;
    if (logging == nullptr || !logging->is_object()) {
      return Verdict::notApplicable(
          "Storage Analytics logging settings are only read by the live-blob collector");
    }
    std::string missing;
    for (const char* op : {"read", "write", "delete"}) {
      if (sdk::asBool(sdk::findMember(*logging, op)) != std::optional<bool>(true))
        missing += (missing.empty() ? "" : ", ") + std::string(op);
    }
    if (missing.empty())
      return Verdict::healthy("read, write and delete requests are logged", *logging);
    return Verdict::unhealthy("not logged: " + missing, *logging);
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> blobAssessments() {
  return {softDelete(), versioning(), publicContainers(), corsAllOrigins(), analyticsLogging()};
}

}  // namespace bulwark::storage::posture
