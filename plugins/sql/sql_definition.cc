// The sql plugin: Azure SQL servers and databases, SQL managed instances, and PostgreSQL and
// MySQL flexible servers from the ARM snapshot, with their children attached; the live
// PostgreSQL assessment; PostgreSQL, MySQL/MariaDB and Azure SQL audit logs as event sources,
// one threat detection rule set over all three, and UEBA over database logins.
#include "sql_definition.h"

#include "administrator_assessment.h"
#include "configuration_assessments.h"
#include "database_collector.h"
#include "declarative_assessments.h"
#include "defender_plan_assessments.h"
#include "firewall_assessments.h"
#include "live/baseline_command.h"
#include "live/live_collector.h"
#include "live/postgres_checks.h"
#include "live/postgres_settings.h"
#include "logs/azure_sql_audit_source.h"
#include "logs/database_activity.h"
#include "logs/mysql_log_source.h"
#include "logs/postgres_log_source.h"
#include "sql_types.h"

namespace bulwark::sql {

extern const char kDatabase[];  // rules/database.yaml, embedded by CMake

sdk::PluginDef sqlPluginDefinition() {
  sdk::PluginDef def;
  def.id = "sql";
  def.version = "0.1.0";
  def.description =
      "Databases: Azure SQL servers and databases, SQL managed instances, PostgreSQL and MySQL "
      "flexible servers";
  def.collectors.push_back(armDatabasesCollector());
  def.collectors.push_back(live::livePostgresCollector());
  def.assessments = declarativeAssessments();
  def.assessments.push_back(entraAdministratorAssessment());
  for (auto group : {firewallAssessments(), configurationAssessments(), defenderPlanAssessments(),
                     live::postgresChecks()}) {
    for (auto& a : group)
      def.assessments.push_back(std::move(a));
  }
  def.ruleSets.push_back({"database-threats",
                          "Database threat detection over the postgres-log, mysql-log and "
                          "azure-sql-audit sources: brute force, SQL injection, harmful "
                          "applications, shell commands, privilege escalation, logging off, "
                          "mass extraction",
                          kDatabase,
                          nullptr,
                          {}});
  def.eventSources = {logs::postgresLogSource(), logs::mysqlLogSource(),
                      logs::azureSqlAuditSource()};
  def.activities = {logs::databaseLoginActivity()};
  def.anomalyKinds = logs::databaseAnomalyKinds();
  def.commands.push_back({"sql",
                          "baselines of the live PostgreSQL assessment (approve, show, clear)",
                          live::sqlCommand});
  def.validateSettings = [](const sdk::Json& settings) { live::postgresServers(settings); };
  def.settingsSchema = sdk::Json::parse(R"({
    "type": "object",
    "properties": {
      "postgres_servers": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["id", "user"],
          "additionalProperties": false,
          "properties": {
            "id": {"type": "string", "pattern": "^/subscriptions/[^/]+/.*/providers/"},
            "host": {"type": "string", "minLength": 1},
            "port": {"type": "integer", "minimum": 1, "maximum": 65535},
            "user": {"type": "string", "minLength": 1},
            "password_env": {"type": "string", "minLength": 1},
            "database": {"type": "string", "minLength": 1},
            "sslmode": {"enum": ["disable", "allow", "prefer", "require", "verify-ca",
                                 "verify-full"]},
            "connect_timeout": {"type": "integer", "minimum": 1, "maximum": 600}
          }
        }
      }
    }
  })");
  return def;
}

}  // namespace bulwark::sql
