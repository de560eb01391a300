#include "firewall_assessments.h"

#include <string>

#include "sql_types.h"

namespace bulwark::sql {
namespace {

using sdk::Json;

struct OpenRule {
  std::string name;
  bool wholeInternet = false;  // 0.0.0.0 - 255.255.255.255, else Azure services (0.0.0.0)
};

std::vector<OpenRule> openRules(const sdk::Resource& server) {
  std::vector<OpenRule> out;
  for (const sdk::Resource& rule : server.children("firewallRules")) {
    std::string start = sdk::textAt(rule.json(), "properties.startIpAddress");
    std::string end = sdk::textAt(rule.json(), "properties.endIpAddress");
    if (start != "0.0.0.0") continue;
    if (end == "255.255.255.255" || end == "0.0.0.0")
      out.push_back({sdk::textAt(rule.json(), "name"), end == "255.255.255.255"});
  }
  return out;
}

}  // namespace

sdk::Verdict judgeFirewall(const sdk::Resource& server) {
  std::vector<OpenRule> open = openRules(server);
  if (open.empty()) {
    size_t rules = server.children("firewallRules").size();
    return sdk::Verdict::healthy(std::to_string(rules) +
                                 " firewall rule(s), none open to every address");
  }
  Json evidence = {{"rules", Json::array()}};
  bool internet = false;
  for (const auto& r : open) {
    evidence["rules"].push_back(
        {{"name", r.name}, {"opens", r.wholeInternet ? "every address" : "every Azure service"}});
    internet = internet || r.wholeInternet;
  }
  return sdk::Verdict::unhealthy(
      internet ? "firewall rule '" + open.front().name +
                     "' admits every internet address (0.0.0.0 - 255.255.255.255)"
               : "firewall rule '" + open.front().name +
                     "' admits every Azure service of every tenant (0.0.0.0)",
      evidence);
}

std::vector<sdk::AssessmentDef> firewallAssessments() {
  struct Target {
    const char* id;
    const char* type;
    const char* what;
    const char* quickFix;
  };
  const Target targets[] = {
      {"sql.firewall-open", kSqlServerType, "SQL servers",
       "az sql server firewall-rule delete --ids {id}/firewallRules/<rule>"},
      {"sql.postgres-firewall-open", kPostgresFlexibleType, "PostgreSQL flexible servers",
       "az postgres flexible-server firewall-rule delete --ids {id}/firewallRules/<rule> --yes"},
      {"sql.mysql-firewall-open", kMySqlFlexibleType, "MySQL flexible servers",
       "az mysql flexible-server firewall-rule delete --ids {id}/firewallRules/<rule> --yes"},
  };
  std::vector<sdk::AssessmentDef> out;
  for (const auto& t : targets) {
    sdk::AssessmentDef a;
    a.id = t.id;
    a.title = std::string(t.what) + " should not allow access from every address";
    a.resourceType = t.type;
    a.severity = sdk::Severity::High;
    a.control = "Restrict unauthorized network access";
    a.description =
        "A server firewall rule from 0.0.0.0 to 255.255.255.255 exposes the server to the whole "
        "internet; 0.0.0.0 alone (\"Allow Azure services\") admits every Azure resource of every "
        "customer. Only password or token guessing then stands between an attacker and the "
        "data.";
    a.remediation =
        "Delete the rule and allow only the addresses of your clients, or disable public "
        "network access and use private endpoints.";
    a.quickFix = t.quickFix;
    a.check = [](const sdk::Resource& server, const sdk::Context&) {
      return judgeFirewall(server);
    };
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace bulwark::sql
