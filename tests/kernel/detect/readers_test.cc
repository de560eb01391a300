// The log readers on real corpus logs (counts checked against plain string tests of the same
// files) and on hand-written lines of each format, garbage included.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>

#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"
#include "util/time.h"

using namespace bulwark;
using namespace bulwark::detect;
using bulwark::test::readPath;
using bulwark::test::readText;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

fs::path logs() {
  fs::path c = bulwark::test::corpusDir();
  return c.empty() ? c : c / "logs";
}

size_t countType(const std::vector<Event>& events, KeyTable& keys, const std::string& type) {
  Key k = keys.intern(type);
  return std::count_if(events.begin(), events.end(), [&](const Event& e) { return e.type == k; });
}

}  // namespace

TEST_CASE("syslog reader on loghub OpenSSH: every line parses, sshd logins are extracted",
          "[detect][readers][corpus]") {
  if (logs().empty()) {
    BULWARK_SKIP("corpus absent: skipped");
    return;
  }
  fs::path file = logs() / "loghub" / "OpenSSH" / "OpenSSH_2k.log";
  auto raw = lines(file);
  const std::regex header(R"(^[A-Z][a-z]{2} [ 0-9][0-9] \d\d:\d\d:\d\d \S+ \S+: )");
  const std::regex failed(R"(\]: Failed \S+ for (invalid user )?(.*) from (\S+) port (\d+))");
  const std::regex repeated(R"(message repeated (\d+) times: \[ Failed)");
  size_t headers = 0, failedLines = 0, accepted = 0, invalid = 0, extra = 0;
  std::multimap<std::string, std::string> failedIpUser;
  for (const auto& l : raw) {
    headers += std::regex_search(l, header);
    std::smatch m;
    if (std::regex_search(l, m, failed)) {
      ++failedLines;
      failedIpUser.emplace(m[3], m[2]);
    }
    if (std::regex_search(l, m, repeated)) {
      failedLines += std::stoul(m[1]);
      extra += std::stoul(m[1]) - 1;
    }
    accepted += l.find("]: Accepted ") != std::string::npos;
    invalid += l.find("]: Invalid user ") != std::string::npos;
  }
  REQUIRE(raw.size() == 2000);
  REQUIRE(headers == 2000);

  KeyTable keys;
  auto r = readPath(keys, "auth.log", file.string(), 2017);
  CHECK(r.stats.lines == raw.size());
  CHECK(r.stats.failed == raw.size() - headers);
  CHECK(r.stats.events == raw.size() + extra);
  CHECK(r.events.size() == r.stats.events);
  CHECK(countType(r.events, keys, "ssh.login.failed") == failedLines);
  CHECK(countType(r.events, keys, "ssh.login.success") == accepted);
  CHECK(countType(r.events, keys, "ssh.user.invalid") == invalid);
  CHECK(accepted == 1);

  // Every failed login carries the address and user the raw line names.
  Key failedType = keys.intern("ssh.login.failed");
  for (const auto& e : r.events) {
    if (e.type != failedType || e.has(keys::kCount)) continue;
    std::smatch m;
    REQUIRE(std::regex_search(e.raw, m, failed));
    CHECK(e.get(keys::kIp, keys) == m[3].str());
    CHECK(e.get(keys::kUser, keys) == m[2].str());
    CHECK(e.get(keys::kPort, keys) == m[4].str());
    CHECK(e.get(keys::kHost, keys) == "LabSZ");
  }
  CHECK(formatIso8601(r.events.front().timeNs) == "2017-12-10T06:55:46Z");
  CHECK(r.events.front().origin() == file.string() + ":1");
}

TEST_CASE("syslog reader on loghub Linux and on an Apache error log", "[detect][readers][corpus]") {
  if (logs().empty()) {
    BULWARK_SKIP("corpus absent: skipped");
    return;
  }
  fs::path linux = logs() / "loghub" / "Linux" / "Linux_2k.log";
  auto raw = lines(linux);
  const std::regex header(R"(^[A-Z][a-z]{2} [ 0-9][0-9] \d\d:\d\d:\d\d \S+ )");
  size_t headers = 0, pam = 0;
  for (const auto& l : raw) {
    headers += std::regex_search(l, header);
    pam += l.find("sshd(pam_unix)[") != std::string::npos &&
           l.find("]: authentication failure;") != std::string::npos;
  }
  KeyTable keys;
  auto r = readPath(keys, "syslog", linux.string(), 2005);
  CHECK(r.stats.lines == raw.size());
  CHECK(r.stats.lines - r.stats.failed == headers);
  CHECK(countType(r.events, keys, "ssh.pam.failure") == pam);
  CHECK(pam > 100);

  // The Apache error log is not syslog: every line is reported, none crashes the reader.
  fs::path apacheError = logs() / "loghub" / "Apache" / "Apache_2k.log";
  auto errLines = lines(apacheError);
  size_t bracketed = std::count_if(errLines.begin(), errLines.end(),
                                   [](const std::string& l) { return l.rfind("[", 0) == 0; });
  auto bad = readPath(keys, "syslog", apacheError.string());
  CHECK(bad.stats.failed == bracketed);
  CHECK(bad.stats.lines == errLines.size());
  REQUIRE(!bad.stats.failures.empty());
  CHECK(bad.stats.failures.front().line == 1);
  CHECK(bad.stats.failures.front().file == apacheError.string());
}

TEST_CASE("syslog forms: years, RFC 5424, repeated messages, garbage", "[detect][readers]") {
  KeyTable keys;
  auto r = readText(keys, "syslog",
                    "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from "
                    "173.234.31.186\n"
                    "Dec 10 2016 06:55:47 LabSZ sshd[1]: Accepted publickey for bob from "
                    "10.0.0.5 port 2222 ssh2\n"
                    "Dec 10 06:55:48 2016 LabSZ sshd[1]: Failed password for root from ::1 port "
                    "22 ssh2\n"
                    "<34>1 2026-11-29T01:02:03.5Z web1 sshd 77 - - Failed password for invalid "
                    "user admin from 192.0.2.9 port 5 ssh2\n"
                    "<13>1 2026-11-29T01:02:04+01:00 web1 app - ID47 [ex@1 a=\"b\"] hello\n"
                    "Jan  2 03:04:05 h sshd[9]: message repeated 3 times: [ Failed password for "
                    "root from 198.51.100.7 port 22 ssh2]\n"
                    "\n"
                    "this is not syslog\n"
                    "Foo 10 06:55:46 h x: y\n"
                    "<999999>garbage\n"
                    "2026-11-29T01:02:03.123456+00:00 host2 sudo:    alice : TTY=pts/0 ; "
                    "PWD=/ ; USER=root ; COMMAND=/bin/sh\n",
                    2020);
  CHECK(r.stats.lines == 10);
  CHECK(r.stats.failed == 3);
  REQUIRE(r.stats.failures.size() == 3);
  CHECK(r.stats.failures[0].line == 8);
  CHECK(r.stats.failures[1].line == 9);
  CHECK(r.stats.failures[2].line == 10);
  REQUIRE(r.events.size() == 9);
  CHECK(keys.text(r.events[0].type) == "ssh.user.invalid");
  CHECK(r.events[0].get(keys::kUser, keys) == "webmaster");
  CHECK(formatIso8601(r.events[0].timeNs) == "2020-12-10T06:55:46Z");
  CHECK(keys.text(r.events[1].type) == "ssh.login.success");
  CHECK(r.events[1].get(keys::kAuthMethod, keys) == "publickey");
  CHECK(formatIso8601(r.events[1].timeNs) == "2016-12-10T06:55:47Z");
  CHECK(formatIso8601(r.events[2].timeNs) == "2016-12-10T06:55:48Z");
  CHECK(r.events[2].get(keys::kIp, keys) == "::1");
  CHECK(keys.text(r.events[3].type) == "ssh.login.failed");
  CHECK(r.events[3].get(keys::kUser, keys) == "admin");
  CHECK(r.events[3].get(keys.intern("invalid_user"), keys) == "true");
  CHECK(r.events[3].get(keys::kHost, keys) == "web1");
  CHECK(r.events[4].get(keys::kMessage, keys) == "hello");
  CHECK(formatIso8601(r.events[4].timeNs) == "2026-11-29T00:02:04Z");
  // The repeated line gives three events; January after December rolls the year over.
  for (int i = 5; i < 8; ++i) {
    CHECK(keys.text(r.events[i].type) == "ssh.login.failed");
    CHECK(r.events[i].get(keys::kIp, keys) == "198.51.100.7");
    CHECK(formatIso8601(r.events[i].timeNs) == "2021-01-02T03:04:05Z");
    CHECK(r.events[i].line == 6);
  }
  CHECK(keys.text(r.events[8].type) == "sudo.command");
  CHECK(r.events[8].get(keys::kUser, keys) == "alice");
  CHECK(r.events[8].get(keys.intern("target_user"), keys) == "root");
}

TEST_CASE("access log reader on the Elastic and Sentinel Apache logs",
          "[detect][readers][corpus]") {
  if (logs().empty()) {
    BULWARK_SKIP("corpus absent: skipped");
    return;
  }
  fs::path file = logs() / "elastic-examples-apache" / "apache_logs";
  auto raw = lines(file);
  // A combined line has exactly six double quotes; the truncated last line has five.
  size_t complete = 0;
  uint64_t firstIncomplete = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (std::count(raw[i].begin(), raw[i].end(), '"') == 6)
      ++complete;
    else if (firstIncomplete == 0)
      firstIncomplete = i + 1;
  }
  KeyTable keys;
  auto r = readPath(keys, "apache", file.string());
  CHECK(r.stats.lines == raw.size());
  CHECK(r.stats.events == complete);
  CHECK(r.stats.failed == raw.size() - complete);
  REQUIRE(!r.stats.failures.empty());
  CHECK(r.stats.failures.front().line == firstIncomplete);
  const Event& first = r.events.front();
  CHECK(first.get(keys::kIp, keys) == raw[0].substr(0, raw[0].find(' ')));
  CHECK(first.get(keys::kMethod, keys) == "GET");
  CHECK(formatIso8601(first.timeNs) == "2015-05-17T10:05:03Z");

  fs::path sentinel = logs() / "sentinel-sample-data" / "ApacheHTTPServer_CL.access.log";
  auto s = readPath(keys, "nginx", sentinel.string());
  CHECK(s.stats.failed == 0);
  CHECK(s.stats.events == lines(sentinel).size());
  CHECK(formatIso8601(s.events.front().timeNs) == "2015-12-12T17:25:11Z");  // +0100 applied
}

TEST_CASE("CSV reader on the loghub structured files", "[detect][readers][corpus]") {
  if (logs().empty()) {
    BULWARK_SKIP("corpus absent: skipped");
    return;
  }
  fs::path file = logs() / "loghub" / "OpenSSH" / "OpenSSH_2k.log_structured.csv";
  auto raw = lines(file);
  size_t records = std::count_if(raw.begin(), raw.end(), [](const std::string& l) {
    return !l.empty() && std::isdigit(static_cast<unsigned char>(l[0]));
  });
  KeyTable keys;
  auto r = readPath(keys, "csv", file.string());
  CHECK(r.stats.failed == 0);
  CHECK(r.stats.events == records);
  CHECK(r.events[0].get(keys.intern("lineid"), keys) == "1");
  CHECK(r.events[0].get(keys.intern("eventid"), keys) == "E27");
  CHECK_THAT(std::string(r.events[0].get(keys::kMessage, keys)),
             Catch::StartsWith("reverse mapping checking getaddrinfo"));
}

TEST_CASE("CSV, JSON Lines, journald, W3C and Azure Activity readers", "[detect][readers]") {
  KeyTable keys;
  auto csv = readText(keys, "csv",
                      "time,src_ip,User,note\n"
                      "2026-01-01T00:00:00Z,10.1.1.1,bob,\"a, \"\"quoted\"\"\nvalue\"\n"
                      "2026-01-01T00:00:01Z,10.1.1.2,eve\n"
                      "2026-01-01T00:00:02Z,10.1.1.3,al,\"open\n");
  CHECK(csv.stats.events == 1);
  CHECK(csv.stats.failed == 2);
  CHECK(csv.events[0].get(keys.intern("note"), keys) == "a, \"quoted\"\nvalue");
  CHECK(csv.events[0].get(keys::kIp, keys) == "10.1.1.1");
  CHECK(csv.events[0].get(keys.intern("user"), keys) == "bob");
  REQUIRE(csv.stats.failures.size() == 2);
  CHECK(csv.stats.failures[0].line == 4);
  CHECK(csv.stats.failures[1].line == 5);

  auto jsonl = readText(keys, "jsonl",
                        "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"client_ip\":\"1.2.3.4\","
                        "\"event\":{\"type\":\"login\"},\"n\":5}\n"
                        "{\"truncated\": \n"
                        "[1,2]\n"
                        "{\"time\":1700000000,\"user\":\"x\"}\n");
  CHECK(jsonl.stats.events == 2);
  CHECK(jsonl.stats.failed == 2);
  CHECK(keys.text(jsonl.events[0].type) == "login");
  CHECK(jsonl.events[0].get(keys::kIp, keys) == "1.2.3.4");
  CHECK(jsonl.events[0].get(keys.intern("n"), keys) == "5");
  CHECK(jsonl.events[1].timeNs == 1700000000LL * kNsPerSecond);

  auto journal = readText(
      keys, "journald-json",
      "{\"__REALTIME_TIMESTAMP\":\"1700000000123456\",\"_HOSTNAME\":\"h1\",\"SYSLOG_IDENTIFIER\":"
      "\"sshd\",\"_PID\":\"42\",\"MESSAGE\":\"Failed password for root from 203.0.113.5 port "
      "22 ssh2\"}\n"
      "{\"__REALTIME_TIMESTAMP\":\"1700000001000000\",\"_COMM\":\"sshd\",\"MESSAGE\":[73,110,"
      "118,97,108,105,100,32,117,115,101,114,32,120,32,102,114,111,109,32,49,46,49,46,49,46,"
      "49]}\n"
      "{\"MESSAGE\":\"no time\"}\n"
      "not json\n");
  CHECK(journal.stats.events == 2);
  CHECK(journal.stats.failed == 2);
  CHECK(keys.text(journal.events[0].type) == "ssh.login.failed");
  CHECK(journal.events[0].get(keys::kIp, keys) == "203.0.113.5");
  CHECK(journal.events[0].timeNs == 1700000000123456000LL);
  CHECK(keys.text(journal.events[1].type) == "ssh.user.invalid");
  CHECK(journal.events[1].get(keys::kIp, keys) == "1.1.1.1");

  auto w3c =
      readText(keys, "w3c",
               "1999-01-01 00:00:00 before fields\n"
               "#Software: Microsoft Internet Information Services 10.0\n"
               "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query c-ip "
               "cs(User-Agent) sc-status\n"
               "2026-02-03 04:05:06 10.0.0.1 GET /WP-login.php a=%252E%252e%255c 198.51.100.1 "
               "sqlmap/1.0+(http://sqlmap.org) 404\n"
               "2026-02-03 04:05:07 10.0.0.1 GET /short\n");
  CHECK(w3c.stats.events == 1);
  CHECK(w3c.stats.failed == 2);
  CHECK(w3c.events[0].get(keys::kUrl, keys) == "/WP-login.php?a=%252E%252e%255c");
  // What the web rules match: decoded until stable, backslashes as slashes, lower-cased.
  CHECK(w3c.events[0].get(keys.intern("url_decoded"), keys) == "/wp-login.php?a=../");
  CHECK(w3c.events[0].get(keys.intern("path_decoded"), keys) == "/wp-login.php");
  CHECK(w3c.events[0].get(keys::kUserAgent, keys) == "sqlmap/1.0 (http://sqlmap.org)");
  CHECK(formatIso8601(w3c.events[0].timeNs) == "2026-02-03T04:05:06Z");

  const std::string record =
      R"({"eventTimestamp":"2026-03-01T10:00:00Z","caller":"alice@contoso.com",)"
      R"("operationName":{"value":"Microsoft.Compute/virtualMachines/delete"},)"
      R"("httpRequest":{"clientIpAddress":"203.0.113.9"},)"
      R"("resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/)"
      R"(virtualMachines/vm1","status":{"value":"Succeeded"}})";
  auto rest =
      readText(keys, "azure-activity", "{\"value\":[" + record + ",{\"caller\":\"no time\"}]}");
  CHECK(rest.stats.events == 1);
  CHECK(rest.stats.failed == 1);
  CHECK(rest.events[0].get(keys::kOperation, keys) == "Microsoft.Compute/virtualMachines/delete");
  CHECK(rest.events[0].get(keys::kUser, keys) == "alice@contoso.com");
  CHECK(rest.events[0].get(keys::kIp, keys) == "203.0.113.9");
  CHECK(rest.events[0].get(keys::kStatus, keys) == "Succeeded");
  auto lines2 = readText(keys, "azure-activity", record + "\n{broken\n" + record + "\n");
  CHECK(lines2.stats.events == 2);
  CHECK(lines2.stats.failed == 1);
  REQUIRE(lines2.stats.failures.size() == 1);
  CHECK(lines2.stats.failures[0].line == 2);
  auto broken = readText(keys, "azure-activity", "[\n" + record + ",\n{\"x\": tru\n");
  CHECK(broken.stats.events == 0);
  CHECK(broken.stats.failed == 1);
  REQUIRE(broken.stats.failures.size() == 1);
  CHECK(broken.stats.failures[0].line == 3);
}

TEST_CASE("unknown source types and missing files are refused", "[detect][readers]") {
  KeyTable keys;
  CHECK_THROWS_WITH(makeReader("evtx", {}),
                    Catch::Contains("unknown source type 'evtx'") && Catch::Contains("syslog"));
  CHECK_THROWS_WITH(readPath(keys, "syslog", "/nonexistent/auth.log"),
                    Catch::Contains("/nonexistent/auth.log"));
}
