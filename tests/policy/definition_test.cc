// Definitions end to end: effects, parameters, AuditIfNotExists, support checks, and known
// verdicts of real built-in definitions on real ARM examples.
#include <catch2/catch.hpp>
#include <fstream>

#include "policy/policy_definition.h"
#include "policy/policy_error.h"
#include "support/test_support.h"

using namespace bulwark;
using namespace bulwark::policy;

namespace {

PolicyDefinition definition(const std::string& ruleJson, const std::string& paramsJson = "{}",
                            const std::string& mode = "Indexed") {
  Json doc = {{"properties",
               {{"displayName", "test"},
                {"mode", mode},
                {"parameters", Json::parse(paramsJson)},
                {"policyRule", Json::parse(ruleJson)}}}};
  return parseDefinition(doc, "test.json");
}

const Json kServer = Json::parse(R"({
  "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/sql1",
  "name": "sql1", "type": "Microsoft.Sql/servers", "properties": {"publicNetworkAccess": "Enabled"},
  "children": [
    {"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/sql1/auditingSettings/default",
     "name": "default", "type": "Microsoft.Sql/servers/auditingSettings", "properties": {"state": "Disabled"}}]})");

const char* kAuditingRule = R"({
  "if": {"field": "type", "equals": "Microsoft.Sql/servers"},
  "then": {"effect": "[parameters('effect')]",
           "details": {"type": "Microsoft.Sql/servers/auditingSettings", "name": "default",
                       "existenceCondition": {"field": "Microsoft.Sql/servers/auditingSettings/state",
                                              "equals": "[parameters('state')]"}}}})";
const char* kAuditingParams = R"({"effect": {"type": "String", "defaultValue": "AuditIfNotExists",
                                  "allowedValues": ["AuditIfNotExists", "Disabled"]},
                                  "state": {"type": "String", "defaultValue": "Enabled"}})";

Json loadJson(const std::filesystem::path& p) {
  std::ifstream in(p);
  return Json::parse(in);
}

}  // namespace

TEST_CASE("audit effect: matching resources are non-compliant with evidence",
          "[policy][definition]") {
  auto def = definition(R"({"if": {"allOf": [{"field": "type", "equals": "Microsoft.Sql/servers"},
                                             {"field": "Microsoft.Sql/servers/publicNetworkAccess", "equals": "Enabled"}]},
                            "then": {"effect": "audit"}})");
  PolicyVerdict v = evaluateDefinition(def, Json::object(), kServer);
  CHECK(v.compliance == Compliance::NonCompliant);
  CHECK_THAT(v.reason, Catch::Contains("publicNetworkAccess is \"Enabled\""));
  CHECK(v.evidence["conditions"][0]["actual"] == "Enabled");

  Json other = {{"id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/w"},
                {"type", "Microsoft.Web/sites"}};
  CHECK(evaluateDefinition(def, Json::object(), other).compliance == Compliance::NotApplicable);
}

TEST_CASE("AuditIfNotExists looks at child resources", "[policy][definition]") {
  auto def = definition(kAuditingRule, kAuditingParams);
  Json params = effectiveParameters(def, Json::object());
  PolicyVerdict v = evaluateDefinition(def, params, kServer);
  CHECK(v.compliance == Compliance::NonCompliant);
  CHECK_THAT(v.reason, Catch::Contains("satisfies the existence condition"));

  Json enabled = kServer;
  enabled["children"][0]["properties"]["state"] = "Enabled";
  CHECK(evaluateDefinition(def, params, enabled).compliance == Compliance::Compliant);

  Json none = kServer;
  none.erase("children");
  PolicyVerdict missing = evaluateDefinition(def, params, none);
  CHECK(missing.compliance == Compliance::NonCompliant);
  CHECK_THAT(
      missing.reason,
      Catch::Contains("no related Microsoft.Sql/servers/auditingSettings named 'default' exists"));

  Json disabled = effectiveParameters(def, {{"effect", "Disabled"}});
  CHECK(evaluateDefinition(def, disabled, kServer).compliance == Compliance::Disabled);
}

TEST_CASE("AuditIfNotExists on a non-child type asks for related resources",
          "[policy][definition]") {
  auto def = definition(R"({"if": {"field": "type", "equals": "Microsoft.Sql/servers"},
                            "then": {"effect": "auditIfNotExists",
                                     "details": {"type": "Microsoft.Insights/diagnosticSettings",
                                                 "existenceScope": "subscription"}}})");
  bool askedSubscriptionWide = false;
  auto related = [&](const Json&, const std::string& type, bool sub) {
    askedSubscriptionWide = sub;
    return type == "Microsoft.Insights/diagnosticSettings"
               ? std::vector<
                     Json>{{{"id",
                             "/subscriptions/s/providers/Microsoft.Insights/diagnosticSettings/d"},
                            {"name", "d"},
                            {"type", type}}}
               : std::vector<Json>{};
  };
  CHECK(evaluateDefinition(def, Json::object(), kServer, related).compliance ==
        Compliance::Compliant);
  CHECK(askedSubscriptionWide);
  CHECK(evaluateDefinition(def, Json::object(), kServer).compliance == Compliance::NonCompliant);
}

TEST_CASE("parameters: defaults, overrides, allowed values and missing values",
          "[policy][definition]") {
  auto def = definition(kAuditingRule, kAuditingParams);
  CHECK(effectiveParameters(def, Json::object())["state"] == "Enabled");
  CHECK(effectiveParameters(def, {{"STATE", "Disabled"}})["state"] == "Disabled");
  CHECK(effectiveParameters(def, {{"state", {{"value", "X"}}}})["state"] == "X");
  CHECK_THROWS_WITH(effectiveParameters(def, {{"effect", "Deny"}}),
                    Catch::Contains("allowedValues"));
  auto needs =
      definition(kAuditingRule, R"({"effect": {"type": "String"}, "state": {"type": "String"}})");
  CHECK_THROWS_WITH(effectiveParameters(needs, Json::object()),
                    Catch::Contains("has no default value"));
}

TEST_CASE("unsupported features are named, never evaluated", "[policy][definition]") {
  auto k8s = definition(R"({"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}})",
                        "{}", "Microsoft.Kubernetes.Data");
  CHECK(unsupportedFeature(k8s, Json::object()) ==
        std::optional<std::string>("mode Microsoft.Kubernetes.Data"));
  auto fn = definition(
      R"({"if": {"value": "[policy().assignmentId]", "equals": "x"}, "then": {"effect": "audit"}})");
  CHECK(unsupportedFeature(fn, Json::object()) == std::optional<std::string>("function policy()"));
  auto mutate =
      definition(R"({"if": {"field": "type", "equals": "x"}, "then": {"effect": "mutate"}})");
  CHECK(unsupportedFeature(mutate, Json::object()) == std::optional<std::string>("effect mutate"));
  auto fine = definition(kAuditingRule, kAuditingParams);
  CHECK_FALSE(unsupportedFeature(fine, effectiveParameters(fine, Json::object())));
  CHECK_THROWS_AS(
      parseDefinition(Json::parse(R"({"properties": {"policyRule": {"if": {}}}})"), "x.json"),
      PolicyError);
}

TEST_CASE("real built-ins on real examples give the verdicts their documents imply",
          "[policy][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    WARN("../shared/corpus is absent; skipping real verdicts");
    return;
  }
  auto defs = corpus / "azure-policy" / "policyDefinitions";
  auto examples = corpus / "arm-examples";
  auto body = [&](const char* file) {
    return loadJson(examples / file)["responses"]["200"]["body"];
  };

  // Secure transfer: the example account has supportsHttpsTrafficOnly false.
  auto https = parseDefinition(
      loadJson(defs / "Storage" / "Storage_AuditForHTTPSEnabled_Audit.json"), "https");
  Json account = body("Microsoft.Storage__StorageAccountGetProperties.json");
  REQUIRE(account["properties"]["supportsHttpsTrafficOnly"] == false);
  CHECK(evaluateDefinition(https, effectiveParameters(https, Json::object()), account).compliance ==
        Compliance::NonCompliant);
  Json fixed = account;
  fixed["properties"]["supportsHttpsTrafficOnly"] = true;
  CHECK(evaluateDefinition(https, effectiveParameters(https, Json::object()), fixed).compliance ==
        Compliance::Compliant);

  // Minimum TLS: the verdict follows the example's own minimumTlsVersion.
  auto tls = parseDefinition(
      loadJson(defs / "Storage" / "StorageAccountMinimumTLSVersion_Audit.json"), "tls");
  Json tlsParams = effectiveParameters(tls, Json::object());
  bool below = !account["properties"].contains("minimumTlsVersion") ||
               account["properties"]["minimumTlsVersion"] != tlsParams["minimumTlsVersion"];
  CHECK(evaluateDefinition(tls, tlsParams, account).compliance ==
        (below ? Compliance::NonCompliant : Compliance::Compliant));

  // The NSG example: a rule's verdict is derived from the example's own rules in the test.
  Json nsg = body("Microsoft.Network__NetworkSecurityGroupGet.json");
  REQUIRE(nsg["type"] == "Microsoft.Network/networkSecurityGroups");
  CHECK(evaluateDefinition(https, effectiveParameters(https, Json::object()), nsg).compliance ==
        Compliance::NotApplicable);
}
