// The HTML report in a real browser: headless Chromium with the network cut (its own empty
// network namespace when unshare works, and a resolver and proxy that lead nowhere besides)
// renders a screenshot that is not blank, and its DOM holds the score text.
#include <catch2/catch.hpp>
#include <fstream>

#include "kernel/report/report_test_support.h"
#include "report/formats.h"
#include "score/secure_score.h"

namespace test = bulwark::test;
using nlohmann::json;

namespace {

std::vector<std::string> chromiumCommand(const test::TempDir& dir,
                                         const std::vector<std::string>& action) {
  std::vector<std::string> cmd;
  if (test::runProgram({"unshare", "-n", "true"}).exitCode == 0) cmd = {"unshare", "-n"};
  cmd.insert(cmd.end(),
             {"timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
              "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
              "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
              "--user-data-dir=" + (dir / "profile").string(), "--window-size=1280,1600"});
  cmd.insert(cmd.end(), action.begin(), action.end());
  return cmd;
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", fraction * 100);
  return buf;
}

}  // namespace

TEST_CASE("HTML: headless Chromium renders a non-blank page showing the score",
          "[report][html][chromium]") {
  if (!test::programExists("chromium")) {
    BULWARK_SKIP("chromium missing (scripts/install-deps installs it); skipped");
    return;
  }
  if (test::runProgram({test::kDebianPython, "-c", "import PIL"}).exitCode != 0) {
    BULWARK_SKIP("python3-pil missing (scripts/install-deps installs it); skipped");
    return;
  }
  bulwark::ScanRecord scan = test::sampleScan();
  bulwark::SecureScore score = bulwark::computeSecureScore(scan, {});
  test::TempDir dir;
  auto page = dir / "report.html";
  test::writeFile(page, bulwark::renderScanReport(scan, "html"));
  std::string url = "file://" + page.string();

  auto shot = dir / "report.png";
  auto r = test::runProgram(chromiumCommand(dir, {"--screenshot=" + shot.string(), url}));
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  REQUIRE(std::filesystem::exists(shot));
  auto stats = test::runProgram(
      {test::kDebianPython,
       (test::sourceDir() / "tests" / "kernel" / "report" / "png_stats.py").string(),
       shot.string()});
  INFO(stats.out << stats.err);
  REQUIRE(stats.exitCode == 0);
  json facts = json::parse(stats.out);
  CHECK(facts["format"] == "PNG");
  CHECK(facts["width"] == 1280);
  // A blank page is one colour; the gauge, badges and text give many, and cover a good part.
  CHECK(facts["distinctColours"].get<int>() > 20);
  double covered = facts["nonWhitePixels"].get<double>() /
                   (facts["width"].get<double>() * facts["height"].get<double>());
  CHECK(covered > 0.01);

  auto dom = test::runProgram(chromiumCommand(dir, {"--dump-dom", url}));
  REQUIRE(dom.exitCode == 0);
  CHECK_THAT(dom.out, Catch::Contains("Secure Score: " + percent(score.percentage)));
  CHECK_THAT(dom.out, Catch::Contains(percent(score.percentage) + "</text>"));  // the gauge
  // The hostile resource name reached the DOM as text, not as an element.
  CHECK(dom.out.find("<script") == std::string::npos);
  CHECK_THAT(dom.out, Catch::Contains("&lt;script&gt;"));
}
