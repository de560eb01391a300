// Loading compliance standards: the shipped files, and broken ones reported with their place.
#include <catch2/catch.hpp>

#include <set>

#include "compliance/standard.h"
#include "support/test_support.h"

using namespace bulwark;
using namespace bulwark::compliance;
namespace test = bulwark::test;

TEST_CASE("the shipped standards load", "[compliance]") {
  auto standards = loadStandards((test::sourceDir() / "config" / "compliance").string());
  REQUIRE(standards.size() == 4);
  CHECK(standards[0].id == "cis-azure-3.0.0");
  CHECK(standards[1].id == "cis-ubuntu-22.04");
  CHECK(standards[2].id == "mcsb-v2");
  CHECK(standards[3].id == "nist-sp-800-53-r5");
  for (const auto& s : standards) {
    INFO(s.file);
    CHECK_FALSE(s.name.empty());
    CHECK_FALSE(s.controls.empty());
    for (const auto& c : s.controls) {
      CHECK_FALSE(c.title.empty());
      CHECK((c.policyDefinitionIds.size() + c.assessments.size()) > 0);
    }
  }
}

namespace {

// Every (definition, group) pair of the corpus initiative is in the standard, nothing more.
void expectInitiativeMapped(const std::string& initiativeFile, const std::string& standardFile,
                            const std::string& prefix, size_t atLeast) {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("corpus not found; skipping");
    return;
  }
  auto initiative = nlohmann::json::parse(
      test::readFile(corpus / "azure-policy" / "policySetDefinitions" / initiativeFile));
  Standard standard =
      loadStandard((test::sourceDir() / "config" / "compliance" / standardFile).string());
  std::set<std::pair<std::string, std::string>> pairs;  // a member may be listed twice
  for (const auto& ref : initiative["properties"]["policyDefinitions"]) {
    std::string guid = definitionKey(ref["policyDefinitionId"].get<std::string>());
    for (const auto& g : ref.value("groupNames", nlohmann::json::array())) {
      std::string group = g.get<std::string>();
      if (group.rfind(prefix, 0) != 0) continue;
      std::string control = group.substr(prefix.size());
      pairs.emplace(control, guid);
      bool found = false;
      for (const auto& c : standard.controls) {
        if (c.id != control) continue;
        for (const auto& d : c.policyDefinitionIds)
          found = found || d == guid;
      }
      INFO(control << " " << guid);
      CHECK(found);
    }
  }
  size_t mapped = 0;
  for (const auto& c : standard.controls)
    mapped += c.policyDefinitionIds.size();
  CHECK(mapped == pairs.size());
  CHECK(pairs.size() > atLeast);
}

}  // namespace

TEST_CASE("the CIS Azure mapping matches the corpus initiative", "[compliance][corpus]") {
  expectInitiativeMapped("CIS_Azure_Foundations_v3.0.0.json", "cis-azure-3.0.0.yaml",
                         "CIS_Azure_Foundations_v3.0.0_", 40);
}

TEST_CASE("the MCSB v2 mapping matches the corpus initiative", "[compliance][corpus]") {
  expectInitiativeMapped("MCSBv2.json", "mcsb-v2.yaml", "Azure_Security_Benchmark_v3.0_", 100);
}

TEST_CASE("broken standard files name file and line", "[compliance]") {
  test::TempDir dir;
  auto expectError = [&](const std::string& text, const std::string& where,
                         const std::string& what) {
    auto file = dir / "bad.yaml";
    test::writeFile(file, text);
    try {
      loadStandard(file.string());
      FAIL("no error for: " << text);
    } catch (const ConfigError& e) {
      CHECK_THAT(e.what(), Catch::Contains(file.string() + where) && Catch::Contains(what));
    }
  };
  expectError("id: x\nname: y\ncontrols:\n  - id: [unclosed\n", ":", "");
  expectError("id: x\nname: y\ncontrols:\n  - title: no id\n", ":4:5", "missing id");
  expectError("id: x\nname: y\ncontrols:\n  - id: A\n    assessments: a\n", ":5:18",
              "assessments must be a list");
  expectError(
      "id: x\nname: y\ncontrols:\n  - id: A\n    assessments: [a]\n  - id: A\n"
      "    assessments: [b]\n",
      ":6:5", "duplicate control id 'A'");
  expectError("\x01\x02garbage: : :\n\t- ]", ":", "");
  expectError("- just\n- a list\n", ":1:1", "must be a mapping");
  expectError("name: y\ncontrols: []\n", ":1:1", "missing id");

  test::writeFile(dir / "one.yaml", "id: same\nname: a\ncontrols: [{id: A, assessments: [a]}]\n");
  test::writeFile(dir / "two.yml", "id: SAME\nname: b\ncontrols: [{id: A, assessments: [a]}]\n");
  std::filesystem::remove(dir / "bad.yaml");
  CHECK_THROWS_WITH(loadStandards(dir.path().string()), Catch::Contains("used twice"));
  CHECK_THROWS_WITH(loadStandards((dir / "missing").string()),
                    Catch::Contains("no compliance standards folder"));
}
