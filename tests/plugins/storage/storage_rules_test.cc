// The storage threat rule pack (plugins/storage/rules/storage.yaml) run by the real rule
// loader, the storage plugin's storage-blob-logs source (through the kernel's plugin intake)
// and the detection engine over the seeded StorageBlobLogs generator: quiet on clean logs, and
// each injected attack raises its rule and nothing else.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "detect/engine.h"
#include "detect/rules/rule_loader.h"
#include "logs/blob_log_generator.h"
#include "plugins/storage/storage_log_support.h"
#include "support/test_support.h"
#include "util/time.h"

using namespace bulwark::storage::logs;
namespace detect = bulwark::detect;
using bulwark::test::TempDir;
using nlohmann::json;

namespace {

std::string packPath() {
  return (bulwark::test::sourceDir() / "plugins/storage/rules/storage.yaml").string();
}

struct Run {
  std::vector<detect::Alert> alerts;
  detect::ReadStats stats;
};

Run detectOn(const GeneratedLogs& logs, const TempDir& dir) {
  auto keys = std::make_unique<detect::KeyTable>();
  auto rules = detect::loadRulesPath(packPath(), *keys);
  std::string file = (dir / "StorageBlobLogs.jsonl").string();
  bulwark::test::writeFile(file, toJsonLines(logs));
  detect::Engine engine(std::move(rules), *keys);
  Run run;
  auto read = bulwark::test::readStorageLogs(*keys, "storage-blob-logs", file);
  run.stats = read.stats;
  for (auto& e : read.events)
    engine.push(std::move(e));
  engine.flush();
  run.alerts = engine.alerts();
  return run;
}

// The rule each attack must raise. A container made public and then read anonymously is also
// anonymous access, so that attack raises both rules.
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

// Attacks 40 minutes apart, the first 20 minutes in. The malware is uploaded from a usual
// client address, so that only the hash gives it away.
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

// Record indexes (0-based) named by an alert's evidence ("file:line: raw").
std::set<size_t> evidenceRecords(const detect::Alert& alert, const std::string& file) {
  std::set<size_t> out;
  for (const auto& line : alert.evidence) {
    REQUIRE(line.rfind(file + ":", 0) == 0);
    out.insert(std::stoul(line.substr(file.size() + 1)) - 1);
  }
  return out;
}

}  // namespace

TEST_CASE("the storage rule pack loads, with MITRE tactics, severities and remediation",
          "[storage][rules]") {
  detect::KeyTable keys;
  auto rules = detect::loadRulesPath(packPath(), keys);
  detect::checkUniqueRuleIds(rules);
  std::set<std::string> ids;
  for (const auto& r : rules) {
    INFO(r.id);
    ids.insert(r.id);
    CHECK(detect::killChainStage(r.tactic) < detect::mitreTactics().size());
    CHECK(r.technique.rfind("T", 0) == 0);
    CHECK(std::set<std::string>{"High", "Medium", "Low"}.count(r.severity) == 1);
    CHECK(!r.remediation.empty());
  }
  std::set<std::string> expected;
  for (const auto& [kind, rules] : kExpected)
    expected.insert(rules.begin(), rules.end());
  CHECK(ids == expected);
}

TEST_CASE("the storage-blob-logs source maps StorageBlobLogs columns to rule fields",
          "[storage][rules]") {
  GeneratorOptions o;
  o.cleanRecords = 0;
  auto logs = generateBlobLogs(o, {{AttackKind::MalwareUpload, o.startUnixSeconds + 60, "", 0}});
  REQUIRE(logs.records.size() == 1);
  TempDir dir;
  std::string file = (dir / "blob.jsonl").string();
  bulwark::test::writeFile(file, toJsonLines(logs));
  detect::KeyTable keys;
  auto read = bulwark::test::readStorageLogs(keys, "storage-blob-logs", file);
  const auto& events = read.events;
  REQUIRE(events.size() == 1);
  CHECK(read.stats.failed == 0);
  const auto& e = events[0];
  auto field = [&](const char* name) { return std::string(e.get(keys.intern(name), keys)); };
  CHECK(field("type") == "storage.blob.PutBlob");
  CHECK(field("ip") == logs.attacks[0].callerIp);  // the port is split off
  CHECK(!field("port").empty());
  CHECK(field("account") == o.accountName);
  CHECK(field("container") == logs.attacks[0].container);
  CHECK(field("object") == "uploads/invoice-2026-01.pdf.exe");
  CHECK(field("auth") == "SAS");
  CHECK(field("status") == "201");
  CHECK(field("content_md5") == "44d88612fea8a8f36de82e1278abb02f");  // EICAR's MD5
  CHECK(field("sas_signature") == "5D0E6C7B8A9F1E2D");
  CHECK(e.timeNs == (o.startUnixSeconds + 60) * 1000000000LL);
  CHECK(e.resourceId == logs.records[0]["_ResourceId"]);
}

TEST_CASE("the storage-blob-logs source reports bad records by line and goes on",
          "[storage][rules]") {
  TempDir dir;
  std::string file = (dir / "bad.jsonl").string();
  bulwark::test::writeFile(
      file,
      "{\"TimeGenerated\":\"2026-01-01T00:00:00Z\",\"OperationName\":\"GetBlob\","
      "\"CallerIpAddress\":\"[2001:db8::7]:443\"}\n"
      "{\"TimeGenerated\":\"2026-01-01T00:00:0\n"
      "\x01\x02 garbage\n"
      "[1,2]\n"
      "{\"OperationName\":\"GetBlob\"}\n"
      "{\"TimeGenerated\":\"2026-01-01T00:00:00Z\"}\n");
  detect::KeyTable keys;
  auto read = bulwark::test::readStorageLogs(keys, "storage-blob-logs", file);
  const auto& events = read.events;
  const auto& stats = read.stats;
  REQUIRE(events.size() == 1);
  CHECK(events[0].get(detect::keys::kIp, keys) == "2001:db8::7");
  CHECK(stats.failed == 5);
  REQUIRE(stats.failures.size() == 5);
  CHECK(stats.failures[0].line == 2);
  CHECK(stats.failures[1].line == 3);
  CHECK(stats.failures[2].reason == "not a JSON object");
  CHECK(stats.failures[3].reason == "record without a readable TimeGenerated or time");
  CHECK(stats.failures[4].reason == "record without an OperationName");
}

TEST_CASE("the storage rules stay quiet on clean logs", "[storage][rules]") {
  for (uint64_t seed : {1, 2, 3}) {
    GeneratorOptions o;
    o.seed = seed;
    TempDir dir;
    auto logs = generateBlobLogs(o, {});
    auto run = detectOn(logs, dir);
    INFO("seed " << seed);
    CHECK(run.stats.failed == 0);
    CHECK(run.stats.events == logs.records.size());
    for (const auto& a : run.alerts)
      FAIL_CHECK(a.ruleId << " fired on clean logs: " << a.evidence.front());
  }
}

TEST_CASE("each injected storage attack raises its rule and nothing else fires",
          "[storage][rules]") {
  for (uint64_t seed : {1, 7}) {
    GeneratorOptions o;
    o.seed = seed;
    TempDir dir;
    auto logs = generateBlobLogs(o, everyAttack(o));
    auto run = detectOn(logs, dir);
    std::string file = (dir / "StorageBlobLogs.jsonl").string();
    INFO("seed " << seed);
    REQUIRE(run.stats.failed == 0);

    // An alert belongs to an attack that expects its rule when its evidence names one of the
    // attack's records, or, since later events merged into an alert push the oldest evidence
    // out, when one of them lies between the alert's first and last event.
    std::vector<std::set<std::string>> raised(logs.attacks.size());
    for (const auto& alert : run.alerts) {
      INFO(alert.ruleId << " " << alert.evidence.front());
      std::set<size_t> records = evidenceRecords(alert, file);
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
      CHECK(explained);  // every alert is an injected attack's expected rule
    }
    for (size_t a = 0; a < logs.attacks.size(); ++a) {
      INFO(attackName(logs.attacks[a].kind));
      CHECK(raised[a] == kExpected.at(logs.attacks[a].kind));
    }
  }
}

TEST_CASE("bulwark detect runs the storage plugin's rule pack when the plugin is enabled",
          "[storage][rules][cli]") {
  GeneratorOptions o;
  o.cleanRecords = 200;
  TempDir dir;
  auto logs = generateBlobLogs(
      o, {{AttackKind::MalwareUpload, o.startUnixSeconds + 600, o.clientIps[1], 0}});
  bulwark::test::writeFile(dir / "blob.jsonl", toJsonLines(logs));
  auto config =
      bulwark::test::writeConfig(dir, {{"storage", ""}}, {}, {bulwark::test::pluginDir()});
  auto r = bulwark::test::runBulwark({"detect", "--source",
                                      "storage-blob-logs:" + (dir / "blob.jsonl").string(),
                                      "--config", config.string(), "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json alerts = json::parse(r.out);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0]["rule"] == "storage.blob.malware-upload");
  CHECK(alerts[0]["mitre"]["tactic"] == "Lateral Movement");
}
