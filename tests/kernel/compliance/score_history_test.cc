// Scores stored per scan and the history read back; expected numbers from Defender's formula.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "score/score_history.h"
#include "store/scans_schema.h"
#include "store/store.h"
#include "support/test_support.h"

using namespace bulwark;
namespace test = bulwark::test;

namespace {

std::string rid(const std::string& sub, const std::string& name) {
  std::string id = "/subscriptions/";
  id.append(sub).append("/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/");
  return id.append(name);
}

AssessmentInfo assessment(const std::string& id, const std::string& control) {
  AssessmentInfo a;
  a.id = id;
  a.pluginId = "plugin";
  a.title = id;
  a.resourceType = "Microsoft.Storage/storageAccounts";
  a.control = control;
  return a;
}

ScanRecord scanWith(const std::string& startedAt,
                    const std::vector<std::tuple<std::string, std::string, AssessmentState>>& rs) {
  ScanRecord s;
  s.startedAt = startedAt;
  s.finishedAt = startedAt;
  s.status = "completed";
  s.kernelVersion = "test";
  s.assessments = {assessment("transit.a", "Encrypt data in transit"),
                   assessment("network.a", "Restrict unauthorized network access")};
  for (const auto& [resource, a, state] : rs) {
    s.results.push_back({resource, a, "plugin", state, "", nlohmann::json::object()});
  }
  return s;
}

using S = AssessmentState;

}  // namespace

TEST_CASE("scores are stored per scan, overall and per subscription", "[score][history]") {
  test::TempDir dir;
  const std::string db = (dir / "store.db").string();
  // Scan 1. Transit: r1 healthy, r2 unhealthy (s1), r3 healthy (s2).
  //         Network: r1, r2 healthy (s1), r3 unhealthy (s2).
  ScanRecord first =
      scanWith("2026-01-01T00:00:00Z", {{rid("s1", "r1"), "transit.a", S::Healthy},
                                        {rid("s1", "r2"), "transit.a", S::Unhealthy},
                                        {rid("s2", "r3"), "transit.a", S::Healthy},
                                        {rid("s1", "r1"), "network.a", S::Healthy},
                                        {rid("s1", "r2"), "network.a", S::Healthy},
                                        {rid("s2", "r3"), "network.a", S::Unhealthy}});
  // Scan 2: r2 fixed; r3's network still open.
  ScanRecord second =
      scanWith("2026-01-02T00:00:00Z", {{rid("s1", "r1"), "transit.a", S::Healthy},
                                        {rid("s1", "r2"), "transit.a", S::Healthy},
                                        {rid("s2", "r3"), "transit.a", S::Healthy},
                                        {rid("s1", "r1"), "network.a", S::Healthy},
                                        {rid("s1", "r2"), "network.a", S::Healthy},
                                        {rid("s2", "r3"), "network.a", S::Unhealthy}});
  {
    Store store(db);
    CHECK(store.partVersion("scans") == static_cast<int>(scansSchema().migrations.size()));
    first.id = store.saveScan(first);
    second.id = store.saveScan(second);  // stored without scores: the history fills them in
  }
  saveScanScores(db, first);

  auto one = loadScanScore(db, first.id, "");
  REQUIRE(one);
  // Overall: transit 4 x 2/3, network 4 x 2/3, of 8.
  CHECK(one->max == 8);
  CHECK(one->current == Approx(4.0 * 2 / 3 + 4.0 * 2 / 3));
  CHECK(one->percentage == Approx(0.6667));
  // s1 alone: transit 4 x 1/2, network 4 x 2/2 -> 6 of 8. The scope is matched whatever its case.
  auto s1 = loadScanScore(db, first.id, "/SUBSCRIPTIONS/S1/");
  REQUIRE(s1);
  CHECK(s1->percentage == Approx(0.75));
  CHECK(s1->scope == "/subscriptions/s1");
  for (const auto& c : s1->controls) {
    if (c.name == "Encrypt data in transit") {
      CHECK(c.healthyResources == 1);
      CHECK(c.unhealthyResources == 1);
      CHECK(c.potentialIncrease == Approx(2.0));
      CHECK(c.assessments == std::vector<std::string>{"transit.a"});
    }
  }
  CHECK_FALSE(loadScanScore(db, second.id, ""));
  CHECK_FALSE(loadScanScore(db, first.id, "/subscriptions/s9"));

  auto overall = scoreHistory(db, "");
  REQUIRE(overall.size() == 2);
  CHECK(overall[0].percentage == Approx(0.6667));
  CHECK_FALSE(overall[0].change);
  // Scan 2 overall: transit 4, network 4 x 2/3 -> 6.6667 of 8.
  CHECK(overall[1].percentage == Approx(0.8333));
  REQUIRE(overall[1].change);
  CHECK(*overall[1].change == Approx(0.8333 - 0.6667));
  CHECK(loadScanScore(db, second.id, ""));  // backfilled and kept

  auto sub1 = scoreHistory(db, "/subscriptions/s1");
  REQUIRE(sub1.size() == 2);
  CHECK(sub1[1].percentage == Approx(1.0));
  CHECK(*sub1[1].change == Approx(0.25));
  auto sub2 = scoreHistory(db, "/subscriptions/s2");
  REQUIRE(sub2.size() == 2);
  CHECK(sub2[0].percentage == Approx(0.5));
  CHECK(*sub2[1].change == Approx(0.0));

  SECTION("bulwark score --history prints the trend") {
    auto r = test::runBulwark({"score", "--store", db, "--history"});
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::Contains("66.67%") && Catch::Contains("83.33%") &&
                          Catch::Contains("+16.66%") && Catch::Contains("2026-01-02"));
    auto j = test::runBulwark(
        {"score", "--store", db, "--history", "--scope", "/subscriptions/s1", "--format", "json"});
    REQUIRE(j.exitCode == 0);
    auto rows = nlohmann::json::parse(j.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1]["percentage"].get<double>() == Approx(1.0));
    CHECK(rows[1]["change"].get<double>() == Approx(0.25));
    CHECK(rows[1]["stored"] == true);
    CHECK(rows[0]["change"].is_null());
  }
  SECTION("a resource-group scope is computed, not stored") {
    auto j = test::runBulwark({"score", "--store", db, "--history", "--scope",
                               "/subscriptions/s2/resourceGroups/g", "--format", "json"});
    REQUIRE(j.exitCode == 0);
    auto rows = nlohmann::json::parse(j.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["percentage"].get<double>() == Approx(0.5));
    CHECK(rows[0]["stored"] == false);
  }
}
