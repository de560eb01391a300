// Effective network security group evaluation: is a port reachable from the Internet?
//
// Azure applies up to two NSGs to inbound traffic of a VM's NIC: the subnet's, then the NIC's.
// Traffic passes only when both allow it (an absent NSG allows everything). Inside one NSG the
// rules are tried by ascending priority and the first that matches decides; Azure's default
// rules (AllowVnetInBound 65000, AllowAzureLoadBalancerInBound 65001, DenyAllInBound 65500)
// always exist, so they are added when a document omits them. Without any NSG, a Standard-SKU
// public IP is closed to inbound traffic; a Basic one (or no SKU) is open.
//
// "From the Internet" means from an arbitrary Internet address: a rule matches it when its
// source is `*`, `Any`, `Internet`, `0.0.0.0/0` or `::/0`. Specific CIDRs (an office range)
// and other service tags (`VirtualNetwork`, `AzureLoadBalancer`, `AzureFrontDoor.Backend`)
// do not. A destination matches the NIC when it is `*`, `Any`, `VirtualNetwork`, a CIDR that
// contains the NIC's private address, or something this evaluator cannot resolve (application
// security groups, other tags): unresolvable means "may match", which errs towards reporting.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace bulwark::vm {

using sdk::Json;

struct PortRange {
  int low = 0;
  int high = 0;
  bool contains(int port) const { return port >= low && port <= high; }
};

struct NsgRule {
  std::string name;
  int priority = 0;
  bool inbound = true;
  bool allow = false;
  std::string protocol;  // "*", "Tcp", "Udp", "Icmp", "Esp", "Ah" (any case)
  std::vector<std::string> sources;
  std::vector<std::string> destinations;
  std::vector<PortRange> ports;
  bool isDefault = false;
};

// "*", "22", "5985-5986" (surrounding blanks allowed). Throws std::invalid_argument for
// anything else, including ports outside 0..65535 and reversed ranges.
std::vector<PortRange> parsePortSpec(std::string_view spec);

bool isInternetSource(std::string_view prefix);
bool protocolMatches(std::string_view ruleProtocol, std::string_view protocol);
// True when `destination` may designate the NIC with private address `privateIp`.
bool destinationMatches(std::string_view destination, std::string_view privateIp);

// The rules of one NSG document (securityRules, defaultSecurityRules, and rules attached as
// child resources), sorted by direction then priority, with missing inbound defaults added.
// Throws std::runtime_error naming the NSG and the rule when a rule cannot be read.
std::vector<NsgRule> parseNsgRules(const Json& nsg);

struct RuleDecision {
  bool allowed = false;
  std::string nsg;   // NSG name, or "" when there is no NSG at this level
  std::string rule;  // deciding rule, or "" when no NSG
  int priority = 0;
  Json toJson() const;
};

// The first inbound rule (by priority) matching Internet traffic to `port`/`protocol` at
// `privateIp`. `rules` must come from parseNsgRules.
RuleDecision decideInbound(const std::vector<NsgRule>& rules, std::string_view nsgName, int port,
                           std::string_view protocol, std::string_view privateIp);

// One IP configuration of one NIC, with what reaches it.
struct NetworkPath {
  std::string nic;
  std::string ipConfiguration;
  std::string privateIp;
  const Json* nicNsg = nullptr;     // null: no NSG on the NIC
  const Json* subnetNsg = nullptr;  // null: no NSG on the subnet, or unknown
  bool subnetKnown = false;         // false: the subnet's virtual network is not in the snapshot
  std::string subnetNsgId;          // referenced but possibly absent from the snapshot
  std::string nicNsgId;
  bool hasPublicIp = false;
  std::string publicIpSku;  // "" when the public IP document is not in the snapshot
};

// The paths of a VM document whose "bulwark" member was filled by the vm collector
// (see vm_collector.h). NIC ids the document references but does not carry go to `missing`.
std::vector<NetworkPath> networkPaths(const Json& vm, std::vector<std::string>& missing);

struct PortExposure {
  int port = 0;
  bool open = false;
  Json explanation;  // the decisions at each level, for evidence
};

// Whether Internet traffic reaches `port`/`protocol` through `path`. An NSG referenced but not
// present in the snapshot cannot be evaluated: throws std::runtime_error naming it.
PortExposure exposure(const NetworkPath& path, int port, std::string_view protocol);

}  // namespace bulwark::vm
