// The sql plugin: Azure SQL servers and databases, SQL managed instances, and PostgreSQL and
// MySQL flexible servers from the ARM snapshot, with their children attached.
#include "sql_definition.h"

#include "configuration_assessments.h"
#include "declarative_assessments.h"
#include "firewall_assessments.h"
#include "sql_types.h"

namespace bulwark::sql {

sdk::PluginDef sqlPluginDefinition() {
  sdk::PluginDef def;
  def.id = "sql";
  def.version = "0.1.0";
  def.description =
      "Databases: Azure SQL servers and databases, SQL managed instances, PostgreSQL and MySQL "
      "flexible servers";
  def.collectors.push_back(
      {"arm-databases",
       "Database servers from the ARM snapshot, with their databases, configurations, firewall "
       "rules, administrators, auditing and security settings attached",
       {kSqlServerType, kSqlDatabaseType, kManagedInstanceType, kPostgresFlexibleType,
        kMySqlFlexibleType},
       nullptr});
  def.assessments = declarativeAssessments();
  for (auto group : {firewallAssessments(), configurationAssessments()}) {
    for (auto& a : group)
      def.assessments.push_back(std::move(a));
  }
  return def;
}

}  // namespace bulwark::sql
