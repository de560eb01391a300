// The manifests the built plugins carry, activity declarations included, match the SDK's
// manifest schema (sdk/schema/plugin-manifest.schema.json), checked with valijson; and
// declarations the schema refuses are refused.
#include <catch2/catch.hpp>

#include <memory>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "loader/plugin_loader.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;

namespace {

bool matchesSchema(const json& manifest) {
  static const json schemaJson =
      json::parse(test::readFile(test::sourceDir() / "sdk/schema/plugin-manifest.schema.json"));
  static const auto schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schemaJson);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(manifest);
  bool ok = validator.validate(*schema, target, &results);
  for (const auto& e : results)
    UNSCOPED_INFO(e.description);
  return ok;
}

}  // namespace

TEST_CASE("the plugins' manifests match the SDK's manifest schema", "[storage][sdk]") {
  LoadResult r = loadPlugins({test::pluginDir().string()}, {"storage", "vm"});
  REQUIRE(r.plugins.size() == 2);
  for (const auto& plugin : r.plugins) {
    const bw_str text = plugin->api().manifest_json;
    json manifest = json::parse(std::string_view(text.ptr, text.len));
    INFO(plugin->manifest().id);
    CHECK(matchesSchema(manifest));
    if (plugin->manifest().id != "storage") continue;
    REQUIRE(manifest["activities"].size() == 1);
    json unknownCheck = manifest;
    unknownCheck["activities"][0]["checks"]["new-thing"] = "x";
    CHECK_FALSE(matchesSchema(unknownCheck));
    json twoMatches = manifest;
    twoMatches["activities"][0]["types"][0] = {{"prefix", "a"}, {"suffix", "b"}};
    CHECK_FALSE(matchesSchema(twoMatches));
    json noPrincipal = manifest;
    noPrincipal["activities"][0].erase("principal");
    CHECK_FALSE(matchesSchema(noPrincipal));
    json badSeverity = manifest;
    badSeverity["anomalyKinds"][0]["severity"] = "Critical";
    CHECK_FALSE(matchesSchema(badSeverity));
  }
}
