// A plugin's settings schema (ABI 1.2): `bulwark config validate` checks the operator's
// settings against it and names file, line and column; a scan does not run a plugin whose
// settings it refuses.
#include <catch2/catch.hpp>

#include "support/test_support.h"

using namespace bulwark::test;

namespace {

fs::path configWith(const TempDir& dir, const std::string& settings) {
  std::string text = "version: 1\nplugin_dirs: [" + std::string(BULWARK_SDK_TEST_PLUGIN_DIR) +
                     "]\nplugins:\n  services:\n    enabled: true\n    settings:\n" + settings +
                     "store: {path: " + (dir / "store.db").string() + "}\n";
  fs::path file = dir / "bulwark.yaml";
  writeFile(file, text);
  return file;
}

}  // namespace

TEST_CASE("config validate names every setting the plugin's schema refuses, by line and column",
          "[sdk][settings]") {
  TempDir dir;
  fs::path file = configWith(dir,
                             "      greeting: 42\n"
                             "      colour: blue\n"
                             "      times: 0\n"
                             "      names: [ada, 7]\n");
  RunResult r = runBulwark({"config", "validate", file.string()});
  CHECK(r.exitCode == 2);
  const std::string f = file.string();
  CHECK_THAT(r.err, Catch::Contains(f + ":7:17: plugin 'services': setting greeting:"));
  CHECK_THAT(r.err, Catch::Contains(f + ":8:7: plugin 'services': unknown setting 'colour'"));
  CHECK_THAT(r.err, Catch::Contains(f + ":9:14: plugin 'services': setting times:"));
  CHECK_THAT(r.err, Catch::Contains(f + ":10:20: plugin 'services': setting names/1:"));
  CHECK(r.out.empty());
}

TEST_CASE("settings the schema accepts validate, and a refused plugin does not scan",
          "[sdk][settings]") {
  TempDir dir;
  fs::path good = configWith(dir, "      greeting: hello\n      times: 2\n      names: [ada]\n");
  RunResult valid = runBulwark({"config", "validate", good.string()});
  CHECK(valid.exitCode == 0);
  CHECK_THAT(valid.out, Catch::Contains("valid (1 plugin(s)"));

  fs::path bad = configWith(dir, "      times: -3\n");
  RunResult scan = runBulwark({"scan", "--config", bad.string(), "--format", "json"});
  CHECK(scan.exitCode == 3);  // a plugin that could not be created is a runtime error
  CHECK_THAT(scan.out, Catch::Contains("setting times:"));
  RunResult command = runBulwark({"svc-state", "--config", bad.string(), "list"});
  CHECK(command.exitCode == 2);
  CHECK_THAT(command.err,
             Catch::Contains(bad.string() + ":7:14: plugin 'services': setting times:"));
}
