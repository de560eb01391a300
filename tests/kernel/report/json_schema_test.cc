// docs/report-schema.json describes the JSON report: the real output validates against it,
// and documents that break the contract do not.
#include <catch2/catch.hpp>

#include "kernel/report/report_test_support.h"
#include "report/report.h"

namespace test = bulwark::test;
using nlohmann::json;

namespace {

std::filesystem::path reportSchema() {
  return test::sourceDir() / "docs" / "report-schema.json";
}

}  // namespace

TEST_CASE("the report schema names the version the code writes", "[report][schema]") {
  json schema = json::parse(test::readFile(reportSchema()));
  CHECK(schema["properties"]["schemaVersion"]["const"] == bulwark::kJsonReportSchemaVersion);
  std::string doc = test::readFile(test::sourceDir() / "docs" / "report-schema.md");
  CHECK_THAT(doc, Catch::Contains("schemaVersion") &&
                      Catch::Contains(std::to_string(bulwark::kJsonReportSchemaVersion)));
  // Every top-level field the code writes is documented.
  const json report = bulwark::jsonReport(test::sampleScan());
  for (const auto& [key, value] : report.items()) {
    INFO(key);
    CHECK(schema["properties"].contains(key));
    CHECK_THAT(doc, Catch::Contains("`" + key + "`"));
  }
}

TEST_CASE("real JSON reports validate against docs/report-schema.json", "[report][schema]") {
  if (!test::jsonSchemaValidatorAvailable()) {
    BULWARK_SKIP("python3-jsonschema missing (scripts/install-deps installs it); skipped");
    return;
  }
  test::TempDir dir;
  test::scanSampleEstate(dir);
  auto estate = test::validateJsonSchema(reportSchema(), dir / "scan.json", true);
  INFO(estate.out << estate.err);
  CHECK(estate.exitCode == 0);

  test::writeFile(dir / "sample.json", bulwark::jsonReport(test::sampleScan()).dump());
  auto sample = test::validateJsonSchema(reportSchema(), dir / "sample.json", true);
  INFO(sample.out << sample.err);
  CHECK(sample.exitCode == 0);

  json broken = bulwark::jsonReport(test::sampleScan());
  broken["results"][0]["state"] = "Broken";
  broken["summary"].erase("healthy");
  test::writeFile(dir / "broken.json", broken.dump());
  auto bad = test::validateJsonSchema(reportSchema(), dir / "broken.json");
  CHECK(bad.exitCode == 1);
  CHECK_THAT(bad.out, Catch::Contains("/results/0/state") && Catch::Contains("/summary"));

  // An undocumented field passes the open schema consumers use (additions keep version 1)
  // but not the closed check, which keeps the schema complete.
  json added = bulwark::jsonReport(test::sampleScan());
  added["results"][0]["undocumented"] = true;
  test::writeFile(dir / "added.json", added.dump());
  CHECK(test::validateJsonSchema(reportSchema(), dir / "added.json").exitCode == 0);
  auto closed = test::validateJsonSchema(reportSchema(), dir / "added.json", true);
  CHECK(closed.exitCode == 1);
  CHECK_THAT(closed.out, Catch::Contains("undocumented"));
}
