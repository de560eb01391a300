// CEF: header and extension escaping with hostile values, severity, and the CLI format.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "alert_samples.h"
#include "siem/cef_line.h"
#include "siem/siem_format.h"
#include "support/test_support.h"

using namespace bulwark;

namespace {

// Splits a CEF line on unescaped '|' (the header fields, then the extension).
std::vector<std::string> headerFields(const std::string& line) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      out.back() += line.substr(i, 2);
      ++i;
    } else if (line[i] == '|' && out.size() < 8) {
      out.emplace_back();
    } else {
      out.back() += line[i];
    }
  }
  return out;
}

// The extension's keys: words followed by an unescaped '='.
std::vector<std::string> extensionKeys(const std::string& ext) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < ext.size(); ++i) {
    if (ext[i] == '\\') {
      ++i;
      continue;
    }
    if (ext[i] != '=') continue;
    size_t start = ext.rfind(' ', i);
    keys.push_back(ext.substr(start == std::string::npos ? 0 : start + 1,
                              i - (start == std::string::npos ? 0 : start + 1)));
  }
  return keys;
}

}  // namespace

TEST_CASE("CEF escapes header and extension values", "[siem][cef]") {
  CHECK(siem::cefHeaderEscape("a|b\\c") == "a\\|b\\\\c");
  CHECK(siem::cefHeaderEscape("line\nbreak\r") == "line break ");
  CHECK(siem::cefExtensionEscape("a=b\\c|d") == "a\\=b\\\\c|d");
  CHECK(siem::cefExtensionEscape("x\r\ny") == "x\\r\\ny");
}

TEST_CASE("a CEF line has its seven header fields and known extension keys", "[siem][cef]") {
  std::string line = siem::cefLine(test::sampleAlert());
  auto fields = headerFields(line);
  REQUIRE(fields.size() == 8);
  CHECK(fields[0] == "CEF:0");
  CHECK(fields[1] == "Bulwark");
  CHECK(fields[4] == "ssh.bruteforce");
  CHECK(fields[5] == "SSH brute force");
  CHECK(fields[6] == "8");
  CHECK_THAT(fields[7], Catch::Contains("src=203.0.113.7") && Catch::Contains("suser=root") &&
                            Catch::Contains("dhost=vm1") && Catch::Contains("cnt=20") &&
                            Catch::Contains("cs1=T1110.001") &&
                            Catch::Contains("cat=Credential Access") &&
                            Catch::Contains("externalId=17"));
}

TEST_CASE("hostile values cannot forge CEF fields or records", "[siem][cef]") {
  std::string line = siem::cefLine(test::hostileAlert());
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find('\r') == std::string::npos);
  auto fields = headerFields(line);
  REQUIRE(fields.size() == 8);
  CHECK(fields[4] == "evil\\|rule\\\\id");
  CHECK(fields[5] == "pipe \\| backslash \\\\ equals = newline CEF:0\\|forged\\|header");
  CHECK(fields[6] == "8");
  // Only the keys Bulwark writes: the hostile '=' and newlines stayed inside values.
  for (const auto& key : extensionKeys(fields[7])) {
    INFO(key);
    CHECK(std::set<std::string>{"rt", "start", "end", "cnt", "externalId", "msg", "cat", "cs1Label",
                                "cs1", "cs2Label", "cs2", "cs3Label", "cs3", "cs4Label", "cs4",
                                "suser", "src"}
              .count(key) == 1);
  }
  CHECK_THAT(fields[7], Catch::Contains("suser=x\\=y\\\\z\\nsuser\\=admin") &&
                            Catch::Contains("msg=a\\=b c\\\\d\\r\\ninjected\\=1 | pipe") &&
                            Catch::Contains("cs2=suppressed"));
}

TEST_CASE("CEF severities", "[siem][cef]") {
  CHECK(siem::cefSeverity("High") == 8);
  CHECK(siem::cefSeverity("Medium") == 5);
  CHECK(siem::cefSeverity("Low") == 3);
  CHECK(siem::cefSeverity("Informational") == 1);
  CHECK(siem::cefSeverity("bogus") == 0);
}

TEST_CASE("bulwark alerts list writes CEF and OCSF", "[siem][cli]") {
  test::TempDir dir;
  const std::string db = (dir / "b.db").string();
  std::string lines;
  for (int i = 0; i < 30; ++i)
    lines += "Nov 29 01:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
             " vm1 sshd[1]: Failed password for root from 203.0.113.7 port 22 ssh2\n";
  test::writeFile(dir / "auth.log", lines);
  auto detect = test::runBulwark({"detect", "--config", "", "--rules", test::sshRulePack().string(),
                                  "--store", db, "--year", "2026", "--source",
                                  "syslog:" + (dir / "auth.log").string(), "--format", "cef"});
  INFO(detect.err);
  REQUIRE(detect.exitCode == 0);
  REQUIRE_THAT(detect.out, Catch::StartsWith("CEF:0|Bulwark|Bulwark|"));
  auto cef = test::runBulwark({"alerts", "list", "--store", db, "--format", "cef"});
  CHECK_THAT(cef.out,
             Catch::StartsWith("CEF:0|Bulwark|Bulwark|") && Catch::Contains("src=203.0.113.7"));
  auto ocsf = test::runBulwark({"alerts", "list", "--store", db, "--format", "ocsf"});
  auto first = nlohmann::json::parse(ocsf.out.substr(0, ocsf.out.find('\n')));
  CHECK(first["class_uid"] == 2004);
  CHECK_FALSE(first["finding_info"]["attacks"].empty());
}
