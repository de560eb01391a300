// Activity declarations: the manifest format is parsed and checked with errors that name the
// activity, kind and member; the kernel's built-in declarations and a plugin's are read by one
// engine; and a declaration from a plugin that is neither storage nor the kernel drives the
// anomaly checks it names, with its own kinds, entity names and texts.
#include <catch2/catch.hpp>

#include "kernel/detect/detect_test_support.h"
#include "loader/activity_declaration.h"
#include "loader/plugin_manifest.h"
#include "ueba/activity_catalog.h"
#include "ueba/activity_view.h"
#include "ueba/anomaly_detector.h"

using namespace bulwark;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 86400;

// A database audit log's logins: principal `login` prefixed "db/", address `client`.
json databaseDeclarations() {
  return json::parse(R"({
    "activities": [{
      "id": "db-logins", "types": [{"prefix": "db.login."}],
      "principal": {"field": "login", "prefix": "db/"},
      "address": {"field": "client"},
      "operation": {"from": "typeSuffix"},
      "checks": {"new-address": "db.new-client", "new-operation": "db.new-kind"}
    }],
    "anomalyKinds": [
      {"id": "db.new-client", "title": "Login from a new client", "severity": "Medium",
       "tactic": "Initial Access", "technique": "T1078",
       "remediation": "Check the client.",
       "description": "{principal} logged in from {located_address} ({known_addresses_count} known: {known_addresses}; {days} days)."},
      {"id": "db.new-kind", "title": "New kind of login", "severity": "Low",
       "description": "{principal}: {operation} is new after {days} days."}
    ]})");
}

std::string parseError(const json& manifest) {
  try {
    parseActivityDeclarations(manifest);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

json withActivity(json patch) {
  json m = databaseDeclarations();
  m["activities"][0].merge_patch(patch);
  return m;
}

}  // namespace

TEST_CASE("activity declarations: what the parser reads", "[ueba][declarations]") {
  auto d = parseActivityDeclarations(databaseDeclarations());
  REQUIRE(d.activities.size() == 1);
  const ActivityInfo& a = d.activities[0];
  CHECK(a.principalField == "login");
  CHECK(a.principalPrefix == "db/");
  CHECK(a.operationFrom == ActivityInfo::OperationFrom::TypeSuffix);
  REQUIRE(a.kindOf(AnomalyCheck::NewAddress) != nullptr);
  CHECK(*a.kindOf(AnomalyCheck::NewAddress) == "db.new-client");
  CHECK(a.kindOf(AnomalyCheck::MassDeletion) == nullptr);
  CHECK(d.anomalyKinds.size() == 2);
  // A manifest without declarations has none.
  CHECK(parseActivityDeclarations(json::object()).activities.empty());
}

TEST_CASE("activity declarations: mistakes are refused naming the activity and member",
          "[ueba][declarations]") {
  CHECK_THAT(parseError(withActivity({{"checks", {{"new-thing", "db.new-client"}}}})),
             Catch::Contains("activity 'db-logins': unknown check 'new-thing' (known: "
                             "new-operation, new-country"));
  CHECK_THAT(parseError(withActivity({{"checks", {{"new-address", "db.missing"}}}})),
             Catch::Contains("check 'new-address': anomaly kind 'db.missing' is not in the "
                             "manifest's \"anomalyKinds\""));
  // new-operation does not offer the address placeholders db.new-client uses.
  CHECK_THAT(parseError(withActivity({{"checks", {{"new-operation", "db.new-client"}}}})),
             Catch::Contains("uses {located_address}, which this check does not offer"));
  CHECK_THAT(parseError(withActivity({{"types", json::array({{{"equals", "db.login.ok"}}})}})),
             Catch::Contains("\"typeSuffix\" needs every type match to be a prefix"));
  CHECK_THAT(parseError(withActivity({{"types", json::array()}})),
             Catch::Contains("\"types\" must list at least one match"));
  CHECK_THAT(
      parseError(withActivity({{"types", json::array({{{"prefix", "a"}, {"suffix", "b"}}})}})),
      Catch::Contains("exactly one of"));
  CHECK_THAT(parseError(withActivity({{"principal", {{"field", nullptr}}}})),
             Catch::Contains("activity 'db-logins' principal: has no \"field\""));
  CHECK_THAT(parseError(withActivity({{"address", nullptr}})),
             Catch::Contains("check 'new-address' needs an \"address\" field"));
  CHECK_THAT(parseError(withActivity({{"checks", {{"delegated-new-address", "db.new-client"}}}})),
             Catch::Contains("needs an \"address\" field and a \"delegatedCredential\""));
  CHECK_THAT(parseError(withActivity({{"operation", {{"from", "type"}, {"field", "op"}}}})),
             Catch::Contains("\"operation\" needs either \"field\" or \"from\""));
  json badSeverity = databaseDeclarations();
  badSeverity["anomalyKinds"][1]["severity"] = "Critical";
  CHECK_THAT(parseError(badSeverity),
             Catch::Contains("anomaly kind 'db.new-kind': unknown severity 'Critical'"));
  json unclosed = databaseDeclarations();
  unclosed["anomalyKinds"][1]["description"] = "{principal is new";
  CHECK_THAT(parseError(unclosed), Catch::Contains("has a '{' without its '}' at character 1"));
  json twice = databaseDeclarations();
  twice["activities"].push_back(twice["activities"][0]);
  CHECK_THAT(parseError(twice), Catch::Contains("duplicate activity id 'db-logins'"));
  json twoKinds = databaseDeclarations();
  twoKinds["anomalyKinds"].push_back(twoKinds["anomalyKinds"][0]);
  CHECK_THAT(parseError(twoKinds), Catch::Contains("duplicate anomaly kind id 'db.new-client'"));
  // The loader's manifest parser refuses them too (the loader names the plugin file).
  json manifest = withActivity({{"checks", {{"new-thing", "db.new-client"}}}});
  manifest["id"] = "db";
  manifest["version"] = "1";
  CHECK_THROWS_WITH(parseManifest(manifest.dump()), Catch::Contains("unknown check 'new-thing'"));
}

TEST_CASE("activity catalog: the kernel's declarations first, kind ids owned once",
          "[ueba][declarations]") {
  const ueba::ActivityCatalog& builtIn = ueba::ActivityCatalog::builtIn();
  REQUIRE(builtIn.match("azure.activity") != nullptr);
  CHECK(builtIn.match("azure.activity")->info.id == "azure-activity");
  CHECK(builtIn.match("ssh.login.success")->info.id == "sign-ins");
  CHECK(builtIn.match("SSH.LOGIN.SUCCESS")->info.id == "sign-ins");  // the suffix is any case
  CHECK(builtIn.match("entra.signin")->info.id == "sign-ins");
  CHECK(builtIn.match("ssh.login.failed") == nullptr);
  CHECK(builtIn.match("db.login.password") == nullptr);

  ueba::ActivityCatalog catalog;
  std::string why;
  REQUIRE(catalog.add("db", parseActivityDeclarations(databaseDeclarations()), why));
  CHECK(catalog.match("db.login.password")->owner == "plugin db");
  json stealing = databaseDeclarations();
  stealing["anomalyKinds"][0]["id"] = "ueba.mass-deletion";
  stealing["activities"][0]["checks"]["new-address"] = "ueba.mass-deletion";
  CHECK_FALSE(catalog.add("thief", parseActivityDeclarations(stealing), why));
  CHECK(why == "anomaly kind 'ueba.mass-deletion' is kernel's already");
  CHECK_FALSE(catalog.add("again", parseActivityDeclarations(databaseDeclarations()), why));
  CHECK(why == "anomaly kind 'db.new-client' is plugin db's already");
}

TEST_CASE("a plugin's declaration drives the checks it names, with its kinds and fields",
          "[ueba][declarations]") {
  ueba::ActivityCatalog catalog;
  std::string why;
  REQUIRE(catalog.add("db", parseActivityDeclarations(databaseDeclarations()), why));
  detect::KeyTable keys;
  ueba::AnomalyDetector detector(nullptr, nullptr, {}, catalog);
  const int64_t start = 1767225600;
  for (int day = 0; day < 20; ++day)
    CHECK(detector.offer(test::makeEvent(keys, "db.login.password", start + day * kDay,
                                         {{"login", "app"}, {"client", "10.0.0.5"}}),
                         keys));
  // After the learning period: a new client, and a login kind never seen.
  CHECK(detector.offer(test::makeEvent(keys, "db.login.password", start + 20 * kDay,
                                       {{"login", "app"}, {"client", "192.0.2.9"}}),
                       keys));
  CHECK(detector.offer(test::makeEvent(keys, "db.login.kerberos", start + 21 * kDay,
                                       {{"login", "app"}, {"client", "10.0.0.5"}}),
                       keys));
  // Events without the principal field, and types no declaration names, are not analysed.
  CHECK_FALSE(detector.offer(
      test::makeEvent(keys, "db.login.password", start + 22 * kDay, {{"client", "10.0.0.5"}}),
      keys));
  CHECK_FALSE(detector.offer(
      test::makeEvent(keys, "db.query", start + 22 * kDay, {{"login", "app"}}), keys));
  auto alerts = detector.finish();
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].ruleId == "db.new-client");
  CHECK(alerts[0].title == "Login from a new client");
  CHECK(alerts[0].severity == "Medium");
  CHECK(alerts[0].tactic == "Initial Access");
  CHECK(alerts[0].description == "app logged in from 192.0.2.9 (1 known: 10.0.0.5; 20 days).");
  CHECK(test::entityValues(alerts[0], "login") == std::vector<std::string>{"app"});
  CHECK(test::entityValues(alerts[0], "client") == std::vector<std::string>{"192.0.2.9"});
  CHECK(alerts[1].ruleId == "db.new-kind");
  CHECK(alerts[1].description == "app: kerberos is new after 21 days.");
  CHECK(test::entityValues(alerts[1], "operation") == std::vector<std::string>{"kerberos"});
}
