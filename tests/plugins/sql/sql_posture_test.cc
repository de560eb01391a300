// The sql plugin's recommendations: every shipped definition is the corpus built-in of the same
// name, and `bulwark scan` over database servers made of the corpus ARM examples gives the
// verdicts worked out here from the documents themselves.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "sql_definition.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json readJson(const fs::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

json exampleBody(const fs::path& corpus, const std::string& file) {
  return readJson(corpus / "arm-examples" / file)["responses"]["200"]["body"];
}

// A child document of the example `file`, moved under `parentId` as `name`.
json childOf(const json& example, const std::string& parentId, const std::string& segment,
             const std::string& name) {
  json c = example;
  c["id"] = parentId + "/" + segment + "/" + name;
  c["name"] = name;
  return c;
}

std::map<std::string, std::string> verdicts(const json& report, const std::string& resourceId) {
  std::map<std::string, std::string> out;
  for (const auto& r : report["results"])
    if (r.value("resourceId", "") == resourceId) out[r["assessmentId"]] = r["state"];
  return out;
}

}  // namespace

TEST_CASE("every shipped definition is the corpus built-in of the same name") {
  fs::path corpus = test::corpusOrSkip("the sql definitions check");
  if (corpus.empty()) return;
  std::map<std::string, json> builtIns;  // definition name -> policyRule
  for (const auto& e :
       fs::recursive_directory_iterator(corpus / "azure-policy" / "policyDefinitions")) {
    if (e.path().extension() != ".json") continue;
    json d = json::parse(std::ifstream(e.path()), nullptr, false);
    if (d.is_object() && d.contains("name") && d["name"].is_string())
      builtIns[d["name"]] = d["properties"]["policyRule"];
  }
  sdk::PluginDef def = sql::sqlPluginDefinition();
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
  }
  CHECK(declarative >= 18);  // the Entra administrator of SQL servers is native
  CHECK(def.assessments.size() >= 18);
}

TEST_CASE("bulwark scan judges SQL, PostgreSQL and MySQL servers from the corpus examples") {
  fs::path corpus = test::corpusOrSkip("the sql scan over the corpus examples");
  if (corpus.empty()) return;
  json sqlServer = exampleBody(corpus, "Microsoft.Sql__ServerGet.json");
  const std::string s1 = sqlServer["id"];
  json bare = sqlServer;  // the same server with TLS 1.2, no public access and no children
  const std::string s2 = s1 + "-bare";
  bare["id"] = s2;
  bare["name"] = bare["name"].get<std::string>() + "-bare";
  bare["properties"]["minimalTlsVersion"] = "1.2";
  bare["properties"]["publicNetworkAccess"] = "Disabled";
  json auditing = exampleBody(corpus, "Microsoft.Sql__ServerBlobAuditingGet.json");
  json admin = exampleBody(corpus, "Microsoft.Sql__AdministratorGet.json");
  json firewall = exampleBody(corpus, "Microsoft.Sql__FirewallRuleGet.json");

  json postgres = exampleBody(corpus, "Microsoft.DBforPostgreSQL__ServerGet.json");
  const std::string p1 = postgres["id"];
  json configuration = exampleBody(corpus, "Microsoft.DBforPostgreSQL__ConfigurationGet.json");
  json secureTransport = childOf(configuration, p1, "configurations", "require_secure_transport");
  secureTransport["properties"]["value"] = "on";
  json logConnections = childOf(configuration, p1, "configurations", "log_connections");
  logConnections["properties"]["value"] = "off";
  json mysql = exampleBody(corpus, "Microsoft.DBforMySQL__ServerGet.json");
  const std::string m1 = mysql["id"];
  json mysqlParameter = childOf(exampleBody(corpus, "Microsoft.DBforMySQL__ConfigurationGet.json"),
                                m1, "configurations", "audit_log_enabled");

  json estate = {sqlServer,
                 bare,
                 childOf(auditing, s1, "auditingSettings", "default"),
                 childOf(admin, s1, "administrators", "ActiveDirectory"),
                 childOf(firewall, s1, "firewallRules", firewall["name"]),
                 postgres,
                 secureTransport,
                 logConnections,
                 mysql,
                 mysqlParameter};
  test::TempDir dir;
  test::writeFile(dir / "inventory" / "databases.json", estate.dump(2));
  fs::path config = test::writeConfig(dir, {{"sql", ""}}, {dir / "inventory"});
  auto r = test::runBulwark({"scan", "-c", config.string(), "-f", "json"});
  INFO(r.err);
  REQUIRE((r.exitCode == 0 || r.exitCode == 1));
  json report = json::parse(r.out);

  auto first = verdicts(report, s1);
  auto second = verdicts(report, s2);
  std::string tls = sqlServer["properties"].value("minimalTlsVersion", "");
  CHECK(first["sql.minimal-tls"] == (!tls.empty() && tls >= "1.2" ? "Healthy" : "Unhealthy"));
  CHECK(second["sql.minimal-tls"] == "Healthy");
  std::string publicAccess = sqlServer["properties"].value("publicNetworkAccess", "");
  CHECK(first["sql.public-network"] == (publicAccess == "Disabled" ? "Healthy" : "Unhealthy"));
  CHECK(second["sql.public-network"] == "Healthy");
  // Auditing exists on the first server, in the state the example gives it.
  CHECK(first["sql.auditing"] ==
        (auditing["properties"]["state"] == "Enabled" ? "Healthy" : "Unhealthy"));
  CHECK(second["sql.auditing"] == "Unhealthy");
  CHECK(first["sql.entra-admin"] == "Healthy");
  CHECK(second["sql.entra-admin"] == "Unhealthy");
  bool open = firewall["properties"]["startIpAddress"] == "0.0.0.0";
  CHECK(first["sql.firewall-open"] == (open ? "Unhealthy" : "Healthy"));
  CHECK(second["sql.firewall-open"] == "Healthy");

  auto pg = verdicts(report, p1);
  CHECK(pg["sql.postgres-secure-transport"] == "Healthy");  // "on": policy equals ignores case
  CHECK(pg["sql.postgres-log-connections"] == "Unhealthy");
  CHECK(pg["sql.postgres-log-checkpoints"] == "Unhealthy");  // no such configuration
  std::string pgPublic = postgres["properties"]["network"].value("publicNetworkAccess", "");
  CHECK(pg["sql.postgres-public-network"] == (pgPublic == "Disabled" ? "Healthy" : "Unhealthy"));
  CHECK(pg["sql.postgres-firewall-open"] == "Healthy");

  auto my = verdicts(report, m1);
  REQUIRE_FALSE(my.empty());
  std::string myPublic = mysql["properties"]["network"].value("publicNetworkAccess", "");
  CHECK(my["sql.mysql-public-network"] == (myPublic == "Disabled" ? "Healthy" : "Unhealthy"));
  std::string audit = mysqlParameter["properties"]["value"];
  CHECK(my["sql.mysql-audit-log"] == (audit == "ON" || audit == "on" ? "Healthy" : "Unhealthy"));
  CHECK(my["sql.mysql-secure-transport"] == "Healthy");            // not listed: the default, ON
  CHECK(pg["sql.postgres-connection-throttling"] == "Unhealthy");  // not listed: off

  bool scored = false;
  for (const auto& c : report["secureScore"]["controls"])
    if (c.value("name", "") == "Encrypt data in transit" && c.value("unhealthyResources", 0) > 0)
      scored = true;
  CHECK(scored == (tls.empty() || tls < "1.2"));
}

TEST_CASE("Defender for SQL plans come from the subscription's Microsoft.Security/pricings") {
  fs::path corpus = test::corpusOrSkip("the Defender plan check over the corpus pricings");
  if (corpus.empty()) return;
  json pricings = exampleBody(corpus, "Microsoft.Security__ListPricings_example.json")["value"];
  // The example lists plans of more than one subscription: take the one of the SqlServers
  // plan, and that subscription's tiers.
  auto subscriptionOf = [](const json& p) {
    std::string id = p["id"];
    return id.substr(0, id.find("/providers/"));  // "/subscriptions/<id>"
  };
  std::string subscription;
  for (const auto& p : pricings)
    if (p["name"] == "SqlServers") subscription = subscriptionOf(p);
  REQUIRE_FALSE(subscription.empty());
  std::map<std::string, std::string> tiers;
  for (const auto& p : pricings)
    if (subscriptionOf(p) == subscription) tiers[p["name"]] = p["properties"]["pricingTier"];
  // The corpus servers, moved into that subscription, and one left in a subscription the
  // snapshot has no pricings of.
  auto rehome = [](json doc, const std::string& subscriptionId, const std::string& name) {
    std::string id = doc["id"];
    size_t providers = id.find("/providers/");
    std::string type = id.substr(providers, id.rfind('/') - providers);
    doc["id"] = subscriptionId + "/resourceGroups/rg-db" + type + "/" + name;
    doc["name"] = name;
    return doc;
  };
  json sqlServer = exampleBody(corpus, "Microsoft.Sql__ServerGet.json");
  json estate = pricings;
  estate.push_back(rehome(sqlServer, subscription, "sql-a"));
  estate.push_back(rehome(exampleBody(corpus, "Microsoft.DBforPostgreSQL__ServerGet.json"),
                          subscription, "pg-a"));
  estate.push_back(
      rehome(exampleBody(corpus, "Microsoft.DBforMySQL__ServerGet.json"), subscription, "my-a"));
  const std::string other = "/subscriptions/00000000-0000-0000-0000-0000000000aa";
  estate.push_back(rehome(sqlServer, other, "sql-b"));
  test::TempDir dir;
  test::writeFile(dir / "inventory" / "estate.json", estate.dump(2));
  fs::path config = test::writeConfig(dir, {{"sql", ""}}, {dir / "inventory"});
  // Scoped to the resource group: the subscription's plans still hold for its servers.
  auto r = test::runBulwark({"scan", "-c", config.string(), "-f", "json", "--scope",
                             subscription + "/resourceGroups/rg-db", "--scope",
                             other + "/resourceGroups/rg-db"});
  INFO(r.err);
  REQUIRE((r.exitCode == 0 || r.exitCode == 1));
  json report = json::parse(r.out);
  auto expect = [&](const std::string& plan) {
    return tiers.count(plan) == 0 ? "Unhealthy"
                                  : (tiers[plan] == "Standard" ? "Healthy" : "Unhealthy");
  };
  std::string group = subscription + "/resourceGroups/rg-db/providers/";
  CHECK(verdicts(report, group + "Microsoft.Sql/servers/sql-a")["sql.defender-plan"] ==
        expect("SqlServers"));
  CHECK(
      verdicts(
          report,
          group + "Microsoft.DBforPostgreSQL/flexibleServers/pg-a")["sql.defender-plan-postgres"] ==
      expect("OpenSourceRelationalDatabases"));
  CHECK(verdicts(report,
                 group + "Microsoft.DBforMySQL/flexibleServers/my-a")["sql.defender-plan-mysql"] ==
        expect("OpenSourceRelationalDatabases"));
  CHECK(
      verdicts(
          report,
          other +
              "/resourceGroups/rg-db/providers/Microsoft.Sql/servers/sql-b")["sql.defender-plan"] ==
      "NotApplicable");
}

TEST_CASE("customer-managed TDE keys are judged only when the security policy asks for them") {
  fs::path corpus = test::corpusOrSkip("the customer-managed key check over the corpus examples");
  if (corpus.empty()) return;
  json withKey = exampleBody(corpus, "Microsoft.Sql__ServerGet.json");
  json withoutKey = withKey;
  withKey["properties"]["keyId"] =
      "https://contoso-vault.vault.azure.net/keys/tde/0123456789abcdef0123456789abcdef";
  withoutKey["properties"].erase("keyId");
  withoutKey["id"] = withoutKey["id"].get<std::string>() + "-nokey";
  withoutKey["name"] = withoutKey["name"].get<std::string>() + "-nokey";
  test::TempDir dir;
  test::writeFile(dir / "inventory" / "servers.json", json{withKey, withoutKey}.dump(2));
  fs::path config = test::writeConfig(dir, {{"sql", ""}}, {dir / "inventory"});
  auto scan = [&] {
    auto r = test::runBulwark({"scan", "-c", config.string(), "-f", "json"});
    INFO(r.err);
    REQUIRE((r.exitCode == 0 || r.exitCode == 1));
    return json::parse(r.out);
  };
  json before = scan();
  CHECK(verdicts(before, withKey["id"]).count("sql.tde-customer-managed-key") == 0);
  CHECK(verdicts(before, withoutKey["id"]).count("sql.tde-customer-managed-key") == 0);

  std::string id = withKey["id"];
  std::string subscription = id.substr(0, id.find("/resourceGroups/"));
  test::writeFile(dir / "security-policy.yaml",
                  "version: 1\nassignments:\n  - scope: " + subscription +
                      "\n    assessments:\n      sql.tde-customer-managed-key: {effect: audit}\n");
  test::writeFile(config, test::readFile(config) +
                              "security_policy: " + (dir / "security-policy.yaml").string() + "\n");
  json after = scan();
  CHECK(verdicts(after, withKey["id"])["sql.tde-customer-managed-key"] == "Healthy");
  CHECK(verdicts(after, withoutKey["id"])["sql.tde-customer-managed-key"] == "Unhealthy");
}
