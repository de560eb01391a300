// The scan-on-push routes of the containers plugin in the real `bulwark server`: tokens, media
// types, body limits, trusted registries and the status API. The trusted "registry" here is a
// loopback port nobody listens on, so every queued scan ends in Scan error (the successful
// path, against the real registry, is scan_on_push_test).
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "push/registry_events.h"
#include "registry/http_get.h"
#include "support/background_process.h"
#include "support/http_client.h"

using namespace bulwark::test;
using bulwark::containers::kEventsMediaType;
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
  TempDir dir;
  int port = freeLoopbackPort();
  std::string registry = "127.0.0.1:" + std::to_string(freeLoopbackPort());
  std::unique_ptr<BackgroundProcess> process;
  std::string why;

  Running() {
    process = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{BULWARK_BINARY, "server", "--config", "", "--listen",
                                 "127.0.0.1:" + std::to_string(port), "--registry", registry,
                                 "--work-dir", (dir / "work").string(), "--store",
                                 (dir / "bulwark.db").string()},
        dir / "server.log",
        std::vector<std::string>{"BULWARK_NOTIFICATION_SECRET=" + kSecret,
                                 "BULWARK_API_TOKEN=" + kToken});
    if (!process->waitForPort(port, 20, why)) process.reset();
  }

  PostResult post(const std::string& type, const std::string& body, const std::string& secret,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    if (!secret.empty()) headers.emplace_back("Authorization", "Bearer " + secret);
    return httpPost("127.0.0.1", port, "/v1/registry/events", type, body, headers);
  }

  int get(const std::string& path, const std::string& token, std::string* body) {
    bulwark::registry::HeaderList headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    std::string errorBody;
    body->clear();
    auto response = bulwark::registry::httpGet(
        "http://127.0.0.1:" + std::to_string(port) + path, headers, {},
        [&](const char* data, size_t size) { body->append(data, size); }, &errorBody);
    if (response.status >= 300) *body = errorBody;
    return response.status;
  }

  json images() {
    std::string body;
    if (get("/v1/images", kToken, &body) != 200) return json::object();
    return json::parse(body);
  }
};

}  // namespace

TEST_CASE("the events route refuses requests without the shared secret") {
  Running r;
  INFO(r.why);
  REQUIRE(r.process != nullptr);
  CHECK(r.post(kEventsMediaType, pushEvent(r.registry), "").status == 401);
  CHECK(r.post(kEventsMediaType, pushEvent(r.registry), kToken).status == 401);
  CHECK(r.images()["images"].empty());
  // The API token is not the notification secret and vice versa.
  std::string body;
  CHECK(r.get("/v1/images", kSecret, &body) == 401);
  CHECK(r.get("/v1/images", "", &body) == 401);
  CHECK(r.process->log().find(kSecret) == std::string::npos);
}

TEST_CASE("a manifest push is answered 202 and its status history shows in the API") {
  Running r;
  INFO(r.why);
  REQUIRE(r.process != nullptr);
  auto reply = r.post(kEventsMediaType, pushEvent(r.registry), kSecret);
  REQUIRE(reply.status == 202);
  CHECK(json::parse(reply.body)["queued"] == 1);
  json image;
  for (int i = 0; i < 300; ++i) {
    std::string body;
    REQUIRE(r.get("/v1/images/" + kDigest, kToken, &body) == 200);
    image = json::parse(body);
    if (image["status"] == "Scan error") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  INFO(image.dump() << "\n" << r.process->log());
  CHECK(image["status"] == "Scan error");  // nothing serves the registry's port
  CHECK_FALSE(image.value("reason", "").empty());
  CHECK(image["repository"] == "demo/app");
  REQUIRE(image["history"].size() == 3);
  CHECK(image["history"][1]["status"] == "Scan in progress");
  CHECK(r.images()["images"].size() == 1);
  // A digest whose scan failed is queued again when pushed again: that is how one retries.
  auto again = r.post(kEventsMediaType, pushEvent(r.registry), kSecret);
  CHECK(json::parse(again.body)["queued"] == 1);
  std::string body;
  CHECK(r.get("/v1/images/sha256:" + std::string(64, 'e'), kToken, &body) == 404);
}

TEST_CASE("pushes naming an untrusted registry are not fetched") {
  Running r;
  INFO(r.why);
  REQUIRE(r.process != nullptr);
  auto reply = r.post(kEventsMediaType, pushEvent("169.254.169.254:80"), kSecret);
  CHECK(reply.status == 202);
  CHECK(json::parse(reply.body)["untrusted"] == 1);
  CHECK(r.images()["images"].empty());
}

TEST_CASE("bad notification bodies get 4xx answers, and the server goes on") {
  Running r;
  INFO(r.why);
  REQUIRE(r.process != nullptr);
  CHECK(r.post("text/plain", "{}", kSecret).status == 415);
  auto truncated = r.post(kEventsMediaType, R"({"events":[{"action":"pu)", kSecret);
  CHECK(truncated.status == 400);
  CHECK(truncated.body.find("byte") != std::string::npos);
  // A body declared larger than the route's limit (4 MiB) is refused before it is read. (The
  // test sends only a few bytes of it: a server that stops reading would otherwise reset a
  // client still writing.)
  CHECK(r.post(kEventsMediaType, "[[[[", kSecret,
               {{"Content-Length", std::to_string(5 * 1024 * 1024)}})
            .status == 413);
  CHECK(r.post(kEventsMediaType, pushEvent(r.registry), kSecret).status == 202);
  CHECK(r.process->running());
}
