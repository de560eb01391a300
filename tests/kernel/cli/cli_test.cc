// The bulwark binary as operators use it: exit codes, scopes, formats and secrets.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

using bulwark::test::runBulwark;
using bulwark::test::TempDir;
namespace test = bulwark::test;

namespace {

const std::string kProd = "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f";
const std::string kDev = "/subscriptions/b7e4d2a1-6c3f-4a8b-9e1d-5f0c2b7a4e96";

std::filesystem::path estate() {
  return test::sourceDir() / "config" / "samples" / "estate";
}

}  // namespace

TEST_CASE("the version flag names the plugin ABI", "[cli]") {
  auto r = runBulwark({"--version"});
  CHECK(r.exitCode == 0);
  CHECK_THAT(r.out, Catch::StartsWith("bulwark ") && Catch::Contains("plugin ABI 1.2"));
}

TEST_CASE("every verb has --help", "[cli]") {
  for (auto args : std::vector<std::vector<std::string>>{{"--help"},
                                                         {"scan", "--help"},
                                                         {"plugins", "--help"},
                                                         {"config", "--help"},
                                                         {"scans", "--help"}}) {
    auto r = runBulwark(args);
    INFO(args[0]);
    CHECK(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::Contains("Usage: bulwark"));
  }
  CHECK(runBulwark({}).exitCode == 2);
  CHECK(runBulwark({"frobnicate"}).exitCode == 2);
  CHECK(runBulwark({"scan", "--no-such-flag"}).exitCode == 2);
}

TEST_CASE("a subscription scope reports only that subscription", "[cli]") {
  TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", ""}}, {estate()});
  auto r = runBulwark({"scan", "--config", config.string(), "--scope", kDev, "--format", "json"});
  REQUIRE(r.exitCode == 0);
  auto report = nlohmann::json::parse(r.out);
  // The dev subscription's 4 storage accounts and nothing else: only the storage plugin is
  // enabled, and its registry is judged by the containers plugin.
  size_t accounts = 0;
  for (const auto& res : report["resources"])
    accounts += res["type"] == "Microsoft.Storage/storageAccounts" ? 1 : 0;
  CHECK(accounts == 4);
  REQUIRE(report["resources"].size() == 4);
  for (const auto& res : report["resources"]) {
    CHECK(res["subscriptionId"] == kDev.substr(15));
  }
  for (const auto& res : report["results"]) {
    CHECK_THAT(res["resourceId"].get<std::string>(), Catch::StartsWith(kDev));
  }
  CHECK(report["scan"]["scopes"] == nlohmann::json::array({kDev}));
}

TEST_CASE("fail-on sets exit code 1 only for findings at that severity", "[cli]") {
  TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", ""}}, {estate()});
  CHECK(runBulwark({"scan", "-c", config.string(), "--fail-on", "high"}).exitCode == 1);
  // contosodevshared01 fails Low and Medium checks (TLS 1.1, open network) but no High one.
  std::string devShared = kDev +
                          "/resourceGroups/rg-dev-shared/providers/Microsoft.Storage/"
                          "storageAccounts/contosodevshared01";
  CHECK(runBulwark({"scan", "-c", config.string(), "--scope", devShared, "--fail-on", "high"})
            .exitCode == 0);
  CHECK(runBulwark({"scan", "-c", config.string(), "--scope", devShared, "--fail-on", "low"})
            .exitCode == 1);
  CHECK(runBulwark({"scan", "-c", config.string(), "--fail-on", "severe"}).exitCode == 2);
  CHECK(runBulwark({"scan", "-c", config.string(), "--scope", "rg-dev"}).exitCode == 2);
}

TEST_CASE("an output file receives the report to a file and the scan can be read back", "[cli]") {
  TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", ""}}, {estate()});
  auto out = dir / "report.json";
  auto r = runBulwark({"scan", "-c", config.string(), "-f", "json", "-o", out.string()});
  REQUIRE(r.exitCode == 0);
  CHECK(r.out.empty());
  auto report = nlohmann::json::parse(test::readFile(out));
  size_t unhealthy = 0, firstThree = 0;
  for (const auto& res : report["results"]) {
    if (res["state"] != "Unhealthy") continue;
    ++unhealthy;
    std::string id = res["assessmentId"];
    firstThree += id == "storage.secure-transfer" || id == "storage.public-blob-access" ||
                  id == "storage.minimum-tls";
  }
  CHECK(report["summary"]["unhealthy"] == unhealthy);
  CHECK(firstThree == 9);
  auto shown = runBulwark({"scans", "show", "-c", config.string(), "-f", "json"});
  REQUIRE(shown.exitCode == 0);
  CHECK(nlohmann::json::parse(shown.out)["results"] == report["results"]);
  auto list = runBulwark({"scans", "list", "-c", config.string()});
  CHECK_THAT(list.out, Catch::StartsWith("#1 "));
}

TEST_CASE("a broken config exits 2 naming the line", "[cli]") {
  TempDir dir;
  test::writeFile(dir / "bad.yaml", "version: 1\nplugins:\n  storage:\n    enabled: yes please\n");
  auto r = runBulwark({"scan", "--config", (dir / "bad.yaml").string()});
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("bad.yaml:4:14"));
  auto v = runBulwark({"config", "validate", (dir / "bad.yaml").string()});
  CHECK(v.exitCode == 2);
  CHECK_THAT(v.err, Catch::Contains("bad.yaml:4:14"));
  auto ok =
      runBulwark({"config", "validate", (test::sourceDir() / "config" / "bulwark.yaml").string()});
  CHECK(ok.exitCode == 0);
}

TEST_CASE("plugins list shows the storage plugin with its ABI and assessments", "[cli]") {
  auto r = runBulwark(
      {"plugins", "list", "--config", (test::sourceDir() / "config" / "bulwark.yaml").string()});
  CHECK(r.exitCode == 0);
  CHECK_THAT(r.out, Catch::Contains("storage 0.2.0  ABI 1.2  capabilities collect,assess") &&
                        Catch::Contains("storage.secure-transfer") &&
                        Catch::Contains("storage.public-blob-access") &&
                        Catch::Contains("storage.minimum-tls"));
  // Its log sources and what UEBA learns from their events.
  CHECK_THAT(r.out, Catch::Contains("  event source storage-blob-logs ") &&
                        Catch::Contains("  event source storage-analytics ") &&
                        Catch::Contains("  UEBA activity storage-account-requests ") &&
                        Catch::Contains("    anomaly ueba.storage.sas-new-ip [Medium] SAS token "
                                        "used from an address never seen for the account"));
}

TEST_CASE("runtime problems exit 3 and still store the scan", "[cli]") {
  TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", ""}, {"wrongmajor", ""}}, {estate()});
  auto r = runBulwark({"scan", "-c", config.string()});
  CHECK(r.exitCode == 3);
  CHECK_THAT(r.err, Catch::Contains("wrongmajor.so: refused: plugin ABI 2.0, kernel ABI 1.2"));
  CHECK_THAT(r.out, Catch::Contains("Problems"));
  CHECK(runBulwark({"scans", "list", "-c", config.string()}).out.find("#1 ") == 0);
}

TEST_CASE("secrets never reach the report or the store", "[cli][secrets]") {
  TempDir dir;
  const std::string secret = "U0VDUkVULWtleS1kby1ub3QtbGVhaw==";
  test::writeFile(
      dir / "estate" / "a.json",
      R"({"id": "/subscriptions/s9/resourceGroups/g/providers/Microsoft.Storage/)"
      R"(storageAccounts/leaky", "type": "Microsoft.Storage/storageAccounts", "name": "leaky",)"
      R"( "tags": {"conn": "DefaultEndpointsProtocol=https;AccountName=leaky;AccountKey=)" +
          secret +
          R"(;EndpointSuffix=core.windows.net"},)"
          R"( "properties": {"primaryKey": ")" +
          secret + R"(", "supportsHttpsTrafficOnly": false}})");
  auto config = test::writeConfig(dir, {{"storage", ""}}, {dir / "estate"});
  auto r = runBulwark({"scan", "-c", config.string(), "-f", "json"});
  REQUIRE(r.exitCode == 0);
  CHECK(r.out.find("leaky") != std::string::npos);
  CHECK(r.out.find(secret.substr(0, 16)) == std::string::npos);
  CHECK(r.err.find(secret.substr(0, 16)) == std::string::npos);
  for (const char* f : {"store.db", "store.db-wal"}) {
    if (std::filesystem::exists(dir / f)) {
      CHECK(test::readFile(dir / f).find(secret.substr(0, 16)) == std::string::npos);
    }
  }
}

TEST_CASE("score and diff read stored scans", "[cli][score]") {
  TempDir dir;
  std::filesystem::copy(estate(), dir / "estate", std::filesystem::copy_options::recursive);
  auto config = test::writeConfig(dir, {{"storage", ""}}, {dir / "estate"});
  REQUIRE(runBulwark({"scan", "-c", config.string()}).exitCode == 0);
  // Fix the legacy account's secure transfer, then scan again.
  auto file = dir / "estate" / "prod" / "storage.resourcegraph.json";
  std::string text = test::readFile(file);
  auto pos = text.find("\"supportsHttpsTrafficOnly\": false");
  REQUIRE(pos != std::string::npos);
  text.replace(pos, 33, "\"supportsHttpsTrafficOnly\": true");
  test::writeFile(file, text);
  REQUIRE(runBulwark({"scan", "-c", config.string()}).exitCode == 0);

  auto diff = runBulwark({"diff", "1", "2", "-c", config.string(), "-f", "json"});
  REQUIRE(diff.exitCode == 0);
  auto d = nlohmann::json::parse(diff.out);
  REQUIRE(d["resolved"].size() == 1);
  CHECK(d["resolved"][0]["assessmentId"] == "storage.secure-transfer");
  CHECK_THAT(d["resolved"][0]["resourceId"].get<std::string>(),
             Catch::EndsWith("contosoprodlegacy01"));
  CHECK(d["new"].empty());
  // The account still fails the TLS check of the same control, so the control (and the
  // score) may stay where it was; it cannot drop.
  CHECK(d["scoreAfter"].get<double>() >= d["scoreBefore"].get<double>());

  auto history = runBulwark({"score", "--history", "-c", config.string(), "-f", "json"});
  REQUIRE(history.exitCode == 0);
  auto h = nlohmann::json::parse(history.out);
  REQUIRE(h.size() == 2);
  CHECK(h[0]["percentage"] == d["scoreBefore"]);
  CHECK(h[1]["percentage"] == d["scoreAfter"]);
  CHECK(h[1]["change"].get<double>() == Approx(d["scoreChange"].get<double>()));
  auto scoped = runBulwark({"score", "-c", config.string(), "--scope", kDev});
  CHECK(scoped.exitCode == 0);
  CHECK_THAT(scoped.out, Catch::Contains("Secure Score of scan #2 in " + kDev));
  CHECK(runBulwark({"diff", "1", "9", "-c", config.string()}).exitCode == 3);
}

TEST_CASE("the CSV report has one quoted row per result", "[cli][csv]") {
  TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", ""}}, {estate()});
  auto json = runBulwark({"scan", "-c", config.string(), "-f", "json"});
  REQUIRE(json.exitCode == 0);
  size_t results = nlohmann::json::parse(json.out)["results"].size();
  auto csv = runBulwark({"scans", "show", "-c", config.string(), "-f", "csv"});
  REQUIRE(csv.exitCode == 0);
  CHECK_THAT(csv.out, Catch::StartsWith("scan_id,resource_id,resource_type,"));
  // Count records, not lines: a quoted reason may hold a line break.
  size_t records = 0;
  bool quoted = false;
  for (size_t i = 0; i < csv.out.size(); ++i) {
    if (csv.out[i] == '"') quoted = !quoted;
    if (!quoted && csv.out.compare(i, 2, "\r\n") == 0) ++records;
  }
  CHECK(records == results + 1);
  CHECK_FALSE(quoted);
  CHECK(csv.out.find("\"Encrypt data in transit\"") == std::string::npos);  // no needless quotes
  CHECK(csv.out.find(",Unhealthy,") != std::string::npos);
}
