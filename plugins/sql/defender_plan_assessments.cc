#include "defender_plan_assessments.h"

#include "sql_types.h"

namespace bulwark::sql {
namespace {

sdk::Verdict judgePlan(const sdk::Resource& server, const std::string& plan) {
  const sdk::Json* plans = sdk::at(server.json(), "bulwark.defenderPlans");
  if (plans == nullptr || !plans->is_object())
    return sdk::Verdict::notApplicable(
        "the snapshot holds no Microsoft.Security/pricings of the server's subscription");
  auto it = plans->find(plan);
  if (it == plans->end())
    return sdk::Verdict::unhealthy("the subscription has no " + plan + " Defender plan");
  std::string tier = sdk::textAt(*it, "pricingTier");
  if (sdk::iequals(tier, "Standard"))
    return sdk::Verdict::healthy(plan + " plan: Standard", {{"plan", *it}});
  return sdk::Verdict::unhealthy(plan + " plan: " + (tier.empty() ? "no pricingTier" : tier),
                                 {{"plan", *it}});
}

sdk::AssessmentDef planAssessment(const char* id, const char* type, const char* title,
                                  const std::string& plan, const char* definition) {
  sdk::AssessmentDef a;
  a.id = id;
  a.title = title;
  a.resourceType = type;
  a.severity = sdk::Severity::High;
  a.control = "Enable enhanced security features";
  a.description =
      "Microsoft Defender for the database detects anomalous activities indicating unusual and "
      "potentially harmful attempts to access or exploit databases, and assesses their "
      "vulnerabilities. It is enabled per subscription by the " +
      plan + " plan (Microsoft.Security/pricings).";
  a.remediation = "Turn on the " + plan +
                  " plan of Microsoft Defender for Cloud for the server's subscription "
                  "(Environment settings, Defender plans, Databases).";
  a.quickFix = "az security pricing create --name " + plan +
               " --tier Standard --subscription <subscription of {id}>";
  a.policyDefinitionId = definition;
  a.check = [plan](const sdk::Resource& server, const sdk::Context&) {
    return judgePlan(server, plan);
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> defenderPlanAssessments() {
  constexpr const char* kSqlPlanDefinition = "7fe3b40f-802b-4cdd-8bd4-fd799c948cc2";
  constexpr const char* kOssPlanDefinition = "0a9fbe0d-c5c4-4da8-87d8-f4fd77338835";
  return {
      planAssessment("sql.defender-plan", kSqlServerType,
                     "Azure Defender for Azure SQL Database servers should be enabled",
                     "SqlServers", kSqlPlanDefinition),
      planAssessment("sql.defender-plan-postgres", kPostgresFlexibleType,
                     "Azure Defender for open-source relational databases should be enabled",
                     "OpenSourceRelationalDatabases", kOssPlanDefinition),
      planAssessment("sql.defender-plan-mysql", kMySqlFlexibleType,
                     "Azure Defender for open-source relational databases should be enabled",
                     "OpenSourceRelationalDatabases", kOssPlanDefinition),
  };
}

}  // namespace bulwark::sql
