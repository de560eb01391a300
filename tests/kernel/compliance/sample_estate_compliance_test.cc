// `bulwark compliance` on the sample estate. Expected verdicts come from the estate's
// documented data (config/samples/estate/README.md) and from the stored results, counted here.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "compliance/standard.h"
#include "scope/resource_id.h"
#include "store/store.h"
#include "support/test_support.h"

using namespace bulwark;
namespace test = bulwark::test;
using nlohmann::json;

namespace {

const std::string kProd = "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f";

struct Estate {
  test::TempDir dir;
  std::string config = (test::sourceDir() / "config" / "bulwark.yaml").string();
  std::string store = (dir / "estate.db").string();
};

json runCompliance(const Estate& e, std::vector<std::string> extra) {
  std::vector<std::string> args = {"compliance", "--config", e.config, "--store",
                                   e.store,      "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = test::runBulwark(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return json::parse(r.out);
}

const json& control(const json& report, const std::string& id) {
  for (const auto& c : report["controls"]) {
    if (c["id"] == id) return c;
  }
  FAIL("no control " << id);
  throw;
}

}  // namespace

TEST_CASE("compliance verdicts on the sample estate", "[compliance][estate]") {
  Estate e;
  auto scan = test::runBulwark({"scan", "--config", e.config, "--store", e.store});
  INFO(scan.err);
  REQUIRE((scan.exitCode == 0 || scan.exitCode == 1));

  auto list = test::runBulwark({"compliance", "--config", e.config, "--list"});
  REQUIRE(list.exitCode == 0);
  CHECK_THAT(list.out, Catch::Contains("cis-azure-3.0.0") && Catch::Contains("nist-sp-800-53-r5") &&
                           Catch::Contains("cis-ubuntu-22.04"));

  // The estate README: secure transfer is off on contosoprodlegacy01 and contosodevscratch01,
  // on for the other seven storage accounts.
  json cis = runCompliance(e, {"--standard", "cis-azure-3.0.0"});
  const json& transfer = control(cis, "4.1");
  CHECK(transfer["status"] == "failed");
  CHECK(transfer["unhealthyResources"] == 2);
  CHECK(transfer["healthyResources"] == 7);
  REQUIRE(transfer["failingAssessments"].size() == 1);
  CHECK(transfer["failingAssessments"][0]["assessmentId"] == "storage.secure-transfer");
  // No plugin assesses Defender plans.
  CHECK(control(cis, "3.1.3.1")["status"] == "not assessed");
  // In production only contosoprodlegacy01 allows HTTP, among five accounts.
  json prod = runCompliance(e, {"--standard", "cis-azure-3.0.0", "--scope", kProd});
  CHECK(control(prod, "4.1")["unhealthyResources"] == 1);
  CHECK(control(prod, "4.1")["healthyResources"] == 4);
  json nist = runCompliance(e, {"--standard", "nist-sp-800-53-r5"});
  CHECK(control(nist, "SC-8")["status"] == "failed");
  CHECK(control(nist, "SC-8")["unhealthyResources"].get<int>() >= 2);

  // Every control against the stored results, counted independently of the program.
  Store store(e.store);
  auto stored = store.loadScan(*store.latestScanId());
  REQUIRE(stored);
  for (const std::string standardId : {"cis-azure-3.0.0", "nist-sp-800-53-r5"}) {
    auto st = compliance::loadStandard(
        (test::sourceDir() / "config" / "compliance" / (standardId + ".yaml")).string());
    json report = runCompliance(e, {"--standard", standardId});
    REQUIRE(report["controls"].size() == st.controls.size());
    size_t failed = 0;
    for (const auto& c : st.controls) {
      std::set<std::string> mapped(c.assessments.begin(), c.assessments.end());
      for (const auto& a : stored->assessments) {
        std::string key = compliance::definitionKey(a.policyDefinitionId);
        for (const auto& d : c.policyDefinitionIds)
          if (!key.empty() && d == key) mapped.insert(a.id);
        for (const auto& ref : a.compliance)
          if (ref.standard == st.name && ref.control == c.id) mapped.insert(a.id);
      }
      std::map<std::string, bool> failing;  // resource -> fails
      for (const auto& r : stored->results) {
        if (!mapped.count(r.assessmentId)) continue;
        if (r.state == AssessmentState::Unhealthy || r.state == AssessmentState::Error) {
          failing[toLowerAscii(r.resourceId)] = true;
        } else if (r.state == AssessmentState::Healthy) {
          failing.emplace(toLowerAscii(r.resourceId), false);
        }
      }
      size_t bad = 0;
      for (const auto& [res, f] : failing)
        bad += f ? 1 : 0;
      std::string expected = bad > 0 ? "failed" : (failing.empty() ? "not assessed" : "passed");
      failed += bad > 0 ? 1 : 0;
      const json& got = control(report, c.id);
      INFO(standardId << " " << c.id);
      CHECK(got["status"] == expected);
      CHECK(got["unhealthyResources"] == bad);
      CHECK(got["healthyResources"] == failing.size() - bad);
    }
    CHECK(report["failed"] == failed);
    CHECK(failed > 0);
  }
  // Every benchmark id a plugin cites is a control of the generated files (no drift).
  for (const std::string standardId : {"cis-azure-3.0.0", "cis-ubuntu-22.04"}) {
    auto st = compliance::loadStandard(
        (test::sourceDir() / "config" / "compliance" / (standardId + ".yaml")).string());
    size_t cited = 0;
    for (const auto& a : stored->assessments) {
      for (const auto& ref : a.compliance) {
        if (ref.standard != st.name) continue;
        cited++;
        bool listed =
            std::any_of(st.controls.begin(), st.controls.end(),
                        [&](const compliance::Control& c) { return c.id == ref.control; });
        INFO(a.id << " cites " << ref.control);
        CHECK(listed);
      }
    }
    CHECK(cited > 0);
  }
}

TEST_CASE("compliance usage errors", "[compliance][cli]") {
  Estate e;
  CHECK(test::runBulwark({"compliance", "--config", e.config}).exitCode == 2);
  auto unknown = test::runBulwark(
      {"compliance", "--config", e.config, "--store", e.store, "--standard", "iso-27001"});
  CHECK(unknown.exitCode == 2);
  CHECK_THAT(unknown.err, Catch::Contains("no standard 'iso-27001'"));
  auto empty = test::runBulwark(
      {"compliance", "--config", e.config, "--store", e.store, "--standard", "cis-azure-3.0.0"});
  CHECK(empty.exitCode == 3);
  CHECK_THAT(empty.err, Catch::Contains("holds no scans"));
  test::writeFile(e.dir / "compliance" / "broken.yaml", "id: x\nname: [\n");
  auto broken =
      test::runBulwark({"compliance", "--standards", (e.dir / "compliance").string(), "--list"});
  CHECK(broken.exitCode == 2);
  CHECK_THAT(broken.err, Catch::Contains("broken.yaml:"));
}
