// The postgres-log event source: PostgreSQL's stderr log (logging_collector's postgresql-*.log,
// or what the service manager captures) with a log_line_prefix that starts with the time (%m or
// %t) and the process id in brackets ([%p]), optionally followed by %q%u@%d, %h or %r, as in
// Debian's default '%m [%p] %q%u@%d '. One event per message:
//   postgres.connection.received  ip, port
//   postgres.login.success        user, database, ip           ("connection authorized")
//   postgres.login.failed         user, database, ip, reason   (password or pg_hba failures)
//   postgres.statement            statement, user, database, ip (log_statement, durations)
//   postgres.error.statement      statement, error, user, database, ip (STATEMENT after ERROR)
//   postgres.disconnection        user, database, ip
//   postgres.log                  level, message                (everything else)
// Every event carries pid and level. The address of a session is remembered from its
// "connection received" line by process id, for the messages whose prefix does not carry it
// (within one read; a follow that restarts between the two lines loses it). Times must be in
// UTC, GMT or a numeric offset (log_timezone); DETAIL, HINT, CONTEXT and continuation lines
// belong to the message before them and give no event.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>

namespace bulwark::sql::logs {

inline constexpr char kPostgresLogSource[] = "postgres-log";

sdk::EventSourceDef postgresLogSource();

void readPostgresLog(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink);

}  // namespace bulwark::sql::logs
