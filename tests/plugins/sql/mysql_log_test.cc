// The mysql-log source and the database rule pack through `bulwark detect`: the general query
// log and the error log as MySQL 8 and MariaDB write them, garbage reported by line, and an
// attack driven through the mariadb client against a real MariaDB, read from its own logs.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

#include "mariadb_server.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Detected {
  json alerts;
  std::string err;
};

Detected detect(const test::TempDir& dir, const std::vector<fs::path>& logs) {
  fs::path config = test::writeConfig(dir, {{"sql", ""}}, {});
  std::vector<std::string> args = {"detect",     "--config", config.string(),
                                   "--no-store", "--format", "json"};
  for (const auto& log : logs) {
    args.push_back("--source");
    args.push_back("mysql-log:" + log.string());
  }
  auto r = test::runBulwark(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return {json::parse(r.out), r.err};
}

std::multiset<std::string> rulesOf(const json& alerts) {
  std::multiset<std::string> rules;
  for (const auto& a : alerts)
    rules.insert(a["rule"].get<std::string>());
  return rules;
}

}  // namespace

TEST_CASE("MySQL 8's general log: logins, denials and statements of each connection") {
  test::TempDir dir;
  std::string log =
      "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n"
      "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
      "Time                 Id Command    Argument\n";
  for (int i = 0; i < 6; ++i) {
    std::string id = std::to_string(20 + i), t = "2026-12-03T10:00:0" + std::to_string(i);
    log += t + ".100000Z\t   " + id + " Connect\tshop@203.0.113.7 on shop using TCP/IP\n";
    log += t + ".100100Z\t   " + id +
           " Connect\tAccess denied for user 'shop'@'203.0.113.7' (using password: YES)\n";
  }
  log += "2026-12-03T10:00:09.000000Z\t   30 Connect\tshop@203.0.113.7 on shop using SSL/TLS\n";
  log += "2026-12-03T10:00:10.000000Z\t   30 Query\tSELECT name FROM items WHERE id = 1 UNION\n";
  // The statement goes on on the next line: only joined does it read "UNION SELECT".
  log += "SELECT password FROM users\n";
  log += "2026-12-03T10:00:11.000000Z\t   30 Query\tSELECT LOAD_FILE('/etc/passwd')\n";
  log += "2026-12-03T10:00:12.000000Z\t   30 Quit\t\n";
  test::writeFile(dir / "general.log", log);
  Detected d = detect(dir, {dir / "general.log"});
  CHECK_THAT(d.err, Catch::Contains(" 0 unparsed"));
  CHECK(rulesOf(d.alerts) == std::multiset<std::string>{"sql.bruteforce.success",
                                                        "sql.sql-injection", "sql.shell-command"});
  for (const auto& a : d.alerts) {
    INFO(a.dump());
    CHECK(a["entities"].dump().find("203.0.113.7") != std::string::npos);
    CHECK(a["entities"].dump().find("shop") != std::string::npos);
  }
}

TEST_CASE("lines that are in neither MySQL log are reported by line, the rest is read") {
  test::TempDir dir;
  std::string log =
      "2026-12-03 10:00:00 5 [Warning] Access denied for user 'bob'@'192.0.2.1' (using "
      "password: YES)\n"
      "2026-12-03T10:00:01.000000Z 8 [Note] [MY-010926] [Server] Access denied for user "
      "'bob'@'192.0.2.1' (using password: NO)\n"
      "not a log line at all\n"
      "2026-12-03 10:00:02 nothing in brackets\n"
      "2026-13-45 10:00:02 6 [Warning] a month that is not one\n"
      "2026-12-03 10:00:03 0 [Note] mariadbd: ready for connections.\n"
      "2026-12-04  9:05:01 7 [Warning] Access denied for user 'bob'@'192.0.2.1' (using "
      "password: YES)\n"  // MariaDB pads the hour with a space before ten o'clock
      "2026-12-03 10:0";  // cut in half by a crash
  test::writeFile(dir / "error.log", log);
  Detected d = detect(dir, {dir / "error.log"});
  CHECK_THAT(d.err, Catch::Contains("error.log:3:") && Catch::Contains("error.log:4:") &&
                        Catch::Contains("error.log:5:") && Catch::Contains("error.log:8"));
  CHECK_THAT(d.err, !Catch::Contains("error.log:7:") && !Catch::Contains("error.log:6:"));
  CHECK_THAT(d.err, Catch::Contains("general query log or error log"));
  CHECK_THAT(d.err, Catch::Contains("4 events"));
  CHECK(d.alerts.empty());
}

TEST_CASE("attacks on a real MariaDB raise the expected alerts from its own logs") {
  test::MariadbServer server;
  if (!server.whyUnavailable().empty()) {
    BULWARK_SKIP("real MariaDB test: " << server.whyUnavailable());
    return;
  }
  test::RunResult setup = server.asRoot(
      "CREATE DATABASE shop; CREATE TABLE shop.customers(id int, card text);"
      "CREATE USER 'app'@'%' IDENTIFIED BY 'right-password';"
      "GRANT SELECT ON shop.* TO 'app'@'%'");
  REQUIRE(setup.exitCode == 0);
  // Password guessing from the loopback address, then the right password.
  for (int i = 0; i < 12; ++i)
    CHECK(server.client("app", "guess-" + std::to_string(i), "SELECT 1").exitCode != 0);
  CHECK(server.client("app", "right-password", "SELECT 1", "shop").exitCode == 0);
  server.client("app", "right-password",
                "SELECT id FROM customers WHERE id = '' OR '1'='1' UNION SELECT user FROM "
                "mysql.user",
                "shop");
  server.client("app", "right-password", "SELECT LOAD_FILE('/etc/passwd')", "shop");
  server.client("app", "right-password",
                "GRANT ALL PRIVILEGES ON *.* TO 'app'@'%' WITH GRANT OPTION");
  server.client("app", "right-password", "SELECT * FROM customers INTO OUTFILE '/tmp/c.txt'",
                "shop");
  server.asRoot("SET GLOBAL general_log = 'OFF'");

  test::TempDir dir;
  INFO(test::readFile(server.generalLog()));
  Detected general = detect(dir, {server.generalLog()});
  CHECK_THAT(general.err, Catch::Contains(" 0 unparsed"));  // every line of the real log
  std::set<std::string> rules;
  for (const auto& a : general.alerts)
    rules.insert(a["rule"].get<std::string>());
  CHECK(rules == std::set<std::string>{"sql.bruteforce.source-ip", "sql.bruteforce.success",
                                       "sql.sql-injection", "sql.shell-command",
                                       "sql.privilege-escalation", "sql.mass-extraction",
                                       "sql.logging-disabled"});
  for (const auto& a : general.alerts) {
    INFO(a.dump());
    if (a["rule"] == "sql.logging-disabled") continue;  // root, over the socket
    CHECK(a["entities"].dump().find("127.0.0.1") != std::string::npos);
    CHECK(a["entities"].dump().find("app") != std::string::npos);
  }
  // The error log has the denials only: the brute force, not its success.
  INFO(test::readFile(server.errorLog()));
  Detected error = detect(dir, {server.errorLog()});
  CHECK_THAT(error.err, Catch::Contains(" 0 unparsed"));
  CHECK(rulesOf(error.alerts) == std::multiset<std::string>{"sql.bruteforce.source-ip"});
}
