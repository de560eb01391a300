// The combined regex index must answer exactly as each rule's own regexes: every built-in rule
// is evaluated both ways over real syslog lines, lines written to fire the regex rules, and
// garbage.
#include <catch2/catch.hpp>

#include <random>

#include "builtin_rules.h"
#include "detect/rules/regex_index.h"
#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;
using bulwark::test::builtInRules;
using bulwark::test::garbageLog;
using bulwark::test::kCraftedLog;
namespace fs = std::filesystem;

namespace {

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
    BULWARK_SKIP("corpus absent: the regex index is compared on crafted and garbage lines only");
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
