// bulwark detect and bulwark alerts as operators use them.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/test_support.h"

using bulwark::test::runBulwark;
using bulwark::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string authLog() {
  std::string log;
  for (int i = 0; i < 12; ++i)
    log += "Mar  3 10:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
           " srv sshd[7]: Failed password for root from 203.0.113.50 port 4" + std::to_string(i) +
           " ssh2\n";
  log +=
      "Mar  3 10:01:00 srv sshd[7]: Accepted password for root from 203.0.113.50 port 9 "
      "ssh2\n";
  log += "\x01\x02 binary garbage\n";
  log += "Mar  3 10:02:00 srv sshd[8]: Accepted publickey for ops from 192.0.2.1 port 1 ssh2\n";
  return log;
}

}  // namespace

TEST_CASE("detect stores alerts, reports garbage lines and alerts can be triaged",
          "[detect][cli]") {
  TempDir dir;
  bulwark::test::writeFile(dir / "auth.log", authLog());
  std::string store = (dir / "b.db").string();
  auto r = runBulwark({"detect", "--source", "syslog:" + (dir / "auth.log").string(), "--store",
                       store, "--year", "2026", "--format", "json", "--config", "", "--rules",
                       bulwark::test::sshRulePack().string()});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("auth.log:14: skipped: no syslog timestamp"));
  CHECK_THAT(r.err, Catch::Contains("1 unparsed"));
  json alerts = json::parse(r.out);
  std::set<std::string> rules;
  for (const auto& a : alerts) {
    rules.insert(a["rule"]);
    CHECK(!a["mitre"]["tactic"].get<std::string>().empty());
  }
  CHECK(rules == std::set<std::string>{"ssh.bruteforce.source-ip", "ssh.bruteforce.success"});

  // A second run over the same log updates the stored alerts instead of adding copies.
  REQUIRE(runBulwark({"detect", "--source", "syslog:" + (dir / "auth.log").string(), "--store",
                      store, "--year", "2026", "--config", "", "--rules",
                      bulwark::test::sshRulePack().string()})
              .exitCode == 0);
  auto list = runBulwark({"alerts", "list", "--store", store, "--format", "json"});
  REQUIRE(list.exitCode == 0);
  json stored = json::parse(list.out);
  REQUIRE(stored.size() == 2);
  int64_t id = stored[0]["id"];
  CHECK(stored[0]["status"] == "new");

  auto set =
      runBulwark({"alerts", "set-status", std::to_string(id), "dismissed", "--store", store});
  CHECK(set.exitCode == 0);
  auto show = runBulwark({"alerts", "show", std::to_string(id), "--store", store});
  CHECK(show.exitCode == 0);
  CHECK_THAT(show.out, Catch::Contains("status: dismissed") && Catch::Contains("evidence:") &&
                           Catch::Contains("203.0.113.50"));
  auto dismissed = runBulwark(
      {"alerts", "list", "--status", "dismissed", "--store", store, "--format", "jsonl"});
  CHECK(std::count(dismissed.out.begin(), dismissed.out.end(), '\n') == 1);
  CHECK(runBulwark({"alerts", "set-status", std::to_string(id), "closed", "--store", store})
            .exitCode == 2);
  CHECK(runBulwark({"alerts", "show", "999", "--store", store}).exitCode == 3);
  CHECK(runBulwark({"detect", "--source", "syslog:" + (dir / "auth.log").string(), "--store", store,
                    "--config", "", "--rules", bulwark::test::sshRulePack().string(), "--fail-on",
                    "high"})
            .exitCode == 1);
}

TEST_CASE("detect refuses bad sources and broken rules with their place", "[detect][cli]") {
  TempDir dir;
  bulwark::test::writeFile(dir / "rules.yaml",
                           "rules:\n  - id: x\n    title: X\n"
                           "    severity: Huge\n    match: {type: a}\n");
  bulwark::test::writeFile(dir / "a.log", "x\n");
  auto bad = runBulwark({"detect", "--source", "syslog:" + (dir / "a.log").string(), "--rules",
                         (dir / "rules.yaml").string(), "--no-store", "--config", "", "--rules",
                         bulwark::test::sshRulePack().string()});
  CHECK(bad.exitCode == 2);
  CHECK_THAT(bad.err, Catch::Contains("rules.yaml:4:15: severity 'Huge'"));
  CHECK(runBulwark({"detect", "--source", "evtx:/x", "--no-store", "--config", "", "--rules",
                    bulwark::test::sshRulePack().string()})
            .exitCode == 2);
  CHECK(runBulwark({"detect", "--source", "nocolon", "--no-store", "--config", "", "--rules",
                    bulwark::test::sshRulePack().string()})
            .exitCode == 2);
  auto missing = runBulwark({"detect", "--source", "syslog:/nonexistent.log", "--no-store",
                             "--config", "", "--rules", bulwark::test::sshRulePack().string()});
  CHECK(missing.exitCode == 3);
  CHECK_THAT(missing.err, Catch::Contains("/nonexistent.log"));
}

TEST_CASE("detect runs the rule sets that enabled plugins ship in their manifests",
          "[detect][cli]") {
  TempDir dir;
  bulwark::test::writeFile(dir / "auth.log",
                           "Mar  3 10:00:00 srv sudo:    alice : TTY=pts/0 ; PWD=/ ; USER=root ; "
                           "COMMAND=/bin/bash\n"
                           "Mar  3 10:00:01 srv sudo:    bob : TTY=pts/0 ; PWD=/ ; USER=root ; "
                           "COMMAND=/usr/bin/id\n");
  auto pluginDir = bulwark::test::testPluginDir() / "detect";
  auto source = "syslog:" + (dir / "auth.log").string();
  auto without = runBulwark({"detect", "--source", source, "--config",
                             bulwark::test::writeConfig(dir, {}, {}, {pluginDir}).string(),
                             "--format", "json"});
  REQUIRE(without.exitCode == 0);
  CHECK(json::parse(without.out).empty());

  auto config = bulwark::test::writeConfig(dir, {{"detectrules", ""}}, {}, {pluginDir});
  auto with =
      runBulwark({"detect", "--source", source, "--config", config.string(), "--format", "json"});
  INFO(with.err);
  REQUIRE(with.exitCode == 0);
  json alerts = json::parse(with.out);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0]["rule"] == "detectrules.sudo-shell");
  CHECK(alerts[0]["mitre"]["tactic"] == "Privilege Escalation");
  CHECK(alerts[0]["entities"][0]["value"] == "alice");

  auto broken = bulwark::test::writeConfig(dir, {{"badrules", ""}}, {}, {pluginDir});
  auto refused = runBulwark({"detect", "--source", source, "--config", broken.string()});
  CHECK(refused.exitCode == 2);
  CHECK_THAT(refused.err,
             Catch::Contains("plugin badrules/broken:5:") && Catch::Contains("bad regex"));
}

TEST_CASE("detect --follow saves its position: a restart reads only the new lines",
          "[detect][cli][follow]") {
  TempDir dir;
  fs::path log = dir / "auth.log";
  std::string store = (dir / "b.db").string();
  std::string lines;
  for (int i = 0; i < 12; ++i)
    lines += "Mar  3 10:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
             " srv sshd[7]: Failed password for root from 203.0.113.50 port 4 ssh2\n";
  bulwark::test::writeFile(log, lines);
  std::vector<std::string> args = {"detect",      "--follow",
                                   "--max-polls", "1",
                                   "--poll-ms",   "10",
                                   "--source",    "auth.log:" + log.string(),
                                   "--store",     store,
                                   "--config",    "",
                                   "--rules",     bulwark::test::sshRulePack().string(),
                                   "--year",      "2026"};
  auto first = runBulwark(args);
  INFO(first.err);
  REQUIRE(first.exitCode == 0);
  CHECK_THAT(first.err, Catch::Contains("12 lines"));
  CHECK_THAT(first.out, Catch::Contains("ssh.bruteforce.source-ip"));
  {
    std::ofstream out(log, std::ios::app);
    out << "Mar  3 10:00:30 srv sshd[7]: Failed password for root from 203.0.113.50 port 4 ssh2\n";
  }
  auto second = runBulwark(args);
  CHECK(second.exitCode == 0);
  CHECK_THAT(second.err, Catch::Contains(": 1 lines"));
  auto third = runBulwark(args);
  CHECK_THAT(third.err, Catch::Contains(": 0 lines"));
  CHECK(runBulwark({"detect", "--follow", "--no-store", "--source", "syslog:" + log.string(),
                    "--config", "", "--rules", bulwark::test::sshRulePack().string()})
            .exitCode == 2);
}
