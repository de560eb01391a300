// `bulwark detect` with the vm plugin enabled loads its embedded Linux pack next to the shipped
// rules; over the loghub corpus the pack's alerts are checked against counts taken here from
// the raw text, independently of the readers and the engine.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/test_support.h"

using bulwark::test::runBulwark;
using bulwark::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path loghub() {
  fs::path c = bulwark::test::corpusDir();
  return c.empty() ? c : c / "logs" / "loghub";
}

// Lines of `file` matching `pattern`.
size_t countLines(const fs::path& file, const std::regex& pattern) {
  std::ifstream in(file);
  size_t n = 0;
  for (std::string line; std::getline(in, line);)
    n += std::regex_search(line, pattern) ? 1 : 0;
  return n;
}

// Events merged into the alerts of each linux.* rule.
std::map<std::string, uint64_t> packEvents(const json& alerts) {
  std::map<std::string, uint64_t> out;
  for (const auto& a : alerts) {
    std::string rule = a.at("rule");
    if (rule.rfind("linux.", 0) == 0) out[rule] += a.at("eventCount").get<uint64_t>();
  }
  return out;
}

json detect(const TempDir& dir, const fs::path& log) {
  auto config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  auto r = runBulwark({"detect", "--source", "auth.log:" + log.string(), "--config",
                       config.string(), "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("detect with the vm plugin enabled runs its embedded Linux pack", "[vmrules][cli]") {
  TempDir dir;
  bulwark::test::writeFile(
      dir / "auth.log",
      "Nov 29 03:00:00 web1 sshd[100]: Accepted publickey for root from 203.0.113.7 port 5 ssh2\n"
      "Nov 29 03:00:05 web1 sudo:    alice : TTY=pts/0 ; PWD=/ ; USER=root ; "
      "COMMAND=/usr/bin/systemctl stop auditd\n");
  auto config = bulwark::test::writeConfig(dir, {}, {});
  auto without = runBulwark({"detect", "--source", "auth.log:" + (dir / "auth.log").string(),
                             "--config", config.string(), "--format", "json"});
  REQUIRE(without.exitCode == 0);
  CHECK(packEvents(json::parse(without.out)).empty());

  json alerts = detect(dir, dir / "auth.log");
  CHECK(packEvents(alerts) ==
        std::map<std::string, uint64_t>{{"linux.ssh.root-login", 1}, {"linux.auditd.disabled", 1}});
  for (const auto& a : alerts) {
    if (a["rule"] == "linux.auditd.disabled") {
      CHECK(a["severity"] == "High");
      CHECK(a["mitre"]["tactic"] == "Defense Evasion");
      CHECK(a["mitre"]["technique"] == "T1562.012");
    }
  }
}

TEST_CASE("Linux_2k: the pack's alerts match counts from the raw log", "[vmrules][cli][corpus]") {
  if (loghub().empty()) {
    BULWARK_SKIP("corpus absent: skipped");
    return;
  }
  fs::path file = loghub() / "Linux" / "Linux_2k.log";
  TempDir dir;
  auto got = packEvents(detect(dir, file));

  // Exact: console root logins are login's "ROOT LOGIN ON ttyN" lines (the file is CRLF).
  size_t rootLogins = countLines(file, std::regex(R"(: ROOT LOGIN ON tty\d+\r?$)"));
  CHECK(rootLogins >= 1);
  CHECK(got["linux.root.console-login"] == rootLogins);
  // Every other rule needs one of its key words in a line; count such lines from the text.
  const std::map<std::string, std::string> keywords = {
      {"linux.ssh.root-login", R"(Accepted \S+ for root )"},
      {"linux.account.user-created", "new user: "},
      {"linux.account.group-created", "new group: "},
      {"linux.account.added-to-admin-group", "usermod|gpasswd| to group "},
      {"linux.ssh.authorized-keys-modified", "authorized_keys"},
      {"linux.history.cleared", "history|HISTFILE|HISTSIZE"},
      {"linux.auditd.disabled",
       "audit daemon|Auditing Service|DAEMON_END|auditd|auditctl|"
       "audit_enabled=0 old"},
      {"linux.download-and-execute", "curl|wget"},
      {"linux.reverse-shell", "/dev/tcp|/dev/udp|nc |ncat|socat|pty\\.spawn|fsockopen|perl -e"},
      {"linux.cryptominer", "stratum|xmr|miner|kinsing|kdevtmpfsi|donate-level"},
      {"linux.persistence.cron", "REPLACE|END EDIT|RELOAD|crontab|/etc/cron|/var/spool/cron"},
      {"linux.persistence.systemd", "systemctl|Created symlink|/systemd/"},
      {"linux.kernel-module.loaded",
       "insmod|modprobe|out-of-tree|module verification|"
       "KERN_MODULE"},
      {"linux.logs.cleared", "/var/log/|--vacuum"}};
  for (const auto& [rule, words] : keywords) {
    INFO(rule);
    size_t candidates = countLines(file, std::regex(words));
    CHECK(got[rule] <= candidates);
    if (candidates == 0) CHECK(got[rule] == 0);
  }
  // Lines that look close but are not the behaviour: the boot-time "audit: initializing
  // netlink socket (disabled)" must not read as auditd being disabled.
  CHECK(countLines(file, std::regex("audit: initializing netlink socket \\(disabled\\)")) == 1);
  CHECK(got["linux.auditd.disabled"] == 0);
}

TEST_CASE("OpenSSH_2k: its one accepted login is not a root login", "[vmrules][cli][corpus]") {
  if (loghub().empty()) {
    BULWARK_SKIP("corpus absent: skipped");
    return;
  }
  fs::path file = loghub() / "OpenSSH" / "OpenSSH_2k.log";
  TempDir dir;
  auto got = packEvents(detect(dir, file));
  size_t accepted = countLines(file, std::regex(R"(\]: Accepted \S+ for \S+ from )"));
  size_t rootAccepted = countLines(file, std::regex(R"(\]: Accepted \S+ for root from )"));
  CHECK(accepted == 1);
  CHECK(got["linux.ssh.root-login"] == rootAccepted);
  // Failed root passwords are brute force (plugins/vm/rules/ssh.yaml), not root logins.
  CHECK(countLines(file, std::regex(R"(Failed password for root )")) > 0);
}
