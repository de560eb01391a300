// Each rule form, positive and negative; conditions and exceptions; out-of-order events,
// deduplication and bounded state.
#include <catch2/catch.hpp>

#include "kernel/detect/detect_test_support.h"

using namespace bulwark::detect;
using bulwark::test::entityValues;
using bulwark::test::makeEvent;
using bulwark::test::runRules;

namespace {

const std::string kRuleHead =
    "- id: t\n"
    "  title: T\n"
    "  severity: Medium\n";

std::vector<Event> failures(KeyTable& keys, const std::string& ip, int n, int64_t start, int step) {
  std::vector<Event> out;
  for (int i = 0; i < n; ++i)
    out.push_back(makeEvent(keys, "ssh.login.failed", start + i * step,
                            {{"ip", ip}, {"user", "u" + std::to_string(i)}, {"host", "h"}}));
  return out;
}

}  // namespace

TEST_CASE("single-event rules: operators, any/not and exceptions", "[detect][engine]") {
  KeyTable keys;
  const std::string rule = kRuleHead +
                           "  match:\n"
                           "    type: http.request\n"
                           "    path: {endswith: [.php, .asp], nocase: true}\n"
                           "    ip: {cidr: [198.51.100.0/24, '2001:db8::/32']}\n"
                           "    any:\n"
                           "      - url: {contains: admin}\n"
                           "      - url: {regex: '^/x[0-9]+'}\n"
                           "    not: {method: [HEAD, OPTIONS]}\n"
                           "  exceptions:\n"
                           "    - user_agent: {startswith: Monitor}\n"
                           "  entities: [ip]\n";
  auto req = [&](std::string ip, std::string path, std::string method = "GET",
                 std::string agent = "curl") {
    return makeEvent(
        keys, "http.request", 100,
        {{"ip", ip}, {"path", path}, {"url", path}, {"method", method}, {"user_agent", agent}});
  };
  auto fired = [&](Event e) { return runRules(keys, rule, {std::move(e)}).size(); };
  CHECK(fired(req("198.51.100.7", "/admin/login.PHP")) == 1);
  CHECK(fired(req("2001:db8::5", "/x12/a.asp")) == 1);
  CHECK(fired(req("198.51.101.7", "/admin/login.php")) == 0);                  // outside the block
  CHECK(fired(req("198.51.100.7", "/admin/login.html")) == 0);                 // suffix
  CHECK(fired(req("198.51.100.7", "/user/login.php")) == 0);                   // no branch of any
  CHECK(fired(req("198.51.100.7", "/admin.php", "HEAD")) == 0);                // not
  CHECK(fired(req("198.51.100.7", "/admin.php", "GET", "Monitor/1.0")) == 0);  // exception
  CHECK(fired(req("not-an-ip", "/admin.php")) == 0);
  CHECK(fired(makeEvent(keys, "other", 1, {{"ip", "198.51.100.7"}, {"path", "/admin.php"}})) == 0);
}

TEST_CASE("threshold: count and distinct count within a window, per group", "[detect][engine]") {
  KeyTable keys;
  const std::string count = kRuleHead +
                            "  match: {type: ssh.login.failed}\n"
                            "  threshold: {count: 5, window: 60s, group_by: [ip]}\n";
  // Five failures 10 s apart: one alert for that address.
  auto alerts = runRules(keys, count, failures(keys, "192.0.2.1", 5, 1000, 10));
  REQUIRE(alerts.size() == 1);
  CHECK(entityValues(alerts[0], "ip") == std::vector<std::string>{"192.0.2.1"});
  CHECK(alerts[0].eventCount == 5);
  CHECK(alerts[0].evidence.size() == 5);
  // Five failures 20 s apart never have five inside one minute.
  CHECK(runRules(keys, count, failures(keys, "192.0.2.1", 5, 1000, 20)).empty());
  // Four from each of two addresses: no group reaches five.
  auto mixed = failures(keys, "192.0.2.1", 4, 1000, 1);
  auto other = failures(keys, "192.0.2.2", 4, 1000, 1);
  mixed.insert(mixed.end(), other.begin(), other.end());
  CHECK(runRules(keys, count, mixed).empty());

  const std::string distinct = kRuleHead +
                               "  match: {type: ssh.login.failed}\n"
                               "  threshold: {count: 3, window: 60s, group_by: [ip], "
                               "distinct: user}\n";
  auto spray = failures(keys, "192.0.2.3", 3, 1000, 1);
  auto sprayed = runRules(keys, distinct, spray);
  REQUIRE(sprayed.size() == 1);
  CHECK(entityValues(sprayed[0], "user").size() == 3);
  std::vector<Event> sameUser;
  for (int i = 0; i < 10; ++i)
    sameUser.push_back(
        makeEvent(keys, "ssh.login.failed", 1000 + i, {{"ip", "192.0.2.3"}, {"user", "root"}}));
  CHECK(runRules(keys, distinct, sameUser).empty());
}

TEST_CASE("sequence: failures then success from the same key within the window",
          "[detect][engine]") {
  KeyTable keys;
  const std::string rule = kRuleHead +
                           "  sequence:\n"
                           "    by: [ip]\n"
                           "    within: 10m\n"
                           "    steps:\n"
                           "      - match: {type: ssh.login.failed}\n"
                           "        count: 3\n"
                           "      - match: {type: ssh.login.success}\n";
  auto success = [&](const std::string& ip, int64_t t) {
    return makeEvent(keys, "ssh.login.success", t, {{"ip", ip}, {"user", "root"}});
  };
  auto events = failures(keys, "192.0.2.9", 3, 1000, 5);
  events.push_back(success("192.0.2.9", 1100));
  auto alerts = runRules(keys, rule, events);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].eventCount == 4);
  CHECK(entityValues(alerts[0], "ip") == std::vector<std::string>{"192.0.2.9"});

  // Success from another address, too few failures, wrong order, or too late: nothing.
  auto otherIp = failures(keys, "192.0.2.9", 3, 1000, 5);
  otherIp.push_back(success("192.0.2.10", 1100));
  CHECK(runRules(keys, rule, otherIp).empty());
  auto tooFew = failures(keys, "192.0.2.9", 2, 1000, 5);
  tooFew.push_back(success("192.0.2.9", 1100));
  CHECK(runRules(keys, rule, tooFew).empty());
  std::vector<Event> wrongOrder{success("192.0.2.9", 900)};
  auto later = failures(keys, "192.0.2.9", 3, 1000, 5);
  wrongOrder.insert(wrongOrder.end(), later.begin(), later.end());
  CHECK(runRules(keys, rule, wrongOrder).empty());
  auto tooLate = failures(keys, "192.0.2.9", 3, 1000, 5);
  tooLate.push_back(success("192.0.2.9", 1000 + 3600));
  CHECK(runRules(keys, rule, tooLate).empty());
}

TEST_CASE("distributed: many sources with few tries each against one target", "[detect][engine]") {
  KeyTable keys;
  const std::string distributed = kRuleHead +
                                  "  match: {type: ssh.login.failed}\n"
                                  "  distributed: {target: [host], source: ip, min_sources: 8, "
                                  "max_per_source: 2, window: 1h}\n";
  const std::string perIp = kRuleHead +
                            "  match: {type: ssh.login.failed}\n"
                            "  threshold: {count: 5, window: 1h, group_by: [ip]}\n";
  std::vector<Event> botnet;
  for (int i = 0; i < 10; ++i) {
    auto two = failures(keys, "203.0.113." + std::to_string(i), 2, 1000 + i * 60, 7);
    botnet.insert(botnet.end(), two.begin(), two.end());
  }
  auto alerts = runRules(keys, distributed, botnet);
  REQUIRE(alerts.size() == 1);
  CHECK(entityValues(alerts[0], "host") == std::vector<std::string>{"h"});
  CHECK(entityValues(alerts[0], "ip").size() == 10);
  CHECK(runRules(keys, perIp, botnet).empty());

  // One noisy source is a plain brute force, not a distributed one.
  auto single = failures(keys, "203.0.113.1", 40, 1000, 1);
  CHECK(runRules(keys, distributed, single).empty());
  CHECK(runRules(keys, perIp, single).size() == 1);
  // Sources that try more than max_per_source times do not count.
  std::vector<Event> heavy;
  for (int i = 0; i < 10; ++i) {
    auto five = failures(keys, "203.0.113." + std::to_string(i), 5, 1000 + i * 60, 1);
    heavy.insert(heavy.end(), five.begin(), five.end());
  }
  CHECK(runRules(keys, distributed, heavy).empty());
}

TEST_CASE("out-of-order events within the reorder window, dedup and bounded state",
          "[detect][engine]") {
  KeyTable keys;
  const std::string rule = kRuleHead +
                           "  sequence:\n"
                           "    by: [ip]\n"
                           "    within: 10m\n"
                           "    steps:\n"
                           "      - match: {type: ssh.login.failed}\n"
                           "        count: 3\n"
                           "      - match: {type: ssh.login.success}\n";
  // The success is delivered before the failures that precede it in time.
  std::vector<Event> shuffled{makeEvent(keys, "ssh.login.success", 1100, {{"ip", "192.0.2.5"}})};
  auto f = failures(keys, "192.0.2.5", 3, 1000, 5);
  shuffled.insert(shuffled.end(), f.begin(), f.end());
  CHECK(runRules(keys, rule, shuffled).empty());
  EngineOptions reorder;
  reorder.reorderWindowNs = 300LL * 1000000000LL;
  CHECK(runRules(keys, rule, shuffled, reorder).size() == 1);

  // A long brute force raises one alert per dedup window, not one per event.
  const std::string threshold = kRuleHead +
                                "  match: {type: ssh.login.failed}\n"
                                "  threshold: {count: 5, window: 1m, group_by: [ip]}\n"
                                "  dedup: 1h\n";
  auto steady = failures(keys, "192.0.2.6", 500, 0, 10);  // 5000 s: two dedup windows
  auto deduped = runRules(keys, threshold, steady);
  REQUIRE(deduped.size() == 2);
  CHECK(deduped[0].eventCount + deduped[1].eventCount > 400);
  CHECK(deduped[0].evidence.size() <= 20);

  // Endless distinct sources: state is swept once their window passes.
  Engine engine(bulwark::detect::loadRulesText(threshold, "t.yaml", keys), keys);
  size_t peak = 0;
  for (int i = 0; i < 200000; ++i) {
    engine.push(
        makeEvent(keys, "ssh.login.failed", i,
                  {{"ip", "10." + std::to_string(i % 250) + "." + std::to_string(i / 250 % 250) +
                              "." + std::to_string(i / 62500)}}));
    peak = std::max(peak, engine.stateSize());
  }
  CHECK(peak < 20000);
  CHECK(engine.alerts().empty());

  EngineOptions tiny;
  tiny.maxGroupsPerRule = 10;
  Engine capped(bulwark::detect::loadRulesText(threshold, "t.yaml", keys), keys, tiny);
  for (int i = 0; i < 100; ++i)
    capped.push(makeEvent(keys, "ssh.login.failed", 0, {{"ip", std::to_string(i)}}));
  CHECK(capped.stateSize() <= 10);
  CHECK(capped.stats().droppedGroups == 90);
}
