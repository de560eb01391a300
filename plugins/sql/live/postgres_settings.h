// The `postgres_servers` setting of the sql plugin: PostgreSQL servers assessed live. Each has
// the resource id it is scored under, where to connect and the name of the environment
// variable holding the password (never the password itself, so it is in no file, log, report
// or store).
//
//   postgres_servers:
//     - id: /subscriptions/S/resourceGroups/onprem/providers/Bulwark.Sql/postgresServers/db1
//       host: 10.0.0.5          # default 127.0.0.1
//       port: 5432              # default 5432
//       user: bulwark_audit     # a role that may read pg_hba_file_rules (superuser, or granted)
//       password_env: PG_DB1_PASSWORD
//       database: postgres      # default postgres
//       sslmode: prefer         # libpq's sslmode, default prefer
//       connect_timeout: 10     # seconds, default 10
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::sql::live {

inline constexpr const char* kLivePostgresType = "Bulwark.Sql/postgresServers";

struct PostgresServerSetting {
  std::string id;
  std::string host = "127.0.0.1";
  int port = 5432;
  std::string user;
  std::string passwordEnv;
  std::string database = "postgres";
  std::string sslmode = "prefer";
  int connectTimeoutSeconds = 10;

  std::string describe() const { return user + "@" + host + ":" + std::to_string(port); }
};

// Throws std::runtime_error naming the entry and the field when the setting is malformed.
std::vector<PostgresServerSetting> postgresServers(const sdk::Json& settings);

}  // namespace bulwark::sql::live
