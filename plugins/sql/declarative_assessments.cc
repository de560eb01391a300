#include "declarative_assessments.h"

#include "quick_fixes.h"

#include <bulwark/sdk/builtin_definition.hpp>
#include <bulwark/sdk/security_controls.hpp>

#include <string>

namespace bulwark::sql {

// policies/*.json, embedded by CMake.
extern const char kSqlMinimalTls[];
extern const char kSqlAuditing[];
extern const char kSqlAuditingRetention[];
extern const char kSqlEntraOnly[];
extern const char kSqlPublicNetwork[];
extern const char kSqlPrivateEndpoint[];
extern const char kSqlDefender[];
extern const char kSqlVulnerabilityAssessment[];
extern const char kSqlDatabaseTde[];
extern const char kSqlTdeCustomerManagedKey[];
extern const char kSqlmiMinimalTls[];
extern const char kSqlmiPublicEndpoint[];
extern const char kPostgresSecureTransport[];
extern const char kPostgresMinimalTls[];
extern const char kPostgresLogConnections[];
extern const char kPostgresLogDisconnections[];
extern const char kPostgresLogCheckpoints[];
extern const char kPostgresGeoRedundantBackup[];
extern const char kPostgresPrivateEndpoint[];
extern const char kPostgresEntraAdmin[];
extern const char kPostgresPublicNetwork[];
extern const char kMysqlPublicNetwork[];
extern const char kMysqlEntraOnly[];

namespace {

using sdk::Json;
using sdk::Severity;

std::vector<sdk::BuiltinRecommendation> recommendations() {
  return {
      {"sql.minimal-tls", kSqlMinimalTls, Severity::Medium, sdk::controls::kEncryptInTransit,
       "Set the server's minimal TLS version to 1.2 (Networking blade, Connectivity).",
       "az sql server update --ids {id} --minimal-tls-version 1.2"},
      {"sql.auditing", kSqlAuditing, Severity::Low, sdk::controls::kAuditing,
       "Turn on auditing for the server (Auditing blade) to a storage account, Log Analytics or "
       "Event Hubs.",
       "az sql server audit-policy update --ids {id} --state Enabled --lats Enabled "
       "--lawri <workspace resource id>"},
      {"sql.auditing-retention", kSqlAuditingRetention, Severity::Low, sdk::controls::kAuditing,
       "Keep audit logs written to a storage account for at least 90 days (or 0: unlimited).",
       "az sql server audit-policy update --ids {id} --retention-days 90"},
      {"sql.entra-only", kSqlEntraOnly, Severity::Medium, sdk::controls::kManageAccess,
       "Enable Microsoft Entra-only authentication so SQL logins and passwords cannot be used.",
       "az sql server ad-only-auth enable --ids {id}"},
      {"sql.public-network", kSqlPublicNetwork, Severity::Medium, sdk::controls::kRestrictNetwork,
       "Deny public network access and reach the server through private endpoints.",
       "az sql server update --ids {id} --enable-public-network false"},
      {"sql.private-endpoint", kSqlPrivateEndpoint, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Create a private endpoint for the server in the virtual network its clients use.",
       "az network private-endpoint create --name <endpoint> --resource-group <group> "
       "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id {id} "
       "--group-id sqlServer --connection-name <connection>"},
      {"sql.defender", kSqlDefender, Severity::High, sdk::controls::kEnhancedFeatures,
       "Turn on Microsoft Defender for SQL for the server (or the SqlServers plan of the "
       "subscription): threat detection and vulnerability assessment.",
       "az sql server advanced-threat-protection-setting update --ids {id} --state Enabled"},
      {"sql.vulnerability-assessment", kSqlVulnerabilityAssessment, Severity::High,
       sdk::controls::kRemediateVulnerabilities,
       "Configure vulnerability assessment for the server (express configuration) and review its "
       "findings.",
       "az rest --method put --url \"https://management.azure.com{id}/sqlVulnerabilityAssessments/"
       "default?api-version=2022-05-01-preview\" --body '{\"properties\": {\"state\": "
       "\"Enabled\"}}'"},
      {"sql.database-tde", kSqlDatabaseTde, Severity::Low, sdk::controls::kEncryptAtRest,
       "Turn on transparent data encryption for the database.",
       "az sql db tde set --ids {id} --status Enabled"},
      // Off until the operator asks for customer-managed keys: a security policy assignment
      // with `effect: audit` (or deny) for sql.tde-customer-managed-key turns it on.
      {"sql.tde-customer-managed-key", kSqlTdeCustomerManagedKey, Severity::Low,
       sdk::controls::kEncryptAtRest,
       "Protect the server's TDE with a key of your own in Azure Key Vault or Managed HSM "
       "(Transparent data encryption blade, Customer-managed key).",
       "az sql server tde-key set --ids {id} --server-key-type AzureKeyVault --kid <key uri>",
       Json{{"effect", "Disabled"}}},
      {"sql.managed-instance-minimal-tls", kSqlmiMinimalTls, Severity::Medium,
       sdk::controls::kEncryptInTransit, "Set the managed instance's minimal TLS version to 1.2.",
       "az sql mi update --ids {id} --minimal-tls-version 1.2"},
      {"sql.managed-instance-public-endpoint", kSqlmiPublicEndpoint, Severity::Medium,
       sdk::controls::kRestrictNetwork, "Disable the managed instance's public data endpoint.",
       "az sql mi update --ids {id} --public-data-endpoint-enabled false"},
      {"sql.postgres-secure-transport", kPostgresSecureTransport, Severity::Medium,
       sdk::controls::kEncryptInTransit, "Set the server parameter require_secure_transport to ON.",
       setParameterCommand("2022-12-01", "require_secure_transport", "ON")},
      {"sql.postgres-minimal-tls", kPostgresMinimalTls, Severity::Medium,
       sdk::controls::kEncryptInTransit,
       "Set the server parameter ssl_min_protocol_version to TLSv1.2 or TLSv1.3.",
       setParameterCommand("2022-12-01", "ssl_min_protocol_version", "TLSv1.2")},
      {"sql.postgres-log-connections", kPostgresLogConnections, Severity::Low,
       sdk::controls::kAuditing, "Set the server parameter log_connections to ON.",
       setParameterCommand("2022-12-01", "log_connections", "ON")},
      {"sql.postgres-log-disconnections", kPostgresLogDisconnections, Severity::Low,
       sdk::controls::kAuditing, "Set the server parameter log_disconnections to ON.",
       setParameterCommand("2022-12-01", "log_disconnections", "ON")},
      {"sql.postgres-log-checkpoints", kPostgresLogCheckpoints, Severity::Low,
       sdk::controls::kAuditing, "Set the server parameter log_checkpoints to ON.",
       setParameterCommand("2022-12-01", "log_checkpoints", "ON")},
      {"sql.postgres-geo-redundant-backup", kPostgresGeoRedundantBackup, Severity::Low,
       sdk::controls::kBestPractices,
       "Geo-redundant backup is chosen when a server is created: restore the server into a new "
       "one with geo-redundant backup enabled and move the clients to it.",
       "az postgres flexible-server geo-restore --source-server {id} --name <new server> "
       "--resource-group <group> --location <paired region> --geo-redundant-backup Enabled"},
      {"sql.postgres-private-endpoint", kPostgresPrivateEndpoint, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Create a private endpoint for the server in the virtual network its clients use.",
       "az network private-endpoint create --name <endpoint> --resource-group <group> "
       "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id {id} "
       "--group-id postgresqlServer --connection-name <connection>"},
      {"sql.postgres-entra-admin", kPostgresEntraAdmin, Severity::Medium,
       sdk::controls::kManageAccess,
       "Add a Microsoft Entra administrator to the server (Authentication blade).",
       "az rest --method put --url \"https://management.azure.com{id}/administrators/<object id>"
       "?api-version=2022-12-01\" --body '{\"properties\": {\"principalType\": \"Group\", "
       "\"principalName\": \"<group>\", \"tenantId\": \"<tenant id>\"}}'"},
      {"sql.postgres-public-network", kPostgresPublicNetwork, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Disable public network access and reach the server through private endpoints.",
       "az rest --method patch --url \"https://management.azure.com{id}?api-version=2023-06-01-"
       "preview\" --body '{\"properties\": {\"network\": {\"publicNetworkAccess\": "
       "\"Disabled\"}}}'"},
      {"sql.mysql-public-network", kMysqlPublicNetwork, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Disable public network access and reach the server through private endpoints.",
       "az rest --method patch --url \"https://management.azure.com{id}?api-version=2023-06-30\" "
       "--body '{\"properties\": {\"network\": {\"publicNetworkAccess\": \"Disabled\"}}}'"},
      {"sql.mysql-entra-only", kMysqlEntraOnly, Severity::Medium, sdk::controls::kManageAccess,
       "Set the server parameter aad_auth_only to ON once a Microsoft Entra administrator exists.",
       setParameterCommand("2023-06-30", "aad_auth_only", "ON")},
  };
}

}  // namespace

std::vector<sdk::AssessmentDef> declarativeAssessments() {
  return sdk::builtinAssessments(recommendations());
}

}  // namespace bulwark::sql
