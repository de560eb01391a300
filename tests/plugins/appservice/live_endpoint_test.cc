// The live endpoint assessment against real nginx servers in `bulwark scan`: one configured
// well (every check Healthy) and one badly (every planted weakness reported), certificates
// that are expired, self-signed, for another name or about to expire, and endpoints that
// refuse the connection or never answer while the others are still assessed.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>

#include "live/endpoint_settings.h"
#include "nginx_server.h"
#include "support/test_support.h"
#include "test_certificates.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kGroup =
    "/subscriptions/00000000-0000-0000-0000-00000000b002/resourceGroups/onprem/providers/"
    "Bulwark.Web/endpoints/";
constexpr const char* kEnvSecret = "hunter2-endpoint-secret";
constexpr const char* kCookieValue = "tracking-cookie-value-7f3a";
constexpr size_t kLiveChecks = 19;

struct Result {
  std::string state;
  std::string reason;
};

std::map<std::string, Result> verdicts(const json& report, const std::string& name) {
  std::map<std::string, Result> out;
  for (const auto& r : report["results"])
    if (r.value("resourceId", "") == kGroup + name &&
        r.value("assessmentId", "").rfind("appservice.live-", 0) == 0)
      out[r["assessmentId"]] = {r["state"], r.value("reason", "")};
  return out;
}

std::string entry(const std::string& name, int port, const std::string& serverName,
                  const fs::path& ca, const std::string& extra = "") {
  return R"({"id": ")" + kGroup + name + R"(", "url": "https://127.0.0.1:)" + std::to_string(port) +
         R"(/", "server_name": ")" + serverName + R"(", "ca_file": ")" + ca.string() +
         R"(", "timeout_seconds": 5)" + extra + "}";
}

struct Scan {
  json report;
  std::string err;
  std::string out;
};

// `bulwark scan` over `endpoints`; a collector error (an endpoint not reached) is exit code 3.
Scan scan(const test::TempDir& dir, const std::vector<std::string>& endpoints,
          const std::string& storeArgs = "", bool endpointErrors = false) {
  std::string list;
  for (const auto& e : endpoints)
    list += (list.empty() ? "" : ", ") + e;
  fs::path config =
      test::writeConfig(dir, {{"appservice", R"({"endpoints": [)" + list + "]}"}}, {});
  auto r = test::runShell(std::string(BULWARK_BINARY) + " scan -c " + config.string() + storeArgs +
                          " -f json 2>" + (dir / "err").string());
  Scan s{json(), test::readFile(dir / "err"), r.out};
  INFO(s.err);
  if (endpointErrors)
    REQUIRE(r.exitCode == 3);
  else
    REQUIRE((r.exitCode == 0 || r.exitCode == 1));
  s.report = json::parse(r.out);
  return s;
}

const char* kStrongTls =
    "    ssl_protocols TLSv1.2 TLSv1.3;\n"
    "    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-CHACHA20-POLY1305;\n";

std::string tlsServer(const std::string& port, const test::TestCertificates::Pair& cert,
                      const std::string& body) {
  return "  server {\n    listen 127.0.0.1:" + port + " ssl;\n    ssl_certificate " +
         cert.certificate.string() + ";\n    ssl_certificate_key " + cert.key.string() + ";\n" +
         body + "    root {{root}};\n  }\n";
}

const char* kGoodHeaders =
    "    server_tokens off;\n"
    "    add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;\n"
    "    add_header Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'\" "
    "always;\n"
    "    add_header X-Content-Type-Options nosniff always;\n"
    "    add_header X-Frame-Options DENY always;\n"
    "    add_header Referrer-Policy strict-origin-when-cross-origin always;\n"
    "    add_header Permissions-Policy \"camera=(), microphone=(), geolocation=()\" always;\n"
    "    add_header Set-Cookie \"session=s1; Path=/; Secure; HttpOnly; SameSite=Lax\" always;\n"
    "    location ~ /\\. { deny all; }\n"
    "    location ~* (\\.bak|~|\\.swp)$ { deny all; }\n";

// What both servers have in their document root: the good one must not serve it.
void plant(const test::NginxServer& server) {
  server.serve(".git/HEAD", "ref: refs/heads/main\n");
  server.serve(".env", std::string("APP_ENV=production\nDB_PASSWORD=") + kEnvSecret + "\n");
  server.serve("index.php.bak", "<?php $db = new PDO('mysql:host=db');\n");
  server.serve("uploads/report.pdf", "%PDF-1.4\n");
}

bool unavailable(const std::string& why) {
  if (why.empty()) return false;
  BULWARK_SKIP("live endpoint test: " << why);
  return true;
}

}  // namespace

TEST_CASE("live endpoints: an nginx configured well is clean, every weakness of a bad one found") {
  test::TestCertificates certs;
  if (unavailable(certs.whyUnavailable())) return;
  auto goodCert = certs.issueForDays("good", "good.bulwark.test", 365);
  auto badCert = certs.issueForDays("bad", "bad.bulwark.test", 365);
  test::NginxServer good(tlsServer("{{port0}}", goodCert, std::string(kStrongTls) + kGoodHeaders) +
                             "  server {\n    listen 127.0.0.1:{{port1}};\n    server_tokens off;\n"
                             "    return 301 https://$host:{{port0}}$request_uri;\n  }\n",
                         2);
  test::NginxServer bad(
      tlsServer("{{port0}}", badCert,
                std::string("    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n") +
                    "    ssl_ciphers \"ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:ECDHE-RSA-AES128-SHA:"
                    "NULL-SHA256:AECDH-AES128-SHA:@SECLEVEL=0\";\n"
                    "    server_tokens on;\n    autoindex on;\n"
                    "    add_header Set-Cookie \"tracking=" +
                    kCookieValue + "; Path=/\";\n") +
          "  server {\n    listen 127.0.0.1:{{port1}};\n    server_tokens on;\n"
          "    root {{root}};\n    autoindex on;\n  }\n",
      2);
  if (unavailable(good.whyUnavailable()) || unavailable(bad.whyUnavailable())) return;
  plant(good);
  plant(bad);
  good.serve("index.html", "<!doctype html><title>good</title>\n");

  test::TempDir dir;
  fs::path store = dir / "bulwark.db";
  auto httpUrl = [](int port) {
    return R"(, "http_url": "http://127.0.0.1:)" + std::to_string(port) + R"(/")";
  };
  Scan s =
      scan(dir,
           {entry("good", good.port(0), "good.bulwark.test", certs.caFile(), httpUrl(good.port(1))),
            entry("bad", bad.port(0), "bad.bulwark.test", certs.caFile(),
                  httpUrl(bad.port(1)) + R"(, "listing_paths": ["/", "/uploads/"])")},
           " --store " + store.string());
  INFO(s.err);
  auto well = verdicts(s.report, "good");
  REQUIRE(well.size() == kLiveChecks);
  for (const auto& [check, result] : well) {
    INFO(check << ": " << result.reason);
    CHECK(result.state == "Healthy");
  }

  auto badly = verdicts(s.report, "bad");
  REQUIRE(badly.size() == kLiveChecks);
  const std::map<std::string, std::string> expected = {
      {"appservice.live-tls-legacy-protocols", "Unhealthy"},
      {"appservice.live-tls-13", "Unhealthy"},
      {"appservice.live-tls-weak-ciphers", "Unhealthy"},
      {"appservice.live-certificate-trusted", "Healthy"},  // a valid certificate of the test CA
      {"appservice.live-certificate-hostname", "Healthy"},
      {"appservice.live-certificate-expiry", "Healthy"},
      {"appservice.live-hsts", "Unhealthy"},
      {"appservice.live-content-security-policy", "Unhealthy"},
      {"appservice.live-content-type-options", "Unhealthy"},
      {"appservice.live-frame-options", "Unhealthy"},
      {"appservice.live-referrer-policy", "Unhealthy"},
      {"appservice.live-permissions-policy", "Unhealthy"},
      {"appservice.live-cookie-flags", "Unhealthy"},
      {"appservice.live-version-banner", "Unhealthy"},
      {"appservice.live-https-redirect", "Unhealthy"},
      {"appservice.live-directory-listing", "Unhealthy"},
      {"appservice.live-git-exposed", "Unhealthy"},
      {"appservice.live-env-exposed", "Unhealthy"},
      {"appservice.live-backup-files", "Unhealthy"}};
  for (const auto& [check, state] : expected) {
    INFO(check << ": " << badly[check].reason);
    CHECK(badly[check].state == state);
  }
  CHECK_THAT(badly["appservice.live-tls-legacy-protocols"].reason,
             Catch::Contains("TLSv1, TLSv1.1"));
  CHECK_THAT(badly["appservice.live-tls-weak-ciphers"].reason,
             Catch::Contains("NULL (NULL-SHA256)") && Catch::Contains("anonymous (AECDH") &&
                 Catch::Contains("CBC-SHA1"));
  CHECK_THAT(badly["appservice.live-version-banner"].reason, Catch::Contains("Server: nginx/1."));
  CHECK_THAT(badly["appservice.live-cookie-flags"].reason,
             Catch::Contains("tracking without Secure, HttpOnly, SameSite"));
  CHECK_THAT(badly["appservice.live-directory-listing"].reason, Catch::Contains("/, /uploads/"));
  CHECK_THAT(badly["appservice.live-backup-files"].reason, Catch::Contains("/index.php.bak"));
  CHECK_THAT(badly["appservice.live-https-redirect"].reason, Catch::Contains("answers 200"));
  CHECK_THAT(well["appservice.live-https-redirect"].reason,
             Catch::Contains("answers 301 to https://"));
  // The .env's contents and the cookie's value are in no report, log or store.
  REQUIRE(fs::exists(store));
  std::string stored = test::readFile(store);
  for (const char* secret : {kEnvSecret, kCookieValue}) {
    INFO(secret);
    CHECK(s.out.find(secret) == std::string::npos);
    CHECK(s.err.find(secret) == std::string::npos);
    CHECK(stored.find(secret) == std::string::npos);
  }
  CHECK(stored.find("tracking=<redacted>; Path=/") != std::string::npos);
  // The probes reached nginx: its access log has them, as the replay tests will read it.
  CHECK_THAT(test::readFile(bad.accessLog()), Catch::Contains("\"GET /.git/HEAD HTTP/1.1\" 200"));
  CHECK_THAT(test::readFile(good.accessLog()), Catch::Contains("\"GET /.env HTTP/1.1\" 403"));
}

TEST_CASE("live endpoints: expired, self-signed, wrong-name and expiring certificates") {
  test::TestCertificates certs;
  if (unavailable(certs.whyUnavailable())) return;
  auto expired = certs.issue("expired", "cert.bulwark.test", "20200101000000Z", "20210101000000Z");
  auto self = certs.selfSigned("self", "cert.bulwark.test", 365);
  auto other = certs.issueForDays("other", "other.bulwark.test", 365);
  auto soon = certs.issueForDays("soon", "cert.bulwark.test", 10);
  std::string servers;
  int i = 0;
  for (const auto* cert : {&expired, &self, &other, &soon})
    servers += tlsServer("{{port" + std::to_string(i++) + "}}", *cert, kStrongTls);
  test::NginxServer nginx(servers, 4);
  if (unavailable(nginx.whyUnavailable())) return;
  test::TempDir dir;
  const std::string name = "cert.bulwark.test";
  Scan s = scan(dir, {entry("expired", nginx.port(0), name, certs.caFile()),
                      entry("self", nginx.port(1), name, certs.caFile()),
                      entry("other", nginx.port(2), name, certs.caFile()),
                      entry("soon", nginx.port(3), name, certs.caFile())});
  auto state = [&](const std::string& endpoint, const std::string& check) {
    auto v = verdicts(s.report, endpoint);
    INFO(endpoint << " " << check << ": " << v["appservice.live-" + check].reason);
    return v["appservice.live-" + check];
  };
  CHECK(state("expired", "certificate-expiry").state == "Unhealthy");
  CHECK_THAT(state("expired", "certificate-expiry").reason, Catch::Contains("(expired)"));
  CHECK(state("expired", "certificate-trusted").state == "Healthy");  // dates are expiry's job
  CHECK(state("expired", "certificate-hostname").state == "Healthy");

  CHECK(state("self", "certificate-trusted").state == "Unhealthy");
  CHECK_THAT(state("self", "certificate-trusted").reason,
             Catch::Contains("self-signed") &&
                 Catch::Contains("127.0.0.1:" + std::to_string(nginx.port(1))));
  CHECK(state("self", "certificate-hostname").state == "Healthy");
  CHECK(state("self", "certificate-expiry").state == "Healthy");

  CHECK(state("other", "certificate-hostname").state == "Unhealthy");
  CHECK_THAT(state("other", "certificate-hostname").reason,
             Catch::Contains("other.bulwark.test") && Catch::Contains("not valid for " + name));
  CHECK(state("other", "certificate-trusted").state == "Healthy");

  CHECK(state("soon", "certificate-expiry").state == "Unhealthy");
  CHECK_THAT(state("soon", "certificate-expiry").reason, Catch::Contains("days left, under 30"));
  CHECK(state("soon", "certificate-trusted").state == "Healthy");

  // Without the test CA the system store does not know the issuer.
  test::TempDir system;
  Scan untrusted =
      scan(system, {R"({"id": ")" + kGroup + R"(soon", "url": "https://127.0.0.1:)" +
                    std::to_string(nginx.port(3)) + R"(/", "server_name": "cert.bulwark.test"})"});
  auto v = verdicts(untrusted.report, "soon");
  CHECK(v["appservice.live-certificate-trusted"].state == "Unhealthy");
  // No http side on a port other than 443: the redirect is not applicable, never Healthy.
  CHECK(v["appservice.live-https-redirect"].state == "NotApplicable");
}

TEST_CASE(
    "live endpoints: a refused port and a server that never answers end the scan with "
    "errors, the other endpoints are still assessed") {
  test::TestCertificates certs;
  if (unavailable(certs.whyUnavailable())) return;
  auto cert = certs.issueForDays("good", "good.bulwark.test", 365);
  test::NginxServer nginx(tlsServer("{{port0}}", cert, std::string(kStrongTls) + kGoodHeaders), 1);
  if (unavailable(nginx.whyUnavailable())) return;
  // A socket that listens and never says a word: the kernel completes every TCP handshake.
  int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  REQUIRE(::bind(silent, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(silent, 16) == 0);
  REQUIRE(::getsockname(silent, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const int silentPort = ntohs(addr.sin_port);
  const int refusedPort = test::freeLoopbackPort();  // nothing listens there

  test::TempDir dir;
  fs::path store = dir / "bulwark.db";
  auto two = R"(, "timeout_seconds": 2)";
  std::string silentEntry = R"({"id": ")" + kGroup + R"(silent", "url": "https://127.0.0.1:)" +
                            std::to_string(silentPort) + R"(/")" + two + "}";
  std::string refusedEntry = R"({"id": ")" + kGroup + R"(refused", "url": "https://127.0.0.1:)" +
                             std::to_string(refusedPort) + R"(/")" + two + "}";
  auto started = std::chrono::steady_clock::now();
  Scan s = scan(dir,
                {refusedEntry, silentEntry,
                 entry("good", nginx.port(0), "good.bulwark.test", certs.caFile())},
                " --store " + store.string(), true);
  auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
          .count();
  ::close(silent);
  INFO(s.err);
  CHECK_THAT(s.err, Catch::Contains(kGroup + "refused (https://127.0.0.1:" +
                                    std::to_string(refusedPort) + "/)") &&
                        Catch::Contains("cannot connect"));
  CHECK_THAT(
      s.err,
      Catch::Contains(kGroup + "silent (https://127.0.0.1:" + std::to_string(silentPort) + "/)") &&
          Catch::Contains("timed out"));
  CHECK_THAT(s.err, Catch::Contains("2 of 3 endpoint(s) could not be assessed"));
  CHECK(seconds < 30);  // the silent server costs its timeout, not forever
  CHECK(verdicts(s.report, "refused").empty());
  CHECK(verdicts(s.report, "silent").empty());
  auto good = verdicts(s.report, "good");
  CHECK(good.size() == kLiveChecks);
  CHECK(good["appservice.live-hsts"].state == "Healthy");

  auto listed = test::runBulwark({"scans", "list", "--store", store.string()});
  INFO(listed.out << listed.err);
  REQUIRE(listed.exitCode == 0);
  CHECK_THAT(listed.out, Catch::Matches("(.|\\n)*#1 [^\\n]* completed_with_errors (.|\\n)*"));
}

TEST_CASE("live endpoints: the endpoints setting is validated") {
  using appservice::live::endpointSettings;
  auto parse = [](const std::string& text) { return endpointSettings(json::parse(text)); };
  auto one = parse(R"({"endpoints": [{"id": "/subscriptions/s/resourceGroups/g/providers/)"
                   R"(Bulwark.Web/endpoints/shop", "url": "https://shop.example.com/app"}]})");
  REQUIRE(one.size() == 1);
  CHECK(one[0].serverName == "shop.example.com");
  CHECK(one[0].hostHeader == "shop.example.com");
  CHECK(one[0].target.port == 443);
  CHECK(one[0].target.path == "/app");
  CHECK(one[0].httpUrl == "http://shop.example.com/app");  // port 443 implies 80
  CHECK(one[0].expiryWarningDays == 30);
  auto v6 = parse(R"({"endpoints": [{"id": "/subscriptions/s/providers/B/e/x", )"
                  R"("url": "https://[::1]:8443/"}]})");
  CHECK(v6[0].target.host == "::1");
  CHECK(v6[0].hostHeader == "[::1]:8443");
  CHECK(v6[0].httpUrl.empty());
  const char* bad[] = {
      R"({"endpoints": {"id": "x"}})",
      R"({"endpoints": [{"url": "https://a/"}]})",
      R"({"endpoints": [{"id": "not-an-arm-id", "url": "https://a/"}]})",
      R"({"endpoints": [{"id": "/subscriptions/s/providers/x", "url": "http://a/"}]})",
      R"({"endpoints": [{"id": "/subscriptions/s/providers/x", "url": "https://a:99999/"}]})",
      R"({"endpoints": [{"id": "/subscriptions/s/providers/x", "url": "https://u:p@a/"}]})",
      R"({"endpoints": [{"id": "/subscriptions/s/providers/x", "url": "https://a/", "x": 1}]})",
      R"({"endpoints": [{"id": "/subscriptions/s/providers/x", "url": "https://a/", )"
      R"("timeout_seconds": 0}]})",
      R"({"endpoints": [{"id": "/subscriptions/s/providers/x", "url": "https://a/", )"
      R"("http_url": "https://a/"}]})",
      R"({"endpoints": [{"id": "/subscriptions/s/providers/x", "url": "https://a/", )"
      R"("listing_paths": ["uploads"]}]})",
  };
  for (const char* text : bad) {
    INFO(text);
    CHECK_THROWS_AS(parse(text), std::runtime_error);
  }
  CHECK_THROWS_WITH(parse(R"({"endpoints": [{"id": "/subscriptions/s/providers/x", )"
                          R"("url": "https://a/", "password": "p"}]})"),
                    Catch::Contains("endpoints[0]: unknown key password"));
}
