#include "posture/posture_support.h"

#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "live/account_reader.h"
#include "storage_assessments.h"

namespace bulwark::storage::posture {

using sdk::Json;

bool managementPlaneUnknown(const sdk::Resource& account) {
  const Json* marker = sdk::findMember(account.json(), live::kDataPlaneMember);
  if (marker == nullptr || !marker->is_object()) return false;
  const Json* arm = sdk::findMember(*marker, "armDocument");
  return arm != nullptr && arm->is_boolean() && !arm->get<bool>();
}

sdk::Verdict notVisibleOnDataPlane(const std::string& property) {
  return sdk::Verdict::notApplicable(
      property +
      " is a management-plane setting the Blob service API does not show; add the account's "
      "ARM document to the inventory to assess it");
}

std::optional<sdk::Resource> blobService(const sdk::Resource& account) {
  for (const sdk::Resource& s : account.children("blobServices"))
    return s;
  return std::nullopt;
}

int64_t nowSeconds() {
  return Poco::Timestamp().epochTime();
}

sdk::AssessmentDef makeAssessment(std::string id, std::string title, sdk::Severity severity,
                                  std::string control, std::string policyDefinitionId) {
  sdk::AssessmentDef a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.resourceType = kStorageAccountType;
  a.severity = severity;
  a.control = std::move(control);
  a.policyDefinitionId = std::move(policyDefinitionId);
  return a;
}

}  // namespace bulwark::storage::posture
