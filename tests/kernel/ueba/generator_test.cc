// The generator itself: seeded (same seed, same log), readable by the real Activity Log
// reader, and holding what the anomaly tests rely on.
#include <catch2/catch.hpp>

#include "activity_log_generator.h"
#include "kernel/detect/detect_test_support.h"

using namespace bulwark;

TEST_CASE("the activity log generator is deterministic per seed", "[ueba][generator]") {
  auto a = test::generateActivityLog();
  auto b = test::generateActivityLog();
  test::ActivityLogOptions other;
  other.seed = 7;
  auto c = test::generateActivityLog(other);
  CHECK(a.json == b.json);
  CHECK(a.json != c.json);
  CHECK(a.injected.size() == 5);
}

TEST_CASE("generated activity logs read cleanly as Azure Activity Log", "[ueba][generator]") {
  auto log = test::generateActivityLog();
  detect::KeyTable keys;
  auto read = test::readText(keys, "azure-activity", log.json);
  CHECK(read.stats.failed == 0);
  REQUIRE(read.events.size() == log.records);
  CHECK(log.records > 1000);
  const auto& e = read.events.front();
  CHECK(keys.text(e.type) == "azure.activity");
  CHECK_FALSE(e.get(detect::keys::kUser, keys).empty());
  CHECK_FALSE(e.get(detect::keys::kIp, keys).empty());
  CHECK(e.get(detect::keys::kOperation, keys).find("Microsoft.") == 0);
  CHECK(e.resourceId.find("/subscriptions/") == 0);
  // Newest first, as the REST API returns them.
  CHECK(read.events.front().timeNs > read.events.back().timeNs);
}
