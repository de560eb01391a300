// The azure-sql-audit source and the database rule pack through `bulwark detect`: Azure SQL
// auditing records in the shapes they are exported in (the SQLSecurityAuditEvents table as
// JSON lines, AzureDiagnostics rows from the portal, diagnostic settings' records, a Log
// Analytics query answer), UEBA over their logins, and exports that are not JSON.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Detected {
  json alerts;
  std::string err;
};

Detected detect(const test::TempDir& dir, const fs::path& audit) {
  fs::path config = test::writeConfig(dir, {{"sql", ""}}, {});
  auto r = test::runBulwark({"detect", "--source", "azure-sql-audit:" + audit.string(), "--config",
                             config.string(), "--no-store", "--format", "json"});
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

std::string at(int minute, int second) {
  char text[32];
  std::snprintf(text, sizeof text, "2026-12-03T10:%02d:%02d.250Z", minute, second);
  return text;
}

// A row of the resource-specific SQLSecurityAuditEvents table.
json auditEvent(const std::string& time, const std::string& action, const std::string& name,
                bool succeeded, const std::string& ip, const std::string& statement = "",
                const std::string& application = "Microsoft SqlClient Data Provider") {
  return {{"TimeGenerated", time},
          {"Category", "SQLSecurityAuditEvents"},
          {"ActionId", action},
          {"ActionName", name},
          {"Succeeded", succeeded},
          {"ServerPrincipalName", "sqladmin"},
          {"DatabaseName", "sales"},
          {"ClientIp", ip},
          {"ApplicationName", application},
          {"Statement", statement},
          {"ServerInstanceName", "contoso-sql"},
          {"ResponseRows", 0},
          {"AffectedRows", 0},
          {"AdditionalInformation", succeeded ? "" : "<error_code>18456</error_code>"}};
}

}  // namespace

TEST_CASE("Azure SQL audit records as JSON lines raise the database alerts") {
  test::TempDir dir;
  std::string lines;
  for (int i = 0; i < 12; ++i)
    lines +=
        auditEvent(at(0, i * 2), "LGIF", "DATABASE AUTHENTICATION FAILED", false, "198.51.100.4")
            .dump() +
        "\n";
  lines += auditEvent(at(1, 0), "LGIS", "DATABASE AUTHENTICATION SUCCEEDED", true, "198.51.100.4")
               .dump() +
           "\n";
  lines += auditEvent(at(1, 5), "BCM", "BATCH COMPLETED", true, "198.51.100.4",
                      "SELECT * FROM Customers WHERE Name = '' OR 1=1 --'")
               .dump() +
           "\n";
  lines += auditEvent(at(1, 9), "BCM", "BATCH COMPLETED", false, "198.51.100.4",
                      "EXEC master..xp_cmdshell 'whoami'")
               .dump() +
           "\n";
  json dump = auditEvent(at(1, 20), "BCM", "BATCH COMPLETED", true, "198.51.100.4",
                         "SELECT CardNumber FROM Payments");
  dump["ResponseRows"] = 250000;
  lines += dump.dump() + "\n";
  // Look-alikes: a small result, an ordinary statement, a login from the usual application.
  lines += auditEvent(at(2, 0), "BCM", "BATCH COMPLETED", true, "10.0.0.8",
                      "SELECT TOP 10 * FROM Payments WHERE Status = 'open'")
               .dump() +
           "\n";
  lines += auditEvent(at(3, 0), "LGIS", "DATABASE AUTHENTICATION SUCCEEDED", true, "10.0.0.9", "",
                      "sqlmap/1.7.2#stable (https://sqlmap.org)")
               .dump() +
           "\n";
  test::writeFile(dir / "audit.jsonl", lines);
  Detected d = detect(dir, dir / "audit.jsonl");
  CHECK_THAT(d.err, Catch::Contains(" 0 unparsed"));
  CHECK(rulesOf(d.alerts) ==
        std::multiset<std::string>{"sql.bruteforce.source-ip", "sql.bruteforce.success",
                                   "sql.sql-injection", "sql.shell-command", "sql.mass-extraction",
                                   "sql.harmful-application"});
  for (const auto& a : d.alerts) {
    INFO(a.dump());
    std::string entities = a["entities"].dump();
    CHECK(entities.find("azure-sql") != std::string::npos);
    CHECK(entities.find(a["rule"] == "sql.harmful-application" ? "10.0.0.9" : "198.51.100.4") !=
          std::string::npos);
  }
}

TEST_CASE("the portal's AzureDiagnostics export, diagnostic records and query answers") {
  test::TempDir dir;
  // AzureDiagnostics rows as the portal exports them: a JSON array, typed column suffixes and
  // its "M/D/YYYY, h:mm:ss AM" times.
  json rows = json::array();
  for (int i = 0; i < 10; ++i) {
    rows.push_back(
        {{"TimeGenerated [UTC]", "12/3/2026, 1:4" + std::to_string(i % 10) + ":00.000 PM"},
         {"Category", "SQLSecurityAuditEvents"},
         {"action_id_s", "LGIF"},
         {"action_name_s", "DATABASE AUTHENTICATION FAILED"},
         {"succeeded_s", "false"},
         {"server_principal_name_s", "sa"},
         {"client_ip_s", "203.0.113.77"},
         {"database_name_s", "master"}});
  }
  test::writeFile(dir / "portal.json", rows.dump(2));
  Detected portal = detect(dir, dir / "portal.json");
  CHECK_THAT(portal.err, Catch::Contains("10 events") && Catch::Contains(" 0 unparsed"));
  REQUIRE(rulesOf(portal.alerts) == std::multiset<std::string>{"sql.bruteforce.source-ip"});
  CHECK(portal.alerts[0]["firstSeen"] == "2026-12-03T13:40:00Z");
  CHECK(portal.alerts[0]["entities"].dump().find("203.0.113.77") != std::string::npos);

  // Diagnostic settings (storage, Event Hubs): records with their fields under properties.
  json records = {{"records", json::array()}};
  records["records"].push_back({{"time", at(0, 0)},
                                {"category", "SQLSecurityAuditEvents"},
                                {"properties",
                                 {{"action_id", "BCM"},
                                  {"succeeded", "true"},
                                  {"server_principal_name", "etl"},
                                  {"client_ip", "10.2.0.4"},
                                  {"statement", "ALTER SERVER ROLE sysadmin ADD MEMBER [etl]"}}}});
  test::writeFile(dir / "diagnostic.json", records.dump() + "\n");
  Detected diagnostic = detect(dir, dir / "diagnostic.json");
  CHECK(rulesOf(diagnostic.alerts) == std::multiset<std::string>{"sql.privilege-escalation"});

  // A Log Analytics query answer.
  json answer = {
      {"tables",
       {{{"name", "PrimaryResult"},
         {"columns",
          {{{"name", "TimeGenerated"}, {"type", "datetime"}},
           {{"name", "ActionId"}, {"type", "string"}},
           {{"name", "Statement"}, {"type", "string"}},
           {{"name", "ClientIp"}, {"type", "string"}}}},
         {"rows",
          {{at(0, 1), "BCM", "ALTER SERVER AUDIT [audit-1] WITH (STATE = OFF)", "10.2.0.9"},
           {at(0, 2), "BCM", "SELECT 1", "10.2.0.9"}}}}}}};
  test::writeFile(dir / "answer.json", answer.dump(1));
  Detected query = detect(dir, dir / "answer.json");
  CHECK_THAT(query.err, Catch::Contains("2 events"));
  CHECK(rulesOf(query.alerts) == std::multiset<std::string>{"sql.logging-disabled"});
}

TEST_CASE("an audit export that is not JSON is reported by file and line") {
  test::TempDir dir;
  test::writeFile(dir / "truncated.json",
                  "[\n  {\"TimeGenerated\": \"2026-12-03T10:00:00Z\", \"ActionId\": \"LGIF\"},\n"
                  "  {\"TimeGenerated\": \"2026-12-03T10:00:");
  Detected truncated = detect(dir, dir / "truncated.json");
  CHECK_THAT(truncated.err, Catch::Contains("truncated.json:3:") && Catch::Contains("not JSON"));
  test::writeFile(
      dir / "lines.json",
      auditEvent(at(0, 0), "LGIF", "DATABASE AUTHENTICATION FAILED", false, "192.0.2.5").dump() +
          "\nTimeGenerated,ActionId\n" + json{{"ActionId", "LGIF"}}.dump() + "\n" +
          json{{"TimeGenerated", at(0, 1)}}.dump() + "\n");
  Detected lines = detect(dir, dir / "lines.json");
  CHECK_THAT(lines.err, Catch::Contains("lines.json:2:") && Catch::Contains("not a JSON"));
  CHECK_THAT(lines.err, Catch::Contains("lines.json:3:") && Catch::Contains("TimeGenerated"));
  CHECK_THAT(lines.err, Catch::Contains("lines.json:4:") && Catch::Contains("action_id"));
  CHECK_THAT(lines.err, Catch::Contains("1 events"));
}

TEST_CASE("a database principal logging in from a new address or application is an anomaly") {
  test::TempDir dir;
  std::string lines;
  auto login = [&](const std::string& day, const std::string& ip, const std::string& app) {
    json e = auditEvent("2026-11-" + day + "T09:00:00Z", "LGIS",
                        "DATABASE AUTHENTICATION SUCCEEDED", true, ip, "", app);
    e["ServerPrincipalName"] = "alice";
    lines += e.dump() + "\n";
  };
  for (int day = 1; day <= 20; ++day)
    login((day < 10 ? "0" : "") + std::to_string(day), "10.1.0.5", "OrderService");
  login("21", "10.1.0.5", "OrderService");                            // as always
  login("22", "203.0.113.50", "OrderService");                        // a new address
  login("23", "10.1.0.5", "Microsoft SQL Server Management Studio");  // a new application
  test::writeFile(dir / "logins.jsonl", lines);
  Detected d = detect(dir, dir / "logins.jsonl");
  INFO(d.err);
  CHECK(rulesOf(d.alerts) ==
        std::multiset<std::string>{"ueba.sql.login-new-address", "ueba.sql.login-new-application"});
  for (const auto& a : d.alerts) {
    INFO(a.dump());
    CHECK(a["description"].get<std::string>().find("alice") != std::string::npos);
    if (a["rule"] == "ueba.sql.login-new-address")
      CHECK(a["description"].get<std::string>().find("203.0.113.50") != std::string::npos);
    else
      CHECK(a["description"].get<std::string>().find("Management Studio") != std::string::npos);
  }
}
