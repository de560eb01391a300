#include "administrator_assessment.h"

#include "sql_types.h"

namespace bulwark::sql {

sdk::Verdict judgeEntraAdministrator(const sdk::Resource& server) {
  for (const sdk::Resource& admin : server.children("administrators")) {
    if (sdk::iequals(sdk::textAt(admin.json(), "properties.administratorType"), "ActiveDirectory"))
      return sdk::Verdict::healthy(
          "Microsoft Entra administrator " + sdk::textAt(admin.json(), "properties.login"),
          {{"login", sdk::textAt(admin.json(), "properties.login")}, {"from", "administrators"}});
  }
  const sdk::Json& doc = server.json();
  if (sdk::iequals(sdk::textAt(doc, "properties.administrators.administratorType"),
                   "ActiveDirectory") &&
      !sdk::textAt(doc, "properties.administrators.sid").empty())
    return sdk::Verdict::healthy(
        "Microsoft Entra administrator " + sdk::textAt(doc, "properties.administrators.login"),
        {{"login", sdk::textAt(doc, "properties.administrators.login")},
         {"from", "properties.administrators"}});
  return sdk::Verdict::unhealthy(
      "no Microsoft Entra administrator (no administrators child, no "
      "properties.administrators of type ActiveDirectory)");
}

sdk::AssessmentDef entraAdministratorAssessment() {
  sdk::AssessmentDef a;
  a.id = "sql.entra-admin";
  a.title = "An Azure Active Directory administrator should be provisioned for SQL servers";
  a.resourceType = kSqlServerType;
  a.severity = sdk::Severity::High;
  a.control = "Manage access and permissions";
  a.description =
      "Audit provisioning of an Azure Active Directory administrator for your SQL server to "
      "enable Azure AD authentication. Azure AD authentication enables simplified permission "
      "management and centralized identity management of database users and other Microsoft "
      "services.";
  a.remediation =
      "Provision a Microsoft Entra administrator for the server so identities are managed "
      "centrally (Microsoft Entra ID blade).";
  a.quickFix =
      "az sql server ad-admin create --ids {id} --display-name <group> --object-id <object id>";
  a.policyDefinitionId = "1f314764-cb73-4fc9-b863-8eca98ac36e9";
  a.check = [](const sdk::Resource& server, const sdk::Context&) {
    return judgeEntraAdministrator(server);
  };
  return a;
}

}  // namespace bulwark::sql
