// Plans: the deepest scope wins, the trial starts once and ends after 30 days, and a plugin
// on the free plan has its detection rules left out of `bulwark detect`.
#include <catch2/catch.hpp>

#include "plans/plan_store.h"
#include "support/test_support.h"

using namespace bulwark;

namespace {

constexpr int64_t kDayNs = 86400LL * 1000000000;
constexpr int64_t kStart = 1790812800LL * 1000000000;
const std::string kSub = "/subscriptions/b7e4d2a1-6c3f-4a8b-9e1d-5f0c2b7a4e96";

}  // namespace

TEST_CASE("scopes contain their descendants, case-insensitively", "[plans]") {
  CHECK(plans::scopeContains("/", kSub));
  CHECK(plans::scopeContains(kSub, kSub + "/resourceGroups/rg"));
  CHECK(plans::scopeContains(kSub, "/SUBSCRIPTIONS/B7E4D2A1-6C3F-4A8B-9E1D-5F0C2B7A4E96/"));
  CHECK_FALSE(plans::scopeContains(kSub + "/resourceGroups/rg", kSub));
  CHECK_FALSE(plans::scopeContains(kSub + "/resourceGroups/rg", kSub + "/resourceGroups/rg2"));
}

TEST_CASE("the plan at the deepest containing scope wins", "[plans]") {
  std::vector<plans::PlanRecord> records = {{"vm", "/", "free", std::nullopt},
                                            {"vm", kSub, "standard", std::nullopt},
                                            {"vm", kSub + "/resourceGroups/dev", "free", {}}};
  CHECK(plans::resolvePlan(records, "vm", kSub + "/resourceGroups/prod", kStart).threatDetection);
  CHECK_FALSE(
      plans::resolvePlan(records, "vm", kSub + "/resourceGroups/dev/x", kStart).threatDetection);
  CHECK_FALSE(plans::resolvePlan(records, "vm", "/", kStart).threatDetection);
  CHECK(plans::resolvePlan(records, "storage", kSub, kStart).plan.empty());
}

TEST_CASE("the standard trial starts once, is stored and ends after 30 days", "[plans]") {
  test::TempDir dir;
  const std::string db = (dir / "b.db").string();
  {
    plans::PlanStore store(db);
    auto first = store.effective("vm", kSub, kStart);
    CHECK(first.plan == "trial");
    CHECK(first.threatDetection);
    CHECK(first.trialEndsNs == kStart + 30 * kDayNs);
  }
  plans::PlanStore store(db);  // a restart: the start is read back, not restarted
  CHECK(store.effective("vm", kSub, kStart + 29 * kDayNs).threatDetection);
  auto ended = store.effective("vm", kSub, kStart + 30 * kDayNs);
  CHECK_FALSE(ended.threatDetection);
  CHECK(ended.trialExpired);
  CHECK_THAT(ended.describe(), Catch::StartsWith("free (standard trial ended"));
  // Asking for the trial again does not restart it.
  store.set("vm", "/", "trial", kStart + 40 * kDayNs);
  CHECK_FALSE(store.effective("vm", kSub, kStart + 40 * kDayNs).threatDetection);
  store.set("vm", "/", "standard", kStart + 40 * kDayNs);
  CHECK(store.effective("vm", kSub, kStart + 400 * kDayNs).threatDetection);
  store.set("vm", kSub, "free", kStart + 41 * kDayNs);
  CHECK_FALSE(store.effective("vm", kSub, kStart + 41 * kDayNs).threatDetection);
  CHECK_THROWS_WITH(store.set("vm", "/", "gold", kStart), Catch::Contains("gold"));
  CHECK(store.list().size() == 2);
}

TEST_CASE("a plugin on the free plan has its rules left out of detect", "[plans][cli]") {
  test::TempDir dir;
  const std::string db = (dir / "b.db").string();
  test::writeFile(dir / "auth.log",
                  "Mar  3 10:00:00 srv sudo:    alice : TTY=pts/0 ; PWD=/ ; USER=root ; "
                  "COMMAND=/bin/bash\n");
  auto config =
      test::writeConfig(dir, {{"detectrules", ""}}, {}, {test::testPluginDir() / "detect"});
  std::vector<std::string> detect = {"detect",
                                     "--config",
                                     config.string(),
                                     "--store",
                                     db,
                                     "--source",
                                     "syslog:" + (dir / "auth.log").string(),
                                     "--format",
                                     "jsonl"};
  auto trial = test::runBulwark(detect);
  INFO(trial.err);
  REQUIRE(trial.exitCode == 0);
  CHECK_THAT(trial.out, Catch::Contains("detectrules.sudo-shell"));
  CHECK_THAT(test::runBulwark({"plans", "list", "--store", db}).out,
             Catch::Contains("detectrules") && Catch::Contains("trial until"));

  auto set = test::runBulwark({"plans", "set", "detectrules", "free", "--store", db});
  REQUIRE(set.exitCode == 0);
  auto free = test::runBulwark(detect);
  CHECK(free.exitCode == 0);
  CHECK_THAT(free.err, Catch::Contains("plugin detectrules is on the free plan") &&
                           Catch::Contains("do not run"));
  CHECK(free.out.find("detectrules.sudo-shell") == std::string::npos);
  CHECK(test::runBulwark({"plans", "set", "detectrules", "gold", "--store", db}).exitCode == 2);
}
