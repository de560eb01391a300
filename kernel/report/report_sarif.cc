#include <map>

#include "report/finding_text.h"
#include "report/formats.h"
#include "report/scan_diff.h"

namespace bulwark {
namespace {

using nlohmann::json;

// SARIF levels: error, warning, note.
const char* sarifLevel(Severity s) {
  switch (s) {
    case Severity::High:
      return "error";
    case Severity::Medium:
      return "warning";
    case Severity::Low:
    case Severity::Informational:
      return "note";
  }
  return "warning";
}

// GitHub code scanning reads properties.security-severity as a CVSS-like score in a string:
// >= 7.0 high, >= 4.0 medium, > 0 low.
const char* securitySeverity(Severity s) {
  switch (s) {
    case Severity::High:
      return "8.0";
    case Severity::Medium:
      return "5.5";
    case Severity::Low:
      return "3.0";
    case Severity::Informational:
      return "0.0";
  }
  return "5.5";
}

json ruleFor(const AssessmentInfo& a) {
  std::string help = a.remediation.empty() ? a.description : a.remediation;
  std::string markdown = help;
  if (!a.quickFix.empty()) {
    help += "\nQuick fix: " + quickFixCommand(a, "<resource id>");
    markdown += "\n\nQuick fix:\n\n```sh\n" + quickFixCommand(a, "<resource id>") + "\n```";
  }
  json compliance = json::array();
  for (const auto& c : a.compliance)
    compliance.push_back({{"standard", c.standard}, {"control", c.control}});
  json tags = json::array({"security"});
  if (!a.control.empty()) tags.push_back(a.control);
  json rule = {{"id", a.id},
               {"name", a.title},
               {"shortDescription", {{"text", a.title}}},
               {"defaultConfiguration", {{"level", sarifLevel(a.severity)}}},
               {"properties",
                {{"severity", severityName(a.severity)},
                 {"control", a.control},
                 {"security-severity", securitySeverity(a.severity)},
                 {"resourceType", a.resourceType},
                 {"plugin", a.pluginId},
                 {"tags", tags},
                 {"compliance", compliance}}}};
  if (!a.description.empty()) rule["fullDescription"] = {{"text", a.description}};
  if (!help.empty()) rule["help"] = {{"text", help}, {"markdown", markdown}};
  if (!a.policyDefinitionId.empty()) {
    rule["properties"]["policyDefinitionId"] = a.policyDefinitionId;
  }
  return rule;
}

json logicalLocation(const ScanRecord& scan, const std::string& resourceId) {
  json loc = {{"fullyQualifiedName", resourceId}, {"kind", "resource"}};
  if (const ResourceRecord* r = findResource(scan, resourceId); r != nullptr && !r->name.empty()) {
    loc["name"] = r->name;
  }
  return json::array({{{"logicalLocations", json::array({loc})}}});
}

std::string messageText(const ResultRecord& r) {
  std::string text = r.reason.empty() ? std::string(stateName(r.state)) : r.reason;
  std::string evidence = evidenceText(r.evidence);
  if (!evidence.empty()) text += " Evidence: " + evidence;
  return text;
}

}  // namespace

json sarifReport(const ScanRecord& scan) {
  json rules = json::array();
  std::map<std::string, size_t> ruleIndex;
  for (const auto& a : scan.assessments) {
    ruleIndex[a.id] = rules.size();
    rules.push_back(ruleFor(a));
  }

  json results = json::array();
  json notifications = json::array();
  for (const auto& r : scan.results) {
    auto index = ruleIndex.find(r.assessmentId);
    if (index == ruleIndex.end()) continue;
    const AssessmentInfo& a = scan.assessments[index->second];
    if (r.state == AssessmentState::Error) {
      notifications.push_back({{"level", "error"},
                               {"message", {{"text", r.resourceId + ": " + messageText(r)}}},
                               {"locations", logicalLocation(scan, r.resourceId)},
                               {"associatedRule", {{"id", a.id}, {"index", index->second}}}});
      continue;
    }
    if (r.state != AssessmentState::Unhealthy && r.state != AssessmentState::Exempt) continue;
    json result = {
        {"ruleId", a.id},
        {"ruleIndex", index->second},
        {"kind", "fail"},
        {"level", sarifLevel(a.severity)},
        {"message", {{"text", messageText(r)}}},
        {"locations", logicalLocation(scan, r.resourceId)},
        {"partialFingerprints", {{"bulwarkFindingId/v1", findingId(r.assessmentId, r.resourceId)}}},
        {"properties", {{"state", stateName(r.state)}, {"evidence", r.evidence}}}};
    if (r.state == AssessmentState::Exempt) {
      result["suppressions"] = json::array(
          {{{"kind", "external"}, {"status", "accepted"}, {"justification", r.reason}}});
    }
    std::string fix = quickFixCommand(a, r.resourceId);
    if (!fix.empty() && r.state == AssessmentState::Unhealthy) {
      result["properties"]["quickFix"] = fix;
    }
    results.push_back(std::move(result));
  }

  json driver = {{"name", "Bulwark"},
                 {"fullName", "Bulwark cloud security posture scanner"},
                 {"rules", rules}};
  if (!scan.kernelVersion.empty()) driver["version"] = scan.kernelVersion;
  json invocation = {{"executionSuccessful", !scan.hasErrors()}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = notifications;
  json run = {{"tool", {{"driver", driver}}},
              {"automationDetails", {{"id", "bulwark/scan/" + std::to_string(scan.id)}}},
              {"invocations", json::array({invocation})},
              {"results", results},
              {"properties",
               {{"scanId", scan.id},
                {"startedAt", scan.startedAt},
                {"finishedAt", scan.finishedAt},
                {"scopes", scan.scopes}}}};
  return {{"$schema",
           "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({run})}};
}

}  // namespace bulwark
