// Every operator and combinator of the rule language, on small documents.
#include <catch2/catch.hpp>

#include "policy/condition.h"
#include "policy/policy_error.h"

using namespace bulwark::policy;

namespace {

const Json kDoc = Json::parse(R"({
  "id": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct01",
  "name": "acct01", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
  "kind": "StorageV2", "tags": {"env": "prod", "cost.center": "42"},
  "sku": {"name": "Standard_LRS"},
  "properties": {
    "supportsHttpsTrafficOnly": false, "minimumTlsVersion": "TLS1_0", "count": 5,
    "created": "2023-05-01T00:00:00Z", "serial": "AB12",
    "networkAcls": {"defaultAction": "Allow",
      "ipRules": [{"value": "10.0.0.0/24", "action": "Allow"}, {"value": "1.2.3.4", "action": "Allow"}],
      "virtualNetworkRules": []},
    "securityRules": [
      {"name": "ssh", "properties": {"access": "Allow", "direction": "Inbound", "destinationPortRange": "22",
                                     "sourceAddressPrefixes": ["*", "10.0.0.0/8"]}},
      {"name": "web", "properties": {"access": "Allow", "direction": "Inbound", "destinationPortRange": "443",
                                     "sourceAddressPrefixes": ["10.0.0.0/8"]}}]
  }})");

bool eval(const std::string& condition, const Json& params = Json::object()) {
  ConditionContext ctx;
  ctx.resource = &kDoc;
  ctx.parameters = &params;
  return evaluateCondition(Json::parse(condition), ctx);
}

}  // namespace

TEST_CASE("equals and notEquals compare case-insensitively and loosely", "[policy][ops]") {
  CHECK(eval(R"({"field": "type", "equals": "microsoft.storage/STORAGEACCOUNTS"})"));
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly", "equals": "false"})"));
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly", "equals": false})"));
  CHECK_FALSE(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly", "equals": true})"));
  CHECK(eval(R"({"field": "location", "notEquals": "eastus"})"));
  // A missing field equals nothing and differs from everything.
  CHECK_FALSE(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/allowBlobPublicAccess", "equals": "false"})"));
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/allowBlobPublicAccess", "notEquals": "false"})"));
}

TEST_CASE("like, match and their negations", "[policy][ops]") {
  CHECK(eval(R"({"field": "name", "like": "ACCT*"})"));
  CHECK(eval(R"({"field": "name", "like": "*ct0*"})"));
  CHECK_FALSE(eval(R"({"field": "name", "like": "prod*"})"));
  CHECK(eval(R"({"field": "name", "notLike": "prod*"})"));
  CHECK(eval(R"({"field": "properties.serial", "match": "??##"})"));
  CHECK_FALSE(eval(R"({"field": "properties.serial", "match": "ab##"})"));
  CHECK(eval(R"({"field": "properties.serial", "matchInsensitively": "ab##"})"));
  CHECK(eval(R"({"field": "properties.serial", "notMatch": "ab.."})"));
  CHECK_FALSE(eval(R"({"field": "properties.serial", "notMatchInsensitively": "ab.."})"));
}

TEST_CASE("contains, in and containsKey", "[policy][ops]") {
  CHECK(eval(R"({"field": "kind", "contains": "v2"})"));
  CHECK(eval(R"({"field": "kind", "notContains": "blob"})"));
  CHECK(eval(R"({"field": "location", "in": ["eastus", "WestEurope"]})"));
  CHECK(eval(R"({"field": "location", "notIn": ["eastus"]})"));
  CHECK_FALSE(eval(R"({"field": "properties.absent", "in": ["x"]})"));
  CHECK(eval(R"({"field": "tags", "containsKey": "ENV"})"));
  CHECK(eval(R"({"field": "tags", "notContainsKey": "owner"})"));
  CHECK(eval(R"({"field": "tags['cost.center']", "equals": "42"})"));
  CHECK(eval(R"({"field": "tags.env", "equals": "prod"})"));
  CHECK_THROWS_AS(eval(R"({"field": "location", "in": "westeurope"})"), PolicyError);
}

TEST_CASE("ordering operators on numbers, text and dates", "[policy][ops]") {
  CHECK(eval(R"({"field": "properties.count", "greater": 4})"));
  CHECK(eval(R"({"field": "properties.count", "greaterOrEquals": "5"})"));
  CHECK(eval(R"({"field": "properties.count", "less": 10})"));
  CHECK_FALSE(eval(R"({"field": "properties.count", "lessOrEquals": 4})"));
  CHECK(eval(R"({"field": "properties.created", "less": "2024-01-01T00:00:00Z"})"));
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/minimumTlsVersion", "less": "TLS1_2"})"));
  CHECK_FALSE(eval(R"({"field": "properties.absent", "greater": 0})"));
}

TEST_CASE("exists and the sku alias from the table", "[policy][ops]") {
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/minimumTlsVersion", "exists": "true"})"));
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/allowBlobPublicAccess", "exists": false})"));
  CHECK(
      eval(R"({"field": "Microsoft.Storage/storageAccounts/sku.name", "equals": "Standard_LRS"})"));
}

TEST_CASE("allOf, anyOf and not", "[policy][ops]") {
  CHECK(eval(R"({"allOf": [{"field": "type", "equals": "Microsoft.Storage/storageAccounts"},
                           {"anyOf": [{"field": "location", "equals": "eastus"},
                                      {"not": {"field": "kind", "equals": "BlobStorage"}}]}]})"));
  CHECK_FALSE(eval(
      R"({"not": {"anyOf": [{"field": "name", "equals": "x"}, {"field": "name", "equals": "acct01"}]}})"));
  CHECK(eval(R"({"allOf": []})"));
  CHECK_FALSE(eval(R"({"anyOf": []})"));
}

TEST_CASE("[*] fields hold only when every element satisfies the condition", "[policy][array]") {
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].action", "equals": "Allow"})"));
  CHECK_FALSE(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "equals": "1.2.3.4"})"));
  CHECK(eval(
      R"({"not": {"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "notEquals": "1.2.3.4"}})"));
  // An element without the property counts as a missing value, not as no element.
  CHECK_FALSE(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].comment", "equals": "x"})"));
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].comment", "exists": false})"));
  // An empty array satisfies every [*] condition.
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/networkAcls.virtualNetworkRules[*].id", "equals": "x"})"));
}

TEST_CASE("count over a field with where, nested arrays and current()", "[policy][count]") {
  CHECK(eval(
      R"({"count": {"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]"}, "equals": 2})"));
  CHECK(eval(R"({"count": {"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]",
                           "where": {"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "like": "10.*"}},
                 "equals": 1})"));
  // Rules open to any source on port 22: nested [*] inside the counted element.
  CHECK(eval(R"({"count": {"field": "properties.securityRules[*]",
                           "where": {"allOf": [
                             {"field": "properties.securityRules[*].properties.destinationPortRange", "equals": "22"},
                             {"count": {"field": "properties.securityRules[*].properties.sourceAddressPrefixes[*]",
                                        "where": {"field": "properties.securityRules[*].properties.sourceAddressPrefixes[*]", "equals": "*"}},
                              "greater": 0}]}},
                 "equals": 1})"));
  CHECK(eval(R"({"count": {"field": "properties.securityRules[*]",
                           "where": {"value": "[current('properties.securityRules[*]').name]", "equals": "web"}},
                 "equals": 1})"));
  CHECK(eval(R"({"count": {"field": "properties.nothing[*]"}, "equals": 0})"));
}

TEST_CASE("count over a value list with a name", "[policy][count]") {
  CHECK(eval(R"({"count": {"value": ["westeurope", "northeurope"], "name": "loc",
                           "where": {"field": "location", "equals": "[current('loc')]"}},
                 "greater": 0})"));
  CHECK(eval(R"({"count": {"value": "[parameters('ports')]", "name": "p",
                           "where": {"value": "[current('p')]", "greater": 1000}}, "equals": 2})",
             Json{{"ports", {22, 3389, 8080}}}));
}

TEST_CASE("values, parameters and template functions", "[policy][functions]") {
  Json params = {{"tls", "TLS1_2"}, {"names", {"a", "b"}}, {"prefix", "ACC"}};
  CHECK(eval(
      R"({"field": "Microsoft.Storage/storageAccounts/minimumTlsVersion", "notEquals": "[parameters('tls')]"})",
      params));
  CHECK(eval(R"({"value": "[toLower(concat(parameters('prefix'), 'T01'))]", "equals": "acct01"})",
             params));
  CHECK(eval(R"({"value": "[length(parameters('names'))]", "equals": 2})", params));
  CHECK(eval(R"({"value": "[if(empty(field('tags.owner')), 'none', 'some')]", "equals": "none"})",
             params));
  CHECK(eval(R"({"value": "[first(split(field('name'), 't'))]", "equals": "acc"})", params));
  CHECK(eval(R"({"value": "[last(split(field('id'), '/'))]", "equals": "acct01"})", params));
  CHECK(eval(R"({"value": "[contains(field('kind'), 'V2')]", "equals": true})", params));
  CHECK(
      eval(R"({"value": "[toUpper(substring(field('name'), 0, 4))]", "equals": "ACCT"})", params));
  CHECK(eval(R"({"value": "[equals(resourceGroup().name, 'rg')]", "equals": true})", params));
  CHECK(eval(R"({"value": "[subscription().subscriptionId]", "equals": "s1"})", params));
  CHECK(
      eval(R"({"value": "[ipRangeContains('10.0.0.0/8', '10.1.2.3')]", "equals": true})", params));
  CHECK(eval(R"({"value": "[[literal]", "equals": "[[literal]"})", params));
  CHECK_THROWS_AS(eval(R"({"value": "[parameters('missing')]", "equals": 1})", params),
                  PolicyError);
  CHECK_THROWS_AS(eval(R"({"value": "[policy().assignmentId]", "equals": 1})", params),
                  Unsupported);
  CHECK_THROWS_AS(eval(R"({"value": "[concat('a', ]", "equals": 1})", params), PolicyError);
}

TEST_CASE("malformed conditions are errors, unknown operators unsupported", "[policy][ops]") {
  CHECK_THROWS_AS(eval(R"({"field": "name"})"), PolicyError);
  CHECK_THROWS_AS(eval(R"({"field": "name", "sortOf": "x"})"), Unsupported);
  CHECK_THROWS_AS(eval(R"([1, 2])"), PolicyError);
  CHECK_THROWS_AS(eval(R"({"count": {"field": "properties.networkAcls"}, "equals": 1})"),
                  PolicyError);
}
