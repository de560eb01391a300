// Baselines: robust statistics, geography, persistence across restarts and bounds.
#include <catch2/catch.hpp>
#include <sstream>

#include "activity_log_generator.h"
#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"
#include "ueba/anomaly_detector.h"
#include "ueba/baseline_store.h"
#include "ueba/country_centroids.h"
#include "ueba/geo_locator.h"
#include "ueba/robust_stats.h"

using namespace bulwark;

namespace {

constexpr int64_t kDayNs = 86400LL * 1000000000;

// The events of `json` whose time is in [fromNs, toNs), as a JSON Lines log.
std::vector<detect::Event> eventsBetween(detect::KeyTable& keys, const std::string& json,
                                         int64_t fromNs, int64_t toNs) {
  auto read = test::readText(keys, "azure-activity", json);
  std::vector<detect::Event> out;
  for (auto& e : read.events) {
    if (e.timeNs >= fromNs && e.timeNs < toNs) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

TEST_CASE("median and MAD resist outliers", "[ueba][stats]") {
  CHECK(ueba::median({}) == 0);
  CHECK(ueba::median({3, 1, 2}) == 2);
  CHECK(ueba::median({1, 2, 3, 100}) == 2.5);
  CHECK(ueba::medianAbsoluteDeviation({1, 1, 2, 2, 4, 6, 9}) == 1);
  CHECK(ueba::medianAbsoluteDeviation({5, 5, 5, 500}) == 0);
}

TEST_CASE("country distances come from the shipped centroids", "[ueba][geo]") {
  auto deNl = ueba::countryDistanceKm("DE", "NL");
  auto usGb = ueba::countryDistanceKm("US", "GB");
  REQUIRE(deNl);
  REQUIRE(usGb);
  CHECK(*deNl < 500);
  CHECK(*usGb > 5000);
  CHECK(*usGb < 8000);
  CHECK_FALSE(ueba::countryDistanceKm("US", "XX"));
  // Paris to New York, as a check of the formula: about 5,840 km.
  CHECK(ueba::greatCircleKm({48.86, 2.35}, {40.71, -74.01}) == Approx(5837).margin(30));
}

TEST_CASE("the GeoIP database gives countries offline", "[ueba][geo]") {
  std::unique_ptr<ueba::GeoLocator> geo;
  try {
    geo = std::make_unique<ueba::GeoLocator>();
  } catch (const std::exception& e) {
    BULWARK_SKIP("skipping: " << e.what());
    return;
  }
  CHECK(geo->country("81.2.69.142") == "GB");
  CHECK(geo->country("145.97.1.50") == "NL");
  CHECK(geo->country("10.1.2.3").empty());
  CHECK(geo->country("127.0.0.1").empty());
  CHECK(geo->country("not an address").empty());
  CHECK(geo->country("").empty());
  CHECK(geo->country("::1").empty());
  CHECK_THROWS_WITH(ueba::GeoLocator("/nonexistent/GeoIP.dat"),
                    Catch::Contains("/nonexistent/GeoIP.dat"));
}

TEST_CASE("baselines survive a restart and are not learned twice", "[ueba][store]") {
  std::unique_ptr<ueba::GeoLocator> geo;
  try {
    geo = std::make_unique<ueba::GeoLocator>();
  } catch (const std::exception& e) {
    BULWARK_SKIP("skipping: " << e.what());
    return;
  }
  test::TempDir dir;
  const std::string db = (dir / "bulwark.db").string();
  test::ActivityLogOptions options;
  auto log = test::generateActivityLog(options);
  const int64_t split = options.startNs + options.injectFromDay * kDayNs;
  detect::KeyTable keys;
  {
    // Run 1: the first fifteen days (learning, then quiet).
    ueba::BaselineStore store(db);
    ueba::AnomalyDetector detector(&store, geo.get());
    for (const auto& e : eventsBetween(keys, log.json, 0, split))
      detector.offer(e, keys);
    CHECK(detector.finish().empty());
    CHECK(store.principalCount() == 6);
  }
  std::vector<detect::Alert> second;
  {
    // Run 2, a new process in effect: the rest, judged against the stored baselines.
    ueba::BaselineStore store(db);
    ueba::AnomalyDetector detector(&store, geo.get());
    for (const auto& e : eventsBetween(keys, log.json, split, INT64_MAX))
      detector.offer(e, keys);
    second = detector.finish();
    CHECK(detector.stats().inLearning == 0);
  }
  CHECK(second.size() == log.injected.size());
  {
    // Run 3 over the whole log again: everything is already learned, nothing is raised.
    ueba::BaselineStore store(db);
    ueba::AnomalyDetector detector(&store, geo.get());
    for (const auto& e : eventsBetween(keys, log.json, 0, INT64_MAX))
      detector.offer(e, keys);
    CHECK(detector.finish().empty());
    CHECK(detector.stats().alreadyLearned == log.records);
    CHECK(detector.stats().analysed == 0);
  }
}

TEST_CASE("baselines stay bounded", "[ueba][store]") {
  test::TempDir dir;
  ueba::BaselineStore store((dir / "bulwark.db").string());
  ueba::AnomalyOptions options;
  options.limits.maxValuesPerKind = 3;
  options.limits.historyNs = 2 * kDayNs;
  detect::KeyTable keys;
  ueba::AnomalyDetector detector(&store, nullptr, options);
  for (int i = 0; i < 50; ++i) {
    detector.offer(test::makeEvent(keys, "azure.activity", 1790812800 + i * 7200,
                                   {{"user", "svc"},
                                    {"operation", "Microsoft.Op/n" + std::to_string(i) + "/read"},
                                    {"ip", "198.51.100." + std::to_string(i)}}),
                   keys);
  }
  detector.finish();
  auto b = store.load("svc");
  REQUIRE(b);
  CHECK(b->operations.size() == 3);
  CHECK(b->ips.size() == 3);
  CHECK(b->ips.count("198.51.100.49") == 1);  // the most recent are kept
  CHECK(b->hours.size() <= 25);               // two days of two-hourly activity
  CHECK(store.rowCount("svc") <= 3 + 3 + 25);
}
