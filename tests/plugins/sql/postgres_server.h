// A real PostgreSQL 15 server for one test (Debian's postgresql-15): initdb in a temporary
// folder (as the postgres user when the test runs as root, since PostgreSQL refuses root),
// scram-sha-256 on a loopback port, the server log in the folder; stopped on destruction.
#pragma once

#include <string>

#include "support/test_support.h"

namespace bulwark::test {

class PostgresServer {
 public:
  // `settings` are appended to postgresql.conf, `hbaFirst` put before initdb's pg_hba rules;
  // `certificateDays` > 0 makes a self-signed certificate valid that many days (openssl) and
  // turns ssl on.
  explicit PostgresServer(const std::string& settings, const std::string& hbaFirst = "",
                          int certificateDays = 0);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // "" when the server runs, else why not (the binaries are missing, initdb or start failed).
  const std::string& whyUnavailable() const { return why_; }
  int port() const { return port_; }
  fs::path logFile() const { return dir_ / "server.log"; }
  // The data directory: logging_collector writes under it (log_directory = 'log').
  fs::path dataDirectory() const { return data_; }
  static constexpr const char* kSuperuserPassword = "bulwark-test-superuser";

  // psql -c `sql` as `user` with `password` over TCP to 127.0.0.1.
  RunResult psql(const std::string& user, const std::string& password, const std::string& sql,
                 const std::string& database = "postgres") const;

 private:
  std::string asServerUser(const std::string& command) const;

  TempDir dir_;
  fs::path data_;
  int port_ = 0;
  bool root_ = false;
  bool started_ = false;
  std::string why_;
};

}  // namespace bulwark::test
