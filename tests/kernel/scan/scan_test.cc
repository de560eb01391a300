#include <catch2/catch.hpp>
#include <set>

#include "scan/scan_runner.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;

namespace {

ScanRecord scanWith(const TempDir& dir,
                    const std::vector<std::pair<std::string, std::string>>& plugins,
                    const std::vector<std::string>& scopes = {}) {
  auto file =
      test::writeConfig(dir, plugins, {test::sourceDir() / "config" / "samples" / "estate"});
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = {test::pluginDir().string(), test::testPluginDir().string()};
  options.scopes = parseScopes(scopes);
  options.kernelVersion = "test";
  return runScan(config, options);
}

size_t countState(const ScanRecord& s, const std::string& assessment, AssessmentState st) {
  size_t n = 0;
  for (const auto& r : s.results) {
    if (r.assessmentId == assessment && r.state == st) ++n;
  }
  return n;
}

const PluginRun* runOf(const ScanRecord& s, const std::string& plugin, const std::string& phase) {
  for (const auto& r : s.pluginRuns) {
    if (r.pluginId == plugin && r.phase == phase) return &r;
  }
  return nullptr;
}

const char* kProd = "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f";

}  // namespace

TEST_CASE("the storage plugin scans the sample estate end to end", "[scan]") {
  TempDir dir;
  ScanRecord s = scanWith(dir, {{"storage", ""}});
  CHECK(s.status == "completed");
  CHECK(s.resources.size() == 9);
  CHECK(s.assessments.size() >= 12);
  CHECK(s.results.size() == 9 * s.assessments.size());
  CHECK(countState(s, "storage.secure-transfer", AssessmentState::Unhealthy) == 2);
  CHECK(countState(s, "storage.public-blob-access", AssessmentState::Unhealthy) == 3);
  CHECK(countState(s, "storage.minimum-tls", AssessmentState::Unhealthy) == 4);
  for (const auto& r : s.results)
    CHECK(r.state != AssessmentState::Error);
}

TEST_CASE("scopes limit what is collected and assessed", "[scan]") {
  TempDir dir;
  ScanRecord s =
      scanWith(dir, {{"storage", ""}}, {"/SUBSCRIPTIONS/3F2A8C4E-9B1D-4E7A-8C5F-2D6B9E0A1C3F"});
  REQUIRE(s.resources.size() == 5);
  for (const auto& r : s.resources)
    CHECK(toLowerAscii(r.subscription) == "3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f");
  for (const auto& r : s.results)
    CHECK_THAT(r.resourceId, Catch::StartsWith(kProd));

  TempDir dir2;
  ScanRecord two = scanWith(dir2, {{"storage", ""}},
                            {std::string(kProd) + "/resourceGroups/rg-prod-web",
                             "/subscriptions/b7e4d2a1-6c3f-4a8b-9e1d-5f0c2b7a4e96/resourceGroups/"
                             "rg-dev-apps"});
  std::set<std::string> groups;
  for (const auto& r : two.resources)
    groups.insert(r.resourceGroup);
  CHECK(groups == std::set<std::string>{"rg-prod-web", "rg-dev-apps"});
}

TEST_CASE("an assessment that throws is an error, never healthy", "[scan][failclosed]") {
  TempDir dir;
  ScanRecord s = scanWith(dir, {{"thrower", R"({throw_in: [assess]})"}});
  REQUIRE(s.results.size() == 9);
  for (const auto& r : s.results) {
    CHECK(r.state == AssessmentState::Error);
    CHECK_THAT(r.reason, Catch::Contains("thrown from assess"));
  }
  const PluginRun* run = runOf(s, "thrower", "assess");
  REQUIRE(run);
  CHECK(run->status == "error");
  CHECK(s.status == "completed_with_errors");
}

TEST_CASE("a collector that throws a non-exception is recorded", "[scan][failclosed]") {
  TempDir dir;
  ScanRecord s = scanWith(dir, {{"thrower", R"({throw_in: [collect]})"}, {"storage", ""}});
  const PluginRun* run = runOf(s, "thrower", "collect");
  REQUIRE(run);
  CHECK(run->status == "error");
  CHECK_THAT(run->message, Catch::Contains("collector threw an unknown exception"));
  // The storage plugin still ran; thrower's check assessed what storage collected.
  CHECK(s.resources.size() == 9);
  CHECK(countState(s, "storage.secure-transfer", AssessmentState::Unhealthy) == 2);
}

TEST_CASE("a constructor that throws leaves the host running", "[scan][failclosed]") {
  TempDir dir;
  ScanRecord s = scanWith(dir, {{"thrower", R"({throw_in: [create]})"}, {"storage", ""}});
  const PluginRun* run = runOf(s, "thrower", "create");
  REQUIRE(run);
  CHECK(run->status == "error");
  CHECK_THAT(run->message, Catch::Contains("thrown from create"));
  CHECK(countState(s, "thrower.check", AssessmentState::Healthy) == 0);
  CHECK(countState(s, "storage.minimum-tls", AssessmentState::Unhealthy) == 4);
}

TEST_CASE("a C plugin that returns errors and garbage reports nothing healthy",
          "[scan][failclosed]") {
  TempDir dir;
  ScanRecord s = scanWith(dir, {{"errors", ""}, {"storage", ""}});
  const PluginRun* collect = runOf(s, "errors", "collect");
  REQUIRE(collect);
  CHECK(collect->status == "error");
  CHECK_THAT(collect->message, Catch::Contains("deliberate failure"));
  CHECK(countState(s, "errors.fails", AssessmentState::Healthy) == 0);
  CHECK(countState(s, "errors.fails", AssessmentState::Error) == 9);
  CHECK(countState(s, "errors.bad-state", AssessmentState::Error) == 9);
  for (const auto& r : s.results) {
    if (r.assessmentId == "errors.bad-state")
      CHECK_THAT(r.reason, Catch::Contains("unknown state 42"));
  }
}

TEST_CASE("refused plugins are recorded and the others still run", "[scan]") {
  TempDir dir;
  ScanRecord s = scanWith(dir, {{"wrongmajor", ""}, {"storage", ""}, {"ghost", ""}});
  const PluginRun* refused = runOf(s, "wrongmajor", "load");
  REQUIRE(refused);
  CHECK(refused->status == "refused");
  const PluginRun* ghost = runOf(s, "ghost", "load");
  REQUIRE(ghost);
  CHECK_THAT(ghost->message, Catch::Contains("no ghost.so was found"));
  CHECK(s.results.size() == 9 * s.assessments.size());
  CHECK(s.status == "completed_with_errors");
}

TEST_CASE("a broken inventory file is a problem and the rest is scanned", "[scan]") {
  TempDir dir;
  test::writeFile(dir / "estate" / "bad.json", "{\"value\": [ {\"id\": ");
  std::filesystem::copy(test::sourceDir() / "config" / "samples" / "estate", dir / "estate",
                        std::filesystem::copy_options::recursive);
  auto file = test::writeConfig(dir, {{"storage", ""}}, {dir / "estate"});
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = {test::pluginDir().string()};
  ScanRecord s = runScan(config, options);
  CHECK(s.resources.size() == 9);
  REQUIRE(s.problems.size() == 1);
  CHECK_THAT(s.problems[0].location, Catch::Contains("bad.json: byte "));
}
