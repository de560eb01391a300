#include <catch2/catch.hpp>

#include "config/config.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;

namespace {

ConfigError loadError(const TempDir& dir, const std::string& yaml) {
  auto file = dir / "c.yaml";
  test::writeFile(file, yaml);
  try {
    loadConfig(file.string());
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("configuration was accepted:\n" << yaml);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a valid configuration resolves paths against its folder", "[config]") {
  TempDir dir;
  test::writeFile(dir / "c.yaml",
                  "version: 1\n"
                  "plugin_dirs: [plugins]\n"
                  "plugins:\n"
                  "  storage:\n"
                  "    settings:\n"
                  "      minimumTlsVersion: TLS1_2\n"
                  "      retries: 3\n"
                  "      strict: true\n"
                  "      quoted: \"true\"\n"
                  "  sql: {enabled: false}\n"
                  "inventory:\n"
                  "  - {type: arm-snapshot, path: estate}\n"
                  "store: {path: data/b.db}\n"
                  "scan: {scopes: [/subscriptions/s1], fail_on: high}\n");
  Config c = loadConfig((dir / "c.yaml").string());
  CHECK(c.pluginDirs == std::vector<std::string>{(dir / "plugins").string()});
  REQUIRE(c.plugins.size() == 2);
  CHECK(c.enabled("storage"));
  CHECK_FALSE(c.enabled("sql"));
  CHECK_FALSE(c.enabled("vm"));
  const auto& s = c.plugin("storage")->settings;
  CHECK(s["minimumTlsVersion"] == "TLS1_2");
  CHECK(s["retries"] == 3);
  CHECK(s["strict"] == true);
  CHECK(s["quoted"] == "true");
  REQUIRE(c.inventory.size() == 1);
  CHECK(c.inventory[0].path == (dir / "estate").string());
  CHECK(c.storePath == (dir / "data" / "b.db").string());
  CHECK(c.scopes == std::vector<std::string>{"/subscriptions/s1"});
  CHECK(c.failOn == "high");
}

TEST_CASE("broken YAML names the file, line and column", "[config]") {
  TempDir dir;
  auto e = loadError(dir, "plugins:\n  storage:\n    enabled: true\n  bad: [unclosed\n");
  CHECK(e.where().file.find("c.yaml") != std::string::npos);
  CHECK(e.where().line >= 4);
  CHECK(std::string(e.what()).find("invalid YAML") != std::string::npos);
}

TEST_CASE("unknown keys are rejected with a hint at their line", "[config]") {
  TempDir dir;
  auto e = loadError(dir, "version: 1\nplugins:\n  storage:\n    enabeld: true\n");
  CHECK(e.where().line == 4);
  CHECK(e.where().column == 5);
  CHECK_THAT(e.what(), Catch::Contains("unknown key 'enabeld'") &&
                           Catch::Contains("did you mean 'enabled'?"));

  auto top = loadError(dir, "version: 1\nplugin_dir: [x]\n");
  CHECK(top.where().line == 2);
  CHECK_THAT(top.what(), Catch::Contains("did you mean 'plugin_dirs'?"));

  auto far = loadError(dir, "zzzzzz: 1\n");
  CHECK_THAT(far.what(), Catch::Contains("known keys: version, plugin_dirs"));
}

TEST_CASE("wrong value types point at the value", "[config]") {
  TempDir dir;
  auto e = loadError(dir, "plugins:\n  storage:\n    enabled: maybe\n");
  CHECK(e.where().line == 3);
  CHECK(e.where().column == 14);
  CHECK_THAT(e.what(), Catch::Contains("true or false"));

  auto inv = loadError(dir, "inventory:\n  - type: resource-graph-live\n    path: x\n");
  CHECK(inv.where().line == 2);
  CHECK_THAT(inv.what(), Catch::Contains("unknown inventory type"));

  auto fmt = loadError(dir, "output:\n  format: xml\n");
  CHECK(fmt.where().line == 2);

  auto ver = loadError(dir, "version: 7\n");
  CHECK_THAT(ver.what(), Catch::Contains("unsupported configuration version"));

  auto notMap = loadError(dir, "- just\n- a list\n");
  CHECK(notMap.where().line == 1);
}

TEST_CASE("a missing or empty configuration file is an error", "[config]") {
  TempDir dir;
  CHECK_THROWS_WITH(loadConfig((dir / "absent.yaml").string()),
                    Catch::Contains("cannot open configuration file"));
  test::writeFile(dir / "empty.yaml", "");
  CHECK_THROWS_WITH(loadConfig((dir / "empty.yaml").string()), Catch::Contains("empty"));
}

TEST_CASE("the shipped configuration is valid", "[config]") {
  Config c = loadConfig((test::sourceDir() / "config" / "bulwark.yaml").string());
  CHECK(c.enabled("storage"));
  CHECK_FALSE(c.inventory.empty());
}
