#include <catch2/catch.hpp>

#include "loader/plugin_instance.h"
#include "loader/plugin_loader.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;

namespace {

std::vector<std::string> dirs() {
  return {test::pluginDir().string(), test::testPluginDir().string()};
}

std::string refusalOf(const LoadResult& r, const std::string& id) {
  for (const auto& x : r.refusals) {
    if (x.pluginId == id) return x.message;
  }
  return "";
}

}  // namespace

TEST_CASE("only enabled plugins are loaded", "[loader]") {
  LoadResult r = loadPlugins(dirs(), {"storage"});
  REQUIRE(r.plugins.size() == 1);
  CHECK(r.refusals.empty());  // the broken test plugins are never opened
  const PluginManifest& m = r.plugins[0]->manifest();
  CHECK(m.id == "storage");
  CHECK(r.plugins[0]->abiVersion() ==
        std::to_string(BW_ABI_MAJOR) + "." + std::to_string(BW_ABI_MINOR));
  CHECK(m.assessments.size() >= 3);
  // Its log readers are event sources (ABI 1.1), with the UEBA declarations of their events.
  CHECK(r.plugins[0]->api().capabilities == (BW_CAP_COLLECT | BW_CAP_ASSESS | BW_CAP_EVENTS));
  REQUIRE(m.eventSources.size() == 2);
  CHECK(m.eventSources[0].type == "storage-blob-logs");
  CHECK(m.eventSources[1].type == "storage-analytics");
  REQUIRE(m.activities.size() == 1);
  CHECK(m.activities[0].principalPrefix == "storage-account/");
  CHECK(m.anomalyKinds.size() == 3);
}

TEST_CASE("a plugin with another ABI major is refused with both versions", "[loader]") {
  LoadResult r = loadPlugins(dirs(), {"wrongmajor"});
  CHECK(r.plugins.empty());
  std::string m = refusalOf(r, "wrongmajor");
  CHECK_THAT(m, Catch::Contains("wrongmajor.so: refused: plugin ABI 2.0, kernel ABI 1.2: "
                                "different major version"));
}

TEST_CASE("a plugin needing a newer minor is refused", "[loader]") {
  LoadResult r = loadPlugins(dirs(), {"newerminor"});
  CHECK(r.plugins.empty());
  CHECK_THAT(refusalOf(r, "newerminor"),
             Catch::Contains("newerminor.so: refused: plugin ABI 1.99, kernel ABI 1.2: plugin "
                             "needs a newer kernel"));
}

TEST_CASE("a library without the entry symbol is refused", "[loader]") {
  LoadResult r = loadPlugins(dirs(), {"noentry"});
  CHECK(r.plugins.empty());
  CHECK_THAT(refusalOf(r, "noentry"),
             Catch::Contains("noentry.so: refused: no entry symbol 'bulwark_plugin_entry'") &&
                 Catch::Contains("kernel ABI 1.2"));
}

TEST_CASE("a duplicate assessment id is refused", "[loader]") {
  LoadResult r = loadPlugins(dirs(), {"storage", "dupassess"});
  REQUIRE(r.plugins.size() == 1);
  CHECK(r.plugins[0]->manifest().id == "storage");
  CHECK_THAT(refusalOf(r, "dupassess"),
             Catch::Contains("dupassess.so: refused: duplicate assessment id "
                             "'storage.secure-transfer', already provided by plugin 'storage'"));
}

TEST_CASE("a duplicate plugin id in a second folder is refused", "[loader]") {
  TempDir second;
  std::filesystem::copy_file(test::pluginDir() / "storage.so", second / "storage.so");
  LoadResult r = loadPlugins({test::pluginDir().string(), second.path().string()}, {"storage"});
  REQUIRE(r.plugins.size() == 1);
  CHECK(r.plugins[0]->file() == (test::pluginDir() / "storage.so").string());
  CHECK_THAT(refusalOf(r, "storage"),
             Catch::Contains("refused: duplicate plugin id 'storage' (already loaded from"));
}

TEST_CASE("a file whose name disagrees with its manifest id is refused", "[loader]") {
  TempDir dir;
  std::filesystem::copy_file(test::testPluginDir() / "thrower.so", dir / "impostor.so");
  LoadResult r = loadPlugins({dir.path().string()}, {"impostor"});
  CHECK(r.plugins.empty());
  CHECK_THAT(refusalOf(r, "impostor"),
             Catch::Contains("manifest id 'thrower' does not match the file name 'impostor.so'"));
}

TEST_CASE("a file that is not a shared library is refused, not fatal", "[loader]") {
  TempDir dir;
  test::writeFile(dir / "junk.so", "this is not an ELF file");
  LoadResult r = loadPlugins({dir.path().string()}, {"junk"});
  CHECK(r.plugins.empty());
  CHECK_THAT(refusalOf(r, "junk"), Catch::Contains("junk.so: refused: cannot load library"));
}

TEST_CASE("enabled plugins missing from every folder are named", "[loader]") {
  LoadResult r = loadPlugins(dirs(), {"storage", "nosuchplugin"});
  CHECK(r.notFound == std::vector<std::string>{"nosuchplugin"});
}

TEST_CASE("an instance keeps its library loaded after the loader result is gone", "[loader]") {
  std::unique_ptr<PluginInstance> instance;
  {
    LoadResult r = loadPlugins(dirs(), {"storage"});
    REQUIRE(r.plugins.size() == 1);
    instance =
        std::make_unique<PluginInstance>(r.plugins[0], nlohmann::json::object(), HostBindings{});
  }
  REQUIRE(instance->valid());
  AssessOutcome o = instance->assess(
      "storage.public-blob-access",
      R"({"id":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a",)"
      R"("type":"Microsoft.Storage/storageAccounts","properties":{"allowBlobPublicAccess":true}})");
  CHECK(o.state == AssessmentState::Unhealthy);
  CHECK_THAT(o.reason, Catch::Contains("allowBlobPublicAccess is true"));
}

TEST_CASE("bad plugin settings fail creation with the plugin's reason", "[loader]") {
  LoadResult r = loadPlugins(dirs(), {"storage"});
  REQUIRE(r.plugins.size() == 1);
  std::vector<std::string> logged;
  HostBindings b;
  b.log = [&](const std::string&, bw_log_level, const std::string& text) {
    logged.push_back(text);
  };
  PluginInstance bad(r.plugins[0], {{"minimumTlsVersion", "SSL3"}}, b);
  CHECK_FALSE(bad.valid());
  CHECK_THAT(bad.createError(), Catch::Contains("minimumTlsVersion must be one of"));
  PluginInstance unknown(r.plugins[0], {{"minimum_tls", "TLS1_2"}}, b);
  CHECK_THAT(unknown.createError(), Catch::Contains("unknown setting 'minimum_tls'"));
  AssessOutcome o = bad.assess("storage.public-blob-access", "{}");
  CHECK(o.state == AssessmentState::Error);
}
