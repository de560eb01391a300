#include <algorithm>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "report/finding_text.h"
#include "report/formats.h"
#include "report/scan_diff.h"

namespace bulwark {
namespace {

using nlohmann::json;

constexpr int kClassUid = 2003;  // Compliance Finding
constexpr int kCategoryUid = 2;  // Findings
constexpr int kActivityCreate = 1;

// OCSF timestamp_t: milliseconds since the epoch; 0 when the text is not ISO 8601 UTC.
int64_t epochMillis(const std::string& iso) {
  std::tm tm{};
  std::istringstream in(iso);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  if (in.fail()) return 0;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

// severity_id: 1 Informational, 2 Low, 3 Medium, 4 High.
int severityId(Severity s) {
  switch (s) {
    case Severity::Informational:
      return 1;
    case Severity::Low:
      return 2;
    case Severity::Medium:
      return 3;
    case Severity::High:
      return 4;
  }
  return 0;
}

struct StatusPair {
  int id;
  const char* name;
};

// The finding's status_id: 1 New, 3 Suppressed, 4 Resolved, 99 Other.
StatusPair findingStatus(AssessmentState s) {
  switch (s) {
    case AssessmentState::Unhealthy:
    case AssessmentState::Error:
      return {1, "New"};
    case AssessmentState::Exempt:
      return {3, "Suppressed"};
    case AssessmentState::Healthy:
      return {4, "Resolved"};
    case AssessmentState::NotApplicable:
      return {99, "Not Applicable"};
  }
  return {0, "Unknown"};
}

// compliance.status_id: 0 Unknown, 1 Pass, 3 Fail, 99 Other.
StatusPair complianceStatus(AssessmentState s) {
  switch (s) {
    case AssessmentState::Healthy:
      return {1, "Pass"};
    case AssessmentState::Unhealthy:
      return {3, "Fail"};
    case AssessmentState::Error:
      return {0, "Unknown"};
    case AssessmentState::Exempt:
      return {99, "Exempt"};
    case AssessmentState::NotApplicable:
      return {99, "Not Applicable"};
  }
  return {0, "Unknown"};
}

json complianceFor(const AssessmentInfo* a, const ResultRecord& r) {
  StatusPair status = complianceStatus(r.state);
  json standards = json::array();
  json requirements = json::array();
  if (a != nullptr) {
    for (const auto& c : a->compliance) {
      if (std::find(standards.begin(), standards.end(), c.standard) == standards.end()) {
        standards.push_back(c.standard);
      }
      requirements.push_back(c.standard + " " + c.control);
    }
  }
  // Every assessment belongs to a Secure Score control even when no regulatory standard maps it.
  if (standards.empty()) standards.push_back("Bulwark security controls");
  json compliance = {{"standards", standards},
                     {"control", a != nullptr ? a->control : ""},
                     {"status_id", status.id},
                     {"status", status.name}};
  if (!requirements.empty()) compliance["requirements"] = requirements;
  if (!r.reason.empty()) compliance["status_detail"] = r.reason;
  return compliance;
}

json resourceFor(const ResourceRecord* res, const std::string& resourceId) {
  json resource = {{"uid", resourceId}};
  if (res == nullptr) return resource;
  resource["name"] = res->name;
  resource["type"] = res->type;
  if (!res->location.empty()) resource["region"] = res->location;
  if (!res->resourceGroup.empty()) resource["group"] = {{"name", res->resourceGroup}};
  return resource;
}

}  // namespace

json ocsfFindings(const ScanRecord& scan) {
  const int64_t time = epochMillis(scan.finishedAt.empty() ? scan.startedAt : scan.finishedAt);
  json product = {{"name", "Bulwark"}, {"vendor_name", "Bulwark"}};
  if (!scan.kernelVersion.empty()) product["version"] = scan.kernelVersion;
  json findings = json::array();
  for (const auto& r : scan.results) {
    const AssessmentInfo* a = scan.assessment(r.assessmentId);
    const ResourceRecord* res = findResource(scan, r.resourceId);
    Severity severity = a != nullptr ? a->severity : Severity::Medium;
    StatusPair status = findingStatus(r.state);
    json info = {{"uid", findingId(r.assessmentId, r.resourceId)},
                 {"title", a != nullptr ? a->title : r.assessmentId},
                 {"product_uid", r.pluginId}};
    if (a != nullptr && !a->description.empty()) info["desc"] = a->description;
    if (a != nullptr && !a->control.empty()) info["types"] = json::array({a->control});
    json finding = {
        {"activity_id", kActivityCreate},
        {"activity_name", "Create"},
        {"category_uid", kCategoryUid},
        {"category_name", "Findings"},
        {"class_uid", kClassUid},
        {"class_name", "Compliance Finding"},
        {"type_uid", kClassUid * 100 + kActivityCreate},
        {"type_name", "Compliance Finding: Create"},
        {"time", time},
        {"severity_id", severityId(severity)},
        {"severity", severityName(severity)},
        {"status_id", status.id},
        {"status", status.name},
        {"message", r.reason},
        {"metadata",
         {{"version", kOcsfSchemaVersion},
          {"product", product},
          {"profiles", json::array({"cloud"})},
          {"uid", std::to_string(scan.id) + ":" + findingId(r.assessmentId, r.resourceId)}}},
        {"finding_info", info},
        {"compliance", complianceFor(a, r)},
        {"resources", json::array({resourceFor(res, r.resourceId)})},
        {"cloud", {{"provider", "Azure"}}},
        {"unmapped",
         {{"bulwark_scan_id", scan.id},
          {"bulwark_state", stateName(r.state)},
          {"assessment_id", r.assessmentId},
          {"evidence", r.evidence}}}};
    if (res != nullptr && !res->subscription.empty()) {
      finding["cloud"]["account"] = {{"uid", res->subscription}, {"type", "Azure AD Account"}};
    }
    if (res != nullptr && !res->location.empty()) finding["cloud"]["region"] = res->location;
    if (a != nullptr && !a->remediation.empty()) {
      finding["remediation"] = {{"desc", a->remediation}};
      std::string fix = quickFixCommand(*a, r.resourceId);
      if (!fix.empty()) finding["remediation"]["desc"] = a->remediation + " Quick fix: " + fix;
    }
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace bulwark
