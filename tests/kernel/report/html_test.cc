// The HTML report: everything a reader needs, nothing fetched, every scan text escaped.
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "kernel/report/report_test_support.h"
#include "report/formats.h"
#include "report/html_escape.h"
#include "score/secure_score.h"

namespace test = bulwark::test;

namespace {

std::string html(const bulwark::ScanRecord& scan) {
  std::ostringstream out;
  bulwark::writeHtmlReport(scan, out);
  return out.str();
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", fraction * 100);
  return buf;
}

}  // namespace

TEST_CASE("HTML escaping covers the five special characters", "[report][html]") {
  CHECK(bulwark::htmlEscape("<a href=\"x\" title='y'>&amp;</a>") ==
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  CHECK(bulwark::htmlEscape("plain text") == "plain text");
}

TEST_CASE("HTML: a script tag in a resource name is escaped, never emitted", "[report][html]") {
  std::string page = html(test::sampleScan());
  CHECK(page.find("<script") == std::string::npos);
  CHECK_THAT(page, Catch::Contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"));
  CHECK(page.find("<b>&</b>") == std::string::npos);
  CHECK_THAT(page, Catch::Contains("&lt;b&gt;&amp;&lt;/b&gt;"));
}

TEST_CASE("HTML: no reference fetches anything from a network", "[report][html]") {
  bulwark::ScanRecord scan = test::sampleScan();
  // Operator text may mention URLs; it must stay text, never become a fetch.
  scan.assessments[0].remediation =
      "See https://learn.example/fix\" src=\"https://cdn.example/x.js";
  std::string page = html(scan);
  std::regex fetch(R"((src|href|action|poster|data|srcset|xlink:href)\s*=\s*["']?\s*(https?:)?//)",
                   std::regex::icase);
  CHECK_FALSE(std::regex_search(page, fetch));
  CHECK_FALSE(std::regex_search(page, std::regex(R"(url\s*\()", std::regex::icase)));
  CHECK(page.find("@import") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("<iframe") == std::string::npos);
  CHECK_THAT(page,
             Catch::Contains("Content-Security-Policy") && Catch::Contains("default-src 'none'"));
}

TEST_CASE("HTML: score gauge, controls and recommendations with their details", "[report][html]") {
  bulwark::ScanRecord scan = test::sampleScan();
  bulwark::SecureScore score = bulwark::computeSecureScore(scan, {});
  std::string page = html(scan);
  CHECK_THAT(page, Catch::Contains("<svg class=\"gauge\""));
  CHECK_THAT(page, Catch::Contains("Secure Score: " + percent(score.percentage)));
  for (const auto& control : score.controls) {
    CHECK_THAT(page, Catch::Contains(bulwark::htmlEscape(control.name)));
  }
  for (const auto& a : scan.assessments) {
    CHECK_THAT(page, Catch::Contains(bulwark::htmlEscape(a.title)));
  }
  CHECK_THAT(page, Catch::Contains("Remediation:"));
  CHECK_THAT(page, Catch::Contains("az storage account update --ids " + scan.resources[3].id));
  CHECK_THAT(page, Catch::Contains("properties.minimumTlsVersion"));  // evidence
  CHECK_THAT(page, Catch::Contains("class=\"st-Exempt\">Exempt"));
  CHECK_THAT(page, Catch::Contains("truncated &lt;document&gt;"));  // problems, escaped
}
