// What the kernel does when a plugin crossing the SDK during detection misbehaves (the test
// plugin "probe" does so on purpose): garbage records and events are counted and reported by
// file, invalid alerts are counted and explained, a detector that throws is named and
// detection goes on.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

using bulwark::test::runBulwark;
using bulwark::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path probeConfig(const TempDir& dir) {
  return bulwark::test::writeConfig(dir, {{"probe", ""}}, {},
                                    {bulwark::test::pluginDir(), BULWARK_SDKEVENTS_PLUGIN_DIR});
}

size_t alertsOf(const json& alerts, const std::string& rule) {
  size_t n = 0;
  for (const auto& a : alerts)
    n += a["rule"] == rule;
  return n;
}

}  // namespace

TEST_CASE("garbage from a plugin event source is counted and reported by file and line",
          "[sdkevents][misbehaviour][cli]") {
  TempDir dir;
  fs::path log = dir / "probe.log";
  bulwark::test::writeFile(log,
                           "1764320000 probe.alert user=alice\n"
                           "this line is garbage\n"
                           "1764320010 wire.badkey\n"
                           "-5 negative.time\n"
                           "1764320020 probe.alert user=bob\n");
  auto r = runBulwark({"detect", "--source", "probe:" + log.string(), "--config",
                       probeConfig(dir).string(), "--format", "json", "--no-ueba"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("5 lines, 2 events, 3 unparsed"));
  CHECK_THAT(r.err,
             Catch::Contains(log.string() + ":2: skipped: expected '<unix seconds> <type>'"));
  CHECK_THAT(r.err, Catch::Contains(log.string() + ":4: skipped: expected"));
  CHECK_THAT(r.err, Catch::Contains("plugin probe: event #2: event field key 999999 was never "
                                    "given by host->intern"));
  CHECK(alertsOf(json::parse(r.out), "probe.marked") == 2);
}

TEST_CASE("a plugin event source that cannot read its file stops detect naming plugin and file",
          "[sdkevents][misbehaviour][cli]") {
  TempDir dir;
  fs::create_directories(dir / "logs");
  bulwark::test::writeFile(dir / "logs" / "a.log", "1764320000 probe.alert user=alice\n");
  fs::path unreadable = dir / "logs" / "b.log";
  bulwark::test::writeFile(unreadable, "x\n");
  fs::permissions(unreadable, fs::perms::none);
  if (std::ifstream(unreadable)) {
    WARN("running as a user who reads mode-000 files (root): unreadable file case skipped");
    return;
  }
  auto r = runBulwark({"detect", "--source", "probe:" + (dir / "logs").string(), "--config",
                       probeConfig(dir).string(), "--no-ueba"});
  CHECK(r.exitCode == 3);
  CHECK_THAT(r.err, Catch::Contains(unreadable.string() + ": plugin probe could not read it"));
}

TEST_CASE("a throwing detector is reported by name and detection goes on",
          "[sdkevents][misbehaviour][cli]") {
  TempDir dir;
  fs::path log = dir / "probe.log";
  std::string text;
  const long long start = 1764320000;
  // A first batch of 1024 events with a throw in it; the next batch still runs.
  for (long long i = 0; i < 1024; ++i)
    text += std::to_string(start + i) + (i == 1000 ? " probe.throw\n" : " filler\n");
  text += std::to_string(start + 2000) + " probe.alert user=bob\n";
  bulwark::test::writeFile(log, text);
  auto r = runBulwark({"detect", "--source", "probe:" + log.string(), "--config",
                       probeConfig(dir).string(), "--format", "json", "--no-ueba"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("plugin probe: native detector failed on a batch of 1024 "
                                    "events: detector threw: probe detector throws on purpose "
                                    "(detection goes on)"));
  CHECK_THAT(r.err, Catch::Contains("1025 events in 2 batches, 1 alerts taken, 0 invalid, "
                                    "1 failed calls"));
  json alerts = json::parse(r.out);
  REQUIRE(alertsOf(alerts, "probe.marked") == 1);  // bob's, in the batch after the throw
}

TEST_CASE("invalid alerts outside a failing batch are each counted",
          "[sdkevents][misbehaviour][cli]") {
  TempDir dir;
  fs::path log = dir / "probe.log";
  std::string text;
  long long t = 1764320000;
  for (const char* type :
       {"probe.bad-severity", "probe.empty-rule", "probe.undeclared", "probe.no-time",
        "probe.bad-evidence", "probe.bad-entity", "probe.alert"})
    text += std::to_string(t++) + " " + type + " user=eve\n";
  bulwark::test::writeFile(log, text);
  auto r = runBulwark({"detect", "--source", "probe:" + log.string(), "--config",
                       probeConfig(dir).string(), "--format", "json", "--no-ueba"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("1 alerts taken, 6 invalid, 0 failed calls"));
  CHECK_THAT(r.err, Catch::Contains("has severity 7, not a bw_severity"));
  CHECK_THAT(r.err, Catch::Contains("alert has an empty rule id"));
  CHECK_THAT(r.err, Catch::Contains("'probe.never-declared', which the plugin's manifest does "
                                    "not declare"));
  CHECK_THAT(r.err, Catch::Contains("has no time"));
  CHECK_THAT(r.err, Catch::Contains("evidence is not JSON"));
  CHECK_THAT(r.err, Catch::Contains("entity key 424242, which host->intern never gave"));
  auto alerts = json::parse(r.out);
  REQUIRE(alertsOf(alerts, "probe.marked") == 1);
  for (const auto& a : alerts) {
    if (a["rule"] != "probe.marked") continue;
    CHECK(a["severity"] == "Medium");
    CHECK(a["mitre"]["technique"] == "T1059");
    CHECK(a["evidence"][0] == "probe saw: 1764320006 probe.alert user=eve");
  }
}
