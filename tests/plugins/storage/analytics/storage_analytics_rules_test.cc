// The storage rule pack (plugins/storage/rules/storage.yaml) over the seeded generator's
// records written in the Storage Analytics format: the storage plugin's storage-analytics source
// must give the events its storage-blob-logs source gives for the same records, so the rules
// fire on both.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "detect/engine.h"
#include "detect/rules/rule_loader.h"
#include "logs/blob_log_generator.h"
#include "logs/storage_analytics_lines.h"
#include "plugins/storage/storage_log_support.h"
#include "support/test_support.h"
#include "util/time.h"

using namespace bulwark::storage::logs;
namespace detect = bulwark::detect;
using bulwark::test::TempDir;

namespace {

std::string packPath() {
  return (bulwark::test::sourceDir() / "plugins/storage/rules/storage.yaml").string();
}

bulwark::test::StorageRead readAll(detect::KeyTable& keys, const std::string& type,
                                   const std::string& file) {
  return bulwark::test::readStorageLogs(keys, type, file);
}

struct Run {
  std::vector<detect::Alert> alerts;
  detect::ReadStats stats;
  std::string file;
};

Run detectOnAnalytics(const GeneratedLogs& logs, const TempDir& dir) {
  detect::KeyTable keys;
  Run run;
  run.file = (dir / "storage-analytics.log").string();
  bulwark::test::writeFile(run.file, toStorageAnalyticsLines(logs));
  detect::Engine engine(detect::loadRulesPath(packPath(), keys), keys);
  auto read = readAll(keys, "storage-analytics", run.file);
  run.stats = read.stats;
  for (auto& e : read.events)
    engine.push(std::move(e));
  engine.flush();
  run.alerts = engine.alerts();
  return run;
}

const std::map<AttackKind, std::set<std::string>> kExpected = {
    {AttackKind::AnonymousAccess, {"storage.blob.anonymous-access"}},
    {AttackKind::TorExitAccess, {"storage.blob.tor-exit-access"}},
    {AttackKind::ContainerMadePublic,
     {"storage.blob.container-made-public", "storage.blob.anonymous-access"}},
    {AttackKind::MassDeletion, {"storage.blob.mass-deletion"}},
    {AttackKind::MassExtraction, {"storage.blob.mass-extraction"}},
    {AttackKind::SasFromNewAddress, {"storage.blob.sas-many-addresses"}},
    {AttackKind::MalwareUpload, {"storage.blob.malware-upload"}},
    {AttackKind::ContainerEnumeration, {"storage.blob.container-enumeration"}},
};

std::vector<AttackSpec> everyAttack(const GeneratorOptions& o) {
  std::vector<AttackSpec> specs;
  int64_t t = o.startUnixSeconds + 1200;
  for (const auto& [kind, rules] : kExpected) {
    (void)rules;
    specs.push_back({kind, t, kind == AttackKind::MalwareUpload ? o.clientIps[1] : "", 0});
    t += 2400;
  }
  return specs;
}

}  // namespace

TEST_CASE("storage-analytics events match storage-blob-logs events record by record",
          "[storage-analytics][rules]") {
  GeneratorOptions o;
  o.cleanRecords = 600;
  TempDir dir;
  auto logs = generateBlobLogs(o, everyAttack(o));
  bulwark::test::writeFile(dir / "blob.jsonl", toJsonLines(logs));
  bulwark::test::writeFile(dir / "analytics.log", toStorageAnalyticsLines(logs));
  detect::KeyTable keys;
  auto blobRead = readAll(keys, "storage-blob-logs", (dir / "blob.jsonl").string());
  auto analyticsRead = readAll(keys, "storage-analytics", (dir / "analytics.log").string());
  const auto& blob = blobRead.events;
  const auto& analytics = analyticsRead.events;
  CHECK(analyticsRead.stats.failed == 0);
  REQUIRE(blob.size() == logs.records.size());
  REQUIRE(analytics.size() == blob.size());
  const std::vector<std::string> same = {
      "ip",     "port",           "account",    "container",   "object",        "auth",
      "status", "response_bytes", "user_agent", "content_md5", "request_bytes", "url",
      "user"};
  for (size_t i = 0; i < blob.size(); ++i) {
    INFO("record " << i << ": " << analytics[i].raw);
    CHECK(analytics[i].type == blob[i].type);
    CHECK(analytics[i].timeNs == blob[i].timeNs);
    for (const auto& name : same) {
      INFO(name);
      CHECK(analytics[i].get(keys.intern(name), keys) == blob[i].get(keys.intern(name), keys));
    }
    detect::Key sas = keys.intern("sas_signature");
    CHECK(analytics[i].has(sas) == blob[i].has(sas));
  }
}

TEST_CASE("the storage rules stay quiet on clean Storage Analytics logs",
          "[storage-analytics][rules]") {
  for (uint64_t seed : {1, 2}) {
    GeneratorOptions o;
    o.seed = seed;
    TempDir dir;
    auto logs = generateBlobLogs(o, {});
    auto run = detectOnAnalytics(logs, dir);
    INFO("seed " << seed);
    CHECK(run.stats.failed == 0);
    CHECK(run.stats.events == logs.records.size());
    for (const auto& a : run.alerts)
      FAIL_CHECK(a.ruleId << " fired on clean logs: " << a.evidence.front());
  }
}

TEST_CASE("each attack injected into Storage Analytics logs raises its storage rule",
          "[storage-analytics][rules]") {
  GeneratorOptions o;
  o.seed = 7;
  TempDir dir;
  auto logs = generateBlobLogs(o, everyAttack(o));
  auto run = detectOnAnalytics(logs, dir);
  REQUIRE(run.stats.failed == 0);
  std::vector<std::set<std::string>> raised(logs.attacks.size());
  for (const auto& alert : run.alerts) {
    INFO(alert.ruleId << " " << alert.evidence.front());
    std::set<size_t> records;  // evidence is "file:line: raw"; line i + 1 is record i
    for (const auto& line : alert.evidence) {
      REQUIRE(line.rfind(run.file + ":", 0) == 0);
      records.insert(std::stoul(line.substr(run.file.size() + 1)) - 1);
    }
    bool explained = false;
    for (size_t a = 0; a < logs.attacks.size(); ++a) {
      if (kExpected.at(logs.attacks[a].kind).count(alert.ruleId) == 0) continue;
      for (size_t r : logs.attacks[a].recordIndexes) {
        int64_t t = *bulwark::parseIso8601(logs.records[r]["TimeGenerated"].get<std::string>());
        if (records.count(r) != 0 || (alert.firstNs <= t && t <= alert.lastNs)) {
          raised[a].insert(alert.ruleId);
          explained = true;
          break;
        }
      }
    }
    CHECK(explained);
  }
  for (size_t a = 0; a < logs.attacks.size(); ++a) {
    INFO(attackName(logs.attacks[a].kind));
    CHECK(raised[a] == kExpected.at(logs.attacks[a].kind));
  }
}

TEST_CASE("version 1.0 lines read too, without the OAuth caller", "[storage-analytics]") {
  GeneratorOptions o;
  o.cleanRecords = 100;
  TempDir dir;
  auto logs = generateBlobLogs(o, {});
  bulwark::test::writeFile(dir / "v1.log",
                           toStorageAnalyticsLines(logs, StorageAnalyticsVersion::V1));
  detect::KeyTable keys;
  auto read = readAll(keys, "storage-analytics", (dir / "v1.log").string());
  const auto& events = read.events;
  CHECK(read.stats.failed == 0);
  REQUIRE(events.size() == logs.records.size());
  for (size_t i = 0; i < events.size(); ++i) {
    CHECK(!events[i].has(detect::keys::kUser));
    std::string auth = logs.records[i]["AuthenticationType"];
    CHECK(events[i].get(keys.intern("auth"), keys) == (auth == "OAuth" ? "AccountKey" : auth));
  }
}
