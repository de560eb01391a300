#include "posture/posture_support.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "live/account_reader.h"
#include "storage_assessments.h"

namespace bulwark::storage::posture {

using sdk::Json;

std::optional<bool> asBool(const Json* v) {
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    std::string s = v->get<std::string>();
    if (equalsIgnoreCase(s, "true")) return true;
    if (equalsIgnoreCase(s, "false")) return false;
    if (s.empty()) return std::nullopt;
  }
  throw std::runtime_error("expected a boolean, got " + v->dump());
}

std::optional<std::string> asText(const Json* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

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

std::optional<int64_t> parseIsoTime(const std::string& text) {
  Poco::DateTime t;
  int tz = 0;
  if (text.empty() || !Poco::DateTimeParser::tryParse(text, t, tz)) return std::nullopt;
  t.makeUTC(tz);
  return t.timestamp().epochTime();
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
