// The syslog reader reuses the previous line's time when the timestamp text repeats; every
// line must still get the time a reader parsing it afresh would give.
#include <catch2/catch.hpp>

#include "kernel/detect/detect_test_support.h"
#include "util/time.h"

using namespace bulwark::detect;

namespace {

std::vector<std::string> isoTimes(const std::string& text, int year) {
  KeyTable keys;
  auto read = bulwark::test::readText(keys, "syslog", text, year);
  REQUIRE(read.stats.failed == 0);
  std::vector<std::string> out;
  for (const auto& e : read.events)
    out.push_back(bulwark::formatIso8601(e.timeNs));
  return out;
}

}  // namespace

TEST_CASE("syslog time reuse: repeated stamps, years written after the time, rollover",
          "[detectperf][syslog]") {
  const std::string log =
      "Dec 31 23:59:59 h p: a\n"
      "Dec 31 23:59:59 h p: same stamp\n"
      "Dec 31 23:59:59 2019 h p: same text, then a year\n"
      "Dec 31 23:59:59 h p: back to no year\n"
      "Dec 31 23:59:59.250 h p: a fraction\n"
      "Jan  1 00:00:00 h p: the year turns\n"
      "Jan  1 00:00:00 h p: same stamp again\n"
      "<34>1 2026-03-01T10:00:00Z h p 1 - - RFC 5424 in between\n"
      "Jan  1 00:00:00 h p: after it\n"
      "Jan  1 00:00:01 h p: next second\n";
  const std::vector<std::string> expected = {"2025-12-31T23:59:59Z", "2025-12-31T23:59:59Z",
                                             "2019-12-31T23:59:59Z", "2025-12-31T23:59:59Z",
                                             "2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z",
                                             "2026-01-01T00:00:00Z", "2026-03-01T10:00:00Z",
                                             "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z"};
  auto times = isoTimes(log, 2025);
  REQUIRE(times.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("line " << i + 1);
    CHECK(times[i] == expected[i]);
  }

  // Each line alone (no earlier line to reuse) gives the same time as in the stream, for the
  // lines whose year does not depend on what came before.
  for (size_t i : {0, 2, 3, 4}) {
    size_t start = 0;
    for (size_t k = 0; k < i; ++k)
      start = log.find('\n', start) + 1;
    const std::string line = log.substr(start, log.find('\n', start) - start + 1);
    INFO(line);
    CHECK(isoTimes(line, 2025).at(0) == expected[i]);
  }
}
