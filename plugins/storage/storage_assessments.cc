#include "storage_assessments.h"

#include <optional>
#include <string>

#include "posture/posture_support.h"

namespace bulwark::storage {
namespace {

using sdk::asBool;
using sdk::Json;
using sdk::Resource;
using sdk::Verdict;

}  // namespace

sdk::AssessmentDef publicBlobAccessAssessment() {
  sdk::AssessmentDef a;
  a.id = "storage.public-blob-access";
  a.title = "Storage account public access should be disallowed";
  a.resourceType = kStorageAccountType;
  a.severity = sdk::Severity::Medium;
  a.control = "Restrict unauthorized network access";
  a.description =
      "Anonymous public read access to containers and blobs is a convenient way to share data "
      "but risks data breaches. Disallow it at the account level unless the scenario needs it.";
  a.remediation =
      "Set 'Allow Blob anonymous access' to Disabled on the storage account, or: az storage "
      "account update --ids <resource id> --allow-blob-public-access false";
  a.policyDefinitionId = "4fa4b6c0-31ca-4c0d-b10d-24b96f62a751";
  a.quickFix = "az storage account update --ids {id} --allow-blob-public-access false";
  a.check = [](const Resource& r, const sdk::Context&) {
    if (posture::managementPlaneUnknown(r)) {
      return posture::notVisibleOnDataPlane("allowBlobPublicAccess");
    }
    // The built-in policy only accepts an explicit false: older accounts without the property
    // allow public access.
    std::optional<bool> allow = sdk::asBool(r.find("properties.allowBlobPublicAccess"));
    if (allow == std::optional<bool>(false)) {
      return Verdict::healthy("allowBlobPublicAccess is false", {{"allowBlobPublicAccess", false}});
    }
    Json evidence = {{"allowBlobPublicAccess", allow.has_value() ? Json(*allow) : Json()}};
    std::vector<std::string> publicContainers;
    for (const Resource& blobService : r.children("blobServices")) {
      for (const Resource& container : blobService.children("containers")) {
        const Json* access = container.find("properties.publicAccess");
        if (access != nullptr && access->is_string() && *access != "None") {
          publicContainers.push_back(container.name());
        }
      }
    }
    if (!publicContainers.empty()) evidence["publicContainers"] = publicContainers;
    return Verdict::unhealthy(allow.has_value() ? "allowBlobPublicAccess is true"
                                                : "allowBlobPublicAccess is not set to false",
                              evidence);
  };
  return a;
}

}  // namespace bulwark::storage
