#include "siem/ocsf_finding.h"

#include "siem/mitre_ids.h"
#include "util/version.h"

namespace bulwark::siem {
namespace {

using nlohmann::json;

int64_t millis(int64_t ns) {
  return ns / 1000000;
}

// OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High; 0 Unknown.
int severityId(const std::string& s) {
  if (s == "Informational") return 1;
  if (s == "Low") return 2;
  if (s == "Medium") return 3;
  if (s == "High") return 4;
  return 0;
}

// OCSF finding status_id: 1 New, 2 In Progress, 3 Suppressed, 4 Resolved, 99 Other.
std::pair<int, std::string> statusOf(const std::string& s) {
  if (s == "new") return {1, "New"};
  if (s == "active") return {2, "In Progress"};
  if (s == "suppressed") return {3, "Suppressed"};
  if (s == "resolved") return {4, "Resolved"};
  return {99, s.empty() ? "Other" : s};
}

// OCSF observable type_id for an entity field name.
int observableTypeId(const std::string& field) {
  if (field == "host" || field == "src_host" || field == "rhost") return 1;
  if (field == "ip") return 2;
  if (field == "user") return 4;
  if (field == "url") return 6;
  if (field == "path") return 7;
  if (field == "process") return 9;
  if (field == "resource") return 10;
  return 99;
}

json attacks(const detect::Alert& a) {
  json out = json::array();
  if (a.tactic.empty() && a.technique.empty()) return out;
  json attack = {{"version", "14"}};
  if (!a.tactic.empty()) attack["tactic"] = {{"name", a.tactic}, {"uid", mitreTacticId(a.tactic)}};
  if (!a.technique.empty()) attack["technique"] = {{"uid", a.technique}};
  out.push_back(attack);
  return out;
}

}  // namespace

nlohmann::json ocsfDetectionFinding(const detect::Alert& a) {
  constexpr int kActivityCreate = 1;
  auto [statusId, statusName] = statusOf(a.status);
  json observables = json::array();
  for (const auto& [field, value] : a.entities)
    observables.push_back(
        {{"name", field}, {"type_id", observableTypeId(field)}, {"value", value}});
  json evidences = json::array();
  for (const auto& line : a.evidence)
    evidences.push_back({{"data", {{"line", line}}}});
  json finding = {
      {"activity_id", kActivityCreate},
      {"activity_name", "Create"},
      {"category_uid", 2},
      {"category_name", "Findings"},
      {"class_uid", kOcsfDetectionFindingClass},
      {"class_name", "Detection Finding"},
      {"type_uid", kOcsfDetectionFindingClass * 100 + kActivityCreate},
      {"type_name", "Detection Finding: Create"},
      {"time", millis(a.lastNs)},
      {"severity_id", severityId(a.severity)},
      {"severity", a.severity},
      {"status_id", statusId},
      {"status", statusName},
      {"message", a.title},
      {"count", a.eventCount},
      {"metadata",
       {{"version", kOcsfSchemaVersion},
        {"product",
         {{"name", "Bulwark"}, {"vendor_name", "Bulwark"}, {"version", kBulwarkVersion}}}}},
      {"finding_info",
       {{"uid", a.fingerprint},
        {"title", a.title},
        {"desc", a.description},
        {"first_seen_time", millis(a.firstNs)},
        {"last_seen_time", millis(a.lastNs)},
        {"analytic", {{"uid", a.ruleId}, {"name", a.title}, {"type_id", 1}, {"type", "Rule"}}},
        {"attacks", attacks(a)}}},
      {"observables", observables},
      {"evidences", evidences}};
  if (!a.remediation.empty()) finding["remediation"] = {{"desc", a.remediation}};
  if (!a.resourceId.empty()) finding["resources"] = json::array({{{"uid", a.resourceId}}});
  if (a.id != 0) finding["unmapped"] = {{"bulwark_alert_id", a.id}};
  return finding;
}

}  // namespace bulwark::siem
