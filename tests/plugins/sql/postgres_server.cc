#include "postgres_server.h"

#include <unistd.h>

#include "support/background_process.h"

namespace bulwark::test {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

}  // namespace

PostgresServer::PostgresServer(const std::string& settings, const std::string& hbaFirst,
                               int certificateDays)
    : data_(dir_ / "data"), port_(freeLoopbackPort()), root_(::geteuid() == 0) {
  if (!fs::exists(fs::path(kBin) / "initdb") || !fs::exists("/usr/bin/psql")) {
    why_ = std::string("PostgreSQL 15 is not installed (") + kBin +
           "/initdb, psql; scripts/install-deps installs postgresql-15)";
    return;
  }
  writeFile(dir_ / "password", std::string(kSuperuserPassword) + "\n");
  if (root_) {
    RunResult own =
        runShell("chown -R postgres:postgres " + shellQuote(dir_.path().string()) + " 2>&1");
    if (own.exitCode != 0) {
      why_ = "cannot hand the folder to the postgres user: " + own.out;
      return;
    }
  }
  RunResult init =
      runShell(asServerUser(std::string(kBin) + "/initdb -D " + shellQuote(data_.string()) +
                            " -U postgres -A scram-sha-256 --pwfile=" +
                            shellQuote((dir_ / "password").string()) + " 2>&1"));
  if (init.exitCode != 0) {
    why_ = "initdb failed: " + init.out;
    return;
  }
  if (!hbaFirst.empty()) {
    fs::path hba = data_ / "pg_hba.conf";
    std::string rules = hbaFirst + "\n" + readFile(hba);
    runShell(asServerUser("cat > " + shellQuote(hba.string()) + " <<'EOF'\n" + rules + "EOF"));
  }
  if (certificateDays > 0) {
    RunResult cert = runShell(asServerUser("cd " + shellQuote(data_.string()) +
                                           " && openssl req -new -x509 -days " +
                                           std::to_string(certificateDays) +
                                           " -nodes -subj /CN=127.0.0.1 -keyout server.key "
                                           "-out server.crt 2>&1 && chmod 600 server.key"));
    if (cert.exitCode != 0) {
      why_ = "openssl could not make the server certificate: " + cert.out;
      return;
    }
  }
  std::string conf = "listen_addresses = '127.0.0.1'\nport = " + std::to_string(port_) +
                     "\nunix_socket_directories = '" + dir_.path().string() +
                     "'\nlog_timezone = 'UTC'\n" + (certificateDays > 0 ? "ssl = on\n" : "") +
                     settings + "\n";
  runShell(asServerUser("cat >> " + shellQuote((data_ / "postgresql.conf").string()) +
                        " <<'EOF'\n" + conf + "EOF"));
  RunResult start =
      runShell(asServerUser(std::string(kBin) + "/pg_ctl -D " + shellQuote(data_.string()) +
                            " -l " + shellQuote(logFile().string()) + " -w -t 30 start 2>&1"));
  if (start.exitCode != 0) {
    why_ = "pg_ctl start failed: " + start.out + "\n" + readFile(logFile());
    return;
  }
  started_ = true;
}

PostgresServer::~PostgresServer() {
  if (started_)
    runShell(asServerUser(std::string(kBin) + "/pg_ctl -D " + shellQuote(data_.string()) +
                          " -m immediate -w stop >/dev/null 2>&1"));
}

std::string PostgresServer::asServerUser(const std::string& command) const {
  return root_ ? "runuser -u postgres -- sh -c " + shellQuote(command) : command;
}

RunResult PostgresServer::psql(const std::string& user, const std::string& password,
                               const std::string& sql, const std::string& database) const {
  return runShell("PGPASSWORD=" + shellQuote(password) +
                  " PGCONNECT_TIMEOUT=10 psql -X -q -h 127.0.0.1 -p " + std::to_string(port_) +
                  " -U " + shellQuote(user) + " -d " + shellQuote(database) +
                  " -v ON_ERROR_STOP=0 -c " + shellQuote(sql) + " 2>&1");
}

}  // namespace bulwark::test
