// What the live PostgreSQL checks judge, read through libpq: settings (SHOW), pg_hba rules
// (pg_hba_file_rules), roles, privileges of PUBLIC, languages and extensions, the version.
// The result is the resource's properties.bulwarkPostgres.
#pragma once

#include <bulwark/plugin.hpp>

#include "live/postgres_settings.h"

namespace bulwark::sql::live {

// Connects with the password from the environment variable the setting names; throws
// std::runtime_error naming the server (never the password) when it cannot connect or a query
// fails.
sdk::Json readPostgresFacts(const PostgresServerSetting& server);

// The server's resource document: id, name, type kLivePostgresType and the facts.
sdk::Json postgresServerDocument(const PostgresServerSetting& server, sdk::Json facts);

}  // namespace bulwark::sql::live
