// `bulwark images scan --format cyclonedx|spdx` on the test image: the CycloneDX SBOM validates
// against the official CycloneDX 1.5 schema, and both SBOMs list exactly the scanned packages
// with the vulnerable ones and their fixed versions.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "image/test_images.h"
#include "kernel/vuln/vuln_fixture.h"
#include "support/test_support.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace bulwark::test;

constexpr const char* kDebianPython = "/usr/bin/python3";

fs::path cyclonedxSchemas() {
  fs::path p = sourceDir() / "tools" / "cyclonedx-schema" / "node_modules" / "@cyclonedx" /
               "cyclonedx-library" / "res" / "schema";
  return fs::exists(p / "bom-1.5.SNAPSHOT.schema.json") ? p : fs::path();
}

int validate(const fs::path& document, std::string& output) {
  fs::path schemas = cyclonedxSchemas();
  std::string command =
      std::string(kDebianPython) + " '" +
      (sourceDir() / "tests" / "kernel" / "report" / "validate_json_schema.py").string() +
      "' --ref '" + (schemas / "spdx.SNAPSHOT.schema.json").string() + "' --ref '" +
      (schemas / "jsf-0.82.SNAPSHOT.schema.json").string() + "' '" +
      (schemas / "bom-1.5.SNAPSHOT.schema.json").string() + "' '" + document.string() + "' 2>&1";
  RunResult r = runShell(command);
  output = r.out;
  return r.exitCode;
}

}  // namespace

TEST_CASE("images scan writes CycloneDX and SPDX SBOMs of the test image") {
  fs::path images = testImages();
  fs::path db = sharedVulnDb();
  if (images.empty() || db.empty()) {
    BULWARK_SKIP("skipped: test images or the corpus vulndb are not available");
    return;
  }
  TempDir tmp;
  std::string image = "oci:" + (images / "oci").string() + ":test";
  std::string store = (tmp / "store.db").string();
  auto scan = runBulwark(
      {"images", "scan", image, "--vulndb", db.string(), "--store", store, "--format", "json"});
  REQUIRE(scan.exitCode == 0);
  json result = json::parse(scan.out);
  auto cdx = runBulwark({"images", "scan", image, "--vulndb", db.string(), "--store", store,
                         "--format", "cyclonedx", "-o", (tmp / "bom.json").string()});
  INFO(cdx.err);
  REQUIRE(cdx.exitCode == 0);
  auto spdx = runBulwark({"images", "scan", image, "--vulndb", db.string(), "--store", store,
                          "--format", "spdx", "-o", (tmp / "spdx.json").string()});
  REQUIRE(spdx.exitCode == 0);

  json bom = json::parse(readFile(tmp / "bom.json"));
  json doc = json::parse(readFile(tmp / "spdx.json"));
  // Every scanned package is a component (plus the OS) and an SPDX package (plus image and OS).
  const size_t packages = result["packages"].size();
  REQUIRE(packages > 10);
  CHECK(bom["components"].size() == packages + 1);
  CHECK(doc["packages"].size() == packages + 2);
  std::set<std::string> purls;
  for (const auto& c : bom["components"])
    if (c.contains("purl")) purls.insert(c["purl"]);
  CHECK(purls.count("pkg:npm/lodash@4.17.15") == 1);
  CHECK(purls.count("pkg:npm/minimist@1.2.0") == 1);
  // The same findings as the JSON scan, each with its fix.
  std::set<std::string> ids;
  for (const auto& v : bom["vulnerabilities"]) {
    ids.insert(v["id"]);
    CHECK(v.value("recommendation", "").find("Upgrade") != std::string::npos);
  }
  std::set<std::string> expected;
  for (const auto& f : result["findings"])
    expected.insert(f["id"].get<std::string>());
  CHECK(ids == expected);

  fs::path schemas = cyclonedxSchemas();
  if (schemas.empty()) {
    BULWARK_SKIP("CycloneDX schema not installed (scripts/install-deps); schema check skipped");
    return;
  }
  std::string output;
  int rc = validate(tmp / "bom.json", output);
  INFO(output);
  CHECK(rc == 0);
  // The validator does reject a BOM that breaks the schema.
  bom["components"][0]["type"] = "not-a-component-type";
  bom.erase("specVersion");
  writeFile(tmp / "broken.json", bom.dump());
  CHECK(validate(tmp / "broken.json", output) == 1);
  CHECK(output.find("specVersion") != std::string::npos);
}
