// Suppression rules: what they match, that expired ones stop applying, that suppressed
// alerts are stored and listed as suppressed rather than dropped.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "detect/alert_schema.h"
#include "detect/alert_store.h"
#include "store/store.h"
#include "support/legacy_store.h"
#include "support/test_support.h"
#include "suppress/suppression_store.h"

using namespace bulwark;
using suppress::SuppressionRule;

namespace {

constexpr int64_t kDayNs = 86400LL * 1000000000;
constexpr int64_t kNow = 1790812800LL * 1000000000;

detect::Alert alertOf(const std::string& rule, const std::string& ip, int64_t first = kNow) {
  detect::Alert a;
  a.ruleId = rule;
  a.title = rule;
  a.severity = "Medium";
  a.firstNs = a.lastNs = first;
  a.eventCount = 1;
  a.entities = {{"ip", ip}, {"user", "Alice"}};
  a.fingerprint = rule + "|" + ip + "|" + std::to_string(first);
  return a;
}

SuppressionRule ruleOf(const std::string& pattern, const std::string& type,
                       const std::string& value, std::optional<int64_t> expires = {}) {
  SuppressionRule r;
  r.rulePattern = pattern;
  r.entityType = type;
  r.entityValue = value;
  r.reason = "scanner of the security team";
  r.expiresNs = expires;
  r.createdNs = kNow;
  return r;
}

}  // namespace

TEST_CASE("suppression rules match rule ids, prefixes and entities", "[suppress]") {
  auto a = alertOf("ssh.bruteforce", "203.0.113.7");
  CHECK(ruleOf("ssh.bruteforce", "ip", "203.0.113.7").matches(a));
  CHECK(ruleOf("ssh.*", "ip", "203.0.113.7").matches(a));
  CHECK(ruleOf("*", "", "").matches(a));
  CHECK(ruleOf("ssh.bruteforce", "user", "alice").matches(a));  // case-insensitive
  CHECK(ruleOf("ssh.bruteforce", "", "").matches(a));
  CHECK_FALSE(ruleOf("ssh.brute", "", "").matches(a));
  CHECK_FALSE(ruleOf("web.*", "ip", "203.0.113.7").matches(a));
  CHECK_FALSE(ruleOf("ssh.bruteforce", "ip", "203.0.113.8").matches(a));
  CHECK_FALSE(ruleOf("ssh.bruteforce", "host", "203.0.113.7").matches(a));
}

TEST_CASE("invalid suppression rules are refused with the reason", "[suppress]") {
  CHECK_THROWS_WITH(suppress::validate(ruleOf("", "", "")), Catch::Contains("rule id"));
  CHECK_THROWS_WITH(suppress::validate(ruleOf("ssh.*.x", "", "")), Catch::Contains("'*'"));
  CHECK_THROWS_WITH(suppress::validate(ruleOf("ssh.x", "ip", "")), Catch::Contains("TYPE=VALUE"));
  auto noReason = ruleOf("ssh.x", "", "");
  noReason.reason.clear();
  CHECK_THROWS_WITH(suppress::validate(noReason), Catch::Contains("reason"));
}

TEST_CASE("expired suppression rules stop applying", "[suppress]") {
  std::vector<SuppressionRule> rules = {ruleOf("ssh.*", "ip", "203.0.113.7", kNow + kDayNs)};
  rules[0].id = 4;
  std::vector<detect::Alert> alerts = {alertOf("ssh.bruteforce", "203.0.113.7"),
                                       alertOf("ssh.bruteforce", "198.51.100.1")};
  CHECK(suppress::applySuppressions(alerts, rules, kNow + kDayNs - 1) == 1);
  CHECK(alerts[0].status == "suppressed");
  CHECK(alerts[0].suppressedBy == "#4: scanner of the security team");
  CHECK(alerts[1].status == "new");
  std::vector<detect::Alert> later = {alertOf("ssh.bruteforce", "203.0.113.7")};
  CHECK(suppress::applySuppressions(later, rules, kNow + kDayNs) == 0);
  CHECK(later[0].status == "new");
}

TEST_CASE("suppressed alerts are stored and listed as suppressed", "[suppress][store]") {
  test::TempDir dir;
  const std::string db = (dir / "b.db").string();
  suppress::SuppressionStore rules(db);
  auto stored = rules.add(ruleOf("ssh.*", "ip", "203.0.113.7", kNow + kDayNs));
  CHECK(stored.id > 0);
  rules.add(ruleOf("web.*", "", ""));
  auto listed = rules.list();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].expiresNs == kNow + kDayNs);
  CHECK_FALSE(listed[1].expiresNs);
  std::vector<detect::Alert> alerts = {alertOf("ssh.bruteforce", "203.0.113.7"),
                                       alertOf("ssh.bruteforce", "198.51.100.1")};
  suppress::applySuppressions(alerts, listed, kNow);
  detect::AlertStore store(db);
  CHECK(store.save(alerts) == 2);
  auto suppressed = store.list("suppressed");
  REQUIRE(suppressed.size() == 1);
  CHECK(suppressed[0].suppressedBy == "#1: scanner of the security team");
  CHECK(store.list("new").size() == 1);
  CHECK(rules.remove(1));
  CHECK_FALSE(rules.remove(1));
  CHECK(rules.list().size() == 1);
}

TEST_CASE("bulwark alerts suppress marks stored and future alerts", "[suppress][cli]") {
  test::TempDir dir;
  const std::string db = (dir / "b.db").string();
  std::string lines;
  for (int i = 0; i < 30; ++i)
    lines += "Nov 29 01:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
             " vm1 sshd[1]: Failed password for root from 203.0.113.7 port 22 ssh2\n";
  test::writeFile(dir / "auth.log", lines);
  std::vector<std::string> detect = {
      "detect", "--config", "",     "--rules",  test::sshRulePack().string(),           "--store",
      db,       "--year",   "2026", "--source", "syslog:" + (dir / "auth.log").string()};
  auto first = test::runBulwark(detect);
  REQUIRE(first.exitCode == 0);
  auto before = test::runBulwark({"alerts", "list", "--store", db, "--status", "new"});
  REQUIRE_THAT(before.out, Catch::Contains("203.0.113.7"));

  auto bad = test::runBulwark({"alerts", "suppress", "--store", db, "--rule", "ssh.*"});
  CHECK(bad.exitCode == 2);
  CHECK_THAT(bad.err, Catch::Contains("reason"));
  auto add = test::runBulwark({"alerts", "suppress", "--store", db, "--rule", "*", "--entity",
                               "ip=203.0.113.7", "--reason", "our scanner", "--days", "7"});
  INFO(add.err);
  REQUIRE(add.exitCode == 0);
  CHECK_THAT(add.out, Catch::Contains("#1 added") && !Catch::Contains(" 0 stored"));
  CHECK_THAT(test::runBulwark({"alerts", "list", "--store", db, "--status", "new"}).out,
             Catch::Contains("No alerts."));
  auto shown = test::runBulwark({"alerts", "list", "--store", db, "--status", "suppressed"});
  CHECK_THAT(shown.out, Catch::Contains("suppressed") && Catch::Contains("203.0.113.7"));
  auto listed = test::runBulwark({"alerts", "suppressions", "--store", db});
  CHECK_THAT(listed.out, Catch::Contains("ip=203.0.113.7") && Catch::Contains("active") &&
                             Catch::Contains("our scanner"));

  // New alerts from a fresh log are stored suppressed too; an expired rule lets them through.
  auto expired =
      test::runBulwark({"alerts", "suppress", "--store", db, "--rule", "*", "--entity",
                        "ip=198.51.100.9", "--reason", "old", "--expires", "2020-01-01T00:00:00Z"});
  REQUIRE(expired.exitCode == 0);
  CHECK_THAT(test::runBulwark({"alerts", "suppressions", "--store", db}).out,
             Catch::Contains("expired"));
  std::string other;
  for (int i = 0; i < 30; ++i)
    other += "Nov 29 02:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
             " vm1 sshd[1]: Failed password for root from 198.51.100.9 port 22 ssh2\n";
  test::writeFile(dir / "auth2.log", other);
  auto second = test::runBulwark({"detect", "--config", "", "--rules", test::sshRulePack().string(),
                                  "--store", db, "--year", "2026", "--source",
                                  "syslog:" + (dir / "auth2.log").string()});
  CHECK_THAT(second.err, Catch::Contains("(0 suppressed)"));
  CHECK_THAT(test::runBulwark({"alerts", "list", "--store", db, "--status", "new"}).out,
             Catch::Contains("198.51.100.9"));
  CHECK(test::runBulwark({"alerts", "unsuppress", "1", "--store", db}).exitCode == 0);
  CHECK(test::runBulwark({"alerts", "unsuppress", "1", "--store", db}).exitCode == 3);
}

TEST_CASE("alerts stored before schema 6 keep their rows and can be suppressed",
          "[suppress][store]") {
  test::TempDir dir;
  const std::string db = (dir / "old.db").string();
  test::writeLegacyStore(db, 4);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw,
                       "INSERT INTO alerts (fingerprint, rule_id, title, severity, status, "
                       "first_seen, last_seen, event_count, created_at, updated_at) VALUES "
                       "('f1', 'ssh.x', 'x', 'High', 'dismissed', '2026-11-01T00:00:00Z', "
                       "'2026-11-01T00:00:00Z', 3, 'c', 'u')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  detect::AlertStore store(db);  // migrates 4 -> current
  auto alerts = store.list();
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].status == "dismissed");
  CHECK(alerts[0].eventCount == 3);
  CHECK(store.suppress(alerts[0].id, "#9: test"));
  CHECK(store.get(alerts[0].id)->status == "suppressed");
  CHECK(store.get(alerts[0].id)->suppressedBy == "#9: test");
  CHECK(Store(db).partVersion("alerts") ==
        static_cast<int>(detect::alertsSchema().migrations.size()));
}
