// The postgres-log event source: PostgreSQL's server log in any of its three destinations, told
// apart line by line:
//   stderr   a log_line_prefix that starts with the time (%m or %t) and the process id in
//            brackets ([%p]), optionally followed by %q%u@%d, %h or %r, as in Debian's default
//            '%m [%p] %q%u@%d ';
//   csvlog   one CSV record per message (PostgreSQL 13 to 17 columns), quoted fields may span
//            lines;
//   jsonlog  one JSON object per line (PostgreSQL 15 and later).
// Each message becomes one of the database events of database_events.h with engine
// "postgres", plus `pid` and `level`. In the stderr form the address of a session is
// remembered from its "connection received" line by process id, for the messages whose prefix
// does not carry it, and the STATEMENT line after an ERROR becomes the db.error.statement;
// csvlog and jsonlog carry both in every record. Times must be in UTC, GMT or a numeric offset
// (log_timezone); DETAIL, HINT, CONTEXT and continuation lines of the stderr form belong to the
// message before them and give no event.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>

namespace bulwark::sql::logs {

inline constexpr char kPostgresLogSource[] = "postgres-log";

sdk::EventSourceDef postgresLogSource();

void readPostgresLog(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink);

}  // namespace bulwark::sql::logs
