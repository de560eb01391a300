// `bulwark detect` runs UEBA over Activity Log sources, stores the anomalies as alerts and
// their baselines, and reports broken input by file and place.
#include <catch2/catch.hpp>
#include <cstdio>

#include "activity_log_generator.h"
#include "support/test_support.h"

using namespace bulwark;

namespace {

size_t countOf(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("bulwark detect raises the injected anomalies and stores them", "[ueba][cli]") {
  if (!std::filesystem::exists("/usr/share/GeoIP/GeoIP.dat")) {
    BULWARK_SKIP("skipping: no GeoIP database");
    return;
  }
  test::TempDir dir;
  auto log = test::generateActivityLog();
  test::writeFile(dir / "activity.json", log.json);
  const std::string db = (dir / "bulwark.db").string();
  auto run =
      test::runBulwark({"detect", "--config", "", "--store", db, "--source",
                        "azure-activity:" + (dir / "activity.json").string(), "--format", "jsonl"});
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  CHECK(countOf(run.out, "\"rule\":\"ueba.") == 5);
  CHECK_THAT(run.err, Catch::Contains("UEBA: 6 principals"));
  auto listed = test::runBulwark({"alerts", "list", "--store", db, "--format", "jsonl"});
  CHECK(countOf(listed.out, "\"rule\":\"ueba.") == 5);
  // Again over the same log: learned already, nothing new.
  auto again = test::runBulwark({"detect", "--config", "", "--store", db, "--source",
                                 "azure-activity:" + (dir / "activity.json").string()});
  CHECK_THAT(again.err, Catch::Contains("0 anomalies"));
  // A learning period longer than the log: no anomaly.
  auto learning =
      test::runBulwark({"detect", "--config", "", "--no-store", "--learning-days", "60", "--source",
                        "azure-activity:" + (dir / "activity.json").string()});
  CHECK_THAT(learning.err, Catch::Contains("0 anomalies"));
}

TEST_CASE("bulwark detect reports a truncated activity log by file and line", "[ueba][cli]") {
  test::TempDir dir;
  auto log = test::generateActivityLog();
  test::writeFile(dir / "broken.json", log.json.substr(0, log.json.size() / 2));
  test::writeFile(dir / "garbage.json", std::string("\x01\x02{{{ not json \xff\n", 17));
  for (const char* name : {"broken.json", "garbage.json"}) {
    auto run = test::runBulwark({"detect", "--config", "", "--no-store", "--source",
                                 "azure-activity:" + (dir / name).string()});
    INFO(run.err);
    CHECK(run.exitCode == 0);
    CHECK_THAT(run.err, Catch::Contains(std::string(name) + ":") && Catch::Contains("skipped"));
  }
}

TEST_CASE("bulwark detect --follow learns baselines and raises anomalies as lines arrive",
          "[ueba][cli]") {
  test::TempDir dir;
  // alice signs in over SSH from one address for three weeks, then from a new one.
  std::string lines;
  for (int day = 1; day <= 21; ++day) {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "Nov %2d 09:%02d:00", day, day);
    lines += std::string(stamp) + " web01 sshd[" + std::to_string(1000 + day) +
             "]: Accepted publickey for alice from 10.1.2.3 port 50022 ssh2\n";
  }
  test::writeFile(dir / "auth.log", lines);
  const std::string db = (dir / "bulwark.db").string();
  auto learn = test::runBulwark({"detect", "--config", "", "--store", db, "--year", "2026",
                                 "--follow", "--max-polls", "1", "--poll-ms", "10", "--source",
                                 "auth.log:" + (dir / "auth.log").string()});
  INFO(learn.err);
  REQUIRE(learn.exitCode == 0);
  CHECK(countOf(learn.out, "ueba.") == 0);

  // A new line arrives; a restarted follower resumes after the stored position and the
  // stored baseline, and the new address is an anomaly.
  test::writeFile(dir / "auth.log",
                  lines +
                      "Nov 22 03:14:00 web01 sshd[2001]: Accepted publickey for alice from "
                      "198.51.100.77 port 41022 ssh2\n");
  auto next = test::runBulwark({"detect", "--config", "", "--store", db, "--year", "2026",
                                "--follow", "--max-polls", "1", "--poll-ms", "10", "--source",
                                "auth.log:" + (dir / "auth.log").string()});
  INFO(next.err);
  REQUIRE(next.exitCode == 0);
  CHECK(countOf(next.out, "ueba.new-ip") == 1);
  CHECK(countOf(next.out, "198.51.100.77") >= 1);
  auto listed = test::runBulwark({"alerts", "list", "--store", db, "--format", "jsonl"});
  CHECK(countOf(listed.out, "\"rule\":\"ueba.new-ip\"") == 1);
}
