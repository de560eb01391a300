// Named lists in the rule language: the file's default, the operator's refreshed override,
// and errors that name the rule file's line.
#include <catch2/catch.hpp>

#include "datalists/list_parsers.h"
#include "detect/rules/rule_lists.h"
#include "detect/rules/rule_loader.h"
#include "support/test_support.h"

using namespace bulwark::detect;

namespace {

const std::string kRules = R"(lists:
  bad-nets: [192.0.2.0/24]
rules:
  - id: t.bad-net
    title: From a bad network
    severity: High
    mitre: {tactic: Initial Access, technique: T1078}
    remediation: block it
    match:
      ip: {cidr: {list: bad-nets}}
)";

bool matches(const std::vector<Rule>& rules, KeyTable& keys, const std::string& ip) {
  Event e;
  e.set(keys::kIp, ip);
  return rules.at(0).match.matches(e, keys);
}

}  // namespace

TEST_CASE("a rule's named list comes from the file, or from the operator's refreshed copy",
          "[datalists]") {
  clearRuleListOverrides();
  KeyTable keys;
  auto shipped = loadRulesText(kRules, "t.yaml", keys);
  CHECK(matches(shipped, keys, "192.0.2.9"));
  CHECK_FALSE(matches(shipped, keys, "198.51.100.9"));

  bulwark::test::TempDir dir;
  bulwark::datalists::writeListAtomically(dir.path().string(), "bad-nets", {"198.51.100.0/24"},
                                          "test");
  CHECK(loadRuleListOverrides(dir.path().string()) == std::vector<std::string>{"bad-nets"});
  auto refreshed = loadRulesText(kRules, "t.yaml", keys);
  CHECK(matches(refreshed, keys, "198.51.100.9"));
  CHECK_FALSE(matches(refreshed, keys, "192.0.2.9"));
  clearRuleListOverrides();
}

TEST_CASE("unknown or malformed lists are rule errors with the file and line", "[datalists]") {
  clearRuleListOverrides();
  KeyTable keys;
  std::string unknown = kRules;
  unknown.replace(unknown.find("{list: bad-nets}"), 16, "{list: nope}");
  CHECK_THROWS_WITH(loadRulesText(unknown, "t.yaml", keys),
                    Catch::Contains("t.yaml:10") && Catch::Contains("unknown list 'nope'"));
  std::string notAList = kRules;
  notAList.replace(notAList.find("[192.0.2.0/24]"), 14, "192.0.2.0/24");
  CHECK_THROWS_WITH(loadRulesText(notAList, "t.yaml", keys),
                    Catch::Contains("list 'bad-nets' must be a sequence"));
  std::string badBlock = kRules;
  badBlock.replace(badBlock.find("192.0.2.0/24"), 12, "192.0.2.0/99");
  CHECK_THROWS_WITH(loadRulesText(badBlock, "t.yaml", keys),
                    Catch::Contains("'192.0.2.0/99' is not an address block"));
}
