// The ABI 1.2 host services as a plugin sees them, end to end through the bulwark binary: the
// plugin's commands, its persistent state in the store, the vulnerability database, and
// `bulwark server` serving its routes and running its service.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/background_process.h"
#include "support/http_client.h"
#include "support/test_support.h"

using namespace bulwark::test;
using nlohmann::json;

namespace {

fs::path servicesPluginDir() {
  return BULWARK_SDK_TEST_PLUGIN_DIR;
}

// A configuration enabling the services plugins (and nothing else) with a store in `dir`.
fs::path servicesConfig(const TempDir& dir, const std::string& settings = "") {
  return writeConfig(dir, {{"services", settings}, {"services2", ""}}, {}, {servicesPluginDir()});
}

RunResult runIn(const fs::path& config, std::vector<std::string> args) {
  args.insert(args.begin() + 1, {"--config", config.string()});
  return runBulwark(args);
}

}  // namespace

TEST_CASE("a plugin command keeps its state in the store across runs", "[sdk][state]") {
  TempDir dir;
  fs::path config = servicesConfig(dir);
  REQUIRE(runIn(config, {"svc-state", "put", "greeting", "hello"}).exitCode == 0);
  REQUIRE(runIn(config, {"svc-state", "put", "colour", "blue"}).exitCode == 0);
  RunResult get = runIn(config, {"svc-state", "get", "greeting"});
  CHECK(get.exitCode == 0);
  CHECK(get.out == "hello\n");

  // putIfAbsent keeps what is there; put replaces it.
  REQUIRE(runIn(config, {"svc-state", "putnew", "greeting", "ignored"}).exitCode == 0);
  CHECK(runIn(config, {"svc-state", "get", "greeting"}).out == "hello\n");
  REQUIRE(runIn(config, {"svc-state", "put", "greeting", "bonjour"}).exitCode == 0);
  CHECK(runIn(config, {"svc-state", "get", "greeting"}).out == "bonjour\n");

  RunResult list = runIn(config, {"svc-state", "list"});
  CHECK(list.out == "colour=blue dated\ngreeting=bonjour dated\n");
  CHECK(runIn(config, {"svc-state", "list", "gre"}).out == "greeting=bonjour dated\n");
  // A prefix is compared byte for byte, never as a LIKE pattern.
  CHECK(runIn(config, {"svc-state", "list", "%"}).out.empty());

  REQUIRE(runIn(config, {"svc-state", "del", "greeting"}).exitCode == 0);
  RunResult gone = runIn(config, {"svc-state", "get", "greeting"});
  CHECK(gone.exitCode == 1);
  CHECK(gone.out == "(absent)\n");

  // Another plugin in the same store sees none of it.
  CHECK(runIn(config, {"svc-state2", "list"}).out.empty());
  REQUIRE(runIn(config, {"svc-state2", "put", "colour", "red"}).exitCode == 0);
  CHECK(runIn(config, {"svc-state", "get", "colour"}).out == "blue\n");
  CHECK(runIn(config, {"svc-state2", "get", "colour"}).out == "red\n");
}

TEST_CASE("the store option chooses where plugin state lives", "[sdk][state]") {
  TempDir dir;
  fs::path config = servicesConfig(dir);
  fs::path other = dir / "other.db";
  REQUIRE(runIn(config, {"svc-state", "--store", other.string(), "put", "k", "v"}).exitCode == 0);
  CHECK(fs::exists(other));
  CHECK(runIn(config, {"svc-state", "get", "k"}).exitCode == 1);
  CHECK(runIn(config, {"svc-state", "--store=" + other.string(), "get", "k"}).out == "v\n");
}

TEST_CASE("a plugin command is found in the plugin folders without a configuration",
          "[sdk][commands]") {
  TempDir dir;
  std::string env = "BULWARK_PLUGIN_PATH=" + servicesPluginDir().string() + " ";
  RunResult r = runShell("cd " + dir.path().string() + " && " + env + BULWARK_BINARY +
                         " svc-state --config '' --store s.db put a b && " + env + BULWARK_BINARY +
                         " svc-state --config '' --store s.db get a 2>&1");
  CHECK(r.exitCode == 0);
  CHECK(r.out == "b\n");
  RunResult help = runShell(env + BULWARK_BINARY + " --help");
  CHECK_THAT(help.out, Catch::Contains("svc-state") && Catch::Contains("(services)"));
}

TEST_CASE("a command that throws exits 3 naming the error, an unknown command exits 2",
          "[sdk][commands]") {
  TempDir dir;
  fs::path config = servicesConfig(dir);
  RunResult r = runIn(config, {"svc-fail"});
  CHECK(r.exitCode == 3);
  CHECK_THAT(r.err, Catch::Contains("bulwark svc-fail: command threw: deliberate failure"));
  RunResult unknown = runIn(config, {"no-such-command"});
  CHECK(unknown.exitCode == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown command 'no-such-command'"));
  RunResult noValue = runShell("BULWARK_PLUGIN_PATH=" + servicesPluginDir().string() + " " +
                               BULWARK_BINARY + " svc-state list --store 2>&1");
  CHECK(noValue.exitCode == 2);
  CHECK_THAT(noValue.out, Catch::Contains("bulwark svc-state: --store needs a value"));
}

TEST_CASE("the vulnerability database service answers as the kernel's own matcher",
          "[sdk][vulndb][corpus]") {
  fs::path corpus = corpusOrSkip("matching through the vulnerability database service");
  if (corpus.empty()) return;
  TempDir dir;
  fs::path config = servicesConfig(dir);
  RunResult none = runIn(config, {"svc-vuln", "info"});
  CHECK(none.out == "none  -\n");
  RunResult noDb = runIn(config, {"svc-vuln", "npm", "lodash", "4.17.15"});
  CHECK(noDb.exitCode == 3);
  CHECK_THAT(noDb.err, Catch::Contains("no vulnerability database is configured"));

  fs::path db = dir / "vulndb.sqlite";
  fs::path advisories = corpus / "vulndb" / "github-advisory-database" / "advisories" /
                        "github-reviewed" / "2019" / "07";
  RunResult import = runBulwark({"vulndb", "import", advisories.string(), "--db", db.string()});
  REQUIRE(import.exitCode == 0);
  RunResult info = runIn(config, {"svc-vuln", "--vulndb", db.string(), "info"});
  CHECK_THAT(info.out, Catch::StartsWith("available 20") && Catch::EndsWith(" versioned\n"));

  RunResult kernel = runBulwark({"vulndb", "match", "--ecosystem", "npm", "--package", "lodash",
                                 "--version", "4.17.11", "--db", db.string(), "--format", "json"});
  REQUIRE(kernel.exitCode == 0);
  std::vector<std::string> expected;
  for (const auto& m : json::parse(kernel.out))
    expected.push_back(m["id"].get<std::string>());
  REQUIRE_FALSE(expected.empty());

  // Two packages in one batch: each match names its query.
  RunResult plugin = runIn(config, {"svc-vuln", "--vulndb", db.string(), "npm", "left-pad", "1.0.0",
                                    "npm", "lodash", "4.17.11"});
  REQUIRE(plugin.exitCode == 0);
  std::vector<std::string> got;
  std::istringstream lines(plugin.out);
  for (std::string line; std::getline(lines, line);) {
    json m = json::parse(line);
    CHECK(m["query"] == 1);
    got.push_back(m["id"]);
  }
  CHECK(got == expected);

  RunResult missing =
      runIn(config, {"svc-vuln", "--vulndb", (dir / "nope.sqlite").string(), "info"});
  CHECK(missing.exitCode == 3);
  CHECK_THAT(missing.err, Catch::Contains("nope.sqlite"));
}

TEST_CASE("bulwark server serves plugin routes with the kernel's checks and runs the service",
          "[sdk][server]") {
  TempDir dir;
  fs::path config = servicesConfig(dir);
  int port = freeLoopbackPort();
  BackgroundProcess server(
      {BULWARK_BINARY, "server", "--config", config.string(), "--listen",
       "127.0.0.1:" + std::to_string(port), "--svc-greeting", "hi", "--svc-loud", "--svc-name",
       "ada", "--svc-name", "grace", "--svc-times", "3"},
      dir / "server.log", {"BULWARK_API_TOKEN=api-token-1", "SVC_SECRET=route-secret-1"});
  std::string why;
  REQUIRE(server.waitForPort(port, 20, why));
  INFO(why);
  const std::string host = "127.0.0.1";
  auto get = [&](const std::string& path, const std::string& token) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return httpSend("GET", host, port, path, "", "", headers);
  };
  CHECK(get("/healthz", "").status == 200);
  CHECK(get("/nowhere", "api-token-1").status == 404);

  // The API token guards API routes; the route's own secret guards its route, and neither
  // opens the other.
  CHECK(get("/v1/svc/count", "").status == 401);
  CHECK(get("/v1/svc/count", "wrong").status == 401);
  CHECK(get("/v1/svc/count", "route-secret-1").status == 401);
  CHECK(get("/v1/svc/secret", "api-token-1").status == 401);
  CHECK(get("/v1/svc/secret", "route-secret-1").status == 200);

  auto post = httpSend("POST", host, port, "/v1/svc/echo?x=1", "text/plain", "ping",
                       {{"Authorization", "Bearer api-token-1"}, {"X-Probe", "42"}});
  CHECK(post.status == 201);
  CHECK(post.header("X-Echoed") == "yes");
  json echo = json::parse(post.body);
  CHECK(echo["body"] == "ping");
  CHECK(echo["query"] == "x=1");
  CHECK(echo["probe"] == "42");
  CHECK(echo["authorization"] == "");  // the token never reaches the plugin
  auto wrongMethod = get("/v1/svc/echo", "api-token-1");
  CHECK(wrongMethod.status == 405);
  CHECK(wrongMethod.header("Allow") == "POST");
  auto tooBig = httpSend("POST", host, port, "/v1/svc/echo", "text/plain", std::string(65, 'x'),
                         {{"Authorization", "Bearer api-token-1"}});
  CHECK(tooBig.status == 413);

  // Server options became the plugin's settings; the service runs beside the requests.
  json settings = json::parse(get("/v1/svc/settings", "api-token-1").body);
  CHECK(settings ==
        json{{"greeting", "hi"}, {"loud", true}, {"names", {"ada", "grace"}}, {"times", 3}});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto count = get("/v1/svc/count/deeper", "api-token-1");
  REQUIRE(count.status == 200);
  json counted = json::parse(count.body);
  CHECK(counted["ticks"].get<long>() > 1);
  CHECK(counted["path"] == "/v1/svc/count/deeper");
  CHECK_FALSE(counted["stored"].get<std::string>().empty());

  // A handler that throws gives a 500 that says nothing of it, the log keeps the secret out,
  // and the server goes on.
  auto broken = get("/v1/svc/broken", "api-token-1");
  CHECK(broken.status == 500);
  CHECK(broken.body.find("supersecret") == std::string::npos);
  CHECK(get("/healthz", "").status == 200);

  server.stop();
  CHECK_THAT(server.log(), Catch::Contains("route broken failed"));
  CHECK(server.log().find("supersecret") == std::string::npos);
  // The service's thread wrote to the plugin's state in the store.
  RunResult tick = runIn(config, {"svc-state", "get", "tick"});
  CHECK(tick.exitCode == 0);
  CHECK(std::stol(tick.out) > 1);
}

TEST_CASE("bulwark server refuses to start without the routes' secrets or with bad options",
          "[sdk][server]") {
  TempDir dir;
  fs::path config = servicesConfig(dir);
  RunResult noSecret =
      runShell("BULWARK_API_TOKEN=t " + std::string(BULWARK_BINARY) + " server --config " +
               config.string() + " --listen 127.0.0.1:0 2>&1");
  CHECK(noSecret.exitCode == 2);
  CHECK_THAT(noSecret.out, Catch::Contains("set SVC_SECRET"));
  RunResult badInteger =
      runShell("BULWARK_API_TOKEN=t SVC_SECRET=s " + std::string(BULWARK_BINARY) +
               " server --config " + config.string() + " --svc-times many 2>&1");
  CHECK(badInteger.exitCode == 2);
  CHECK_THAT(badInteger.out, Catch::Contains("svc-times"));
}
