// A re-imported vulnerability database makes `bulwark server` rescan the images it already
// scanned, so their findings follow the new advisories without a new push.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "registry/http_get.h"
#include "registry/registry_fixture.h"
#include "support/background_process.h"

using namespace bulwark::test;
using nlohmann::json;

namespace {

const std::string kSecret = "rescan-secret-3c1d";
const std::string kToken = "rescan-token-8e2a";

std::string osvRecord(const std::string& id, const std::string& package) {
  return json{
      {"schema_version", "1.4.0"},
      {"id", id},
      {"modified", "2026-11-01T00:00:00Z"},
      {"published", "2026-11-01T00:00:00Z"},
      {"summary", "test advisory for " + package},
      {"database_specific", {{"severity", "HIGH"}}},
      {"affected",
       {{{"package", {{"ecosystem", "npm"}, {"name", package}}},
         {"ranges",
          {{{"type", "SEMVER"}, {"events", {{{"introduced", "0"}}, {{"fixed", "4.17.21"}}}}}}}}}}}
      .dump();
}

json imageState(int port, const std::string& digest) {
  std::string body, error;
  auto response = bulwark::registry::httpGet(
      "http://127.0.0.1:" + std::to_string(port) + "/v1/images/" + digest,
      {{"Authorization", "Bearer " + kToken}}, {},
      [&](const char* d, size_t n) { body.append(d, n); }, &error);
  return response.status == 200 ? json::parse(body) : json::object();
}

}  // namespace

TEST_CASE("a re-imported vulnerability database triggers a rescan of scanned images") {
  if (!imageToolsMissing().empty()) {
    BULWARK_SKIP("skipped: " << imageToolsMissing());
    return;
  }
  TempDir dir;
  fs::path db = dir / "vulndb.sqlite";
  writeFile(dir / "advisories" / "unrelated.json", osvRecord("GHSA-test-0001", "left-pad"));
  REQUIRE(runBulwark({"vulndb", "import", (dir / "advisories").string(), "--db", db.string()})
              .exitCode == 0);

  int serverPort = freeLoopbackPort();
  RegistryFixtureOptions options;
  options.notifyUrl = "http://127.0.0.1:" + std::to_string(serverPort) + "/v1/registry/events";
  options.notifySecret = kSecret;
  RegistryFixture registry(options);
  if (!registry.available()) {
    BULWARK_SKIP("skipped: " << registry.whyUnavailable());
    return;
  }
  BackgroundProcess server(
      {BULWARK_BINARY, "server", "--listen", "127.0.0.1:" + std::to_string(serverPort),
       "--registry", registry.host(), "--store", (dir / "store.db").string(), "--vulndb",
       db.string(), "--rescan-check", "1", "--verbose", "--work-dir", (dir / "work").string()},
      dir / "server.log",
      {"BULWARK_NOTIFICATION_SECRET=" + kSecret, "BULWARK_API_TOKEN=" + kToken});
  std::string why;
  REQUIRE(server.waitForPort(serverPort, 20, why));

  makeOciImage(
      dir / "image", "v1",
      {{"app/node_modules/lodash/package.json", R"({"name":"lodash","version":"4.17.15"})"}});
  std::string digest = pushImage(dir / "image", "v1", registry.host(), "demo/rescan:v1");
  auto waitFor = [&](size_t steps) {
    json state;
    for (int i = 0; i < 300; ++i) {
      state = imageState(serverPort, digest);
      if (state.value("history", json::array()).size() >= steps &&
          state.value("status", "") == "Completed")
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return state;
  };
  json first = waitFor(3);
  INFO(server.log());
  REQUIRE(first.value("status", "") == "Completed");
  CHECK(first.value("summary", "").find("0 findings") != std::string::npos);

  writeFile(dir / "advisories" / "lodash.json", osvRecord("GHSA-test-0002", "lodash"));
  REQUIRE(runBulwark({"vulndb", "import", (dir / "advisories").string(), "--db", db.string()})
              .exitCode == 0);
  INFO("vulndb after the re-import: "
       << runBulwark({"vulndb", "status", "--db", db.string(), "--format", "json"}).out);
  json second = waitFor(5);
  INFO("server log after the re-import: " << server.log());
  CHECK(second["history"].size() == 5);
  CHECK(second.value("summary", "").find("1 findings") != std::string::npos);
  auto shown = runBulwark(
      {"images", "show", digest, "--store", (dir / "store.db").string(), "--format", "json"});
  CHECK(shown.out.find("GHSA-test-0002") != std::string::npos);
}

TEST_CASE("bulwark server refuses a vulnerability database that is not one, naming the file") {
  TempDir dir;
  writeFile(dir / "garbage.sqlite", std::string(4096, '\x7f') + "not a database");
  ::setenv("BULWARK_NOTIFICATION_SECRET", "s", 1);
  ::setenv("BULWARK_API_TOKEN", "t", 1);
  RunResult r = runBulwark({"server", "--listen", "127.0.0.1:" + std::to_string(freeLoopbackPort()),
                            "--registry", "127.0.0.1:5000", "--store", (dir / "store.db").string(),
                            "--vulndb", (dir / "garbage.sqlite").string()});
  ::unsetenv("BULWARK_NOTIFICATION_SECRET");
  ::unsetenv("BULWARK_API_TOKEN");
  CHECK(r.exitCode == 3);
  CHECK(r.err.find("garbage.sqlite") != std::string::npos);
}
