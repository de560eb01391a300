// The web rule pack over real access logs, with the expected alerts worked out here from the
// raw text with this file's own parsing, independently of the readers and the engine:
// elastic-examples-apache (10,000 lines of a real site with opportunistic probes, one line
// truncated) and the Sentinel sample's distributed Joomla admin brute force.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>

#include "web_detect.h"

using namespace bulwark;
namespace fs = std::filesystem;

namespace {

struct Line {
  size_t number = 0;
  std::string ip, method, target;
  int status = 0;
  int64_t seconds = 0;  // since the start of the month (the log spans days of one month)
  std::string userAgent;
};

// Combined log lines, by this test's own regex; a line it does not match is kept in `bad`.
std::vector<Line> parse(const fs::path& file, std::vector<size_t>& bad) {
  static const std::regex combined(
      R"re(^(\S+) \S+ \S+ \[(\d\d)/\w{3}/\d{4}:(\d\d):(\d\d):(\d\d) [+-]\d{4}\] "(\S+) (\S+)[^"]*" (\d{3}) \S+ "[^"]*" "([^"]*)"$)re");
  std::vector<Line> out;
  std::ifstream in(file);
  size_t n = 0;
  for (std::string text; std::getline(in, text);) {
    ++n;
    std::smatch m;
    if (!std::regex_match(text, m, combined)) {
      bad.push_back(n);
      continue;
    }
    Line l;
    l.number = n;
    l.ip = m[1];
    l.seconds =
        ((std::stoi(m[2]) * 24 + std::stoi(m[3])) * 60 + std::stoi(m[4])) * 60 + std::stoi(m[5]);
    l.method = m[6];
    l.target = m[7];
    l.status = std::stoi(m[8]);
    l.userAgent = m[9];
    out.push_back(l);
  }
  return out;
}

std::string lowerCase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Addresses with `count` events within `window` seconds (distinct values when `values` is
// given), over the lines `pick` selects.
template <typename Pick>
std::set<std::string> bursts(const std::vector<Line>& lines, Pick pick, size_t count,
                             int64_t window, bool distinctTargets) {
  std::map<std::string, std::vector<std::pair<int64_t, std::string>>> by;
  for (const auto& l : lines) {
    if (pick(l)) by[l.ip].push_back({l.seconds, l.target.substr(0, l.target.find('?'))});
  }
  std::set<std::string> out;
  for (auto& [ip, events] : by) {
    std::sort(events.begin(), events.end());
    for (size_t i = 0; i < events.size() && out.count(ip) == 0; ++i) {
      std::set<std::string> seen;
      size_t n = 0;
      for (size_t j = i; j < events.size() && events[j].first - events[i].first <= window; ++j) {
        ++n;
        seen.insert(events[j].second);
      }
      if ((distinctTargets ? seen.size() : n) >= count) out.insert(ip);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("elastic-examples-apache: scanners, probes and floods as counted from the raw lines") {
  fs::path corpus = test::corpusOrSkip("the web rules over elastic-examples-apache");
  if (corpus.empty()) return;
  fs::path file = corpus / "logs" / "elastic-examples-apache" / "apache_logs";
  std::vector<size_t> bad;
  std::vector<Line> lines = parse(file, bad);
  REQUIRE(lines.size() + bad.size() == 10000);
  REQUIRE(bad.size() == 1);  // the README's truncated line

  test::TempDir dir;
  test::WebDetection d = test::detectWeb(dir, {"apache:" + file.string()});
  INFO(d.err);
  for (size_t n : bad)
    CHECK_THAT(d.err, Catch::Contains("apache_logs:" + std::to_string(n) + ": skipped"));
  CHECK_THAT(d.err, Catch::Contains(std::to_string(bad.size()) + " unparsed"));

  // Scanner user agents.
  std::set<std::string> tools;
  for (const auto& l : lines) {
    std::string ua = lowerCase(l.userAgent);
    for (const char* t : {"nikto", "sqlmap", "nmap", "masscan", "zgrab", "wpscan", "nuclei",
                          "dirbuster", "gobuster", "acunetix", "zmeu", "morfeus", "whatweb"}) {
      if (ua.find(t) != std::string::npos) tools.insert(l.ip);
    }
  }
  CHECK(test::alertedValues(d.alerts, "web.scanner.user-agent", "ip") == tools);

  // Three distinct admin / install / editor paths within ten minutes.
  const std::regex probe(
      R"((wp-login\.php|wp-admin|xmlrpc\.php|/administrator|/admin\.php|phpmyadmin|fckeditor|/\.env|/\.git/|/cgi-bin/|/setup\.php|/install\.php|/manager/html))",
      std::regex::icase);
  auto probes = bursts(
      lines,
      [&](const Line& l) {
        return std::regex_search(l.target.substr(0, l.target.find('?')), probe);
      },
      3, 600, true);
  REQUIRE(probes.size() >= 3);
  CHECK(test::alertedValues(d.alerts, "web.scanner.probe", "ip") == probes);

  // Fifty 404s within five minutes.
  auto floods = bursts(
      lines, [](const Line& l) { return l.status == 404; }, 50, 300, false);
  CHECK(test::alertedValues(d.alerts, "web.scan.404-flood", "ip") == floods);

  // Payload rules fire on exactly the lines that carry payload markers in the request target
  // (percent signs decoded by hand here): in this log none does. (A crawler's requests for a
  // site's broken template links, "/scripts//%22$%7BWEBLOC%7D/view.php", are no Log4Shell.)
  std::set<std::string> payloads;
  for (const auto& l : lines) {
    std::string t = l.target;
    for (int round = 0; round < 3; ++round) {
      std::string next;
      for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '%' && i + 2 < t.size() && std::isxdigit(t[i + 1]) && std::isxdigit(t[i + 2])) {
          next += static_cast<char>(std::stoi(t.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          next += t[i] == '+' ? ' ' : t[i];
        }
      }
      t = lowerCase(next);
    }
    for (const char* marker :
         {"../", "..\\", "union", "select", "sleep(", "<script", "<svg", "onerror=", "${jndi",
          "${${", "${::-", "() {", "classloader", "etc/passwd"}) {
      if (t.find(marker) != std::string::npos) payloads.insert(l.ip);
    }
  }
  std::set<std::string> payloadAlerts;
  for (const char* rule : {"web.path-traversal", "web.sql-injection", "web.xss",
                           "web.rce.log4shell", "web.rce.spring4shell", "web.rce.shellshock"}) {
    for (const auto& ip : test::alertedValues(d.alerts, rule, "ip"))
      payloadAlerts.insert(ip);
  }
  CHECK(payloadAlerts == payloads);
  for (const auto& a : d.alerts) {
    CHECK_FALSE(a["mitre"]["technique"].get<std::string>().empty());
    CHECK_FALSE(a["evidence"].empty());
  }
}

TEST_CASE("Sentinel sample: the distributed Joomla brute force, and no per-address one") {
  fs::path corpus = test::corpusOrSkip("the web rules over the Sentinel sample");
  if (corpus.empty()) return;
  fs::path file = corpus / "logs" / "sentinel-sample-data" / "ApacheHTTPServer_CL.access.log";
  std::map<std::string, int> posts;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"POST /administrator/index.php ") != std::string::npos)
      ++posts[line.substr(0, line.find(' '))];
  }
  REQUIRE(posts.size() >= 10);
  int most = 0;
  std::set<std::string> expected;
  for (const auto& [ip, n] : posts) {
    most = std::max(most, n);
    expected.insert(ip);
  }
  REQUIRE(most <= 3);

  test::TempDir dir;
  test::WebDetection d = test::detectWeb(dir, {"apache:" + file.string()});
  INFO(d.err);
  CHECK_THAT(d.err, Catch::Contains(" 0 unparsed"));
  CHECK(test::alertedValues(d.alerts, "web.login.distributed", "ip") == expected);
  CHECK(test::alertedValues(d.alerts, "web.login.distributed", "path") ==
        std::set<std::string>{"/administrator/index.php"});
  CHECK(test::alertedValues(d.alerts, "web.login.bruteforce", "ip").empty());
}
