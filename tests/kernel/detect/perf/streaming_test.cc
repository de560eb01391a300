// Alerts taken as the stream goes: nothing lost or reordered, and what the engine holds stays
// bounded however long the stream is (checked through heldAlerts/stateSize, not RSS).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;
using bulwark::test::makeEvent;

namespace {

const std::string kRules =
    "- id: brute\n  title: B\n  severity: Medium\n  match: {type: ssh.login.failed}\n"
    "  threshold: {count: 5, window: 10m, group_by: [ip]}\n  dedup: 1h\n"
    "- id: root\n  title: R\n  severity: High\n  match: {type: ssh.login.success, user: root}\n"
    "  entities: [ip]\n  dedup: 1h\n";

// A stream of days: 30 attacking addresses failing about once a minute each, root logins now
// and then; time advances two seconds an event.
std::vector<Event> attackStream(KeyTable& keys, int events) {
  std::mt19937 rng(42);
  std::vector<Event> out;
  for (int i = 0; i < events; ++i) {
    std::string ip = "203.0.113." + std::to_string(rng() % 30);
    if (rng() % 50 == 0)
      out.push_back(makeEvent(keys, "ssh.login.success", 2 * i, {{"ip", ip}, {"user", "root"}}));
    else
      out.push_back(makeEvent(keys, "ssh.login.failed", 2 * i, {{"ip", ip}, {"user", "x"}}));
  }
  return out;
}

}  // namespace

TEST_CASE("finished alerts taken during the stream: same alerts, bounded memory",
          "[detectperf][memory]") {
  KeyTable keys;
  const int kEvents = 200000;  // about 111 hours of stream
  std::vector<Alert> whole;
  {
    Engine engine(loadRulesText(kRules, "t.yaml", keys), keys);
    for (auto& e : attackStream(keys, kEvents))
      engine.push(std::move(e));
    engine.flush();
    whole = engine.alerts();
  }
  // Every address fires each rule about once per hour: thousands of alerts in all.
  REQUIRE(whole.size() > 5000);

  Engine engine(loadRulesText(kRules, "t.yaml", keys), keys);
  std::vector<Alert> taken;
  size_t peakHeld = 0, peakState = 0;
  int pushed = 0;
  for (auto& e : attackStream(keys, kEvents)) {
    engine.push(std::move(e));
    if (++pushed % 4096 == 0) {
      auto batch = engine.takeFinishedAlerts();
      taken.insert(taken.end(), batch.begin(), batch.end());
    }
    peakHeld = std::max(peakHeld, engine.heldAlerts());
    peakState = std::max(peakState, engine.stateSize());
  }
  engine.flush();
  auto batch = engine.takeFinishedAlerts();
  taken.insert(taken.end(), batch.begin(), batch.end());
  taken.insert(taken.end(), engine.alerts().begin(), engine.alerts().end());

  REQUIRE(taken.size() == whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    INFO("alert " << i);
    CHECK(taken[i].fingerprint == whole[i].fingerprint);
    CHECK(taken[i].eventCount == whole[i].eventCount);
    CHECK(taken[i].evidence == whole[i].evidence);
  }
  // Held alerts are bounded by what one dedup window plus one batch (about 3.3 hours) can
  // raise, a few per address and rule, far below the stream's total.
  CHECK(peakHeld <= 30 * 2 * 6);
  CHECK(peakHeld * 10 < whole.size());
  CHECK(peakState <= 30 * 2 * 6);
}

TEST_CASE("detect --format jsonl streams the same alerts as --format json, in order",
          "[detectperf][memory][cli]") {
  bulwark::test::TempDir dir;
  // 140000 lines (more than two streaming batches) over two days; 8 addresses fail about
  // twice a minute each, so each raises a brute-force alert every dedup window.
  std::mt19937 rng(3);
  std::ostringstream log;
  const char* months = "Nov";
  for (int i = 0; i < 140000; ++i) {
    int t = i + i / 4;  // about 1.25 s a line
    int day = 1 + t / 86400, rest = t % 86400;
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%s %2d %02d:%02d:%02d", months, day, rest / 3600,
                  rest / 60 % 60, rest % 60);
    std::string ip = "198.51.100." + std::to_string(rng() % 8);
    if (i % 3 == 0)
      log << stamp << " srv sshd[" << i << "]: Failed password for root from " << ip
          << " port 22 ssh2\n";
    else
      log << stamp << " srv CRON[" << i << "]: pam_unix(cron:session): session opened\n";
  }
  bulwark::test::writeFile(dir / "auth.log", log.str());
  auto run = [&](const std::string& format, const std::string& store) {
    std::vector<std::string> args = {"detect",
                                     "--config",
                                     "",
                                     "--rules",
                                     bulwark::test::sshRulePack().string(),
                                     "--source",
                                     "auth.log:" + (dir / "auth.log").string(),
                                     "--year",
                                     "2026",
                                     "--format",
                                     format};
    if (store.empty()) {
      args.push_back("--no-store");
    } else {
      args.push_back("--store");
      args.push_back(store);
    }
    return bulwark::test::runBulwark(args);
  };
  const std::string store = (dir / "alerts.db").string();
  auto streamed = run("jsonl", store);
  auto whole = run("json", "");
  REQUIRE(streamed.exitCode == 0);
  REQUIRE(whole.exitCode == 0);
  CHECK(streamed.err.find("streamed") != std::string::npos);
  auto all = nlohmann::json::parse(whole.out);
  std::vector<std::string> lines;
  std::istringstream in(streamed.out);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  REQUIRE(all.size() > 500);  // 8 addresses, an alert per 10-minute window over two days
  REQUIRE(lines.size() == all.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    auto one = nlohmann::json::parse(lines[i]);
    CHECK(one["fingerprint"] == all[i]["fingerprint"]);
    CHECK(one["eventCount"] == all[i]["eventCount"]);
    CHECK(one.contains("id"));  // saved in its batch before it was printed
  }
  // Every streamed batch reached the store.
  auto listed = bulwark::test::runBulwark({"alerts", "list", "--store", store, "--format", "json"});
  REQUIRE(listed.exitCode == 0);
  CHECK(nlohmann::json::parse(listed.out).size() == all.size());
}
