// The azure-sql-audit event source: Azure SQL auditing records as they are exported, as
// database events (database_events.h) with engine "azure-sql":
//   - Log Analytics rows of AzureDiagnostics (Category SQLSecurityAuditEvents: action_id_s,
//     server_principal_name_s, client_ip_s ...) or of the resource-specific
//     SQLSecurityAuditEvents table (ActionId, ServerPrincipalName, ClientIp ...), as a JSON
//     array (the portal's export), JSON lines, or a query API answer ({"tables": [...]});
//   - diagnostic settings' records ({"records": [{"properties": {...}}]}, storage or Event
//     Hubs), and the audit file's own column names (action_id, client_ip ...).
// Names are matched without case, underscores or Log Analytics type suffixes. Logins
// (DATABASE AUTHENTICATION SUCCEEDED / FAILED, action ids LGIS and LGIF) become db.login.*;
// records with a statement db.statement (db.error.statement when it failed, the error from
// additional_information); logouts db.disconnection; the rest db.log. Fields: user (the server
// principal), database, ip, application, statement, rows (response_rows), affected_rows,
// server, action.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>

namespace bulwark::sql::logs {

inline constexpr char kAzureSqlAuditSource[] = "azure-sql-audit";

sdk::EventSourceDef azureSqlAuditSource();

void readAzureSqlAudit(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink);

}  // namespace bulwark::sql::logs
