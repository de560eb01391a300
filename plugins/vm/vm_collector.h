// Collects the compute estate from the ARM snapshot and gives each VM what its checks need.
//
// The kernel attaches child resources (extensions) under "children", but NICs, NSGs, public
// IPs, virtual networks and backup items are separate top-level resources. The collector
// reads them from the inventory and attaches the ones a VM references under "bulwark":
//
//   "bulwark": {
//     "networkInterfaces":      [NIC documents named in properties.networkProfile],
//     "networkSecurityGroups":  [NSG documents on those NICs or their subnets],
//     "publicIPAddresses":      [public IP documents on their IP configurations],
//     "subnets":                [{"id", "known": bool, "networkSecurityGroup": {"id"} | null}],
//     "backupProtectedItems":   [protected items whose sourceResourceId is this VM],
//     "missing":                [ids referenced but absent from the snapshot or the scope]
//   }
//
// "known": false means the subnet's virtual network is not in the snapshot. Lookups see only
// the scan's scopes: a scope of one VM id leaves its NICs out (they land in "missing").
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::vm {

inline constexpr const char* kVirtualMachineType = "Microsoft.Compute/virtualMachines";
inline constexpr const char* kScaleSetType = "Microsoft.Compute/virtualMachineScaleSets";
inline constexpr const char* kDiskType = "Microsoft.Compute/disks";
inline constexpr const char* kNicType = "Microsoft.Network/networkInterfaces";
inline constexpr const char* kNsgType = "Microsoft.Network/networkSecurityGroups";
inline constexpr const char* kPublicIpType = "Microsoft.Network/publicIPAddresses";
inline constexpr const char* kVnetType = "Microsoft.Network/virtualNetworks";
inline constexpr const char* kSubnetType = "Microsoft.Network/virtualNetworks/subnets";
inline constexpr const char* kArcMachineType = "Microsoft.HybridCompute/machines";
inline constexpr const char* kProtectedItemType =
    "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems";

// The network and backup resources a VM's checks look up, indexed by lower-case id.
class NetworkIndex {
 public:
  void add(const sdk::Json& doc);
  void addVirtualNetwork(const sdk::Json& vnet);
  // A subnet exported as its own resource (Microsoft.Network/virtualNetworks/subnets).
  void addSubnet(const sdk::Json& subnet);
  void addProtectedItem(const sdk::Json& item);
  // `vm` with its "bulwark" member filled from this index.
  sdk::Json attach(const sdk::Json& vm) const;

 private:
  const sdk::Json* find(const std::string& id) const;
  std::vector<sdk::Json> docs_;
  std::vector<std::pair<std::string, size_t>> byId_;
  std::vector<std::pair<std::string, sdk::Json>> subnets_;         // id -> {"nsg id" or null}
  std::vector<std::pair<std::string, sdk::Json>> protectedItems_;  // source VM id -> item
};

// Emits VMs (with "bulwark" attached), scale sets, disks, NICs, NSGs, public IPs and Arc
// machines of the scan's scopes.
void collectCompute(const sdk::Context& ctx);

}  // namespace bulwark::vm
