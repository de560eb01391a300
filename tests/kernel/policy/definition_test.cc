// Definitions end to end: effects, parameters, AuditIfNotExists, support checks, and known
// verdicts of real built-in definitions on real ARM examples.
#include <catch2/catch.hpp>
#include <fstream>

#include "policy/policy_definition.h"
#include "policy/policy_error.h"
#include "scope/resource_id.h"
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

TEST_CASE("conditions on kind and name in the top-level allOf decide applicability",
          "[policy][definition]") {
  // As Azure Policy's applicability logic: a function app is outside a web app definition,
  // neither compliant nor not; the other conditions still decide compliance.
  auto def = definition(R"({"if": {"allOf": [{"field": "type", "equals": "Microsoft.Web/sites"},
                                             {"field": "kind", "notContains": "functionapp"},
                                             {"field": "Microsoft.Web/sites/httpsOnly", "notEquals": true}]},
                            "then": {"effect": "audit"}})");
  Json app = {{"id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/a"},
              {"type", "Microsoft.Web/sites"},
              {"kind", "app"},
              {"properties", {{"httpsOnly", false}}}};
  CHECK(evaluateDefinition(def, Json::object(), app).compliance == Compliance::NonCompliant);
  app["properties"]["httpsOnly"] = true;
  CHECK(evaluateDefinition(def, Json::object(), app).compliance == Compliance::Compliant);
  Json function = app;
  function["kind"] = "functionapp,linux";
  function["properties"]["httpsOnly"] = false;
  CHECK(evaluateDefinition(def, Json::object(), function).compliance == Compliance::NotApplicable);
  // A kind condition inside anyOf is part of the verdict, not of applicability.
  auto nested = definition(R"({"if": {"allOf": [{"field": "type", "equals": "Microsoft.Web/sites"},
                                                {"anyOf": [{"field": "kind", "contains": "functionapp"},
                                                           {"field": "Microsoft.Web/sites/httpsOnly", "equals": false}]}]},
                               "then": {"effect": "audit"}})");
  app["properties"]["httpsOnly"] = true;
  CHECK(evaluateDefinition(nested, Json::object(), app).compliance == Compliance::Compliant);
  CHECK(evaluateDefinition(nested, Json::object(), function).compliance ==
        Compliance::NonCompliant);
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
  std::string askedScope;
  auto related = [&](const std::string& type, const std::string& scope) {
    askedScope = scope;
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
  CHECK(askedScope == "/subscriptions/s");
  CHECK(evaluateDefinition(def, Json::object(), kServer).compliance == Compliance::NonCompliant);
}

namespace {

// Network watchers live in their own resource group: the shape of the built-in "Network
// Watcher should be enabled", whose existenceCondition compares with the evaluated resource.
const char* kWatcherRule = R"({
  "if": {"field": "type", "equals": "Microsoft.Network/virtualNetworks"},
  "then": {"effect": "auditIfNotExists",
           "details": {"type": "Microsoft.Network/networkWatchers",
                       "resourceGroupName": "[parameters('resourceGroupName')]",
                       "existenceCondition": {"field": "location", "equals": "[field('location')]"}}}})";
const char* kWatcherParams =
    R"({"resourceGroupName": {"type": "String", "defaultValue": "NetworkWatcherRG"}})";

Json resourceAt(const std::string& id, const std::string& type, const std::string& location) {
  return {{"id", id},
          {"name", id.substr(id.rfind('/') + 1)},
          {"type", type},
          {"location", location},
          {"properties", Json::object()}};
}

// Resources of `type` whose id lies in `scope`, as the inventory answers.
RelatedResources inventoryOf(const std::vector<Json>& resources, std::vector<std::string>* asked) {
  return [resources, asked](const std::string& type, const std::string& scope) {
    if (asked != nullptr) asked->push_back(scope);
    std::vector<Json> out;
    for (const auto& r : resources) {
      std::string id = toLowerAscii(r["id"].get<std::string>());
      if (equalsIgnoreCase(r["type"].get<std::string>(), type) &&
          id.rfind(toLowerAscii(scope) + "/", 0) == 0) {
        out.push_back(r);
      }
    }
    return out;
  };
}

}  // namespace

TEST_CASE("details.resourceGroupName looks in that resource group of the subscription",
          "[policy][definition]") {
  auto def = definition(kWatcherRule, kWatcherParams);
  CHECK_FALSE(unsupportedFeature(def, effectiveParameters(def, Json::object())));
  Json params = effectiveParameters(def, Json::object());
  Json vnet = resourceAt(
      "/subscriptions/s1/resourceGroups/app/providers/Microsoft.Network/"
      "virtualNetworks/vnet1",
      "Microsoft.Network/virtualNetworks", "westeurope");
  const std::string watchers =
      "/subscriptions/s1/resourceGroups/NetworkWatcherRG/providers/"
      "Microsoft.Network/networkWatchers/";
  Json west = resourceAt(watchers + "NetworkWatcher_westeurope",
                         "Microsoft.Network/networkWatchers", "westeurope");
  Json east =
      resourceAt(watchers + "NetworkWatcher_eastus", "Microsoft.Network/networkWatchers", "eastus");
  // The same watcher in the vnet's own group or in another subscription does not count.
  Json ownGroup = resourceAt(
      "/subscriptions/s1/resourceGroups/app/providers/Microsoft.Network/"
      "networkWatchers/NetworkWatcher_westeurope",
      "Microsoft.Network/networkWatchers", "westeurope");
  Json otherSubscription = resourceAt(
      "/subscriptions/s2/resourceGroups/NetworkWatcherRG/"
      "providers/Microsoft.Network/networkWatchers/w",
      "Microsoft.Network/networkWatchers", "westeurope");

  std::vector<std::string> asked;
  PolicyVerdict v = evaluateDefinition(def, params, vnet, inventoryOf({east, west}, &asked));
  CHECK(v.compliance == Compliance::Compliant);
  CHECK(v.evidence["related"] == west["id"]);
  CHECK(asked == std::vector<std::string>{"/subscriptions/s1/resourceGroups/NetworkWatcherRG"});

  // [field('location')] in the existenceCondition is the vnet's location, not the watcher's.
  PolicyVerdict onlyEast = evaluateDefinition(def, params, vnet, inventoryOf({east}, nullptr));
  CHECK(onlyEast.compliance == Compliance::NonCompliant);
  CHECK(onlyEast.evidence["checked"][0]["id"] == east["id"]);
  CHECK(evaluateDefinition(def, params, vnet, inventoryOf({ownGroup, otherSubscription}, nullptr))
            .compliance == Compliance::NonCompliant);

  // The parameter moves the lookup; existenceScope Subscription widens it past the group.
  Json elsewhere = effectiveParameters(def, {{"resourceGroupName", "app"}});
  CHECK(evaluateDefinition(def, elsewhere, vnet, inventoryOf({ownGroup}, nullptr)).compliance ==
        Compliance::Compliant);
  Json wide = Json::parse(kWatcherRule);
  wide["then"]["details"]["existenceScope"] = "Subscription";
  auto subscriptionWide = definition(wide.dump(), kWatcherParams);
  asked.clear();
  CHECK(evaluateDefinition(subscriptionWide, params, vnet, inventoryOf({ownGroup}, &asked))
            .compliance == Compliance::Compliant);
  CHECK(asked == std::vector<std::string>{"/subscriptions/s1"});

  Json bad = Json::parse(kWatcherRule);
  bad["then"]["details"]["resourceGroupName"] = "[createArray('x')]";
  CHECK_THROWS_WITH(evaluateDefinition(definition(bad.dump()), Json::object(), vnet,
                                       inventoryOf({west}, nullptr)),
                    Catch::Contains("details.resourceGroupName is not a resource group name"));
}

TEST_CASE("a related resource under another resource of the same type does not count",
          "[policy][definition]") {
  auto def = definition(R"({
    "if": {"field": "type", "equals": "Microsoft.Compute/virtualMachines"},
    "then": {"effect": "auditIfNotExists",
             "details": {"type": "Microsoft.GuestConfiguration/guestConfigurationAssignments",
                         "name": "AuditSecureProtocol"}}})");
  const std::string group = "/subscriptions/s1/resourceGroups/g/providers/";
  Json vmA = resourceAt(group + "Microsoft.Compute/virtualMachines/a",
                        "Microsoft.Compute/virtualMachines", "westeurope");
  Json vmB = resourceAt(group + "Microsoft.Compute/virtualMachines/b",
                        "Microsoft.Compute/virtualMachines", "westeurope");
  Json assignmentOfB =
      resourceAt(group +
                     "Microsoft.Compute/virtualMachines/b/providers/"
                     "Microsoft.GuestConfiguration/guestConfigurationAssignments/"
                     "AuditSecureProtocol",
                 "Microsoft.GuestConfiguration/guestConfigurationAssignments", "westeurope");
  auto related = inventoryOf({assignmentOfB}, nullptr);
  CHECK(evaluateDefinition(def, Json::object(), vmA, related).compliance ==
        Compliance::NonCompliant);
  vmB["children"] = Json::array({assignmentOfB});
  CHECK(evaluateDefinition(def, Json::object(), vmB, related).compliance == Compliance::Compliant);
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
    BULWARK_SKIP("../shared/corpus is absent; skipping real verdicts");
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

TEST_CASE("real built-ins that need base64() and details.resourceGroupName", "[policy][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP(
        "../shared/corpus is absent; skipping the Guest Configuration and Network Watcher "
        "built-ins");
    return;
  }
  auto defs = corpus / "azure-policy" / "policyDefinitions";
  auto examples = corpus / "arm-examples";

  // Secure web protocol: the VM's guest configuration assignment must be Compliant and carry
  // the parameter hash, base64 of the configuration parameter, here encoded by coreutils.
  auto secureWeb = parseDefinition(
      loadJson(defs / "Guest Configuration" / "SecureWebProtocol_AINE.json"), "secure-web");
  Json params = effectiveParameters(secureWeb, Json::object());
  REQUIRE_FALSE(unsupportedFeature(secureWeb, params));
  Json vm =
      loadJson(examples /
               "Microsoft.Compute__VirtualMachine_Create_WindowsVmWithPatchSettingModeOfManual."
               "json")["responses"]["200"]["body"];
  Json assignment = loadJson(examples /
                             "Microsoft.GuestConfiguration__getGuestConfigurationAssignment."
                             "json")["responses"]["200"]["body"];
  REQUIRE(assignment["properties"]["complianceStatus"] == "Compliant");
  // The example's id hangs it under another VM and it has no type: place it under this one.
  assignment["id"] = vm["id"].get<std::string>() +
                     "/providers/Microsoft.GuestConfiguration/guestConfigurationAssignments/" +
                     assignment["name"].get<std::string>();
  assignment["type"] = "Microsoft.GuestConfiguration/guestConfigurationAssignments";
  auto hashOf = [](const std::string& tls) {
    return test::coreutilsBase64("[SecureWebServer]s1;MinimumTLSVersion=" + tls);
  };
  assignment["properties"]["parameterHash"] = hashOf(params["MinimumTLSVersion"]);
  vm["children"] = Json::array({assignment});
  PolicyVerdict v = evaluateDefinition(secureWeb, params, vm);
  CHECK(v.compliance == Compliance::Compliant);
  vm["children"][0]["properties"]["parameterHash"] = hashOf("1.0");
  CHECK(evaluateDefinition(secureWeb, params, vm).compliance == Compliance::NonCompliant);

  // Network Watcher should be enabled: the watcher of the vnet's region in NetworkWatcherRG.
  auto watcher =
      parseDefinition(loadJson(defs / "Network" / "NetworkWatcher_Enabled_Audit.json"), "watcher");
  Json watcherParams = effectiveParameters(watcher, Json::object());
  REQUIRE_FALSE(unsupportedFeature(watcher, watcherParams));
  Json vnet = resourceAt(
      "/subscriptions/s1/resourceGroups/app/providers/Microsoft.Network/"
      "virtualNetworks/v",
      "Microsoft.Network/virtualNetworks", "westeurope");
  Json inGroup = resourceAt("/subscriptions/s1/resourceGroups/" +
                                watcherParams["resourceGroupName"].get<std::string>() +
                                "/providers/Microsoft.Network/networkWatchers/nw",
                            "Microsoft.Network/networkWatchers", "westeurope");
  CHECK(evaluateDefinition(watcher, watcherParams, vnet, inventoryOf({inGroup}, nullptr))
            .compliance == Compliance::Compliant);
  inGroup["location"] = "eastus";
  CHECK(evaluateDefinition(watcher, watcherParams, vnet, inventoryOf({inGroup}, nullptr))
            .compliance == Compliance::NonCompliant);
}
