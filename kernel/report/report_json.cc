#include "report/report.h"
#include "score/secure_score.h"

namespace bulwark {

using nlohmann::json;

json secureScoreJson(const SecureScore& s) {
  json controls = json::array();
  for (const auto& c : s.controls) {
    controls.push_back({{"name", c.name},
                        {"maxPoints", c.maxPoints},
                        {"current", roundTo4(c.current)},
                        {"potentialIncrease", roundTo4(c.potentialIncrease)},
                        {"healthyResources", c.healthyResources},
                        {"unhealthyResources", c.unhealthyResources},
                        {"notApplicableResources", c.notApplicableResources},
                        {"assessments", c.assessments}});
  }
  return {{"scope", s.scope},
          {"current", roundTo4(s.current)},
          {"max", s.max},
          {"percentage", s.percentage},
          {"controls", controls}};
}

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
  out["schemaVersion"] = kJsonReportSchemaVersion;
  out["secureScore"] = secureScoreJson(computeSecureScore(scan, {}));
  out["secureScoreBySubscription"] = json::object();
  for (const auto& r : scan.resources) {
    if (out["secureScoreBySubscription"].contains(r.subscription)) continue;
    if (auto scope = ResourceId::parse("/subscriptions/" + r.subscription)) {
      out["secureScoreBySubscription"][r.subscription] =
          secureScoreJson(computeSecureScore(scan, {*scope}, scope->text()));
    }
  }
  out["summary"] = {{"resources", scan.resources.size()},
                    {"results", c.total()},
                    {"healthy", c.healthy},
                    {"unhealthy", c.unhealthy},
                    {"notApplicable", c.notApplicable},
                    {"error", c.error},
                    {"exempt", c.exempt}};
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
