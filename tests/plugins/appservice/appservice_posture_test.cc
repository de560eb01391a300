// The appservice plugin's recommendations: every shipped definition is the corpus built-in of
// the same name, and `bulwark scan` over web apps made of the corpus ARM examples gives the
// verdicts worked out here from the documents themselves.
#include <bulwark/sdk/time.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

#include "appservice_definition.h"
#include "dangling_dns.h"
#include "runtime_assessments.h"
#include "runtime_stack.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json exampleBody(const fs::path& corpus, const std::string& file) {
  return json::parse(std::ifstream(corpus / "arm-examples" / file))["responses"]["200"]["body"];
}

std::map<std::string, std::string> verdicts(const json& report, const std::string& resourceId) {
  std::map<std::string, std::string> out;
  for (const auto& r : report["results"])
    if (r.value("resourceId", "") == resourceId) out[r["assessmentId"]] = r["state"];
  return out;
}

std::string healthyIf(bool good) {
  return good ? "Healthy" : "Unhealthy";
}

}  // namespace

TEST_CASE("every shipped definition is the corpus built-in of the same name") {
  fs::path corpus = test::corpusOrSkip("the appservice definitions check");
  if (corpus.empty()) return;
  std::map<std::string, json> builtIns;  // definition name -> policyRule
  for (const auto& e :
       fs::directory_iterator(corpus / "azure-policy" / "policyDefinitions" / "App Service")) {
    if (e.path().extension() != ".json") continue;
    json d = json::parse(std::ifstream(e.path()), nullptr, false);
    if (d.is_object() && d.contains("name") && d["name"].is_string())
      builtIns[d["name"]] = d["properties"]["policyRule"];
  }
  sdk::PluginDef def = appservice::appservicePluginDefinition();
  size_t declarative = 0;
  for (const auto& a : def.assessments) {
    INFO(a.id);
    CHECK_FALSE(a.title.empty());
    CHECK_FALSE(a.remediation.empty());
    CHECK_FALSE(a.quickFix.empty());
    if (a.policy.empty()) continue;
    ++declarative;
    REQUIRE(builtIns.count(a.policyDefinitionId) == 1);
    CHECK(json::parse(a.policy)["properties"]["policyRule"] == builtIns[a.policyDefinitionId]);
    CHECK((a.resourceType == "Microsoft.Web/sites" ||
           a.resourceType == "Microsoft.Web/sites/slots" ||
           a.resourceType == "Microsoft.Web/serverFarms"));
  }
  CHECK(declarative >= 16);
}

TEST_CASE("bulwark scan judges web apps made of the corpus examples") {
  fs::path corpus = test::corpusOrSkip("the appservice scan over the corpus examples");
  if (corpus.empty()) return;
  // The example site with its example config/web and FTP publishing policy as children, and a
  // copy of it hardened by hand: the verdicts of the first come from the documents.
  json site = exampleBody(corpus, "Microsoft.Web__GetWebApp.json");
  const std::string s1 = site["id"];
  json web = exampleBody(corpus, "Microsoft.Web__GetSiteConfig.json");
  json ftp = exampleBody(corpus, "Microsoft.Web__GetPublishingCredentialsPolicy.json");
  ftp["id"] = s1 + "/basicPublishingCredentialsPolicies/ftp";
  ftp["name"] = "ftp";
  ftp["type"] = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
  json hardened = site;
  const std::string s2 = s1 + "-hardened";
  hardened["id"] = s2;
  hardened["name"] = hardened["name"].get<std::string>() + "-hardened";
  hardened["properties"]["httpsOnly"] = true;
  json web2 = web;
  web2["id"] = s2 + "/config/web";
  auto& p2 = web2["properties"];
  p2["ftpsState"] = "Disabled";
  p2["http20Enabled"] = true;
  p2["httpLoggingEnabled"] = true;
  p2["scmMinTlsVersion"] = "1.3";
  p2["phpVersion"] = "8.4";
  p2["managedServiceIdentityId"] = 4711;  // what config/web shows of an assigned identity
  json scm2 = ftp;
  scm2["id"] = s2 + "/basicPublishingCredentialsPolicies/scm";
  scm2["name"] = "scm";
  json ftp2 = ftp;
  ftp2["id"] = s2 + "/basicPublishingCredentialsPolicies/ftp";

  // Authentication of the hardened copy is on through authsettingsV2, as the portal sets it.
  json auth2 = exampleBody(corpus, "Microsoft.Web__GetAuthSettingsV2WithoutSecrets.json");
  auth2["id"] = s2 + "/config/authsettingsV2";
  REQUIRE(auth2["properties"]["platform"]["enabled"] == true);
  json slot = exampleBody(corpus, "Microsoft.Web__GetWebAppSlot.json");
  const std::string s3 = slot["id"];

  test::TempDir dir;
  json estate = {site, web, ftp, hardened, web2, ftp2, scm2, auth2, slot};
  test::writeFile(dir / "inventory" / "web.json", estate.dump(2));
  fs::path config = test::writeConfig(dir, {{"appservice", ""}}, {dir / "inventory"});
  auto r = test::runBulwark({"scan", "-c", config.string(), "-f", "json"});
  INFO(r.err);
  REQUIRE((r.exitCode == 0 || r.exitCode == 1));
  json report = json::parse(r.out);
  auto first = verdicts(report, s1);
  auto second = verdicts(report, s2);
  INFO(report["results"].dump());
  REQUIRE_FALSE(first.empty());

  const json& props = site["properties"];
  const json& cfg = web["properties"];
  CHECK(first["appservice.https-only"] == healthyIf(props.value("httpsOnly", false)));
  CHECK(second["appservice.https-only"] == "Healthy");
  std::string ftps = cfg.value("ftpsState", "");
  CHECK(first["appservice.ftps-only"] == healthyIf(ftps == "FtpsOnly" || ftps == "Disabled"));
  CHECK(second["appservice.ftps-only"] == "Healthy");
  CHECK(first["appservice.http2"] == healthyIf(cfg.value("http20Enabled", false)));
  CHECK(second["appservice.http2"] == "Healthy");
  CHECK(first["appservice.remote-debugging"] ==
        healthyIf(!cfg.value("remoteDebuggingEnabled", true)));
  CHECK(first["appservice.minimum-tls"] == healthyIf(cfg.value("minTlsVersion", "") >= "1.2"));
  CHECK(first["appservice.scm-minimum-tls"] ==
        healthyIf(cfg.value("scmMinTlsVersion", "") >= "1.2"));
  CHECK(first["appservice.http-logs"] == healthyIf(cfg.value("httpLoggingEnabled", false)));
  CHECK(second["appservice.http-logs"] == "Healthy");
  CHECK(first["appservice.ftp-basic-auth"] == healthyIf(!ftp["properties"].value("allow", true)));
  CHECK(first["appservice.scm-basic-auth"] == "Unhealthy");  // no scm policy: allowed
  CHECK(second["appservice.scm-basic-auth"] == "Healthy");
  CHECK(first["appservice.managed-identity"] ==
        healthyIf(cfg.contains("managedServiceIdentityId") ||
                  cfg.contains("xManagedServiceIdentityId")));
  CHECK(second["appservice.managed-identity"] == "Healthy");

  CHECK(first["appservice.authentication"] ==
        healthyIf(cfg.value("siteAuthEnabled", false)));  // no authsettingsV2 beside it
  CHECK(second["appservice.authentication"] == "Healthy");

  // The example's staging slot is judged by the slot built-ins, as its own resource.
  auto staging = verdicts(report, s3);
  CHECK(staging["appservice.slot-https-only"] ==
        healthyIf(slot["properties"].value("httpsOnly", false)));
  CHECK(staging["appservice.slot-scm-basic-auth"] == "Unhealthy");
  CHECK(staging.count("appservice.https-only") == 0);

  // PHP: the example's version against the shipped table, on the day the test runs.
  std::string php = cfg.value("phpVersion", "");
  REQUIRE_FALSE(php.empty());
  auto eol = appservice::endOfLife("php", php);
  REQUIRE(eol.has_value());
  CHECK(first["appservice.runtime-php"] == healthyIf(eol->empty() || *eol >= sdk::utcToday()));
  auto latest = appservice::endOfLife("php", "8.4");
  REQUIRE(latest.has_value());
  CHECK(second["appservice.runtime-php"] == healthyIf(*latest >= sdk::utcToday()));
  CHECK(first["appservice.runtime-python"] == "NotApplicable");
}

TEST_CASE("runtime versions are read from every stack setting App Service uses") {
  auto version = [](const json& config, const std::string& language) {
    auto r = appservice::runtimeOf(config, language);
    return r ? r->version : std::string("-");
  };
  CHECK(version({{"linuxFxVersion", "PHP|8.2"}}, "php") == "8.2");
  CHECK(version({{"linuxFxVersion", "PYTHON|3.11"}}, "python") == "3.11");
  CHECK(version({{"linuxFxVersion", "NODE|20-lts"}}, "node") == "20");
  CHECK(version({{"linuxFxVersion", "TOMCAT|10.1-java17"}}, "java") == "17");
  CHECK(version({{"linuxFxVersion", "JAVA|8-jre8"}}, "java") == "8");
  CHECK(version({{"linuxFxVersion", "DOTNETCORE|8.0"}}, "dotnet") == "8.0");
  CHECK(version({{"linuxFxVersion", "DOTNETCORE|8.0"}}, "php") == "-");
  CHECK(version({{"linuxFxVersion", "DOCKER|nginx:1.25"}}, "node") == "-");
  CHECK(version({{"windowsFxVersion", "DOCKER|app:1"}, {"phpVersion", "7.4"}}, "php") == "-");
  CHECK(version({{"phpVersion", "5.6"}}, "php") == "5.6");
  CHECK(version({{"phpVersion", "OFF"}}, "php") == "-");
  CHECK(version({{"javaVersion", "1.8"}}, "java") == "8");
  CHECK(version({{"nodeVersion", "~18"}}, "node") == "18");
  CHECK(version({{"netFrameworkVersion", "v4.0"}}, "dotnet") == "framework-4");
  CHECK(version({{"netFrameworkVersion", "v6.0"}}, "dotnet") == "6.0");
  // Every version the parser can produce for the table's languages is a key of the table.
  for (const char* language : {"php", "python", "node", "java", "dotnet"})
    CHECK(appservice::endOfLife(language, "0.0") == std::nullopt);
  CHECK(appservice::endOfLife("dotnet", "framework-4") == std::string());
  CHECK(appservice::endOfLife("node", "18") == std::string("2025-04-30"));
}

TEST_CASE("the sample estate's web apps show the weaknesses its README documents") {
  test::TempDir dir;
  fs::path config = test::writeConfig(
      dir, {{"appservice", ""}}, {fs::path(BULWARK_SOURCE_DIR) / "config" / "samples" / "estate"});
  auto r = test::runBulwark({"scan", "-c", config.string(), "-f", "json"});
  INFO(r.err);
  REQUIRE((r.exitCode == 0 || r.exitCode == 1));
  const json report = json::parse(r.out);
  const std::string prod =
      "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f/resourceGroups/rg-prod-web/providers/"
      "Microsoft.Web/sites/";
  const std::string dev =
      "/subscriptions/b7e4d2a1-6c3f-4a8b-9e1d-5f0c2b7a4e96/resourceGroups/rg-dev-apps/providers/"
      "Microsoft.Web/sites/";
  auto portal = verdicts(report, prod + "app-contoso-portal");
  for (const char* id :
       {"appservice.https-only", "appservice.minimum-tls", "appservice.ftps-only",
        "appservice.public-network", "appservice.ftp-basic-auth", "appservice.scm-basic-auth"}) {
    INFO(id);
    CHECK(portal[id] == "Healthy");
  }
  auto orders = verdicts(report, prod + "func-contoso-orders");
  for (const char* id : {"appservice.function-minimum-tls", "appservice.function-ftps-only",
                         "appservice.function-managed-identity"}) {
    INFO(id);
    CHECK(orders[id] == "Unhealthy");
  }
  CHECK(orders.count("appservice.https-only") == 0);  // a web app built-in: not applicable
  auto legacy = verdicts(report, dev + "app-contoso-dev-legacy");
  for (const char* id : {"appservice.https-only", "appservice.minimum-tls", "appservice.ftps-only",
                         "appservice.remote-debugging", "appservice.cors", "appservice.runtime-php",
                         "appservice.runtime-java"}) {
    INFO(id);
    CHECK(legacy[id] == "Unhealthy");
  }
  CHECK(verdicts(report, dev + "app-contoso-dev-api")["appservice.runtime-node"] == "Unhealthy");
  // The prod plan is judged itself: P1v3 supports private endpoints.
  auto plan = verdicts(report,
                       "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f/resourceGroups/"
                       "rg-prod-web/providers/Microsoft.Web/serverfarms/asp-contoso-prod-win");
  CHECK(plan["appservice.plan-private-link-sku"] == "Healthy");

  // DNS records: the one to a deleted app dangles, the one to the portal does not.
  const std::string zone =
      "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f/resourceGroups/rg-prod-web/providers/"
      "Microsoft.Network/dnszones/contoso-shop.example/CNAME/";
  CHECK(verdicts(report, zone + "promo")["appservice.dangling-dns"] == "Unhealthy");
  CHECK(verdicts(report, zone + "portal")["appservice.dangling-dns"] == "Healthy");
  CHECK(verdicts(report, zone + "cdn")["appservice.dangling-dns"] != "Unhealthy");

  // CIS Azure 3.0.0 section 9 from the stored scan: the built-ins by the corpus initiative,
  // the native checks by the explicit mapping.
  auto c = test::runBulwark(
      {"compliance", "-c", config.string(), "--standard", "cis-azure-3.0.0", "--standards",
       (fs::path(BULWARK_SOURCE_DIR) / "config" / "compliance").string(), "-f", "json"});
  INFO(c.err);
  REQUIRE(c.exitCode == 0);
  const json compliance = json::parse(c.out);
  std::map<std::string, std::set<std::string>> evidencedBy;
  for (const auto& control : compliance["controls"])
    for (const auto& a : control["assessments"])
      evidencedBy[control["id"]].insert(a.get<std::string>());
  CHECK(evidencedBy["9.1"].count("appservice.https-only") == 1);
  CHECK(evidencedBy["9.3"].count("appservice.function-ftps-only") == 1);
  CHECK(evidencedBy["9.5"].count("appservice.managed-identity") == 1);
  CHECK(evidencedBy["9.6"].count("appservice.scm-basic-auth") == 1);
  CHECK(evidencedBy["9.7"].count("appservice.runtime-php") == 1);
  CHECK(evidencedBy["9.9"].count("appservice.runtime-java") == 1);
  CHECK(evidencedBy["9.12"].count("appservice.remote-debugging") == 1);
}

TEST_CASE("a CNAME target is an App Service host name only under azurewebsites.net") {
  CHECK(appservice::appServiceTarget("App-Old.AzureWebsites.NET.") == "app-old.azurewebsites.net");
  CHECK(appservice::appServiceTarget("azurewebsites.net").empty());
  CHECK(appservice::appServiceTarget("shop.azureedge.net").empty());
  CHECK(appservice::appServiceTarget("evil-azurewebsites.net").empty());
  json record = {{"properties", {{"CNAMERecord", {{"cname", "gone.azurewebsites.net"}}}}}};
  appservice::annotateCname(record, {{"kept.azurewebsites.net", "/subscriptions/s/x"}});
  CHECK(record["bulwark"]["appServiceTarget"]["site"].is_null());
  appservice::annotateCname(record, {{"gone.azurewebsites.net", "/subscriptions/s/y"}});
  CHECK(record["bulwark"]["appServiceTarget"]["site"] == "/subscriptions/s/y");
}
