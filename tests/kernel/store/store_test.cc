#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "store/scans_schema.h"
#include "store/store.h"
#include "support/legacy_store.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;

namespace {

ScanRecord sampleScan(const std::string& status) {
  ScanRecord s;
  s.startedAt = "2026-11-29T00:00:00Z";
  s.finishedAt = "2026-11-29T00:00:01Z";
  s.status = status;
  s.scopes = {"/subscriptions/s1"};
  s.kernelVersion = "test";
  s.assessments.push_back({"storage.secure-transfer",
                           "storage",
                           "Secure transfer",
                           "Microsoft.Storage/storageAccounts",
                           Severity::High,
                           "Encrypt data in transit",
                           "d",
                           "r",
                           "404c3081-a854-4457-ae30-26a93ef643f9",
                           "az storage account update --ids {id} --https-only true",
                           {{"CIS Microsoft Azure Foundations Benchmark v3.0.0", "3.1"}},
                           nullptr});
  const std::string id =
      "/subscriptions/s1/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a";
  s.resources.push_back({id,
                         "Microsoft.Storage/storageAccounts",
                         "a",
                         "westeurope",
                         "s1",
                         "g",
                         "storage",
                         {{"id", id}}});
  s.results.push_back({id,
                       "storage.secure-transfer",
                       "storage",
                       AssessmentState::Unhealthy,
                       "supportsHttpsTrafficOnly is false",
                       {{"supportsHttpsTrafficOnly", false}}});
  s.pluginRuns.push_back(
      {"storage", "0.1.0", "1.0", "assess", "storage.secure-transfer", "ok", "", 3});
  s.problems.push_back({"inventory", "x.json: byte 3", "invalid JSON"});
  return s;
}

void sql(const std::string& path, const std::string& statement) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("a scan round-trips through the store", "[store]") {
  TempDir dir;
  Store store((dir / "b.db").string());
  CHECK(store.partVersion("scans") == static_cast<int>(scansSchema().migrations.size()));
  int64_t id = store.saveScan(sampleScan("completed"));
  auto loaded = store.loadScan(id);
  REQUIRE(loaded);
  CHECK(loaded->status == "completed");
  CHECK(loaded->scopes == std::vector<std::string>{"/subscriptions/s1"});
  REQUIRE(loaded->results.size() == 1);
  CHECK(loaded->results[0].state == AssessmentState::Unhealthy);
  CHECK(loaded->results[0].evidence["supportsHttpsTrafficOnly"] == false);
  REQUIRE(loaded->assessments.size() == 1);
  CHECK(loaded->assessments[0].severity == Severity::High);
  CHECK(loaded->assessments[0].quickFix ==
        "az storage account update --ids {id} --https-only true");
  REQUIRE(loaded->assessments[0].compliance.size() == 1);
  CHECK(loaded->assessments[0].compliance[0].control == "3.1");
  CHECK(loaded->pluginRuns.at(0).durationMs == 3);
  CHECK(loaded->problems.at(0).message == "invalid JSON");
  CHECK_FALSE(store.loadScan(id + 1));
  auto list = store.listScans();
  REQUIRE(list.size() == 1);
  CHECK(list[0].unhealthy == 1);
}

TEST_CASE("an older schema migrates and keeps its scans", "[store]") {
  TempDir dir;
  std::string path = (dir / "old.db").string();
  test::writeLegacyStore(path, 1);
  sql(path,
      "INSERT INTO scans (started_at, finished_at, status, scopes, kernel_version) VALUES "
      "('2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z', 'completed', '[]', '0.0.1');"
      "INSERT INTO assessment_results VALUES (1, '/subscriptions/s/resourceGroups/g/providers/"
      "Microsoft.Storage/storageAccounts/a', 'storage.minimum-tls', 'storage', 'Unhealthy', "
      "'TLS1_0', '{}');"
      "INSERT INTO plugin_runs VALUES (1, 'storage', '0.0.1', '1.0', 'assess', 'x', 'ok', '');");
  Store migrated(path);
  CHECK(migrated.partVersion("scans") == static_cast<int>(scansSchema().migrations.size()));
  auto old = migrated.loadScan(1);
  REQUIRE(old);
  CHECK(old->kernelVersion == "0.0.1");
  REQUIRE(old->results.size() == 1);
  CHECK(old->results[0].reason == "TLS1_0");
  CHECK(old->pluginRuns.at(0).durationMs == 0);  // column added by migration 2
  CHECK(migrated.saveScan(sampleScan("completed")) == 2);
}

TEST_CASE("a store from a newer bulwark is refused, not touched", "[store]") {
  TempDir dir;
  std::string path = (dir / "new.db").string();
  { Store s(path); }
  sql(path, "UPDATE schema_parts SET version = 99 WHERE part = 'scans';");
  CHECK_THROWS_WITH(Store(path),
                    Catch::Contains(path) && Catch::Contains("'scans' is at version 99, "
                                                             "newer than this bulwark"));
  // A store from before parts with a version this bulwark never wrote is refused as well.
  std::string legacy = (dir / "legacy.db").string();
  sql(legacy, "PRAGMA user_version = 99;");
  CHECK_THROWS_WITH(Store(legacy), Catch::Contains(legacy) && Catch::Contains("schema version 99 "
                                                                              "is newer"));
}

TEST_CASE("a file that is not a database gives a clear error", "[store]") {
  TempDir dir;
  test::writeFile(dir / "junk.db", std::string(4096, 'x'));
  CHECK_THROWS_WITH(Store((dir / "junk.db").string()), Catch::Contains("junk.db"));
}

TEST_CASE("a scan killed midway leaves earlier scans intact", "[store][kill]") {
  TempDir dir;
  auto estate = test::sourceDir() / "config" / "samples" / "estate";
  auto good = test::writeConfig(dir, {{"storage", ""}}, {estate});
  auto first = test::runBulwark({"scan", "--config", good.string()});
  REQUIRE(first.exitCode == 0);

  TempDir hangDir;
  auto marker = hangDir / "marker";
  auto hanging = test::writeConfig(
      hangDir, {{"storage", ""}, {"hang", "{marker: " + marker.string() + "}"}}, {estate});
  std::string storePath = (dir / "store.db").string();
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::string bin = BULWARK_BINARY;
    execl(bin.c_str(), bin.c_str(), "scan", "--config", hanging.c_str(), "--store",
          storePath.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  bool started = false;
  for (int i = 0; i < 300 && !started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    started = std::filesystem::exists(marker);
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(started);
  CHECK(WIFSIGNALED(status));

  Store store(storePath);
  auto scans = store.listScans();
  REQUIRE(scans.size() == 1);
  auto earlier = store.loadScan(scans[0].id);
  REQUIRE(earlier);
  CHECK(earlier->status == "completed");
  // Every storage assessment judged the 9 accounts (the kernel's own ones target other types).
  size_t storageAssessments =
      std::count_if(earlier->assessments.begin(), earlier->assessments.end(),
                    [](const auto& a) { return a.pluginId == "storage"; });
  size_t storageResults = std::count_if(earlier->results.begin(), earlier->results.end(),
                                        [](const auto& r) { return r.pluginId == "storage"; });
  CHECK(storageResults == 9 * storageAssessments);

  auto after = test::runBulwark({"scan", "--config", good.string()});
  CHECK(after.exitCode == 0);
  CHECK(Store(storePath).listScans().size() == 2);
}
