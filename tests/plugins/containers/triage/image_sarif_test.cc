// `bulwark images scan --format sarif`: one rule per advisory, one result per (advisory,
// package) at the declaring file with the layer, suppressions for ignored findings; the log
// validates against the official SARIF 2.1.0 schema.
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "image/sarif/image_sarif.h"
#include "image/test_images.h"
#include "kernel/vuln/vuln_fixture.h"
#include "support/test_support.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace bulwark::test;

constexpr const char* kDebianPython = "/usr/bin/python3";

fs::path sarifSchema() {
  fs::path p = sourceDir() / "tools" / "sarif-schema" / "node_modules" / "@microsoft" /
               "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json";
  return fs::exists(p) ? p : fs::path();
}

int validate(const fs::path& schema, const fs::path& document, std::string& output) {
  std::string command =
      std::string(kDebianPython) + " '" +
      (sourceDir() / "tests" / "kernel" / "report" / "validate_json_schema.py").string() + "' '" +
      schema.string() + "' '" + document.string() + "' 2>&1";
  RunResult r = runShell(command);
  output = r.out;
  return r.exitCode;
}

}  // namespace

TEST_CASE("SARIF levels follow the advisory severity") {
  CHECK(std::string(bulwark::image::sarifLevelOf("Critical")) == "error");
  CHECK(std::string(bulwark::image::sarifLevelOf("High")) == "error");
  CHECK(std::string(bulwark::image::sarifLevelOf("Medium")) == "warning");
  CHECK(std::string(bulwark::image::sarifLevelOf("Low")) == "note");
  CHECK(std::string(bulwark::image::sarifLevelOf("Unknown")) == "note");
}

TEST_CASE("images scan --format sarif writes a valid SARIF log of the test image's findings") {
  fs::path images = testImages();
  fs::path db = sharedVulnDb();
  if (images.empty() || db.empty()) {
    BULWARK_SKIP("skipped: test images or the corpus vulndb are not available");
    return;
  }
  TempDir tmp;
  std::vector<std::string> base = {"images",
                                   "scan",
                                   "oci:" + (images / "oci").string() + ":test",
                                   "--vulndb",
                                   db.string(),
                                   "--store",
                                   (tmp / "store.db").string()};
  auto jsonArgs = base;
  jsonArgs.insert(jsonArgs.end(), {"--format", "json"});
  auto plain = runBulwark(jsonArgs);
  REQUIRE(plain.exitCode == 0);
  json scan = json::parse(plain.out);
  REQUIRE(scan["findings"].size() > 1);
  const json& first = scan["findings"][0];
  writeFile(tmp / "ignore.yaml", "- id: " + first["id"].get<std::string>() +
                                     "\n  package: " + first["package"].get<std::string>() +
                                     "\n  reason: accepted risk\n");

  auto sarifArgs = base;
  sarifArgs.insert(sarifArgs.end(),
                   {"--format", "sarif", "--ignore", (tmp / "ignore.yaml").string(), "-o",
                    (tmp / "scan.sarif").string()});
  auto run = runBulwark(sarifArgs);
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  json log = json::parse(readFile(tmp / "scan.sarif"));
  REQUIRE(log["runs"].size() == 1);
  const json& results = log["runs"][0]["results"];
  const json& rules = log["runs"][0]["tool"]["driver"]["rules"];

  // One result per finding, suppressed ones included; one rule per distinct advisory.
  CHECK(results.size() == scan["findings"].size());
  std::set<std::string> advisories;
  for (const auto& f : scan["findings"])
    advisories.insert(f["id"].get<std::string>());
  CHECK(rules.size() == advisories.size());

  std::map<std::string, const json*> findingByKey;
  for (const auto& f : scan["findings"])
    findingByKey[f["id"].get<std::string>() + "|" + f["package"].get<std::string>()] = &f;
  size_t suppressed = 0;
  for (const auto& r : results) {
    std::string key =
        r["ruleId"].get<std::string>() + "|" + r["properties"]["package"].get<std::string>();
    REQUIRE(findingByKey.count(key) == 1);
    const json& f = *findingByKey[key];
    CHECK(rules[r["ruleIndex"].get<size_t>()]["id"] == r["ruleId"]);
    std::string severity = f["severity"];
    CHECK(r["level"] == bulwark::image::sarifLevelOf(severity));
    std::string message = r["message"]["text"];
    CHECK_THAT(message, Catch::Contains(f["installed_version"].get<std::string>()));
    if (!f["fixed_version"].get<std::string>().empty())
      CHECK_THAT(message, Catch::Contains("fixed in " + f["fixed_version"].get<std::string>()));
    const json& location = r["locations"][0];
    std::string path = f["path"];
    CHECK(location["physicalLocation"]["artifactLocation"]["uri"] ==
          path.substr(path.find_first_not_of('/')));
    CHECK(location["properties"]["layer"] == f["layer"]);
    if (r.contains("suppressions")) {
      ++suppressed;
      CHECK(r["ruleId"] == first["id"]);
      CHECK(r["suppressions"][0]["kind"] == "external");
      CHECK(r["suppressions"][0]["justification"] == "Ignored: accepted risk");
    }
  }
  CHECK(suppressed >= 1);

  fs::path schema = sarifSchema();
  if (schema.empty()) {
    BULWARK_SKIP("SARIF schema not installed (scripts/install-deps); schema validation skipped");
    return;
  }
  std::string output;
  int status = validate(schema, tmp / "scan.sarif", output);
  INFO(output);
  if (output.find("No module named 'jsonschema'") != std::string::npos) {
    BULWARK_SKIP("python3-jsonschema missing; schema validation skipped");
    return;
  }
  CHECK(status == 0);
}
