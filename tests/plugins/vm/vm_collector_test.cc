// The collector's attachments: subnet NSGs from virtual networks, backup items, missing ids,
// and the checks that read them, through the real plugin.
#include <catch2/catch.hpp>

#include "loader/plugin_instance.h"
#include "loader/plugin_loader.h"
#include "support/test_support.h"
#include "vm_collector.h"

using namespace bulwark;
using nlohmann::json;

namespace {

const std::string kRg = "/subscriptions/s/resourceGroups/g/providers/";

json nsgDoc(const std::string& name, const std::string& access, const std::string& port) {
  return {{"id", kRg + "Microsoft.Network/networkSecurityGroups/" + name},
          {"name", name},
          {"type", "Microsoft.Network/networkSecurityGroups"},
          {"properties",
           {{"securityRules",
             {{{"name", name + "-rule"},
               {"properties",
                {{"priority", 100},
                 {"direction", "Inbound"},
                 {"access", access},
                 {"protocol", "*"},
                 {"sourceAddressPrefix", "Internet"},
                 {"destinationAddressPrefix", "*"},
                 {"destinationPortRange", port}}}}}}}}};
}

json nicDoc(const std::string& nsg) {
  json nic = {{"id", kRg + "Microsoft.Network/networkInterfaces/nic1"},
              {"name", "nic1"},
              {"type", "Microsoft.Network/networkInterfaces"},
              {"properties",
               {{"ipConfigurations",
                 {{{"name", "ipconfig1"},
                   {"properties",
                    {{"privateIPAddress", "10.1.0.4"},
                     {"subnet", {{"id", kRg + "Microsoft.Network/virtualNetworks/v/subnets/s1"}}},
                     {"publicIPAddress",
                      {{"id", kRg + "Microsoft.Network/publicIPAddresses/pip1"}}}}}}}}}}};
  if (!nsg.empty())
    nic["properties"]["networkSecurityGroup"] = {
        {"id", kRg + "Microsoft.Network/networkSecurityGroups/" + nsg}};
  return nic;
}

json vnetDoc(const std::string& subnetNsg) {
  json subnet = {{"id", kRg + "Microsoft.Network/virtualNetworks/v/subnets/s1"},
                 {"name", "s1"},
                 {"properties", json::object()}};
  if (!subnetNsg.empty())
    subnet["properties"]["networkSecurityGroup"] = {
        {"id", kRg + "Microsoft.Network/networkSecurityGroups/" + subnetNsg}};
  return {{"id", kRg + "Microsoft.Network/virtualNetworks/v"},
          {"type", "Microsoft.Network/virtualNetworks"},
          {"properties", {{"subnets", {subnet}}}}};
}

json vmDoc() {
  return {
      {"id", kRg + "Microsoft.Compute/virtualMachines/vm1"},
      {"name", "vm1"},
      {"type", "Microsoft.Compute/virtualMachines"},
      {"properties",
       {{"storageProfile", {{"osDisk", {{"osType", "Linux"}}}}},
        {"networkProfile",
         {{"networkInterfaces", {{{"id", kRg + "Microsoft.Network/networkInterfaces/nic1"}}}}}}}}};
}

class VmPlugin {
 public:
  VmPlugin() {
    LoadResult r = loadPlugins({test::pluginDir().string()}, {"vm"});
    REQUIRE(r.plugins.size() == 1);
    instance_ = std::make_unique<PluginInstance>(r.plugins[0], json::object(), HostBindings{});
    REQUIRE(instance_->valid());
  }
  AssessOutcome assess(const std::string& id, const json& doc) {
    return instance_->assess(id, doc.dump());
  }

 private:
  std::unique_ptr<PluginInstance> instance_;
};

}  // namespace

TEST_CASE("a subnet NSG found through the virtual network closes what the NIC allows",
          "[vm][collector]") {
  vm::NetworkIndex index;
  index.add(nicDoc("nic-allow"));
  index.add(nsgDoc("nic-allow", "Allow", "22"));
  index.add(nsgDoc("subnet-deny", "Deny", "22"));
  index.addVirtualNetwork(vnetDoc("subnet-deny"));
  json vm = index.attach(vmDoc());
  CHECK(vm["bulwark"]["networkSecurityGroups"].size() == 2);
  CHECK(vm["bulwark"]["subnets"][0]["known"] == true);
  // The public IP document is absent: reported, and judged as Basic (open without NSG).
  CHECK(vm["bulwark"]["missing"] ==
        json::array({kRg + "Microsoft.Network/publicIPAddresses/pip1"}));
  VmPlugin p;
  auto o = p.assess("vm.management-ports-closed", vm);
  CHECK(o.state == AssessmentState::Healthy);

  // Without the subnet's NSG the NIC's allow rule exposes 22.
  vm::NetworkIndex open;
  open.add(nicDoc("nic-allow"));
  open.add(nsgDoc("nic-allow", "Allow", "22"));
  open.addVirtualNetwork(vnetDoc(""));
  auto o2 = p.assess("vm.management-ports-closed", open.attach(vmDoc()));
  CHECK(o2.state == AssessmentState::Unhealthy);
  CHECK(o2.evidence["open"][0]["nicNsg"]["rule"] == "nic-allow-rule");
  CHECK(o2.evidence["open"][0]["subnetNsg"]["nsg"].is_null());
}

TEST_CASE("an Internet-facing VM without any NSG is reported twice over", "[vm][collector]") {
  vm::NetworkIndex index;
  index.add(nicDoc(""));
  index.add(
      {{"id", kRg + "Microsoft.Network/publicIPAddresses/pip1"}, {"sku", {{"name", "Basic"}}}});
  index.addVirtualNetwork(vnetDoc(""));
  json vm = index.attach(vmDoc());
  VmPlugin p;
  CHECK(p.assess("vm.internet-facing-nsg", vm).state == AssessmentState::Unhealthy);
  auto ports = p.assess("vm.management-ports-closed", vm);
  CHECK(ports.state == AssessmentState::Unhealthy);
  CHECK(ports.evidence["open"].size() == 4);  // 22, 3389, 5985, 5986 all open
  // A subnet NSG with only defaults protects it.
  vm::NetworkIndex guarded;
  guarded.add(nicDoc(""));
  guarded.add({{"id", kRg + "Microsoft.Network/networkSecurityGroups/defaults"},
               {"name", "defaults"},
               {"properties", {{"securityRules", json::array()}}}});
  guarded.addVirtualNetwork(vnetDoc("defaults"));
  json vm2 = guarded.attach(vmDoc());
  CHECK(p.assess("vm.internet-facing-nsg", vm2).state == AssessmentState::Healthy);
  CHECK(p.assess("vm.management-ports-closed", vm2).state == AssessmentState::Healthy);
}

TEST_CASE("backup items are matched by source resource id, any case", "[vm][collector]") {
  vm::NetworkIndex index;
  index.addProtectedItem(
      {{"id",
        "/subscriptions/s/resourceGroups/b/providers/Microsoft.RecoveryServices/vaults/rv/"
        "backupFabrics/Azure/protectionContainers/c/protectedItems/vm;vm1"},
       {"properties", {{"sourceResourceId", kRg + "microsoft.compute/virtualmachines/VM1"}}}});
  VmPlugin p;
  CHECK(p.assess("vm.backup", index.attach(vmDoc())).state == AssessmentState::Healthy);
  CHECK(p.assess("vm.backup", vm::NetworkIndex().attach(vmDoc())).state ==
        AssessmentState::Unhealthy);
}

TEST_CASE("Arc machines: extension checks apply, host checks do not", "[vm][collector]") {
  json arc = {
      {"id", kRg + "Microsoft.HybridCompute/machines/onprem01"},
      {"type", "Microsoft.HybridCompute/machines"},
      {"properties", {{"osType", "linux"}}},
      {"children",
       {{{"type", "Microsoft.HybridCompute/machines/extensions"},
         {"name", "MDE.Linux"},
         {"properties",
          {{"publisher", "Microsoft.Azure.AzureDefenderForServers"}, {"type", "MDE.Linux"}}}}}}};
  VmPlugin p;
  CHECK(p.assess("vm.arc-endpoint-protection", arc).state == AssessmentState::Healthy);
  CHECK(p.assess("vm.arc-guest-configuration", arc).state == AssessmentState::Unhealthy);
  CHECK(p.assess("host.sshd-permit-root-login", arc).state == AssessmentState::NotApplicable);
}
