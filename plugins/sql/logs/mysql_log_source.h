// The mysql-log event source: the general query log and the error log of MySQL (5.7, 8) and
// MariaDB (10.x, 11.x), told apart line by line, as database events (database_events.h) with
// engine "mysql" and the connection id as `connection`:
//   general log  "Connect user@host on db using TCP/IP" is a db.login.success unless the next
//                record of the connection is "Access denied for user ..." (a db.login.failed);
//                Query and Execute are db.statement with the connection's user, address and
//                database, continuation lines of a multi-line statement joined to it; Quit is
//                db.disconnection; other commands are db.log.
//   error log    "Access denied for user 'u'@'h'" warnings are db.login.failed, the rest db.log.
// Configure one of the two logs per server: both would count each failed login twice. Times
// without a zone (MariaDB's "261203 20:23:48", its error log's "2026-12-03 20:23:48") are read
// as UTC: run the server with TZ=UTC (MySQL 8 writes UTC with log_timestamps=UTC, its default).
// The server's address appears as it was logged: run it with skip_name_resolve to log
// addresses rather than host names.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>

namespace bulwark::sql::logs {

inline constexpr char kMysqlLogSource[] = "mysql-log";

sdk::EventSourceDef mysqlLogSource();

void readMysqlLog(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink);

}  // namespace bulwark::sql::logs
