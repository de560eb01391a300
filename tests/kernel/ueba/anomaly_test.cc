// Anomaly detection over generated Activity Logs: exactly the injected anomalies are found,
// none on the clean log, none while learning, and each alert states its baseline.
#include <catch2/catch.hpp>
#include <set>
#include <tuple>

#include "activity_log_generator.h"
#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"
#include "ueba/anomaly_detector.h"
#include "ueba/geo_locator.h"

using namespace bulwark;

namespace {

using Found = std::tuple<std::string, std::string, int64_t>;  // rule, principal, first time

std::unique_ptr<ueba::GeoLocator> geoOrSkip() {
  try {
    return std::make_unique<ueba::GeoLocator>();
  } catch (const std::exception& e) {
    BULWARK_SKIP("skipping: " << e.what());
    return nullptr;
  }
}

std::vector<detect::Alert> detectAnomalies(const std::string& json, const ueba::GeoLocator* geo,
                                           ueba::AnomalyOptions options = {},
                                           ueba::BaselineStore* store = nullptr) {
  detect::KeyTable keys;
  auto read = test::readText(keys, "azure-activity", json);
  REQUIRE(read.stats.failed == 0);
  ueba::AnomalyDetector detector(store, geo, options);
  for (const auto& e : read.events)
    CHECK(detector.offer(e, keys));
  return detector.finish();
}

std::set<Found> found(const std::vector<detect::Alert>& alerts) {
  std::set<Found> out;
  for (const auto& a : alerts)
    out.emplace(a.ruleId, test::entityValues(a, "user").at(0), a.firstNs);
  return out;
}

std::set<Found> expected(const test::ActivityLog& log) {
  std::set<Found> out;
  for (const auto& i : log.injected)
    out.emplace(i.ruleId, i.principal, i.timeNs);
  return out;
}

const detect::Alert& alertOf(const std::vector<detect::Alert>& alerts, const std::string& rule) {
  for (const auto& a : alerts) {
    if (a.ruleId == rule) return a;
  }
  FAIL("no " << rule << " alert");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a clean generated activity log raises no anomaly", "[ueba]") {
  auto geo = geoOrSkip();
  if (!geo) return;
  for (uint64_t seed : {20261001ULL, 7ULL, 99ULL}) {
    test::ActivityLogOptions options;
    options.seed = seed;
    options.injectAnomalies = false;
    auto alerts = detectAnomalies(test::generateActivityLog(options).json, geo.get());
    INFO("seed " << seed);
    for (const auto& a : alerts)
      INFO(a.ruleId << ": " << a.description);
    CHECK(alerts.empty());
  }
}

TEST_CASE("exactly the injected anomalies are found", "[ueba]") {
  auto geo = geoOrSkip();
  if (!geo) return;
  for (uint64_t seed : {20261001ULL, 7ULL, 99ULL}) {
    test::ActivityLogOptions options;
    options.seed = seed;
    auto log = test::generateActivityLog(options);
    auto alerts = detectAnomalies(log.json, geo.get());
    INFO("seed " << seed);
    for (const auto& a : alerts)
      INFO(a.ruleId << ": " << a.description);
    CHECK(found(alerts) == expected(log));
    CHECK(alerts.size() == log.injected.size());
  }
}

TEST_CASE("anomaly alerts explain the baseline they depart from", "[ueba]") {
  auto geo = geoOrSkip();
  if (!geo) return;
  auto alerts = detectAnomalies(test::generateActivityLog().json, geo.get());
  const auto& deletion = alertOf(alerts, "ueba.mass-deletion");
  CHECK_THAT(deletion.description, Catch::Contains("erin@contoso.com deleted 40 resources in 1h") &&
                                       Catch::Contains("baseline median") &&
                                       Catch::Contains("MAD"));
  CHECK(deletion.eventCount == 40);
  CHECK(deletion.severity == "High");
  CHECK(deletion.technique == "T1485");
  CHECK_FALSE(deletion.evidence.empty());
  const auto& travel = alertOf(alerts, "ueba.impossible-travel");
  CHECK_THAT(travel.description,
             Catch::Contains("from US") && Catch::Contains("from GB") && Catch::Contains("km/h"));
  const auto& country = alertOf(alerts, "ueba.new-country");
  CHECK(test::entityValues(country, "country") == std::vector<std::string>{"NL"});
  CHECK_THAT(country.description, Catch::Contains("baseline countries: DE"));
  const auto& operation = alertOf(alerts, "ueba.new-operation");
  CHECK(test::entityValues(operation, "operation") ==
        std::vector<std::string>{"Microsoft.Authorization/roleAssignments/write"});
  CHECK_THAT(operation.description, Catch::Contains("5 distinct operations"));
  const auto& ip = alertOf(alerts, "ueba.new-ip");
  CHECK(test::entityValues(ip, "ip") == std::vector<std::string>{"4.2.2.2"});
  CHECK_THAT(ip.description, Catch::Contains("2 known addresses"));
}

TEST_CASE("no anomaly alert while principals are learning", "[ueba]") {
  auto geo = geoOrSkip();
  if (!geo) return;
  auto log = test::generateActivityLog();
  ueba::AnomalyOptions longLearning;
  longLearning.learningNs = 60LL * 86400 * 1000000000;  // longer than the log
  CHECK(detectAnomalies(log.json, geo.get(), longLearning).empty());
  // And the learning period is what keeps a clean log quiet: without it, everything is new.
  test::ActivityLogOptions clean;
  clean.injectAnomalies = false;
  ueba::AnomalyOptions noLearning;
  noLearning.learningNs = 0;
  CHECK(detectAnomalies(test::generateActivityLog(clean).json, geo.get(), noLearning).size() > 6);
}

TEST_CASE("without a GeoIP database the address checks still run", "[ueba]") {
  auto alerts = detectAnomalies(test::generateActivityLog().json, nullptr);
  std::set<std::string> rules;
  for (const auto& a : alerts)
    rules.insert(a.ruleId);
  // bob's Dutch address is then only a new address; travel cannot be judged.
  CHECK(rules == std::set<std::string>{"ueba.new-operation", "ueba.new-ip", "ueba.mass-deletion"});
  CHECK(alerts.size() == 4);
}

TEST_CASE("sign-in events are analysed, other events are not", "[ueba]") {
  detect::KeyTable keys;
  ueba::AnomalyDetector detector(nullptr, nullptr);
  CHECK(detector.offer(
      test::makeEvent(keys, "ssh.login.success", 1000, {{"user", "root"}, {"ip", "203.0.113.9"}}),
      keys));
  CHECK_FALSE(detector.offer(
      test::makeEvent(keys, "ssh.login.failed", 1000, {{"user", "root"}, {"ip", "203.0.113.9"}}),
      keys));
  CHECK_FALSE(detector.offer(test::makeEvent(keys, "azure.activity", 1000, {{"ip", "1.2.3.4"}}),
                             keys));  // no principal
}
