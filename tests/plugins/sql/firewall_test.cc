// The firewall check on hand-made servers: open to the internet, to Azure services, closed,
// and rules whose addresses are missing or not text.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "firewall_assessments.h"

using namespace bulwark;
using nlohmann::json;

namespace {

json server(json rules) {
  json children = json::array();
  for (auto& r : rules)
    children.push_back({{"type", "Microsoft.Sql/servers/firewallRules"},
                        {"name", r[0]},
                        {"properties", {{"startIpAddress", r[1]}, {"endIpAddress", r[2]}}}});
  return {{"id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/x"},
          {"type", "Microsoft.Sql/servers"},
          {"children", children}};
}

sdk::Verdict judge(const json& doc) {
  return sql::judgeFirewall(sdk::Resource(doc));
}

}  // namespace

TEST_CASE("a rule over every address is unhealthy, naming the rule") {
  auto v = judge(server(
      {{"office", "203.0.113.0", "203.0.113.255"}, {"AllowAll", "0.0.0.0", "255.255.255.255"}}));
  CHECK(v.state == sdk::State::Unhealthy);
  CHECK_THAT(v.reason, Catch::Contains("'AllowAll'") && Catch::Contains("every internet"));
  REQUIRE(v.evidence["rules"].size() == 1);
  CHECK(v.evidence["rules"][0]["opens"] == "every address");
}

TEST_CASE("Allow Azure services (0.0.0.0 - 0.0.0.0) is unhealthy as every tenant's services") {
  auto v = judge(server({{"AllowAllWindowsAzureIps", "0.0.0.0", "0.0.0.0"}}));
  CHECK(v.state == sdk::State::Unhealthy);
  CHECK_THAT(v.reason, Catch::Contains("every Azure service"));
}

TEST_CASE("narrow rules, no rules and malformed rules are not open") {
  CHECK(judge(server({{"office", "203.0.113.0", "203.0.113.255"}})).state == sdk::State::Healthy);
  auto none = judge(server(json::array()));
  CHECK(none.state == sdk::State::Healthy);
  CHECK_THAT(none.reason, Catch::StartsWith("0 firewall rule"));
  // Addresses that are missing, numbers or objects never count as open, and nothing throws.
  json odd = server(json::array());
  odd["children"].push_back(
      {{"type", "Microsoft.Sql/servers/firewallRules"},
       {"properties", {{"startIpAddress", 0}, {"endIpAddress", {{"a", 1}}}}}});
  odd["children"].push_back({{"type", "Microsoft.Sql/servers/firewallRules"}, {"name", "x"}});
  odd["children"].push_back("not an object");
  CHECK(judge(odd).state == sdk::State::Healthy);
}
