#include "postgres_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bulwark::test {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

int freePort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof a;
  int port = 0;
  if (s >= 0 && ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &length) == 0)
    port = ntohs(a.sin_port);
  if (s >= 0) ::close(s);
  return port;
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

PostgresServer::PostgresServer(const std::string& settings, const std::string& hbaFirst, bool ssl)
    : data_(dir_ / "data"), port_(freePort()), root_(::geteuid() == 0) {
  if (!fs::exists(fs::path(kBin) / "initdb") || !fs::exists("/usr/bin/psql")) {
    why_ = std::string("PostgreSQL 15 is not installed (") + kBin +
           "/initdb, psql; scripts/install-deps installs postgresql-15)";
    return;
  }
  writeFile(dir_ / "password", std::string(kSuperuserPassword) + "\n");
  if (root_) {
    RunResult own =
        runShell("chown -R postgres:postgres " + quoted(dir_.path().string()) + " 2>&1");
    if (own.exitCode != 0) {
      why_ = "cannot hand the folder to the postgres user: " + own.out;
      return;
    }
  }
  RunResult init = runShell(asServerUser(
      std::string(kBin) + "/initdb -D " + quoted(data_.string()) +
      " -U postgres -A scram-sha-256 --pwfile=" + quoted((dir_ / "password").string()) + " 2>&1"));
  if (init.exitCode != 0) {
    why_ = "initdb failed: " + init.out;
    return;
  }
  if (!hbaFirst.empty()) {
    fs::path hba = data_ / "pg_hba.conf";
    std::string rules = hbaFirst + "\n" + readFile(hba);
    runShell(asServerUser("cat > " + quoted(hba.string()) + " <<'EOF'\n" + rules + "EOF"));
  }
  if (ssl) {
    RunResult cert = runShell(asServerUser(
        "cd " + quoted(data_.string()) +
        " && openssl req -new -x509 -days 30 -nodes -subj /CN=127.0.0.1 -keyout server.key "
        "-out server.crt 2>&1 && chmod 600 server.key"));
    if (cert.exitCode != 0) {
      why_ = "openssl could not make the server certificate: " + cert.out;
      return;
    }
  }
  std::string conf = "listen_addresses = '127.0.0.1'\nport = " + std::to_string(port_) +
                     "\nunix_socket_directories = '" + dir_.path().string() +
                     "'\nlog_timezone = 'UTC'\n" + settings + "\n";
  runShell(asServerUser("cat >> " + quoted((data_ / "postgresql.conf").string()) + " <<'EOF'\n" +
                        conf + "EOF"));
  RunResult start =
      runShell(asServerUser(std::string(kBin) + "/pg_ctl -D " + quoted(data_.string()) + " -l " +
                            quoted(logFile().string()) + " -w -t 30 start 2>&1"));
  if (start.exitCode != 0) {
    why_ = "pg_ctl start failed: " + start.out + "\n" + readFile(logFile());
    return;
  }
  started_ = true;
}

PostgresServer::~PostgresServer() {
  if (started_)
    runShell(asServerUser(std::string(kBin) + "/pg_ctl -D " + quoted(data_.string()) +
                          " -m immediate -w stop >/dev/null 2>&1"));
}

std::string PostgresServer::asServerUser(const std::string& command) const {
  return root_ ? "runuser -u postgres -- sh -c " + quoted(command) : command;
}

RunResult PostgresServer::psql(const std::string& user, const std::string& password,
                               const std::string& sql, const std::string& database) const {
  return runShell("PGPASSWORD=" + quoted(password) +
                  " PGCONNECT_TIMEOUT=10 psql -X -q -h 127.0.0.1 -p " + std::to_string(port_) +
                  " -U " + quoted(user) + " -d " + quoted(database) + " -v ON_ERROR_STOP=0 -c " +
                  quoted(sql) + " 2>&1");
}

}  // namespace bulwark::test
