#include "mariadb_server.h"

#include <unistd.h>

namespace bulwark::test {

MariadbServer::MariadbServer() : port_(freeLoopbackPort()) {
  if (findProgram("mariadbd").empty() && !fs::exists("/usr/sbin/mariadbd")) {
    why_ = "MariaDB is not installed (mariadbd; scripts/install-deps installs mariadb-server)";
    return;
  }
  const bool root = ::geteuid() == 0;
  fs::path data = dir_ / "data";
  if (root) {
    // The server drops to the mysql user, which must reach the folder through /tmp.
    runShell("chown mysql " + shellQuote(dir_.path().string()) + " && chmod 755 " +
             shellQuote(dir_.path().string()));
  }
  RunResult install =
      runShell(std::string(root ? "runuser -u mysql -- " : "") +
               "mariadb-install-db --no-defaults --datadir=" + shellQuote(data.string()) +
               " --auth-root-authentication-method=normal --skip-test-db 2>&1");
  if (install.exitCode != 0) {
    why_ = "mariadb-install-db failed: " + install.out;
    return;
  }
  std::vector<std::string> argv = {"/usr/sbin/mariadbd",
                                   "--no-defaults",
                                   "--datadir=" + data.string(),
                                   "--port=" + std::to_string(port_),
                                   "--bind-address=127.0.0.1",
                                   "--socket=" + (dir_ / "socket").string(),
                                   "--pid-file=" + (dir_ / "pid").string(),
                                   "--skip-name-resolve",
                                   "--general-log=1",
                                   "--general-log-file=" + generalLog().string(),
                                   "--log-error=" + errorLog().string(),
                                   "--log-warnings=2"};
  if (root) argv.insert(argv.begin() + 2, "--user=mysql");
  server_ = std::make_unique<BackgroundProcess>(argv, dir_ / "mariadbd.out",
                                                std::vector<std::string>{"TZ=UTC"});
  if (!server_->waitForPort(port_, 60, why_)) {
    why_ = "mariadbd did not start: " + why_ + "\n" + readFile(errorLog());
    return;
  }
}

MariadbServer::~MariadbServer() {
  if (server_) server_->stop();
}

RunResult MariadbServer::asRoot(const std::string& sql) const {
  return runShell("mariadb --no-defaults -S " + shellQuote((dir_ / "socket").string()) +
                  " -uroot -e " + shellQuote(sql) + " 2>&1");
}

RunResult MariadbServer::client(const std::string& user, const std::string& password,
                                const std::string& sql, const std::string& database) const {
  return runShell("mariadb --no-defaults --connect-timeout=10 -h 127.0.0.1 -P " +
                  std::to_string(port_) + " -u " + shellQuote(user) + " -p" + shellQuote(password) +
                  (database.empty() ? "" : " " + shellQuote(database)) + " -e " + shellQuote(sql) +
                  " 2>&1");
}

}  // namespace bulwark::test
