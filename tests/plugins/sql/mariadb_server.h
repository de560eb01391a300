// A real MariaDB server for one test (Debian's mariadb-server): mariadb-install-db in a
// temporary folder, mariadbd on a loopback port with the general query log and the error log
// in the folder, TZ=UTC and skip_name_resolve so the logs carry UTC times and addresses;
// stopped on destruction. As root the server runs as the mysql user, as MariaDB expects.
#pragma once

#include <memory>
#include <string>

#include "support/background_process.h"
#include "support/test_support.h"

namespace bulwark::test {

class MariadbServer {
 public:
  MariadbServer();
  ~MariadbServer();
  MariadbServer(const MariadbServer&) = delete;
  MariadbServer& operator=(const MariadbServer&) = delete;

  // "" when the server runs, else why not (the binaries are missing, install or start failed).
  const std::string& whyUnavailable() const { return why_; }
  int port() const { return port_; }
  fs::path generalLog() const { return dir_ / "general.log"; }
  fs::path errorLog() const { return dir_ / "error.log"; }

  // `sql` as root over the server's socket.
  RunResult asRoot(const std::string& sql) const;
  // The mariadb client as `user` with `password` over TCP to 127.0.0.1.
  RunResult client(const std::string& user, const std::string& password, const std::string& sql,
                   const std::string& database = "") const;

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> server_;
  std::string why_;
};

}  // namespace bulwark::test
