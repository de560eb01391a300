// A rule gate may let through events the rule then rejects, never reject one it accepts: every
// built-in rule is checked both ways over crafted, garbage and real logs.
#include <catch2/catch.hpp>

#include "builtin_rules.h"
#include "detect/rule_gate.h"
#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;
namespace fs = std::filesystem;

namespace {

struct Tally {
  uint64_t evaluations = 0;
  uint64_t accepted = 0;
  uint64_t rejectedByGate = 0;
  uint64_t wrongRejections = 0;
};

void check(const std::vector<Rule>& rules, const std::vector<RuleGate>& gates, const KeyTable& keys,
           RegexIndex& index, const std::vector<Event>& events, Tally& tally) {
  for (const auto& e : events) {
    index.startEvent();
    const FieldPresence present(e);
    for (size_t i = 0; i < rules.size(); ++i) {
      ++tally.evaluations;
      bool passes = gates[i].mayPass(e, present, keys, index);
      bool matches = rules[i].match.matches(e, keys);
      tally.accepted += matches ? 1 : 0;
      tally.rejectedByGate += passes ? 0 : 1;
      if (matches && !passes) {
        ++tally.wrongRejections;
        UNSCOPED_INFO(rules[i].id << " gate rejects: " << e.raw);
      }
    }
  }
}

}  // namespace

TEST_CASE("rule gates never reject an event the rule accepts", "[detectperf][gate]") {
  KeyTable keys;
  std::vector<Rule> rules = bulwark::test::builtInRules(keys);
  RegexIndex index;
  index.build(rules);
  std::vector<RuleGate> gates;
  size_t closed = 0;
  for (const auto& r : rules) {
    gates.push_back(RuleGate::forCondition(r.match));
    closed += gates.back().open() ? 0 : 1;
  }
  CHECK(closed >= 20);  // most shipped rules get a gate

  Tally tally;
  check(rules, gates, keys, index,
        bulwark::test::readText(keys, "syslog", bulwark::test::kCraftedLog).events, tally);
  check(rules, gates, keys, index,
        bulwark::test::readText(keys, "syslog", bulwark::test::garbageLog(2000)).events, tally);
  fs::path corpus = bulwark::test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("corpus absent: gates are checked on crafted and garbage lines only");
  } else {
    const std::pair<const char*, const char*> logs[] = {
        {"syslog", "loghub/Linux/Linux_2k.log"},
        {"syslog", "loghub/OpenSSH/OpenSSH_2k.log"},
        {"apache", "elastic-examples-apache/apache_logs"}};
    for (const auto& [type, name] : logs) {
      fs::path file = corpus / "logs" / name;
      if (!fs::exists(file)) continue;
      check(rules, gates, keys, index, bulwark::test::readPath(keys, type, file.string()).events,
            tally);
    }
  }
  CHECK(tally.accepted > 20);                           // rules did match, so the check ran
  CHECK(tally.rejectedByGate > tally.evaluations / 2);  // and the gates do reject most
  CHECK(tally.wrongRejections == 0);
}

TEST_CASE("rule gates: any-branches, negated tests and equality", "[detectperf][gate]") {
  KeyTable keys;
  auto rules = loadRulesText(
      "- id: branches\n  title: B\n  severity: Low\n  match:\n    any:\n"
      "      - process: [xmrig, minerd]\n      - message: {regex: 'stratum\\+tcp://'}\n"
      "- id: negated\n  title: N\n  severity: Low\n  match:\n    user: {equals: root, not: true}\n"
      "- id: nested\n  title: N\n  severity: Low\n  match:\n    any:\n"
      "      - any:\n          - user: root\n      - message: {regex: 'x'}\n",
      "t.yaml", keys);
  RegexIndex index;
  index.build(rules);
  RuleGate branches = RuleGate::forCondition(rules[0].match);
  CHECK_FALSE(branches.open());
  CHECK(RuleGate::forCondition(rules[1].match).open());  // a negated test requires nothing
  CHECK(RuleGate::forCondition(rules[2].match).open());  // a branch without tests of its own
  auto passes = [&](std::vector<std::pair<std::string, std::string>> fields) {
    Event e = bulwark::test::makeEvent(keys, "t", 0, fields);
    index.startEvent();
    return branches.mayPass(e, FieldPresence(e), keys, index);
  };
  CHECK(passes({{"process", "xmrig"}, {"message", "hello"}}));
  CHECK(passes({{"process", "bash"}, {"message", "pool stratum+tcp://x:3333"}}));
  CHECK_FALSE(passes({{"process", "bash"}, {"message", "hello"}}));
  CHECK_FALSE(passes({{"user", "root"}}));
}
