// The notification endpoint over real HTTP: tokens, media types, body limits, trusted
// registries and the status API.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "registry/http_get.h"
#include "server/notification_server.h"
#include "support/http_client.h"

using namespace bulwark::server;
using bulwark::test::httpPost;
using nlohmann::json;

namespace {

const std::string kSecret = "notify-secret-7f3a9c";
const std::string kToken = "api-token-1b2c3d";
const std::string kDigest = "sha256:" + std::string(64, 'd');

std::string pushEvent(const std::string& registry) {
  return json{{"events",
               {{{"id", "e1"},
                 {"action", "push"},
                 {"target",
                  {{"mediaType", "application/vnd.docker.distribution.manifest.v2+json"},
                   {"digest", kDigest},
                   {"repository", "demo/app"},
                   {"tag", "1"},
                   {"url", "http://" + registry + "/v2/demo/app/manifests/" + kDigest}}}}}}}
      .dump();
}

struct Running {
  ImageStatusBoard board;
  ScanQueue queue{board, [](const ManifestPush&) { return std::string("scanned"); }};
  NotificationServer server{[] {
                              ServerOptions o;
                              o.notificationSecret = kSecret;
                              o.apiToken = kToken;
                              o.trustedRegistries = {"127.0.0.1:5000"};
                              o.maxBodyBytes = 64 * 1024;
                              return o;
                            }(),
                            board, queue};
  int port() const { return server.port(); }
};

int getStatus(int port, const std::string& path, const std::string& token, std::string* body) {
  bulwark::registry::HeaderList headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  std::string errorBody;
  auto response = bulwark::registry::httpGet(
      "http://127.0.0.1:" + std::to_string(port) + path, headers, {},
      [&](const char* data, size_t size) { body->append(data, size); }, &errorBody);
  if (response.status >= 300) *body = errorBody;
  return response.status;
}

}  // namespace

TEST_CASE("the events endpoint refuses requests without the shared secret") {
  Running r;
  auto none = httpPost("127.0.0.1", r.port(), "/v1/registry/events", kEventsMediaType,
                       pushEvent("127.0.0.1:5000"));
  CHECK(none.status == 401);
  auto wrong = httpPost("127.0.0.1", r.port(), "/v1/registry/events", kEventsMediaType,
                        pushEvent("127.0.0.1:5000"), {{"Authorization", "Bearer " + kToken}});
  CHECK(wrong.status == 401);
  CHECK(r.board.list().empty());
  // The API token is not the notification secret and vice versa.
  std::string body;
  CHECK(getStatus(r.port(), "/v1/images", kSecret, &body) == 401);
  CHECK(getStatus(r.port(), "/v1/images", "", &body) == 401);
}

TEST_CASE("a manifest push is answered 202 and shows up in the status API") {
  Running r;
  auto reply = httpPost("127.0.0.1", r.port(), "/v1/registry/events", kEventsMediaType,
                        pushEvent("127.0.0.1:5000"), {{"Authorization", "Bearer " + kSecret}});
  REQUIRE(reply.status == 202);
  CHECK(json::parse(reply.body)["queued"] == 1);
  std::string body;
  for (int i = 0; i < 200; ++i) {
    body.clear();
    REQUIRE(getStatus(r.port(), "/v1/images/" + kDigest, kToken, &body) == 200);
    if (json::parse(body)["status"] == "Completed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto image = json::parse(body);
  CHECK(image["status"] == "Completed");
  CHECK(image["repository"] == "demo/app");
  CHECK(image["history"].size() == 3);
  auto again = httpPost("127.0.0.1", r.port(), "/v1/registry/events", kEventsMediaType,
                        pushEvent("127.0.0.1:5000"), {{"Authorization", "Bearer " + kSecret}});
  CHECK(json::parse(again.body)["duplicate"] == 1);
  body.clear();
  CHECK(getStatus(r.port(), "/v1/images/sha256:" + std::string(64, 'e'), kToken, &body) == 404);
}

TEST_CASE("pushes naming an untrusted registry are not fetched") {
  Running r;
  auto reply = httpPost("127.0.0.1", r.port(), "/v1/registry/events", kEventsMediaType,
                        pushEvent("169.254.169.254:80"), {{"Authorization", "Bearer " + kSecret}});
  CHECK(reply.status == 202);
  CHECK(json::parse(reply.body)["untrusted"] == 1);
  CHECK(r.board.list().empty());
}

TEST_CASE("bad notification bodies get 4xx answers, and the server goes on") {
  Running r;
  std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", "Bearer " + kSecret}};
  CHECK(httpPost("127.0.0.1", r.port(), "/v1/registry/events", "text/plain", "{}", auth).status ==
        415);
  auto truncated = httpPost("127.0.0.1", r.port(), "/v1/registry/events", kEventsMediaType,
                            R"({"events":[{"action":"pu)", auth);
  CHECK(truncated.status == 400);
  CHECK(truncated.body.find("byte") != std::string::npos);
  // A body declared larger than the limit is refused before it is read. (The test sends only a
  // few bytes of it: a server that stops reading would otherwise reset a client still writing.)
  auto oversize = auth;
  oversize.emplace_back("Content-Length", std::to_string(70 * 1024));
  CHECK(httpPost("127.0.0.1", r.port(), "/v1/registry/events", kEventsMediaType, "[[[[", oversize)
            .status == 413);
  CHECK(httpPost("127.0.0.1", r.port(), "/v1/registry/events", kEventsMediaType,
                 pushEvent("127.0.0.1:5000"), auth)
            .status == 202);
}
