// The live-blob collector against Azurite, Microsoft's storage emulator: containers are made
// public and private through the plugin's own signed REST client, a scan reads them back, and
// the account key appears nowhere in the output, the logs or the store.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "live/blob_client.h"
#include "plugins/storage/azurite.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::storage::live::AccountConnection;
using bulwark::storage::live::BlobClient;
using bulwark::test::Azurite;
using bulwark::test::TempDir;
using nlohmann::json;

namespace {

const char* kKeyVariable = "BULWARK_TEST_AZURITE_KEY";
const std::string kAccountId =
    "/subscriptions/00000000-0000-0000-0000-00000000a2e1/resourceGroups/rg-azurite/providers/"
    "Microsoft.Storage/storageAccounts/devstoreaccount1";

// CORS for every origin and logging off: what the posture checks should then report.
const char* kServiceProperties = R"(<?xml version="1.0" encoding="utf-8"?>
<StorageServiceProperties>
  <Logging><Version>1.0</Version><Read>false</Read><Write>false</Write><Delete>false</Delete>
    <RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></Logging>
  <Cors><CorsRule><AllowedOrigins>*</AllowedOrigins><AllowedMethods>GET,HEAD</AllowedMethods>
    <MaxAgeInSeconds>60</MaxAgeInSeconds><ExposedHeaders>*</ExposedHeaders>
    <AllowedHeaders>*</AllowedHeaders></CorsRule></Cors>
</StorageServiceProperties>)";

std::string liveSettings(const std::string& endpoint, const std::string& keyVariable) {
  json account = {{"name", Azurite::kAccount},
                  {"resource_id", kAccountId},
                  {"endpoint", endpoint},
                  {"account_key_env", keyVariable},
                  {"timeout_seconds", 10}};
  return json({{"live_accounts", json::array({account})}}).dump();
}

const json* resultOf(const json& report, const std::string& assessment) {
  for (const auto& r : report["results"]) {
    if (r["assessmentId"] == assessment && r["resourceId"] == kAccountId) return &r;
  }
  return nullptr;
}

// Everything a scan wrote or printed: stdout, stderr, every file in the folder (the report,
// the SQLite database and its journal).
std::string everythingWritten(const TempDir& dir, const test::RunResult& run) {
  std::string all = run.out + run.err;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file()) all += test::readFile(entry.path());
  }
  return all;
}

void createContainer(const BlobClient& client, const std::string& name, const char* access) {
  storage::live::Fields headers;
  if (access != nullptr) headers.emplace_back("x-ms-blob-public-access", access);
  client.expectOk("PUT", "/" + name, {{"restype", "container"}}, headers);
}

}  // namespace

TEST_CASE("a live scan of Azurite reports the public container it was given",
          "[storage][azurite]") {
  Azurite azurite;
  if (!azurite.available()) {
    BULWARK_SKIP("Azurite unavailable, live collector test skipped: " << azurite.whyUnavailable());
    return;
  }
  BlobClient client(
      AccountConnection{Azurite::kAccount, azurite.endpoint(), Azurite::kKey, 10, ""});
  createContainer(client, "public-assets", "container");
  createContainer(client, "private-data", nullptr);
  client.expectOk("PUT", "", {{"restype", "service"}, {"comp", "properties"}},
                  {{"Content-Type", "application/xml"}}, kServiceProperties);
  ::setenv(kKeyVariable, Azurite::kKey, 1);

  TempDir dir;
  auto config =
      test::writeConfig(dir, {{"storage", liveSettings(azurite.endpoint(), kKeyVariable)}}, {});
  auto reportFile = dir / "report.json";
  auto run =
      test::runBulwark({"scan", "-c", config.string(), "-f", "json", "-o", reportFile.string()});
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  json report = json::parse(test::readFile(reportFile));
  CHECK(report["scan"]["status"] == "completed");

  const json* containers = resultOf(report, "storage.public-containers");
  REQUIRE(containers != nullptr);
  CHECK((*containers)["state"] == "Unhealthy");
  CHECK((*containers)["evidence"]["containers"] == 2);
  CHECK((*containers)["evidence"]["publicContainers"] ==
        json::array({{{"name", "public-assets"}, {"publicAccess", "Container"}}}));
  CHECK_THAT((*containers)["reason"].get<std::string>(), !Catch::Contains("private-data"));

  const json* cors = resultOf(report, "storage.cors-all-origins");
  REQUIRE(cors != nullptr);
  CHECK((*cors)["state"] == "Unhealthy");
  const json* logging = resultOf(report, "storage.blob-logging");
  REQUIRE(logging != nullptr);
  CHECK((*logging)["state"] == "Unhealthy");
  // Management-plane settings are unknown on a data-plane-only document, not failed.
  const json* sharedKey = resultOf(report, "storage.shared-key-access");
  REQUIRE(sharedKey != nullptr);
  CHECK((*sharedKey)["state"] == "NotApplicable");
  // So are the declarative (Azure Policy) ones, rather than "not set".
  for (const char* declarative : {"storage.minimum-tls", "storage.secure-transfer"}) {
    const json* verdict = resultOf(report, declarative);
    REQUIRE(verdict != nullptr);
    CHECK((*verdict)["state"] == "NotApplicable");
  }

  auto shown = test::runBulwark({"scans", "show", "-c", config.string(), "-f", "json"});
  REQUIRE(shown.exitCode == 0);
  std::string written = everythingWritten(dir, run) + shown.out + shown.err;
  CHECK(written.find("public-assets") != std::string::npos);  // the search itself works
  CHECK(written.find(Azurite::kKey) == std::string::npos);
  CHECK(written.find(std::string(Azurite::kKey).substr(0, 20)) == std::string::npos);

  // The same account in the ARM snapshot: its management-plane properties and versioning are
  // kept, while the containers are the live ones (the snapshot's stale container is gone).
  TempDir merged;
  json arm = {{"id", kAccountId},
              {"name", "devstoreaccount1"},
              {"type", "Microsoft.Storage/storageAccounts"},
              {"location", "westeurope"},
              {"properties",
               {{"allowSharedKeyAccess", false},
                {"allowBlobPublicAccess", true},
                {"networkAcls", {{"defaultAction", "Deny"}, {"ipRules", json::array()}}}}}};
  json service = {{"id", kAccountId + "/blobServices/default"},
                  {"name", "default"},
                  {"type", "Microsoft.Storage/storageAccounts/blobServices"},
                  {"properties", {{"isVersioningEnabled", true}}}};
  json stale = {{"id", kAccountId + "/blobServices/default/containers/stale"},
                {"name", "stale"},
                {"type", "Microsoft.Storage/storageAccounts/blobServices/containers"},
                {"properties", {{"publicAccess", "Blob"}}}};
  test::writeFile(merged / "estate" / "account.json",
                  json({{"value", json::array({arm, service, stale})}}).dump());
  auto mergedConfig = test::writeConfig(
      merged, {{"storage", liveSettings(azurite.endpoint(), kKeyVariable)}}, {merged / "estate"});
  auto mergedReport = merged / "report.json";
  auto run2 = test::runBulwark(
      {"scan", "-c", mergedConfig.string(), "-f", "json", "-o", mergedReport.string()});
  INFO(run2.err);
  REQUIRE(run2.exitCode == 0);
  json r2 = json::parse(test::readFile(mergedReport));
  CHECK(r2["resources"].size() == 1);
  CHECK((*resultOf(r2, "storage.shared-key-access"))["state"] == "Healthy");
  CHECK((*resultOf(r2, "storage.network-default-deny"))["state"] == "Healthy");
  CHECK((*resultOf(r2, "storage.blob-versioning"))["state"] == "Healthy");
  const json* c2 = resultOf(r2, "storage.public-containers");
  REQUIRE(c2 != nullptr);
  CHECK((*c2)["state"] == "Unhealthy");
  CHECK((*c2)["evidence"]["publicContainers"] ==
        json::array({{{"name", "public-assets"}, {"publicAccess", "Container"}}}));
}

TEST_CASE("a wrong key is a 403 naming the account and endpoint, never the key",
          "[storage][azurite]") {
  Azurite azurite;
  if (!azurite.available()) {
    BULWARK_SKIP("Azurite unavailable, live collector test skipped: " << azurite.whyUnavailable());
    return;
  }
  // A well-formed key that is not the account's.
  const std::string wrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleQ==";
  ::setenv("BULWARK_TEST_WRONG_KEY", wrongKey.c_str(), 1);
  TempDir dir;
  auto config = test::writeConfig(
      dir, {{"storage", liveSettings(azurite.endpoint(), "BULWARK_TEST_WRONG_KEY")}}, {});
  auto reportFile = dir / "report.json";
  auto run =
      test::runBulwark({"scan", "-c", config.string(), "-f", "json", "-o", reportFile.string()});
  CHECK(run.exitCode == 3);
  CHECK_THAT(run.err, Catch::Contains("account 'devstoreaccount1' at " + azurite.endpoint()) &&
                          Catch::Contains("HTTP 403"));
  json report = json::parse(test::readFile(reportFile));
  CHECK(report["scan"]["status"] == "completed_with_errors");
  CHECK(everythingWritten(dir, run).find(wrongKey) == std::string::npos);
}
