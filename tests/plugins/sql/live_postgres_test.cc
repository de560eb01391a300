// The live PostgreSQL assessment against two real PostgreSQL 15 servers, one configured well
// and one badly, in one `bulwark scan`: every check both ways, the password only in the
// environment and nowhere in the output or the store, and a server that cannot be reached.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>

#include "postgres_server.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kGroup =
    "/subscriptions/00000000-0000-0000-0000-00000000b001/resourceGroups/onprem/providers/"
    "Bulwark.Sql/postgresServers/";

std::map<std::string, std::string> verdicts(const json& report, const std::string& id) {
  std::map<std::string, std::string> out;
  for (const auto& r : report["results"])
    if (r.value("resourceId", "") == id) out[r["assessmentId"]] = r["state"];
  return out;
}

std::string serverEntry(const std::string& name, int port) {
  return R"({"id": ")" + kGroup + name + R"(", "host": "127.0.0.1", "port": )" +
         std::to_string(port) +
         R"(, "user": "postgres", "password_env": "BULWARK_TEST_PG_PASSWORD"})";
}

}  // namespace

TEST_CASE("live PostgreSQL: a server configured well and one configured badly, every check") {
  test::PostgresServer good(
      "password_encryption = 'scram-sha-256'\nlog_connections = on\nlog_disconnections = on\n"
      "log_statement = 'ddl'\n",
      "", 365);
  test::PostgresServer expiring("", "", 3);
  test::PostgresServer bad("password_encryption = md5\nlog_connections = off\n",
                           "host all all 127.0.0.1/32 md5\nhost all all 0.0.0.0/0 scram-sha-256");
  for (const auto* s : {&good, &bad, &expiring}) {
    if (!s->whyUnavailable().empty()) {
      BULWARK_SKIP("live PostgreSQL test: " << s->whyUnavailable());
      return;
    }
  }
  const std::string password = test::PostgresServer::kSuperuserPassword;
  REQUIRE(
      good.psql("postgres", password, "REVOKE CONNECT ON DATABASE postgres FROM PUBLIC").exitCode ==
      0);
  for (const char* sql : {"CREATE ROLE eve LOGIN SUPERUSER PASSWORD 'eve-password'",
                          "CREATE ROLE app LOGIN PASSWORD 'app-password'",
                          "GRANT CREATE ON SCHEMA public TO PUBLIC", "CREATE EXTENSION dblink"}) {
    INFO(sql);
    REQUIRE(bad.psql("postgres", password, sql).exitCode == 0);
  }
  test::TempDir dir;
  std::string settings = R"({"postgres_servers": [)" + serverEntry("good", good.port()) + ", " +
                         serverEntry("bad", bad.port()) + ", " +
                         serverEntry("expiring", expiring.port()) + "]}";
  fs::path config = test::writeConfig(dir, {{"sql", settings}}, {});
  auto r = test::runShell("BULWARK_TEST_PG_PASSWORD='" + password + "' " + BULWARK_BINARY +
                          " scan -c " + config.string() + " -f json 2>" + (dir / "err").string());
  std::string err = test::readFile(dir / "err");
  INFO(err);
  REQUIRE((r.exitCode == 0 || r.exitCode == 1));
  json report = json::parse(r.out);

  auto well = verdicts(report, kGroup + "good");
  auto badly = verdicts(report, kGroup + "bad");
  REQUIRE(well.size() == 15);
  for (const auto& [check, state] : well) {
    INFO(check);
    CHECK(state == "Healthy");
  }
  const std::map<std::string, std::string> expected = {
      {"sql.live-postgres-ssl", "Unhealthy"},
      {"sql.live-postgres-password-encryption", "Unhealthy"},
      {"sql.live-postgres-hba-weak-method", "Unhealthy"},
      {"sql.live-postgres-hba-open", "Unhealthy"},
      {"sql.live-postgres-listen-all", "Healthy"},  // the tests listen on loopback only
      {"sql.live-postgres-connection-logging", "Unhealthy"},
      {"sql.live-postgres-statement-logging", "Unhealthy"},
      {"sql.live-postgres-certificate", "NotApplicable"},  // ssl is off: nothing presented
      {"sql.live-postgres-extra-superusers", "Unhealthy"},
      {"sql.live-postgres-password-expiry", "Unhealthy"},
      {"sql.live-postgres-public-schema-create", "Unhealthy"},
      {"sql.live-postgres-public-connect", "Unhealthy"},
      {"sql.live-postgres-untrusted-languages", "Healthy"},
      {"sql.live-postgres-dangerous-extensions", "Unhealthy"},
      {"sql.live-postgres-supported-version", "Healthy"}};
  CHECK(badly == expected);
  auto soon = verdicts(report, kGroup + "expiring");
  CHECK(soon["sql.live-postgres-ssl"] == "Healthy");
  CHECK(soon["sql.live-postgres-certificate"] == "Unhealthy");
  CHECK(r.out.find(password) == std::string::npos);
  CHECK(err.find(password) == std::string::npos);
  for (const auto& e : fs::recursive_directory_iterator(dir.path()))
    if (e.is_regular_file()) CHECK(test::readFile(e.path()).find(password) == std::string::npos);
}

TEST_CASE("live PostgreSQL: a server that refuses, a wrong password and a password in the file") {
  test::PostgresServer server("");
  if (!server.whyUnavailable().empty()) {
    BULWARK_SKIP("live PostgreSQL test: " << server.whyUnavailable());
    return;
  }
  test::TempDir dir;
  int closed = server.port() + 1;  // nothing listens there
  std::string settings = R"({"postgres_servers": [)" + serverEntry("closed", closed) + ", " +
                         serverEntry("wrong", server.port()) + "]}";
  fs::path config = test::writeConfig(dir, {{"sql", settings}}, {});
  auto r =
      test::runShell("BULWARK_TEST_PG_PASSWORD='not-the-password' " + std::string(BULWARK_BINARY) +
                     " scan -c " + config.string() + " -f json 2>&1");
  INFO(r.out);
  CHECK_THAT(r.out, Catch::Contains("postgres@127.0.0.1:" + std::to_string(closed)) &&
                        Catch::Contains("cannot connect"));
  CHECK_THAT(r.out, Catch::Contains("password authentication failed"));
  CHECK_THAT(r.out, Catch::Contains("2 of 2 PostgreSQL server(s) could not be read"));
  CHECK(r.out.find("not-the-password") == std::string::npos);

  std::string inline_password = R"({"postgres_servers": [{"id": ")" + kGroup +
                                R"(x", "user": "postgres", "password": "hunter2"}]})";
  fs::path refused = test::writeConfig(dir, {{"sql", inline_password}}, {});
  auto v = test::runBulwark({"config", "validate", refused.string()});
  CHECK(v.exitCode == 2);
  CHECK_THAT(v.out + v.err, Catch::Contains("unknown setting 'password'"));
  auto scan = test::runBulwark({"scan", "-c", refused.string(), "-f", "json"});
  CHECK(scan.exitCode != 0);
  CHECK_THAT(scan.err, Catch::Contains("unknown setting 'password'"));
  for (const auto& text : {v.out, v.err, scan.out, scan.err})
    CHECK(text.find("hunter2") == std::string::npos);
}

TEST_CASE("live PostgreSQL: an approved baseline accepts what it saw and reports what changed") {
  test::PostgresServer server("password_encryption = md5\n");
  if (!server.whyUnavailable().empty()) {
    BULWARK_SKIP("live PostgreSQL test: " << server.whyUnavailable());
    return;
  }
  const std::string password = test::PostgresServer::kSuperuserPassword;
  test::TempDir dir;
  std::string settings = R"({"postgres_servers": [)" + serverEntry("db1", server.port()) + "]}";
  fs::path config = test::writeConfig(dir, {{"sql", settings}}, {});
  const std::string id = kGroup + "db1";
  auto bulwark = [&](const std::string& args) {
    return test::runShell("BULWARK_TEST_PG_PASSWORD='" + password + "' " +
                          std::string(BULWARK_BINARY) + " " + args + " -c " + config.string() +
                          " 2>&1");
  };
  auto scan = [&] {
    auto r = test::runShell("BULWARK_TEST_PG_PASSWORD='" + password + "' " +
                            std::string(BULWARK_BINARY) + " scan -c " + config.string() +
                            " -f json 2>" + (dir / "scan.err").string());
    INFO(test::readFile(dir / "scan.err"));
    REQUIRE((r.exitCode == 0 || r.exitCode == 1));
    std::map<std::string, json> out;
    json report = json::parse(r.out);
    for (const auto& res : report["results"])
      if (res.value("resourceId", "") == id) out[res["assessmentId"]] = res;
    return out;
  };
  auto before = scan();
  REQUIRE(before["sql.live-postgres-password-encryption"]["state"] == "Unhealthy");
  CHECK(before["sql.live-postgres-password-encryption"]["evidence"].count("baseline") == 0);

  auto approved = bulwark("sql baseline approve " + id);
  INFO(approved.out);
  REQUIRE(approved.exitCode == 0);
  CHECK_THAT(approved.out, Catch::Contains("sql.live-postgres-password-encryption"));
  auto shown = bulwark("sql baseline show " + id);
  REQUIRE(shown.exitCode == 0);
  std::string approvedAt = json::parse(shown.out)["approvedAt"];

  auto accepted = scan();
  for (const auto& [check, result] : accepted) {
    INFO(check << ": " << result.dump());
    if (check == "sql.live-postgres-certificate") {  // ssl is off: nothing to accept
      CHECK(result["state"] == "NotApplicable");
      continue;
    }
    CHECK(result["state"] == "Healthy");
    CHECK(result["evidence"]["baseline"] == approvedAt);
  }
  CHECK_THAT(accepted["sql.live-postgres-password-encryption"]["reason"].get<std::string>(),
             Catch::StartsWith("matches the baseline approved " + approvedAt));

  // Something new on the server: only that finding comes back.
  REQUIRE(server.psql("postgres", password, "CREATE EXTENSION postgres_fdw").exitCode == 0);
  auto changed = scan();
  CHECK(changed["sql.live-postgres-dangerous-extensions"]["state"] == "Unhealthy");
  CHECK_THAT(changed["sql.live-postgres-dangerous-extensions"]["reason"].get<std::string>(),
             Catch::StartsWith("differs from the baseline approved " + approvedAt) &&
                 Catch::Contains("postgres_fdw") && Catch::EndsWith("(new)"));
  CHECK(changed["sql.live-postgres-password-encryption"]["state"] == "Healthy");

  CHECK(bulwark("sql baseline clear " + id).exitCode == 0);
  CHECK(bulwark("sql baseline show " + id).exitCode == 3);
  CHECK(bulwark("sql baseline approve /subscriptions/x/providers/y").exitCode == 2);
  CHECK(bulwark("sql baseline frobnicate " + id).exitCode == 2);
}

TEST_CASE("live PostgreSQL: an unreachable server ends the scan with errors, the rest is stored") {
  test::PostgresServer server("");
  if (!server.whyUnavailable().empty()) {
    BULWARK_SKIP("live PostgreSQL test: " << server.whyUnavailable());
    return;
  }
  test::TempDir dir;
  fs::path store = dir / "bulwark.db";
  std::string env =
      "BULWARK_TEST_PG_PASSWORD='" + std::string(test::PostgresServer::kSuperuserPassword) + "' ";
  auto scanWith = [&](const std::string& servers) {
    fs::path config =
        test::writeConfig(dir, {{"sql", R"({"postgres_servers": [)" + servers + "]}"}}, {});
    return test::runShell(env + BULWARK_BINARY + " scan -c " + config.string() + " --store " +
                          store.string() + " -f json 2>" + (dir / "err").string());
  };
  auto first = scanWith(serverEntry("db1", server.port()));
  REQUIRE((first.exitCode == 0 || first.exitCode == 1));
  const int closed = server.port() + 1;  // nothing listens there
  auto second = scanWith(serverEntry("gone", closed) + ", " + serverEntry("db1", server.port()));
  std::string err = test::readFile(dir / "err");
  INFO(err);
  CHECK_THAT(err, Catch::Contains("127.0.0.1:" + std::to_string(closed)) &&
                      Catch::Contains("cannot connect"));
  json report = json::parse(second.out);
  CHECK(verdicts(report, kGroup + "db1").size() == 15);  // the reachable server is judged
  CHECK(verdicts(report, kGroup + "gone").empty());

  auto listed = test::runBulwark({"scans", "list", "--store", store.string()});
  INFO(listed.out << listed.err);
  REQUIRE(listed.exitCode == 0);
  // The earlier scan is still there, and the second says it had errors.
  CHECK_THAT(listed.out, Catch::Contains("#1 ") && Catch::Contains("#2 "));
  CHECK_THAT(listed.out, Catch::Matches("(.|\\n)*#1 [^\\n]* completed [^\\n]*(.|\\n)*"));
  CHECK_THAT(listed.out, Catch::Matches("(.|\\n)*#2 [^\\n]* completed_with_errors (.|\\n)*"));
}
