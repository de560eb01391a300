// Scan on push end to end: the real docker-registry notifies `bulwark server`, which pulls
// the pushed digest and scans it; the status API shows every step.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "registry/http_get.h"
#include "registry/registry_fixture.h"
#include "support/background_process.h"

using namespace bulwark::test;
using nlohmann::json;

namespace {

const std::string kSecret = "push-secret-91af";
const std::string kToken = "status-token-55e0";

struct BulwarkServer {
  int port;
  TempDir dir;
  std::unique_ptr<BackgroundProcess> process;
  std::string why;

  // The registry must know the server's address before either starts, so the port is chosen
  // by the caller.
  BulwarkServer(int listenPort, const std::string& registryHost) : port(listenPort) {
    process = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{
            BULWARK_BINARY, "server", "--listen", "127.0.0.1:" + std::to_string(port), "--registry",
            registryHost, "--work-dir", (dir / "work").string(), "--store", store().string()},
        dir / "server.log",
        std::vector<std::string>{"BULWARK_NOTIFICATION_SECRET=" + kSecret,
                                 "BULWARK_API_TOKEN=" + kToken});
    if (!process->waitForPort(port, 20, why)) process.reset();
  }

  fs::path store() const { return dir / "bulwark.db"; }

  json image(const std::string& digest) {
    std::string body, error;
    auto response = bulwark::registry::httpGet(
        "http://127.0.0.1:" + std::to_string(port) + "/v1/images/" + digest,
        {{"Authorization", "Bearer " + kToken}}, {},
        [&](const char* d, size_t n) { body.append(d, n); }, &error);
    if (response.status != 200) return json::object();
    return json::parse(body);
  }

  // Polls until the image settles in Completed or Scan error (60 s at most).
  json settled(const std::string& digest) {
    for (int i = 0; i < 600; ++i) {
      json state = image(digest);
      if (state.value("status", "") == "Completed" || state.value("status", "") == "Scan error")
        return state;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return image(digest);
  }
};

std::vector<std::string> history(const json& image) {
  std::vector<std::string> out;
  for (const auto& change : image.value("history", json::array()))
    out.push_back(change["status"]);
  return out;
}

}  // namespace

TEST_CASE("a push to the registry is scanned: Unscanned, Scan in progress, Completed") {
  if (!imageToolsMissing().empty()) {
    BULWARK_SKIP("skipped: " << imageToolsMissing());
    return;
  }
  int serverPort = freeLoopbackPort();
  RegistryFixtureOptions options;
  options.notifyUrl = "http://127.0.0.1:" + std::to_string(serverPort) + "/v1/registry/events";
  options.notifySecret = kSecret;
  RegistryFixture registry(options);
  if (!registry.available()) {
    BULWARK_SKIP("skipped: " << registry.whyUnavailable());
    return;
  }
  BulwarkServer server(serverPort, registry.host());
  INFO(server.why);
  REQUIRE(server.process != nullptr);

  TempDir dir;
  makeOciImage(
      dir / "good", "v1",
      {{"etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n"},
       {"var/lib/dpkg/status",
        "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\n"
        "Source: zlib\nVersion: 1:1.2.13.dfsg-1\n\n"},
       {"app/node_modules/lodash/package.json", R"({"name":"lodash","version":"4.17.15"})"}});
  std::string digest = pushImage(dir / "good", "v1", registry.host(), "demo/app:v1");
  json done = server.settled(digest);
  INFO("server log: " << server.process->log() << "\nregistry log tail: "
                      << registry.log().substr(
                             registry.log().size() > 3000 ? registry.log().size() - 3000 : 0));
  CHECK(done.value("status", "") == "Completed");
  CHECK(history(done) == std::vector<std::string>{"Unscanned", "Scan in progress", "Completed"});
  CHECK(done.value("repository", "") == "demo/app");
  CHECK(done["tags"] == json::array({"v1"}));
  // The result is in the store, where `bulwark images show` reads it.
  RunResult shown = runBulwark(
      {"images", "show", digest, "--store", server.store().string(), "--format", "json"});
  INFO(shown.err);
  REQUIRE(shown.exitCode == 0);
  json stored = json::parse(shown.out);
  CHECK(stored.dump().find("Completed") != std::string::npos);
  std::string packages = stored.dump();
  CHECK(packages.find("zlib1g") != std::string::npos);
  CHECK(packages.find("lodash") != std::string::npos);

  makeCorruptOciImage(dir / "bad", "v1");
  std::string badDigest = pushImage(dir / "bad", "v1", registry.host(), "demo/broken:v1");
  json failed = server.settled(badDigest);
  CHECK(failed.value("status", "") == "Scan error");
  INFO("failed image: " << failed.dump());
  CHECK_FALSE(failed.value("reason", "").empty());
  RunResult listed =
      runBulwark({"images", "list", "--store", server.store().string(), "--format", "json"});
  CHECK(listed.out.find("Scan error") != std::string::npos);
  CHECK(history(failed) == std::vector<std::string>{"Unscanned", "Scan in progress", "Scan error"});

  // Pushing the same image under another tag is the same digest: no second scan.
  pushImage(dir / "good", "v1", registry.host(), "demo/app:again");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  CHECK(history(server.image(digest)).size() == 3);
  // The notification secret never reaches the log.
  CHECK(server.process->log().find(kSecret) == std::string::npos);
}
