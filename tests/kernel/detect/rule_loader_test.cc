// The rule language: what loads, and errors with file, line and column for what does not.
#include <catch2/catch.hpp>
#include <set>

#include "detect/rules/rule_loader.h"
#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;

namespace {

std::string loadError(const std::string& yaml) {
  KeyTable keys;
  try {
    loadRulesText(yaml, "r.yaml", keys);
  } catch (const RuleError& e) {
    return e.what();
  }
  return "";
}

const std::string kHeader =
    "rules:\n"
    "  - id: t.one\n"
    "    title: T\n"
    "    severity: High\n";

}  // namespace

TEST_CASE("a complete rule loads with its MITRE mapping and form", "[detect][rules]") {
  KeyTable keys;
  auto rules = loadRulesText(kHeader +
                                 "    mitre: {tactic: Credential Access, technique: T1110.001}\n"
                                 "    match: {type: ssh.login.failed}\n"
                                 "    threshold: {count: 5, window: 2m, group_by: [ip]}\n",
                             "r.yaml", keys);
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].form == RuleForm::Threshold);
  CHECK(rules[0].count == 5);
  CHECK(rules[0].windowNs == 120LL * 1000000000LL);
  CHECK(rules[0].dedupNs == rules[0].windowNs);
  CHECK(rules[0].tactic == "Credential Access");
  CHECK(rules[0].origin == "r.yaml:2");
  REQUIRE(rules[0].groupBy.size() == 1);
  CHECK(rules[0].groupBy[0] == keys::kIp);
}

TEST_CASE("rule errors name the file, line and column", "[detect][rules]") {
  CHECK(loadError(kHeader + "    match: {type: x}\n    treshold: {count: 1}\n") ==
        "r.yaml:6:5: unknown key 'treshold' in a rule (did you mean 'threshold'?)");
  CHECK_THAT(loadError(kHeader + "    match: {ip: {cidr: 10.0.0.0/33}}\n"),
             Catch::StartsWith("r.yaml:5:") && Catch::Contains("not an address block"));
  CHECK_THAT(loadError(kHeader + "    match: {url: {regex: 'a(b'}}\n"),
             Catch::StartsWith("r.yaml:5:") && Catch::Contains("bad regex"));
  CHECK_THAT(loadError(kHeader + "    match: {type: x}\n    threshold: {count: 0, window: 1m}\n"),
             Catch::StartsWith("r.yaml:6:") && Catch::Contains("positive whole number"));
  CHECK_THAT(loadError(kHeader + "    match: {type: x}\n    threshold: {count: 2, window: 5y}\n"),
             Catch::Contains("duration"));
  CHECK_THAT(loadError("rules:\n  - id: t\n    title: T\n    severity: Critical\n"
                       "    match: {type: x}\n"),
             Catch::StartsWith("r.yaml:4:") && Catch::Contains("High, Medium, Low"));
  CHECK_THAT(loadError(kHeader + "    mitre: {tactic: Credential Acess, technique: T1110}\n"
                                 "    match: {type: x}\n"),
             Catch::Contains("did you mean 'Credential Access'"));
  CHECK_THAT(loadError(kHeader + "    mitre: {tactic: Impact, technique: 1110}\n"
                                 "    match: {type: x}\n"),
             Catch::Contains("T1110.001"));
  CHECK_THAT(loadError(kHeader), Catch::Contains("no match condition"));
  CHECK_THAT(loadError(kHeader + "    match: {type: x}\n    threshold: {count: 2, window: 1m}\n"
                                 "    sequence: {by: ip, within: 1m, steps: []}\n"),
             Catch::Contains("only one of"));
  CHECK_THAT(loadError(kHeader + "    match: {type: x}\n  - id: t.one\n    title: U\n"
                                 "    severity: Low\n    match: {type: y}\n"),
             Catch::Contains("duplicate rule id 't.one'") && Catch::Contains("r.yaml:2"));
  CHECK_THAT(loadError("rules:\n  - id: t\n    title: [unclosed\n"),
             Catch::StartsWith("r.yaml:") && !Catch::Contains("r.yaml: "));
  CHECK_THAT(loadError(kHeader + "    match: {path: {contains: a, endswith: b}}\n"),
             Catch::Contains("exactly one operator"));
  CHECK_THAT(loadError("\x01\x02garbage: [\n\t{"), Catch::StartsWith("r.yaml"));
}

TEST_CASE("the shipped rule packs load: the appservice plugin's web and the vm plugin's SSH pack",
          "[detect][rules]") {
  KeyTable keys;
  auto rules = loadRulesPath(
      (bulwark::test::sourceDir() / "plugins" / "appservice" / "rules").string(), keys);
  for (auto& r : loadRulesPath(bulwark::test::sshRulePack().string(), keys))
    rules.push_back(std::move(r));
  std::set<std::string> ids;
  for (const auto& r : rules) {
    ids.insert(r.id);
    CHECK(!r.tactic.empty());
    CHECK(!r.remediation.empty());
  }
  for (const char* id :
       {"ssh.bruteforce.source-ip", "ssh.bruteforce.success", "ssh.invalid-user.enumeration",
        "ssh.bruteforce.distributed", "web.scanner.probe", "web.login.distributed"})
    CHECK(ids.count(id) == 1);
}
