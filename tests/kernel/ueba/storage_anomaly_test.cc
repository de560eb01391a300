// Per-account storage baselines over generated StorageBlobLogs, read by the storage plugin's
// source and analysed by its activity declaration: a SAS from a new address, a deletion hour
// and an extraction hour far above the account's baseline are found after the learning
// period, and three weeks of ordinary traffic raise nothing.
#include <catch2/catch.hpp>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "kernel/detect/detect_test_support.h"
#include "logs/blob_log_generator.h"
#include "plugins/storage/storage_log_support.h"
#include "support/test_support.h"
#include "ueba/activity_view.h"
#include "ueba/anomaly_detector.h"

using namespace bulwark;
using storage::logs::AttackKind;

namespace {

constexpr int64_t kDay = 86400;

std::string lower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

storage::logs::GeneratorOptions threeWeeks() {
  storage::logs::GeneratorOptions o;
  o.seed = 20261129;
  o.durationSeconds = 21 * kDay;
  o.cleanRecords = 21 * 24 * 20;  // about 20 requests an hour
  return o;
}

std::vector<detect::Alert> anomalies(const storage::logs::GeneratedLogs& logs) {
  detect::KeyTable keys;
  auto read = test::readStorageText(keys, "storage-blob-logs", storage::logs::toJsonLines(logs));
  REQUIRE(read.stats.failed == 0);
  ueba::AnomalyDetector detector(nullptr, nullptr, {}, test::storageActivityCatalog());
  for (const auto& e : read.events)
    CHECK(detector.offer(e, keys));
  return detector.finish();
}

std::multiset<std::string> rules(const std::vector<detect::Alert>& alerts) {
  std::multiset<std::string> out;
  for (const auto& a : alerts)
    out.insert(a.ruleId);
  return out;
}

}  // namespace

TEST_CASE("storage baselines: three weeks of ordinary traffic raise no anomaly") {
  auto alerts = anomalies(storage::logs::generateBlobLogs(threeWeeks(), {}));
  for (const auto& a : alerts)
    UNSCOPED_INFO(a.ruleId << ": " << a.description);
  CHECK(alerts.empty());
}

TEST_CASE("storage baselines: the injected SAS, deletion and extraction anomalies are found") {
  auto o = threeWeeks();
  const int64_t start = o.startUnixSeconds;
  auto logs = storage::logs::generateBlobLogs(
      o, {{AttackKind::SasFromNewAddress, start + 15 * kDay + 3600, "203.0.113.77", 0},
          {AttackKind::MassDeletion, start + 17 * kDay + 7200, "", 0},
          {AttackKind::MassExtraction, start + 19 * kDay + 1800, "", 0},
          // Inside the 14-day learning period: learned, never alerted.
          {AttackKind::SasFromNewAddress, start + 5 * kDay, "203.0.113.5", 0}});
  auto alerts = anomalies(logs);
  for (const auto& a : alerts)
    UNSCOPED_INFO(a.ruleId << ": " << a.description);
  REQUIRE(rules(alerts) == std::multiset<std::string>{"ueba.storage.sas-new-ip",
                                                      "ueba.storage.mass-deletion",
                                                      "ueba.storage.unusual-extraction"});
  for (const auto& a : alerts) {
    CHECK(test::entityValues(a, "account") == std::vector<std::string>{o.accountName});
    // Azure Monitor writes _ResourceId in lower case; ARM ids compare case-insensitively.
    CHECK(lower(a.resourceId) == lower(o.resourceId));
    CHECK(a.description.find("baseline") != std::string::npos);
    CHECK_FALSE(a.evidence.empty());
    if (a.ruleId == "ueba.storage.sas-new-ip") {
      CHECK(test::entityValues(a, "ip") == std::vector<std::string>{"203.0.113.77"});
      CHECK(a.firstNs / 1000000000 >= start + 15 * kDay + 3600);
    }
    if (a.ruleId == "ueba.storage.mass-deletion") {
      CHECK(a.eventCount >= 300);
      CHECK(a.description.find("300 blobs deleted") != std::string::npos);
    }
    if (a.ruleId == "ueba.storage.unusual-extraction")
      CHECK(a.description.find("GiB of blob reads in 1h") != std::string::npos);
  }
}

TEST_CASE("storage baselines: a failed delete or read does not count toward the baseline") {
  detect::KeyTable keys;
  std::string lines;
  for (int i = 0; i < 3; ++i)
    lines += R"({"TimeGenerated":"2026-01-01T00:00:0)" + std::to_string(i) +
             R"(Z","AccountName":"acct1","OperationName":"DeleteBlob","StatusCode":)" +
             (i == 0 ? "202" : "404") +
             R"(,"CallerIpAddress":"198.51.100.1:5000","AuthenticationType":"SAS",)"
             R"("Uri":"https://acct1.blob.core.windows.net/c/b"})"
             "\n";
  auto read = test::readStorageText(keys, "storage-blob-logs", lines);
  REQUIRE(read.events.size() == 3);
  size_t deletions = 0;
  for (const auto& e : read.events) {
    auto view = ueba::activityOf(e, keys, test::storageActivityCatalog());
    REQUIRE(view);
    CHECK(view->declaration->owner == "plugin storage");
    CHECK(view->principal == "storage-account/acct1");
    CHECK(view->delegated);
    deletions += view->deletion ? 1 : 0;
  }
  CHECK(deletions == 1);
}

TEST_CASE("bulwark detect raises the storage anomalies the storage plugin declares",
          "[ueba][cli]") {
  auto o = threeWeeks();
  const int64_t start = o.startUnixSeconds;
  auto logs = storage::logs::generateBlobLogs(
      o, {{AttackKind::SasFromNewAddress, start + 15 * kDay + 3600, "203.0.113.77", 0},
          {AttackKind::MassDeletion, start + 17 * kDay + 7200, "", 0},
          {AttackKind::MassExtraction, start + 19 * kDay + 1800, "", 0}});
  test::TempDir dir;
  test::writeFile(dir / "blob.jsonl", storage::logs::toJsonLines(logs));
  // No configuration: the storage plugin is found in the plugin folders, for its event sources
  // and its activity declarations.
  auto run =
      test::runBulwark({"detect", "--config", "", "--no-store", "--source",
                        "storage-blob-logs:" + (dir / "blob.jsonl").string(), "--format", "json"});
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  std::multiset<std::string> found;
  for (const auto& a : nlohmann::json::parse(run.out)) {
    std::string rule = a.at("rule");
    if (rule.rfind("ueba.", 0) != 0) continue;
    found.insert(rule);
    if (rule == "ueba.storage.sas-new-ip")
      CHECK(a.at("title") == "SAS token used from an address never seen for the account");
    if (rule == "ueba.storage.mass-deletion")
      CHECK(a.at("title") == "Blob deletions far above the account's hourly baseline");
  }
  CHECK(found == std::multiset<std::string>{"ueba.storage.sas-new-ip", "ueba.storage.mass-deletion",
                                            "ueba.storage.unusual-extraction"});
  CHECK_THAT(run.err, Catch::Contains("UEBA: 1 principals"));
}
