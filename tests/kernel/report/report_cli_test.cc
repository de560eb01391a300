// `bulwark report` and `bulwark scan --format` on the bundled sample estate, end to end.
#include <catch2/catch.hpp>

#include "kernel/report/report_test_support.h"

namespace test = bulwark::test;
using nlohmann::json;

TEST_CASE("report renders the stored scan in every format", "[report][cli]") {
  test::TempDir dir;
  auto config = test::scanSampleEstate(dir).string();
  json stored = json::parse(test::readFile(dir / "scan.json"));
  const size_t results = stored["results"].size();
  REQUIRE(results > 0);

  auto ocsf = test::runBulwark({"report", "-c", config, "--format", "ocsf"});
  REQUIRE(ocsf.exitCode == 0);
  CHECK(json::parse(ocsf.out).size() == results);

  auto sarif = test::runBulwark({"report", "-c", config, "--format", "sarif"});
  REQUIRE(sarif.exitCode == 0);
  json doc = json::parse(sarif.out);
  size_t unhealthy = 0;
  for (const auto& r : stored["results"])
    unhealthy += r["state"] == "Unhealthy" || r["state"] == "Exempt";
  CHECK(doc["runs"][0]["results"].size() == unhealthy);
  CHECK(doc["runs"][0]["tool"]["driver"]["rules"].size() == stored["assessments"].size());
  if (!test::sarifSchemaPath().empty() && test::jsonSchemaValidatorAvailable()) {
    test::writeFile(dir / "estate.sarif", sarif.out);
    auto v = test::validateJsonSchema(test::sarifSchemaPath(), dir / "estate.sarif");
    INFO(v.out << v.err);
    CHECK(v.exitCode == 0);
  } else {
    BULWARK_SKIP("SARIF schema or python3-jsonschema missing; schema check skipped");
  }

  auto html = dir / "report.html";
  auto h = test::runBulwark({"report", "-c", config, "--scan",
                             std::to_string(stored["scan"]["id"].get<int64_t>()), "--format",
                             "html", "-o", html.string()});
  REQUIRE(h.exitCode == 0);
  CHECK_THAT(test::readFile(html),
             Catch::StartsWith("<!DOCTYPE html>") && Catch::Contains("Secure Score: "));

  auto json1 = test::runBulwark({"report", "-c", config, "--format", "json"});
  REQUIRE(json1.exitCode == 0);
  CHECK(json::parse(json1.out)["results"] == stored["results"]);
  auto csv = test::runBulwark({"report", "-c", config, "--format", "csv"});
  CHECK_THAT(csv.out, Catch::StartsWith("scan_id,resource_id"));

  auto shown = test::runBulwark({"scans", "show", "-c", config, "--format", "sarif"});
  REQUIRE(shown.exitCode == 0);
  CHECK(json::parse(shown.out)["version"] == "2.1.0");
}

TEST_CASE("scan writes SARIF, OCSF and HTML directly", "[report][cli]") {
  test::TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", ""}},
                                  {test::sourceDir() / "config" / "samples" / "estate"});
  auto out = dir / "scan.sarif";
  auto r = test::runBulwark({"scan", "-c", config.string(), "-f", "sarif", "-o", out.string()});
  REQUIRE(r.exitCode == 0);
  CHECK(json::parse(test::readFile(out))["runs"].size() == 1);
  auto o = test::runBulwark({"scan", "-c", config.string(), "-f", "ocsf"});
  REQUIRE(o.exitCode == 0);
  CHECK(json::parse(o.out)[0]["class_uid"] == 2003);
  auto h = test::runBulwark({"scan", "-c", config.string(), "-f", "html"});
  REQUIRE(h.exitCode == 0);
  CHECK_THAT(h.out, Catch::Contains("<svg class=\"gauge\""));
}

TEST_CASE("report refuses bad formats, missing scans and empty stores", "[report][cli]") {
  test::TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", ""}}, {});
  auto empty = test::runBulwark({"report", "-c", config.string()});
  CHECK(empty.exitCode == 3);
  CHECK_THAT(empty.err, Catch::Contains("holds no scans"));
  auto bad = test::runBulwark({"report", "-c", config.string(), "--format", "pdf"});
  CHECK(bad.exitCode == 2);
  CHECK_THAT(bad.err, Catch::Contains("sarif"));
  test::TempDir scanned;
  auto real = test::scanSampleEstate(scanned).string();
  auto missing = test::runBulwark({"report", "-c", real, "--scan", "999"});
  CHECK(missing.exitCode == 3);
  CHECK_THAT(missing.err, Catch::Contains("no scan #999"));
  CHECK(test::runBulwark({"report", "--help"}).exitCode == 0);
}

TEST_CASE("reports of the corpus's real ARM examples are valid SARIF, OCSF and HTML",
          "[report][cli][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus missing; corpus report test skipped");
    return;
  }
  test::TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", ""}}, {corpus / "arm-examples"});
  // The examples repeat resources across files: the scan stores them once and reports the
  // duplicates as inventory problems (exit 3), which the reports must carry too.
  auto scan = test::runBulwark(
      {"scan", "-c", config.string(), "-f", "json", "-o", (dir / "scan.json").string()});
  REQUIRE((scan.exitCode == 0 || scan.exitCode == 3));
  json stored = json::parse(test::readFile(dir / "scan.json"));
  REQUIRE(stored["summary"]["unhealthy"].get<int>() > 0);

  auto sarif = test::runBulwark({"report", "-c", config.string(), "-f", "sarif"});
  REQUIRE(sarif.exitCode == 0);
  json doc = json::parse(sarif.out);
  CHECK(doc["runs"][0]["results"].size() ==
        stored["summary"]["unhealthy"].get<size_t>() + stored["summary"]["exempt"].get<size_t>());
  CHECK(doc["runs"][0]["invocations"][0]["executionSuccessful"] == stored["problems"].empty());
  if (!test::sarifSchemaPath().empty() && test::jsonSchemaValidatorAvailable()) {
    test::writeFile(dir / "corpus.sarif", sarif.out);
    auto v = test::validateJsonSchema(test::sarifSchemaPath(), dir / "corpus.sarif");
    INFO(v.out << v.err);
    CHECK(v.exitCode == 0);
    auto j = test::validateJsonSchema(test::sourceDir() / "docs" / "report-schema.json",
                                      dir / "scan.json", true);
    INFO(j.out << j.err);
    CHECK(j.exitCode == 0);
  } else {
    BULWARK_SKIP("SARIF schema or python3-jsonschema missing; schema checks skipped");
  }

  auto ocsf = test::runBulwark({"report", "-c", config.string(), "-f", "ocsf"});
  REQUIRE(ocsf.exitCode == 0);
  CHECK(json::parse(ocsf.out).size() == stored["results"].size());

  auto html = test::runBulwark({"report", "-c", config.string(), "-f", "html"});
  REQUIRE(html.exitCode == 0);
  CHECK(html.out.find("<script") == std::string::npos);
  for (const auto& p : stored["problems"]) {
    // Problems name files by path; the page shows them, escaped.
    CHECK_THAT(html.out, Catch::Contains(p["location"].get<std::string>()));
  }
}
