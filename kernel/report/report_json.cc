#include "report/report.h"

namespace bulwark {

using nlohmann::json;

json jsonReport(const ScanRecord& scan) {
  ScanCounts c = countResults(scan);
  json out;
  out["scan"] = {{"id", scan.id},
                 {"startedAt", scan.startedAt},
                 {"finishedAt", scan.finishedAt},
                 {"status", scan.status},
                 {"scopes", scan.scopes},
                 {"configFile", scan.configFile},
                 {"kernelVersion", scan.kernelVersion}};
  out["summary"] = {{"resources", scan.resources.size()},
                    {"results", c.total()},
                    {"healthy", c.healthy},
                    {"unhealthy", c.unhealthy},
                    {"notApplicable", c.notApplicable},
                    {"error", c.error}};
  out["assessments"] = json::array();
  for (const auto& a : scan.assessments) {
    json compliance = json::array();
    for (const auto& c : a.compliance)
      compliance.push_back({{"standard", c.standard}, {"control", c.control}});
    out["assessments"].push_back({{"id", a.id},
                                  {"plugin", a.pluginId},
                                  {"title", a.title},
                                  {"resourceType", a.resourceType},
                                  {"severity", severityName(a.severity)},
                                  {"control", a.control},
                                  {"description", a.description},
                                  {"remediation", a.remediation},
                                  {"policyDefinitionId", a.policyDefinitionId},
                                  {"quickFix", a.quickFix},
                                  {"compliance", compliance}});
  }
  out["resources"] = json::array();
  for (const auto& r : scan.resources) {
    out["resources"].push_back({{"id", r.id},
                                {"type", r.type},
                                {"name", r.name},
                                {"location", r.location},
                                {"subscriptionId", r.subscription},
                                {"resourceGroup", r.resourceGroup},
                                {"plugin", r.pluginId}});
  }
  out["results"] = json::array();
  for (const auto& r : scan.results) {
    const AssessmentInfo* a = scan.assessment(r.assessmentId);
    out["results"].push_back({{"resourceId", r.resourceId},
                              {"assessmentId", r.assessmentId},
                              {"plugin", r.pluginId},
                              {"state", stateName(r.state)},
                              {"severity", a != nullptr ? severityName(a->severity) : ""},
                              {"reason", r.reason},
                              {"evidence", r.evidence}});
  }
  out["pluginRuns"] = json::array();
  for (const auto& p : scan.pluginRuns) {
    out["pluginRuns"].push_back({{"plugin", p.pluginId},
                                 {"version", p.version},
                                 {"abi", p.abi},
                                 {"phase", p.phase},
                                 {"target", p.target},
                                 {"status", p.status},
                                 {"message", p.message},
                                 {"durationMs", p.durationMs}});
  }
  out["problems"] = json::array();
  for (const auto& p : scan.problems) {
    out["problems"].push_back({{"kind", p.kind}, {"location", p.location}, {"message", p.message}});
  }
  return out;
}

}  // namespace bulwark
