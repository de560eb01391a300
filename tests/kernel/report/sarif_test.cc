// SARIF 2.1.0: the shape Bulwark promises, and validity against the official OASIS schema.
#include <catch2/catch.hpp>

#include "kernel/report/report_test_support.h"
#include "report/formats.h"
#include "report/scan_diff.h"

namespace test = bulwark::test;
using nlohmann::json;

namespace {

// Validates `doc` against the SARIF schema; returns nullopt (after a WARN) when the schema or
// the validator is not installed.
std::optional<test::RunResult> validateSarif(const json& doc) {
  if (test::sarifSchemaPath().empty()) {
    BULWARK_SKIP(
        "SARIF schema missing (scripts/install-deps installs tools/sarif-schema); skipped");
    return std::nullopt;
  }
  if (!test::jsonSchemaValidatorAvailable()) {
    BULWARK_SKIP("python3-jsonschema missing (scripts/install-deps installs it); skipped");
    return std::nullopt;
  }
  test::TempDir dir;
  test::writeFile(dir / "report.sarif", doc.dump(2));
  return test::validateJsonSchema(test::sarifSchemaPath(), dir / "report.sarif");
}

}  // namespace

TEST_CASE("SARIF: rules are the assessments, results the unhealthy and exempt findings",
          "[report][sarif]") {
  bulwark::ScanRecord scan = test::sampleScan();
  json sarif = bulwark::sarifReport(scan);
  REQUIRE(sarif["version"] == "2.1.0");
  REQUIRE(sarif["runs"].size() == 1);
  const json& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "Bulwark");
  const json& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == scan.assessments.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const auto& a = scan.assessments[i];
    CHECK(rules[i]["id"] == a.id);
    CHECK(rules[i]["shortDescription"]["text"] == a.title);
    CHECK(rules[i]["properties"]["severity"] == bulwark::severityName(a.severity));
    CHECK(rules[i]["properties"]["control"] == a.control);
    CHECK_THAT(rules[i]["help"]["text"].get<std::string>(), Catch::Contains(a.remediation));
  }
  CHECK(rules[0]["properties"]["security-severity"] == "8.0");
  CHECK(rules[0]["defaultConfiguration"]["level"] == "error");
  CHECK(rules[2]["defaultConfiguration"]["level"] == "note");

  size_t unhealthy = 0, exempt = 0, errors = 0;
  for (const auto& r : scan.results) {
    unhealthy += r.state == bulwark::AssessmentState::Unhealthy;
    exempt += r.state == bulwark::AssessmentState::Exempt;
    errors += r.state == bulwark::AssessmentState::Error;
  }
  const json& results = run["results"];
  REQUIRE(results.size() == unhealthy + exempt);
  size_t suppressed = 0;
  for (const auto& res : results) {
    std::string resourceId =
        res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].get<std::string>();
    std::string ruleId = res["ruleId"].get<std::string>();
    CHECK(res["partialFingerprints"]["bulwarkFindingId/v1"] ==
          bulwark::findingId(ruleId, resourceId));
    CHECK(rules[res["ruleIndex"].get<size_t>()]["id"] == ruleId);
    if (res.contains("suppressions")) {
      ++suppressed;
      CHECK(res["suppressions"][0]["kind"] == "external");
      CHECK_THAT(res["suppressions"][0]["justification"].get<std::string>(),
                 Catch::Contains("waiver"));
    } else {
      CHECK_THAT(res["properties"]["quickFix"].get<std::string>(), Catch::Contains(resourceId));
    }
  }
  CHECK(suppressed == exempt);
  // Evidence travels in the message so viewers that show only the message still show it.
  bool evidenceInMessage = false;
  for (const auto& res : results) {
    evidenceInMessage =
        evidenceInMessage || res["message"]["text"].get<std::string>().find(
                                 "properties.minimumTlsVersion") != std::string::npos;
  }
  CHECK(evidenceInMessage);
  CHECK(run["invocations"][0]["toolExecutionNotifications"].size() == errors);
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
}

TEST_CASE("SARIF: the output validates against the official SARIF 2.1.0 schema",
          "[report][sarif][schema]") {
  auto empty = bulwark::ScanRecord{};
  for (const auto& scan : {test::sampleScan(), empty}) {
    auto result = validateSarif(bulwark::sarifReport(scan));
    if (!result) return;
    INFO(result->out << result->err);
    CHECK(result->exitCode == 0);
  }
}

TEST_CASE("SARIF: a broken document fails the schema validation", "[report][sarif][schema]") {
  json good = bulwark::sarifReport(test::sampleScan());
  struct Breakage {
    const char* what;
    std::function<void(json&)> apply;
  };
  std::vector<Breakage> breakages = {
      {"unknown level", [](json& d) { d["runs"][0]["results"][0]["level"] = "catastrophic"; }},
      {"missing version", [](json& d) { d.erase("version"); }},
      {"message without text",
       [](json& d) { d["runs"][0]["results"][0]["message"] = json::object(); }},
      {"driver without name", [](json& d) { d["runs"][0]["tool"]["driver"].erase("name"); }},
      {"suppression of unknown kind",
       [](json& d) {
         for (auto& r : d["runs"][0]["results"]) {
           if (r.contains("suppressions")) r["suppressions"][0]["kind"] = "ignoredByBulwark";
         }
       }},
  };
  for (const auto& b : breakages) {
    json broken = good;
    b.apply(broken);
    auto result = validateSarif(broken);
    if (!result) return;
    INFO(b.what << ": " << result->out << result->err);
    CHECK(result->exitCode == 1);
    CHECK_FALSE(result->out.empty());
  }
}

TEST_CASE("SARIF: the validator reports a file that is not JSON instead of crashing",
          "[report][sarif][schema]") {
  if (test::sarifSchemaPath().empty() || !test::jsonSchemaValidatorAvailable()) {
    BULWARK_SKIP("SARIF schema or python3-jsonschema missing; skipped");
    return;
  }
  test::TempDir dir;
  test::writeFile(dir / "truncated.sarif",
                  bulwark::sarifReport(test::sampleScan()).dump().substr(0, 300));
  auto result = test::validateJsonSchema(test::sarifSchemaPath(), dir / "truncated.sarif");
  CHECK(result.exitCode == 2);
  CHECK_THAT(result.err, Catch::Contains("truncated.sarif") && Catch::Contains("line 1"));
}
