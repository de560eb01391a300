// Effective NSG evaluation: port specs, sources, priorities, default rules, NIC + subnet.
#include <catch2/catch.hpp>

#include <fstream>

#include "nsg_evaluation.h"
#include "support/test_support.h"

using namespace bulwark::vm;
using nlohmann::json;

namespace {

json rule(const std::string& name, int priority, const std::string& access, json extra) {
  json props = {{"priority", priority},       {"direction", "Inbound"},
                {"access", access},           {"protocol", "Tcp"},
                {"sourceAddressPrefix", "*"}, {"destinationAddressPrefix", "*"},
                {"destinationPortRange", "*"}};
  for (auto& [k, v] : extra.items())
    props[k] = v;
  return {{"name", name}, {"properties", props}};
}

json nsg(const std::string& name, json rules) {
  return {{"id",
           "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/"
           "networkSecurityGroups/" +
               name},
          {"name", name},
          {"properties", {{"securityRules", rules}}}};
}

bool open(const json& group, int port, const std::string& ip = "10.0.0.4") {
  return decideInbound(parseNsgRules(group), "n", port, "Tcp", ip).allowed;
}

}  // namespace

TEST_CASE("port specs: single, range, star, lists, and garbage is refused", "[vm][nsg]") {
  auto r = parsePortSpec("5985-5986");
  REQUIRE(r.size() == 1);
  CHECK(r[0].contains(5985));
  CHECK(r[0].contains(5986));
  CHECK_FALSE(r[0].contains(5987));
  CHECK(parsePortSpec("*")[0].contains(0));
  CHECK(parsePortSpec("*")[0].contains(65535));
  CHECK(parsePortSpec(" 22 ")[0].low == 22);
  CHECK(parsePortSpec("22,3389").size() == 2);
  CHECK_THROWS(parsePortSpec("ssh"));
  CHECK_THROWS(parsePortSpec("70000"));
  CHECK_THROWS(parsePortSpec("30-20"));
  CHECK_THROWS(parsePortSpec("-"));
  CHECK_THROWS(parsePortSpec(""));
}

TEST_CASE("Internet sources are the wildcard tokens only", "[vm][nsg]") {
  for (const char* s : {"*", "Any", "Internet", "INTERNET", "0.0.0.0/0", "::/0"})
    CHECK(isInternetSource(s));
  for (const char* s : {"VirtualNetwork", "AzureLoadBalancer", "10.0.0.0/8", "203.0.113.0/27",
                        "AzureFrontDoor.Backend"})
    CHECK_FALSE(isInternetSource(s));
}

TEST_CASE("first matching rule by priority decides, not document order", "[vm][nsg]") {
  // Deny at 100 listed after Allow at 200: the deny wins.
  json g = nsg("a", {rule("allow-ssh", 200, "Allow", {{"destinationPortRange", "22"}}),
                     rule("deny-ssh", 100, "Deny", {{"destinationPortRange", "22"}})});
  CHECK_FALSE(open(g, 22));
  // Swap priorities: the allow wins.
  g = nsg("b", {rule("allow-ssh", 100, "Allow", {{"destinationPortRange", "22"}}),
                rule("deny-ssh", 200, "Deny", {{"destinationPortRange", "22"}})});
  CHECK(open(g, 22));
  auto d = decideInbound(parseNsgRules(g), "b", 22, "Tcp", "10.0.0.4");
  CHECK(d.rule == "allow-ssh");
  CHECK(d.priority == 100);
}

TEST_CASE("default rules apply when the document omits them", "[vm][nsg]") {
  json g = nsg("empty", json::array());
  auto d = decideInbound(parseNsgRules(g), "empty", 3389, "Tcp", "10.0.0.4");
  CHECK_FALSE(d.allowed);
  CHECK(d.rule == "DenyAllInBound");
  CHECK(d.priority == 65500);
}

TEST_CASE("rules that do not match Internet TCP traffic to the port are skipped", "[vm][nsg]") {
  json g =
      nsg("c", {rule("office", 100, "Allow",
                     {{"destinationPortRange", "22"},
                      {"sourceAddressPrefix", ""},
                      {"sourceAddressPrefixes", {"203.0.113.0/27"}}}),
                rule("udp", 110, "Allow", {{"destinationPortRange", "3389"}, {"protocol", "Udp"}}),
                rule("other-host", 120, "Allow",
                     {{"destinationPortRange", "22"}, {"destinationAddressPrefix", "10.9.0.0/16"}}),
                rule("range", 130, "Allow",
                     {{"destinationPortRange", ""},
                      {"destinationPortRanges", {"80", "5980-5990"}},
                      {"sourceAddressPrefix", "Internet"}})});
  CHECK_FALSE(open(g, 22));    // only the office range and another subnet may reach 22
  CHECK_FALSE(open(g, 3389));  // the RDP rule is UDP
  CHECK(open(g, 5985));        // inside 5980-5990 from Internet
  CHECK(open(g, 5986));
  CHECK_FALSE(open(g, 8080));
  // The destination CIDR containing the NIC's address does match.
  CHECK(open(g, 22, "10.9.1.5"));
}

TEST_CASE("a malformed rule is an error naming the NSG and the rule", "[vm][nsg]") {
  json g = nsg("broken", {rule("bad-port", 100, "Allow", {{"destinationPortRange", "ssh"}})});
  try {
    parseNsgRules(g);
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    CHECK(what.find("broken") != std::string::npos);
    CHECK(what.find("bad-port") != std::string::npos);
  }
  json noPriority = nsg("np", {{{"name", "x"}, {"properties", {{"access", "Allow"}}}}});
  CHECK_THROWS_AS(parseNsgRules(noPriority), std::runtime_error);
}

namespace {

// A VM document as the collector builds it: one NIC, optional NSGs on NIC and subnet.
json vmWith(json nicNsg, json subnetNsg, bool subnetKnown, json pip) {
  std::string subnetId =
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/"
      "virtualNetworks/v/subnets/default";
  json ipc = {{"name", "ipconfig1"},
              {"properties", {{"privateIPAddress", "10.0.0.4"}, {"subnet", {{"id", subnetId}}}}}};
  json bulwark = {{"networkSecurityGroups", json::array()}, {"publicIPAddresses", json::array()}};
  if (!pip.is_null()) {
    ipc["properties"]["publicIPAddress"] = {{"id", pip["id"]}};
    bulwark["publicIPAddresses"].push_back(pip);
  }
  json nic = {{"id",
               "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/"
               "networkInterfaces/nic"},
              {"name", "nic"},
              {"properties", {{"ipConfigurations", {ipc}}}}};
  if (!nicNsg.is_null()) {
    nic["properties"]["networkSecurityGroup"] = {{"id", nicNsg["id"]}};
    bulwark["networkSecurityGroups"].push_back(nicNsg);
  }
  json subnet = {{"id", subnetId}, {"known", subnetKnown}, {"networkSecurityGroup", nullptr}};
  if (!subnetNsg.is_null()) {
    subnet["networkSecurityGroup"] = {{"id", subnetNsg["id"]}};
    bulwark["networkSecurityGroups"].push_back(subnetNsg);
  }
  bulwark["networkInterfaces"] = {nic};
  bulwark["subnets"] = {subnet};
  return {{"id",
           "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/"
           "virtualMachines/vm"},
          {"properties", {{"networkProfile", {{"networkInterfaces", {{{"id", nic["id"]}}}}}}}},
          {"bulwark", bulwark}};
}

bool reachable(const json& vm, int port) {
  std::vector<std::string> missing;
  auto paths = networkPaths(vm, missing);
  REQUIRE(paths.size() == 1);
  REQUIRE(missing.empty());
  return exposure(paths[0], port, "Tcp").open;
}

json pip(const std::string& sku) {
  json p = {{"id",
             "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/"
             "publicIPAddresses/pip"}};
  if (!sku.empty()) p["sku"] = {{"name", sku}};
  return p;
}

}  // namespace

TEST_CASE("NIC and subnet NSGs must both allow", "[vm][nsg]") {
  json allow22 = nsg("allow22", {rule("ssh", 100, "Allow", {{"destinationPortRange", "22"}})});
  json deny22 = nsg("deny22", {rule("no-ssh", 100, "Deny", {{"destinationPortRange", "22"}})});
  json allowAll = nsg("allowall", {rule("all", 4000, "Allow", json::object())});
  CHECK(reachable(vmWith(allow22, nullptr, true, pip("Basic")), 22));
  CHECK(reachable(vmWith(nullptr, allow22, true, pip("Basic")), 22));
  CHECK_FALSE(reachable(vmWith(allow22, deny22, true, pip("Basic")), 22));
  CHECK_FALSE(reachable(vmWith(deny22, allowAll, true, pip("Basic")), 22));
  CHECK(reachable(vmWith(allowAll, allow22, true, pip("Basic")), 22));
  // The subnet allows 22 but the NIC NSG has only defaults: DenyAllInBound stops it.
  CHECK_FALSE(reachable(vmWith(nsg("defaults", json::array()), allow22, true, pip("Basic")), 22));
  // Without any NSG: Basic public IP is open, Standard is closed, no public IP is unreachable.
  CHECK(reachable(vmWith(nullptr, nullptr, true, pip("Basic")), 3389));
  CHECK(reachable(vmWith(nullptr, nullptr, true, pip("")), 3389));  // SKU defaults to Basic
  CHECK_FALSE(reachable(vmWith(nullptr, nullptr, true, pip("Standard")), 3389));
  CHECK_FALSE(reachable(vmWith(nullptr, nullptr, true, nullptr), 3389));
  // An NSG allowing 22 applies even without a public IP (a load balancer may forward it).
  CHECK(reachable(vmWith(allow22, nullptr, false, nullptr), 22));
}

TEST_CASE("an NSG referenced but absent cannot be evaluated", "[vm][nsg]") {
  json allow22 = nsg("allow22", {rule("ssh", 100, "Allow", {{"destinationPortRange", "22"}})});
  json vm = vmWith(allow22, nullptr, true, nullptr);
  vm["bulwark"]["networkSecurityGroups"] = json::array();
  std::vector<std::string> missing;
  auto paths = networkPaths(vm, missing);
  REQUIRE(paths.size() == 1);
  CHECK_THROWS_WITH(exposure(paths[0], 22, "Tcp"), Catch::Contains("not in the snapshot"));
}

TEST_CASE("the REST example NSG: port 80 from * is open, 22 is not", "[vm][nsg][corpus]") {
  auto corpus = bulwark::test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping the NSG example");
    return;
  }
  std::ifstream in(corpus / "arm-examples" / "Microsoft.Network__NetworkSecurityGroupGet.json");
  json body = json::parse(in)["responses"]["200"]["body"];
  // Reasoning from the document: rule1 allows protocol * from * to port 80 at priority 130;
  // the defaults allow only VirtualNetwork and AzureLoadBalancer and then deny everything.
  auto rules = parseNsgRules(body);
  auto d80 = decideInbound(rules, "testnsg", 80, "Tcp", "10.0.0.4");
  CHECK(d80.allowed);
  CHECK(d80.rule == "rule1");
  auto d22 = decideInbound(rules, "testnsg", 22, "Tcp", "10.0.0.4");
  CHECK_FALSE(d22.allowed);
  CHECK(d22.rule == "DenyAllInBound");
  CHECK(decideInbound(rules, "testnsg", 80, "Udp", "10.0.0.4").allowed);  // protocol *
}
