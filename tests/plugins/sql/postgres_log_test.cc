// The postgres-log source and the PostgreSQL rule pack through `bulwark detect` with the sql
// plugin enabled: lines in the forms PostgreSQL writes them (default and Debian prefixes), an
// attack replayed in them, and garbage reported by line.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

#include "postgres_server.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string stamp(int second) {
  char text[48];
  std::snprintf(text, sizeof text, "2026-12-03 10:%02d:%02d.%03d UTC", second / 60, second % 60,
                (second * 37) % 1000);
  return text;
}

// One failed password login of `user` from `ip` in its own backend process.
std::string failedLogin(int second, int pid, const std::string& ip, const std::string& user) {
  std::string p = "[" + std::to_string(pid) + "] ";
  return stamp(second) + " " + p + "LOG:  connection received: host=" + ip + " port=5" +
         std::to_string(pid % 10000) + "\n" + stamp(second) + " " + p +
         "FATAL:  password authentication failed for user \"" + user + "\"\n" + stamp(second) +
         " " + p +
         "DETAIL:  Connection matched file \"/etc/postgresql/15/main/pg_hba.conf\" line 99: "
         "\"host all all 0.0.0.0/0 scram-sha-256\"\n";
}

std::string attackLog() {
  std::string log;
  int pid = 4700;
  for (int i = 0; i < 6; ++i)
    log += failedLogin(i, ++pid, "203.0.113.9", "app");
  // Debian's prefix '%m [%p] %q%u@%d ' from here on.
  std::string s = " [4720] app@shop ";
  log += stamp(7) + " [4720] LOG:  connection received: host=203.0.113.9 port=51300\n";
  log += stamp(7) +
         " [4720] [unknown]@[unknown] LOG:  connection authorized: user=app "
         "database=shop application_name=psql\n";
  log += stamp(60) + s + "ERROR:  syntax error at or near \"'1'\" at character 41\n";
  log += stamp(60) + s + "STATEMENT:  SELECT * FROM users WHERE name = '' OR '1'='1' --'\n";
  log += stamp(61) + s + "LOG:  statement: SELECT id, name\n";
  log += "\tFROM users\n";  // the rest of a statement that spans lines
  log += stamp(62) + s + "LOG:  statement: COPY cmd_exec FROM PROGRAM 'id';\n";
  log += stamp(63) + s + "LOG:  statement: ALTER ROLE app SUPERUSER;\n";
  log += stamp(64) + s + "LOG:  statement: ALTER SYSTEM SET log_statement = 'none';\n";
  log += stamp(65) + s + "LOG:  duration: 12.5 ms  statement: COPY customers TO STDOUT;\n";
  log += stamp(66) + s +
         "LOG:  disconnection: session time: 0:00:59.000 user=app database=shop "
         "host=203.0.113.9 port=51300\n";
  // Another address guessing the postgres role, with pg_hba refusals among its tries.
  for (int i = 0; i < 12; ++i)
    log += i % 4 == 3 ? stamp(100 + i) + " [" + std::to_string(5000 + i) +
                            "] FATAL:  no pg_hba.conf entry for host \"198.51.100.23\", user "
                            "\"postgres\", database \"postgres\", no encryption\n"
                      : failedLogin(100 + i, 5000 + i, "198.51.100.23", "postgres");
  return log;
}

json detect(const test::TempDir& dir, const fs::path& log, std::string* err = nullptr) {
  fs::path config = test::writeConfig(dir, {{"sql", ""}}, {});
  auto r = test::runBulwark({"detect", "--source", "postgres-log:" + log.string(), "--config",
                             config.string(), "--no-store", "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  if (err != nullptr) *err = r.err;
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("a replayed attack in PostgreSQL's log raises exactly the expected alerts") {
  test::TempDir dir;
  test::writeFile(dir / "postgresql-15-main.log", attackLog());
  json alerts = detect(dir, dir / "postgresql-15-main.log");
  std::multiset<std::string> rules;
  for (const auto& a : alerts)
    rules.insert(a["rule"].get<std::string>());
  CHECK(rules == std::multiset<std::string>{"sql.bruteforce.source-ip", "sql.bruteforce.success",
                                            "sql.sql-injection", "sql.shell-command",
                                            "sql.privilege-escalation", "sql.logging-disabled",
                                            "sql.mass-extraction"});
  for (const auto& a : alerts) {
    INFO(a.dump());
    std::string entities = a["entities"].dump();
    if (a["rule"] == "sql.bruteforce.source-ip") {
      CHECK(entities.find("198.51.100.23") != std::string::npos);
      CHECK(entities.find("postgres") != std::string::npos);
    } else {
      // The session's address comes from its "connection received" line.
      CHECK(entities.find("203.0.113.9") != std::string::npos);
      CHECK(entities.find("app") != std::string::npos);
    }
  }
}

TEST_CASE("lines that are not PostgreSQL log lines are reported by line, the rest is read") {
  test::TempDir dir;
  std::string log = failedLogin(0, 10, "192.0.2.1", "bob");
  log += "this is not a log line\n";
  log += "2026-12-03 10:07:00 CET [11] LOG:  local time\n";
  log += "2026-12-03 10:07:00 UTC [abc] LOG:  no pid\n";
  log += "2026-12-03 10:07:00 UTC [12] nothing that names a level\n";
  log += "2026-12-03 10:07:00 UTC [13] LOG:  connection received: host=192.0.2.1 port=1\n";
  log += "2026-12-03 10:07:0";  // cut in half by a crash
  test::writeFile(dir / "pg.log", log);
  fs::path config = test::writeConfig(dir, {{"sql", ""}}, {});
  auto r = test::runBulwark({"detect", "--source", "postgres-log:" + (dir / "pg.log").string(),
                             "--config", config.string(), "--no-store", "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("pg.log:4:") && Catch::Contains("pg.log:5:") &&
                        Catch::Contains("pg.log:6:") && Catch::Contains("pg.log:7:"));
  CHECK_THAT(r.err, Catch::Contains("log_line_prefix") && Catch::Contains("process id") &&
                        Catch::Contains("message level"));
  CHECK_THAT(r.err, Catch::Contains("3 events"));
  CHECK(json::parse(r.out).empty());
}

// Password guessing from the loopback address, then the right password, an injection that
// fails (types do not match, its statement over two lines), then what an attacker does as
// superuser.
void replayAttack(const test::PostgresServer& server) {
  const std::string super = test::PostgresServer::kSuperuserPassword;
  REQUIRE(
      server.psql("postgres", super, "CREATE ROLE app LOGIN PASSWORD 'right-password'").exitCode ==
      0);
  for (int i = 0; i < 6; ++i)
    CHECK(server.psql("app", "guess-" + std::to_string(i), "SELECT 1").exitCode != 0);
  CHECK(server.psql("app", "right-password", "SELECT 1").exitCode == 0);
  server.psql("app", "right-password",
              "SELECT 1 FROM pg_roles WHERE rolname = '' OR '1'='1'\nUNION SELECT rolname FROM "
              "pg_roles");
  server.psql("postgres", super,
              "CREATE TABLE cmd_output(line text); COPY cmd_output FROM PROGRAM 'id'");
  server.psql("postgres", super, "ALTER ROLE app SUPERUSER");
  server.psql("postgres", super, "ALTER SYSTEM SET log_statement = 'none'");
  server.psql("postgres", super, "COPY (SELECT rolname FROM pg_roles) TO STDOUT");
}

void checkAttackAlerts(const fs::path& log) {
  test::TempDir dir;
  std::string err;
  json alerts = detect(dir, log, &err);
  INFO(test::readFile(log));
  CHECK_THAT(err, Catch::Contains(" 0 unparsed"));  // every line of the real log is understood
  std::set<std::string> rules;
  for (const auto& a : alerts)
    rules.insert(a["rule"].get<std::string>());
  CHECK(rules == std::set<std::string>{"sql.bruteforce.success", "sql.sql-injection",
                                       "sql.shell-command", "sql.privilege-escalation",
                                       "sql.logging-disabled", "sql.mass-extraction"});
  for (const auto& a : alerts) {
    INFO(a.dump());
    CHECK(a["entities"].dump().find("127.0.0.1") != std::string::npos);
  }
}

TEST_CASE("attacks on a real PostgreSQL 15 raise the expected alerts from its own log") {
  test::PostgresServer server(
      "log_connections = on\nlog_disconnections = on\nlog_statement = 'all'\n"
      "log_line_prefix = '%m [%p] %q%u@%d '\n");
  if (!server.whyUnavailable().empty()) {
    BULWARK_SKIP("real PostgreSQL test: " << server.whyUnavailable());
    return;
  }
  replayAttack(server);
  checkAttackAlerts(server.logFile());
}

TEST_CASE("the same attacks read from PostgreSQL's csvlog and jsonlog") {
  test::PostgresServer server(
      "log_connections = on\nlog_disconnections = on\nlog_statement = 'all'\n"
      "logging_collector = on\nlog_destination = 'csvlog,jsonlog'\nlog_directory = 'log'\n"
      "log_filename = 'pg'\n");
  if (!server.whyUnavailable().empty()) {
    BULWARK_SKIP("real PostgreSQL test: " << server.whyUnavailable());
    return;
  }
  replayAttack(server);
  for (const char* name : {"pg.csv", "pg.json"}) {
    INFO(name);
    checkAttackAlerts(server.dataDirectory() / "log" / name);
  }
}

TEST_CASE("a csvlog record cut off and jsonlog lines that are not JSON are reported by line") {
  test::TempDir dir;
  std::string csv =
      "2026-12-03 10:00:00.000 UTC,\"bob\",\"shop\",77,\"192.0.2.1:5000\",,1,,,,0,FATAL,"
      "28P01,\"password authentication failed for user \"\"bob\"\"\",,,,,,,,,\"psql\",\"client "
      "backend\",,0\n"
      "2026-12-03 10:00:01.000 UTC,\"bob\",\"shop\",78,,,1\n"  // too few fields
      "2026-12-03 10:00:02.000 "
      "UTC,\"bob\",\"shop\",79,,,1,,,,0,ERROR,42601,\"syntax\",,,,,,\"SELECT\n"
      "1 -- never closed\n";
  test::writeFile(dir / "pg.csv", csv);
  std::string err;
  json alerts = detect(dir, dir / "pg.csv", &err);
  CHECK_THAT(err, Catch::Contains("pg.csv:2:") && Catch::Contains("at least 23"));
  CHECK_THAT(err, Catch::Contains("pg.csv:3:") && Catch::Contains("cut off"));
  CHECK_THAT(err, Catch::Contains("1 events"));
  test::writeFile(dir / "pg.json",
                  "{\"timestamp\":\"2026-12-03 10:00:00.000 UTC\",\"pid\":5,\"error_severity\":"
                  "\"FATAL\",\"message\":\"password authentication failed for user \\\"bob\\\"\","
                  "\"remote_host\":\"192.0.2.1\"}\n{\"timestamp\": broken\n{\"pid\":6}\n");
  alerts = detect(dir, dir / "pg.json", &err);
  CHECK_THAT(err, Catch::Contains("pg.json:2:") && Catch::Contains("not a JSON object"));
  CHECK_THAT(err, Catch::Contains("pg.json:3:") && Catch::Contains("timestamp"));
  CHECK_THAT(err, Catch::Contains("1 events"));
}
