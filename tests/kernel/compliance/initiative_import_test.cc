// Importing Azure Policy initiatives: the real Defender for Cloud initiative from the corpus
// (counts computed here from the JSON), hand-made broken ones, and a scan that runs one.
#include <catch2/catch.hpp>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "policy/initiative.h"
#include "policy/policy_error.h"
#include "policy/security_policy.h"
#include "scope/resource_id.h"
#include "store/store.h"
#include "support/test_support.h"

using namespace bulwark;
using namespace bulwark::policy;
namespace test = bulwark::test;
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  return toLowerAscii(s);
}

// The parameter named by "[parameters('x')]", or "".
std::string parameterReference(const Json& v) {
  static const std::regex ref(R"(^\[parameters\('([^']+)'\)\]$)");
  std::smatch m;
  if (!v.is_string()) return {};
  std::string s = v.get<std::string>();
  return std::regex_match(s, m, ref) ? m[1].str() : std::string{};
}

fs::path ascFile(const fs::path& corpus) {
  return corpus / "azure-policy" / "policySetDefinitions" / "AzureSecurityCenter.json";
}

}  // namespace

TEST_CASE("the Defender for Cloud initiative imports", "[initiative][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("corpus not found; skipping");
    return;
  }
  const fs::path definitions = corpus / "azure-policy" / "policyDefinitions";
  const Json set = Json::parse(test::readFile(ascFile(corpus)));
  // Independent index: definition name -> document.
  std::map<std::string, Json> byName;
  for (const auto& e : fs::recursive_directory_iterator(definitions)) {
    if (e.path().extension() != ".json") continue;
    Json doc = Json::parse(test::readFile(e.path()));
    byName[lower(doc["name"].get<std::string>())] = doc;
  }
  const Json& declared = set["properties"]["parameters"];
  size_t notFound = 0, expectDisabledAtMost = 0;
  std::map<std::string, std::string> expectedEffect;  // referenceId -> lower-case effect
  for (const auto& ref : set["properties"]["policyDefinitions"]) {
    std::string id = ref["policyDefinitionId"];
    auto def = byName.find(lower(id.substr(id.rfind('/') + 1)));
    if (def == byName.end()) {
      notFound++;
      continue;
    }
    // The effect: the member's value (an initiative parameter's default, or a literal), else
    // the definition's own effect parameter default.
    Json effect;
    if (ref.contains("parameters") && ref["parameters"].contains("effect")) {
      Json v = ref["parameters"]["effect"]["value"];
      std::string p = parameterReference(v);
      effect = p.empty() ? v : declared[p]["defaultValue"];
    } else {
      const Json& params = def->second["properties"]["parameters"];
      std::string p = parameterReference(def->second["properties"]["policyRule"]["then"]["effect"]);
      effect = p.empty() ? def->second["properties"]["policyRule"]["then"]["effect"]
                         : params[p]["defaultValue"];
    }
    if (effect.is_string()) {
      expectedEffect[ref["policyDefinitionReferenceId"]] = lower(effect.get<std::string>());
      if (lower(effect.get<std::string>()) == "disabled") expectDisabledAtMost++;
    }
  }

  InitiativeImport imported = importInitiative(ascFile(corpus).string(), definitions.string());
  const size_t members = set["properties"]["policyDefinitions"].size();
  std::cout << "AzureSecurityCenter.json: " << members << " members, "
            << imported.count(MemberStatus::Supported) << " supported, "
            << imported.count(MemberStatus::Disabled) << " disabled, "
            << imported.count(MemberStatus::Unsupported) << " unsupported, "
            << imported.count(MemberStatus::NotFound) << " not found, "
            << imported.count(MemberStatus::Invalid) << " invalid\n";
  REQUIRE(imported.members.size() == members);
  CHECK(imported.displayName == set["properties"]["displayName"]);
  CHECK(imported.count(MemberStatus::NotFound) == notFound);
  CHECK(imported.count(MemberStatus::Supported) + imported.count(MemberStatus::Disabled) +
            imported.count(MemberStatus::Unsupported) + imported.count(MemberStatus::Invalid) ==
        members - notFound);
  CHECK(imported.count(MemberStatus::Disabled) <= expectDisabledAtMost);
  CHECK(imported.count(MemberStatus::Supported) > 0);
  CHECK(imported.count(MemberStatus::Invalid) == 0);
  for (const auto& m : imported.members) {
    INFO(m.referenceId << " " << m.detail);
    switch (m.status) {
      case MemberStatus::Supported:
        CHECK(m.effect == expectedEffect[m.referenceId]);
        CHECK(m.effect != "disabled");
        break;
      case MemberStatus::Disabled:
        CHECK(expectedEffect[m.referenceId] == "disabled");
        break;
      case MemberStatus::Unsupported:
        CHECK_THAT(m.detail, Catch::StartsWith("unsupported: "));
        break;
      case MemberStatus::NotFound:
        CHECK_THAT(m.detail, Catch::StartsWith("not found: "));
        CHECK(m.file.empty());
        break;
      case MemberStatus::Invalid:
        break;
    }
  }
  // Per-member values that name an initiative parameter receive its default.
  size_t substituted = 0;
  std::string overridable;
  for (size_t i = 0; i < imported.members.size(); ++i) {
    const Json& ref = set["properties"]["policyDefinitions"][i];
    const auto& m = imported.members[i];
    if (m.file.empty() || !ref.contains("parameters")) continue;
    for (auto it = ref["parameters"].begin(); it != ref["parameters"].end(); ++it) {
      std::string p = parameterReference(it.value()["value"]);
      if (p.empty() || !declared[p].contains("defaultValue") || !m.parameters.contains(it.key()))
        continue;
      CHECK(m.parameters[it.key()] == declared[p]["defaultValue"]);
      substituted++;
      if (it.key() != "effect" && declared[p]["defaultValue"].is_number()) overridable = p;
    }
  }
  CHECK(substituted > 100);
  if (!overridable.empty()) {
    // The operator's values override the initiative's defaults.
    int value = declared[overridable]["defaultValue"].get<int>() + 7;
    auto again = importInitiative(ascFile(corpus).string(), definitions.string(),
                                  Json{{overridable, {{"value", value}}}});
    bool seen = false;
    for (size_t i = 0; i < again.members.size(); ++i) {
      const Json& ref = set["properties"]["policyDefinitions"][i];
      if (!ref.contains("parameters")) continue;
      for (auto it = ref["parameters"].begin(); it != ref["parameters"].end(); ++it) {
        if (parameterReference(it.value()["value"]) != overridable) continue;
        CHECK(again.members[i].parameters[it.key()] == value);
        seen = true;
      }
    }
    CHECK(seen);
  }

  SECTION("the CLI prints the counts") {
    auto r = test::runBulwark({"policy", "import-initiative", ascFile(corpus).string(),
                               "--definitions", definitions.string(), "--format", "json"});
    REQUIRE(r.exitCode == 0);
    Json out = Json::parse(r.out);
    CHECK(out["counts"]["members"] == members);
    CHECK(out["counts"]["not found"] == notFound);
    CHECK(out["counts"]["supported"] == imported.count(MemberStatus::Supported));
    auto table = test::runBulwark({"policy", "import-initiative", ascFile(corpus).string(),
                                   "--definitions", definitions.string()});
    CHECK_THAT(table.out, Catch::Contains("supported") && Catch::Contains("not found"));
  }
}

TEST_CASE("broken initiatives are reported with their place", "[initiative]") {
  test::TempDir dir;
  test::writeFile(dir / "defs" / "good.json", R"({"name": "1111", "properties": {
    "displayName": "Secure transfer", "mode": "Indexed",
    "parameters": {"effect": {"type": "String", "defaultValue": "Audit"}},
    "policyRule": {"if": {"allOf": [
        {"field": "type", "equals": "Microsoft.Storage/storageAccounts"},
        {"field": "Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly", "equals": false}]},
      "then": {"effect": "[parameters('effect')]"}}}})");
  test::writeFile(dir / "defs" / "garbage.json", "{\"name\": \"2222\", \"properties\": {trunc");
  test::writeFile(dir / "set.json", R"({"name": "s", "properties": {"displayName": "Set",
    "parameters": {"e": {"type": "String", "defaultValue": "Disabled"}},
    "policyDefinitions": [
      {"policyDefinitionReferenceId": "a", "policyDefinitionId": "/x/policyDefinitions/1111"},
      {"policyDefinitionReferenceId": "b", "policyDefinitionId": "/x/policyDefinitions/1111",
       "parameters": {"effect": {"value": "[parameters('e')]"}}},
      {"policyDefinitionReferenceId": "c", "policyDefinitionId": "/x/policyDefinitions/9999"},
      {"policyDefinitionReferenceId": "d", "policyDefinitionId": "/x/policyDefinitions/garbage"},
      {"policyDefinitionReferenceId": "e", "policyDefinitionId": "/x/policyDefinitions/1111",
       "parameters": {"effect": {"value": "Bogus"}}}]}})");
  auto imported = importInitiative((dir / "set.json").string(), (dir / "defs").string());
  REQUIRE(imported.members.size() == 5);
  CHECK(imported.members[0].status == MemberStatus::Supported);
  CHECK(imported.members[0].effect == "audit");
  CHECK(imported.members[1].status == MemberStatus::Disabled);
  CHECK(imported.members[2].status == MemberStatus::NotFound);
  // A definition file that is not JSON is indexed by its file name and reported invalid.
  CHECK(imported.members[3].status == MemberStatus::Invalid);
  CHECK_THAT(imported.members[3].detail, Catch::Contains("garbage.json: byte"));
  CHECK(imported.members[4].status == MemberStatus::Unsupported);
  CHECK(imported.members[4].detail == "unsupported: effect bogus");
  auto enabled =
      importInitiative((dir / "set.json").string(), (dir / "defs").string(), Json{{"E", "Audit"}});
  CHECK(enabled.members[1].status == MemberStatus::Supported);

  test::writeFile(dir / "truncated.json", "{\"properties\": {\"policyDefinitions\": [\n{\"a\":");
  CHECK_THROWS_WITH(importInitiative((dir / "truncated.json").string(), (dir / "defs").string()),
                    Catch::Contains("truncated.json: byte") && Catch::Contains("line 2"));
  test::writeFile(dir / "notaset.json", "{\"properties\": {}}");
  CHECK_THROWS_WITH(importInitiative((dir / "notaset.json").string(), (dir / "defs").string()),
                    Catch::Contains("no policyDefinitions"));
  CHECK_THROWS_WITH(importInitiative((dir / "set.json").string(), (dir / "nowhere").string()),
                    Catch::Contains("no such definitions folder"));
  auto cli = test::runBulwark({"policy", "import-initiative", (dir / "truncated.json").string(),
                               "--definitions", (dir / "defs").string()});
  CHECK(cli.exitCode == 2);
  CHECK_THAT(cli.err, Catch::Contains("byte"));
}

TEST_CASE("a scan runs the security policy's initiative without duplicates",
          "[initiative][corpus][estate]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("corpus not found; skipping");
    return;
  }
  test::TempDir dir;
  test::writeFile(
      dir / "security-policy.yaml",
      "version: 1\ninitiative:\n  file: " + ascFile(corpus).string() +
          "\n  definitions: " + (corpus / "azure-policy" / "policyDefinitions").string() + "\n");
  auto estate = test::sourceDir() / "config" / "samples" / "estate";
  auto config = test::writeConfig(dir, {{"storage", ""}, {"vm", ""}}, {estate});
  test::writeFile(config, test::readFile(config) +
                              "security_policy: " + (dir / "security-policy.yaml").string() + "\n");
  auto r = test::runBulwark({"scan", "--config", config.string(), "--format", "json"});
  INFO(r.err);
  REQUIRE((r.exitCode == 0 || r.exitCode == 3));
  Store store((dir / "store.db").string());
  auto scan = store.loadScan(*store.latestScanId());
  REQUIRE(scan);
  // definition -> (assessments from plugins, assessments from the initiative)
  std::map<std::string, std::pair<size_t, size_t>> byDefinition;
  size_t fromInitiative = 0;
  for (const auto& a : scan->assessments) {
    if (a.policyDefinitionId.empty()) continue;
    auto& counts = byDefinition[lower(a.policyDefinitionId)];
    if (a.pluginId == kInitiativePluginId) {
      counts.second++;
      fromInitiative++;
    } else {
      counts.first++;
    }
  }
  auto imported = importInitiative(ascFile(corpus).string(),
                                   (corpus / "azure-policy" / "policyDefinitions").string());
  CHECK(fromInitiative > 0);
  CHECK(fromInitiative <= imported.count(MemberStatus::Supported));
  for (const auto& [definition, counts] : byDefinition) {
    INFO(definition);
    CHECK(counts.second <= 1);
    if (counts.first > 0) CHECK(counts.second == 0);
  }
  // Secure transfer is the storage plugin's own check; the initiative's copy is not added.
  CHECK(byDefinition["404c3081-a854-4457-ae30-26a93ef643f9"] ==
        std::make_pair(size_t{1}, size_t{0}));
  size_t results = 0;
  for (const auto& res : scan->results)
    results += res.pluginId == kInitiativePluginId ? 1 : 0;
  CHECK(results > 0);
}

TEST_CASE("the security policy names an initiative", "[initiative][policy]") {
  test::TempDir dir;
  test::writeFile(dir / "sp.yaml",
                  "version: 1\ninitiative:\n  file: set.json\n  definitions: defs\n"
                  "  parameters: {e: Audit, months: 6}\n");
  auto sp = loadSecurityPolicy((dir / "sp.yaml").string());
  REQUIRE(sp.initiative);
  CHECK(sp.initiative->file == (dir / "set.json").lexically_normal().string());
  CHECK(sp.initiative->definitions == (dir / "defs").lexically_normal().string());
  CHECK(sp.initiative->parameters["months"] == 6);
  CHECK(sp.initiative->position.line == 3);

  test::writeFile(dir / "bad.yaml", "version: 1\ninitiative:\n  file: set.json\n");
  CHECK_THROWS_WITH(loadSecurityPolicy((dir / "bad.yaml").string()),
                    Catch::Contains("bad.yaml:3:3") && Catch::Contains("needs 'file' and"));
  test::writeFile(dir / "typo.yaml", "initiative:\n  file: a\n  definitions: b\n  parameter: {}\n");
  CHECK_THROWS_WITH(
      loadSecurityPolicy((dir / "typo.yaml").string()),
      Catch::Contains("typo.yaml:4:3") && Catch::Contains("did you mean 'parameters'"));
}
