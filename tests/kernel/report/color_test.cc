// Colour in the table: on a terminal by default, never in a pipe or a file, never with
// NO_COLOR, and --color always|never overriding both.
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "kernel/report/report_test_support.h"
#include "report/report.h"
#include "report/terminal_color.h"

namespace test = bulwark::test;
using bulwark::ColorMode;

namespace {

bool hasAnsi(const std::string& s) {
  return s.find("\x1b[") != std::string::npos;
}

}  // namespace

TEST_CASE("colour decision: auto follows the terminal and NO_COLOR, flags win", "[report][color]") {
  CHECK(bulwark::shouldColor(ColorMode::Auto, true, nullptr));
  CHECK_FALSE(bulwark::shouldColor(ColorMode::Auto, false, nullptr));
  CHECK_FALSE(bulwark::shouldColor(ColorMode::Auto, true, "1"));
  CHECK(bulwark::shouldColor(ColorMode::Auto, true, ""));  // an empty NO_COLOR does not count
  CHECK(bulwark::shouldColor(ColorMode::Always, false, "1"));
  CHECK_FALSE(bulwark::shouldColor(ColorMode::Never, true, nullptr));
  CHECK(bulwark::parseColorMode("always") == ColorMode::Always);
  CHECK_FALSE(bulwark::parseColorMode("sometimes"));
}

TEST_CASE("the coloured table paints severities and states, the plain one has no escapes",
          "[report][color]") {
  auto scan = test::sampleScan();
  std::ostringstream plain, coloured;
  bulwark::writeTableReport(scan, plain, false);
  bulwark::writeTableReport(scan, coloured, true);
  CHECK_FALSE(hasAnsi(plain.str()));
  CHECK_THAT(coloured.str(), Catch::Contains(std::string(bulwark::ansi::kRed) + "[High]"));
  CHECK_THAT(coloured.str(), Catch::Contains(std::string(bulwark::ansi::kYellow) + "[Medium]"));
  CHECK_THAT(coloured.str(), Catch::Contains(std::string(bulwark::ansi::kYellow) + "ERROR"));
  // Same words once the escapes are gone.
  std::string stripped = std::regex_replace(coloured.str(), std::regex("\x1b\\[[0-9;]*m"), "");
  CHECK(stripped == plain.str());
}

TEST_CASE("bulwark colours the table on a terminal only", "[report][color][cli]") {
  test::TempDir dir;
  auto config = test::scanSampleEstate(dir).string();
  auto piped = test::runBulwark({"report", "-c", config});
  REQUIRE(piped.exitCode == 0);
  CHECK_FALSE(hasAnsi(piped.out));
  CHECK_THAT(piped.out, Catch::Contains("Secure Score:"));

  auto forced = test::runBulwark({"report", "-c", config, "--color", "always"});
  CHECK(hasAnsi(forced.out));

  auto tty = test::runBulwarkOnTerminal({"report", "-c", config});
  REQUIRE(tty.exitCode == 0);
  CHECK(hasAnsi(tty.out));
  auto noColor = test::runBulwarkOnTerminal({"report", "-c", config}, {{"NO_COLOR", "1"}});
  REQUIRE(noColor.exitCode == 0);
  CHECK_THAT(noColor.out, Catch::Contains("Secure Score:"));
  CHECK_FALSE(hasAnsi(noColor.out));
  auto never = test::runBulwarkOnTerminal({"report", "-c", config, "--color", "never"});
  CHECK_FALSE(hasAnsi(never.out));
  auto toFile =
      test::runBulwarkOnTerminal({"report", "-c", config, "-o", (dir / "table.txt").string()});
  REQUIRE(toFile.exitCode == 0);
  CHECK_FALSE(hasAnsi(test::readFile(dir / "table.txt")));

  CHECK(hasAnsi(test::runBulwarkOnTerminal({"scans", "show", "-c", config}).out));
  CHECK_FALSE(hasAnsi(test::runBulwark({"scans", "show", "-c", config}).out));

  auto scanOnTty = test::runBulwarkOnTerminal({"scan", "-c", config});
  CHECK(hasAnsi(scanOnTty.out));
  CHECK(test::runBulwark({"report", "-c", config, "--color", "rainbow"}).exitCode == 2);
}
