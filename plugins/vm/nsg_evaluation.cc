#include "nsg_evaluation.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <stdexcept>

#include <bulwark/sdk/json.hpp>

namespace bulwark::vm {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

int parsePort(std::string_view text, std::string_view spec) {
  int value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 ||
      value > 65535) {
    throw std::invalid_argument("invalid port '" + std::string(spec) + "'");
  }
  return value;
}

// Both the singular and the plural property, as ARM fills one or the other.
std::vector<std::string> stringsOf(const Json& props, const char* singular, const char* plural) {
  std::vector<std::string> out;
  const Json* one = sdk::findMember(props, singular);
  if (one != nullptr && one->is_string() && !one->get<std::string>().empty())
    out.push_back(one->get<std::string>());
  const Json* many = sdk::findMember(props, plural);
  if (many != nullptr && many->is_array()) {
    for (const Json& v : *many) {
      if (v.is_string())
        out.push_back(v.get<std::string>());
      else if (v.is_number_integer())
        out.push_back(std::to_string(v.get<long long>()));
    }
  }
  return out;
}

NsgRule parseRule(const Json& rule, bool isDefault) {
  NsgRule r;
  r.name = sdk::textAt(rule, "name");
  r.isDefault = isDefault;
  const Json* props = sdk::findMember(rule, "properties");
  if (props == nullptr || !props->is_object()) props = &rule;  // some exports flatten the rule
  const Json* priority = sdk::findMember(*props, "priority");
  if (priority == nullptr || !priority->is_number_integer())
    throw std::runtime_error("rule '" + r.name + "' has no integer priority");
  r.priority = priority->get<int>();
  std::string direction = sdk::lower(sdk::textAt(*props, "direction"));
  if (direction != "inbound" && direction != "outbound")
    throw std::runtime_error("rule '" + r.name + "' has no direction Inbound/Outbound");
  r.inbound = direction == "inbound";
  std::string access = sdk::lower(sdk::textAt(*props, "access"));
  if (access != "allow" && access != "deny")
    throw std::runtime_error("rule '" + r.name + "' has no access Allow/Deny");
  r.allow = access == "allow";
  r.protocol = sdk::textAt(*props, "protocol");
  if (r.protocol.empty()) r.protocol = "*";
  r.sources = stringsOf(*props, "sourceAddressPrefix", "sourceAddressPrefixes");
  r.destinations = stringsOf(*props, "destinationAddressPrefix", "destinationAddressPrefixes");
  if (sdk::findMember(*props, "destinationApplicationSecurityGroups") != nullptr &&
      r.destinations.empty()) {
    r.destinations.push_back("<application security group>");
  }
  try {
    for (const std::string& spec :
         stringsOf(*props, "destinationPortRange", "destinationPortRanges")) {
      for (const PortRange& p : parsePortSpec(spec))
        r.ports.push_back(p);
    }
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("rule '" + r.name + "': " + e.what());
  }
  if (r.ports.empty())
    throw std::runtime_error("rule '" + r.name + "' has no destination port range");
  return r;
}

NsgRule builtinDefault(const char* name, int priority, bool allow, const char* source,
                       const char* destination) {
  NsgRule r;
  r.name = name;
  r.priority = priority;
  r.inbound = true;
  r.allow = allow;
  r.protocol = "*";
  r.sources = {source};
  r.destinations = {destination};
  r.ports = {{0, 65535}};
  r.isDefault = true;
  return r;
}

void collectRules(const Json& list, bool isDefault, std::vector<NsgRule>& out) {
  if (!list.is_array()) return;
  for (const Json& rule : list)
    out.push_back(parseRule(rule, isDefault));
}

std::optional<std::pair<std::array<unsigned char, 16>, int>> parseCidr(std::string_view text) {
  std::string s(trim(text));
  int bits = -1;
  size_t slash = s.find('/');
  if (slash != std::string::npos) {
    std::string_view b(s.c_str() + slash + 1);
    auto [end, ec] = std::from_chars(b.data(), b.data() + b.size(), bits);
    if (ec != std::errc() || end != b.data() + b.size()) return std::nullopt;
    s.resize(slash);
  }
  std::array<unsigned char, 16> addr{};
  if (inet_pton(AF_INET, s.c_str(), addr.data()) == 1) {
    if (bits < 0) bits = 32;
    if (bits > 32) return std::nullopt;
    return std::make_pair(addr, bits);
  }
  if (inet_pton(AF_INET6, s.c_str(), addr.data()) == 1) {
    if (bits < 0) bits = 128;
    if (bits > 128) return std::nullopt;
    return std::make_pair(addr, bits + 1000);  // marks IPv6
  }
  return std::nullopt;
}

bool cidrContains(std::string_view cidr, std::string_view ip) {
  auto net = parseCidr(cidr);
  auto host = parseCidr(ip);
  if (!net || !host) return false;
  bool v6 = net->second >= 1000;
  if (v6 != (host->second >= 1000)) return false;
  int bits = v6 ? net->second - 1000 : net->second;
  for (int i = 0; i < bits; ++i) {
    int byte = i / 8, bit = 7 - i % 8;
    if (((net->first[byte] >> bit) & 1) != ((host->first[byte] >> bit) & 1)) return false;
  }
  return true;
}

const Json* findById(const Json& vm, std::string_view list, std::string_view id) {
  for (const Json* doc : sdk::arrayAt(vm, list)) {
    if (sdk::iequals(sdk::textAt(*doc, "id"), id)) return doc;
  }
  return nullptr;
}

}  // namespace

std::vector<PortRange> parsePortSpec(std::string_view spec) {
  std::string_view s = trim(spec);
  if (s == "*" || sdk::lower(s) == "any") return {{0, 65535}};
  std::vector<PortRange> out;
  // Portal exports sometimes join a list with commas in one string.
  while (!s.empty()) {
    size_t comma = s.find(',');
    std::string_view item = trim(s.substr(0, comma));
    s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
    size_t dash = item.find('-');
    PortRange r;
    if (dash == std::string_view::npos) {
      r.low = r.high = parsePort(item, spec);
    } else {
      r.low = parsePort(trim(item.substr(0, dash)), spec);
      r.high = parsePort(trim(item.substr(dash + 1)), spec);
      if (r.low > r.high)
        throw std::invalid_argument("reversed port range '" + std::string(spec) + "'");
    }
    out.push_back(r);
  }
  if (out.empty()) throw std::invalid_argument("empty port range");
  return out;
}

bool isInternetSource(std::string_view prefix) {
  std::string p = sdk::lower(trim(prefix));
  return p == "*" || p == "any" || p == "internet" || p == "0.0.0.0/0" || p == "0.0.0.0" ||
         p == "::/0";
}

bool protocolMatches(std::string_view ruleProtocol, std::string_view protocol) {
  std::string r = sdk::lower(trim(ruleProtocol));
  return r == "*" || r == "any" || r == sdk::lower(protocol);
}

bool destinationMatches(std::string_view destination, std::string_view privateIp) {
  std::string d = sdk::lower(trim(destination));
  if (d == "*" || d == "any" || d == "virtualnetwork" || d == "0.0.0.0/0" || d == "::/0")
    return true;
  if (parseCidr(d)) {
    // A CIDR we can read either contains the NIC's address or not; without an address we
    // cannot tell, so it may match.
    return privateIp.empty() || !parseCidr(privateIp) || cidrContains(d, privateIp);
  }
  // Service tags such as Internet or AzureLoadBalancer never designate a NIC; others
  // (application security groups) may.
  return d != "internet" && d != "azureloadbalancer";
}

std::vector<NsgRule> parseNsgRules(const Json& nsg) {
  std::string name = sdk::textAt(nsg, "name");
  std::vector<NsgRule> rules;
  try {
    collectRules(sdk::at(nsg, "properties.securityRules")
                     ? *sdk::at(nsg, "properties.securityRules")
                     : Json::array(),
                 false, rules);
    collectRules(sdk::at(nsg, "properties.defaultSecurityRules")
                     ? *sdk::at(nsg, "properties.defaultSecurityRules")
                     : Json::array(),
                 true, rules);
    // Resource Graph and list exports can carry rules as separate resources, which the
    // kernel attaches as children; a rule already present by name is not counted twice.
    for (const Json* child : sdk::arrayAt(nsg, "children")) {
      std::string type = sdk::lower(sdk::textAt(*child, "type"));
      bool isDefault = type.ends_with("/defaultsecurityrules");
      if (!isDefault && !type.ends_with("/securityrules")) continue;
      std::string childName = sdk::textAt(*child, "name");
      bool seen = std::any_of(rules.begin(), rules.end(),
                              [&](const NsgRule& r) { return sdk::iequals(r.name, childName); });
      if (!seen) rules.push_back(parseRule(*child, isDefault));
    }
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("network security group '" + name + "': " + e.what());
  }
  const NsgRule defaults[] = {
      builtinDefault("AllowVnetInBound", 65000, true, "VirtualNetwork", "VirtualNetwork"),
      builtinDefault("AllowAzureLoadBalancerInBound", 65001, true, "AzureLoadBalancer", "*"),
      builtinDefault("DenyAllInBound", 65500, false, "*", "*")};
  for (const NsgRule& d : defaults) {
    bool present = std::any_of(rules.begin(), rules.end(), [&](const NsgRule& r) {
      return r.inbound && sdk::iequals(r.name, d.name);
    });
    if (!present) rules.push_back(d);
  }
  std::stable_sort(rules.begin(), rules.end(), [](const NsgRule& a, const NsgRule& b) {
    if (a.inbound != b.inbound) return a.inbound;
    return a.priority < b.priority;
  });
  return rules;
}

Json RuleDecision::toJson() const {
  if (nsg.empty()) return {{"nsg", nullptr}, {"allowed", allowed}};
  return {{"nsg", nsg}, {"rule", rule}, {"priority", priority}, {"allowed", allowed}};
}

RuleDecision decideInbound(const std::vector<NsgRule>& rules, std::string_view nsgName, int port,
                           std::string_view protocol, std::string_view privateIp) {
  for (const NsgRule& r : rules) {
    if (!r.inbound || !protocolMatches(r.protocol, protocol)) continue;
    if (!std::any_of(r.ports.begin(), r.ports.end(),
                     [&](const PortRange& p) { return p.contains(port); }))
      continue;
    if (!std::any_of(r.sources.begin(), r.sources.end(),
                     [](const std::string& s) { return isInternetSource(s); }))
      continue;
    if (!r.destinations.empty() &&
        !std::any_of(r.destinations.begin(), r.destinations.end(),
                     [&](const std::string& d) { return destinationMatches(d, privateIp); }))
      continue;
    return {r.allow, std::string(nsgName), r.name, r.priority};
  }
  // parseNsgRules always adds DenyAllInBound; reaching here means the caller built the rules.
  return {false, std::string(nsgName), "(no matching rule)", 0};
}

std::vector<NetworkPath> networkPaths(const Json& vm, std::vector<std::string>& missing) {
  std::vector<NetworkPath> paths;
  for (const Json* ref : sdk::arrayAt(vm, "properties.networkProfile.networkInterfaces")) {
    std::string nicId = sdk::textAt(*ref, "id");
    const Json* nic = findById(vm, "bulwark.networkInterfaces", nicId);
    if (nic == nullptr) {
      missing.push_back(nicId);
      continue;
    }
    std::string nicNsgId = sdk::textAt(*nic, "properties.networkSecurityGroup.id");
    const Json* nicNsg =
        nicNsgId.empty() ? nullptr : findById(vm, "bulwark.networkSecurityGroups", nicNsgId);
    for (const Json* ipc : sdk::arrayAt(*nic, "properties.ipConfigurations")) {
      NetworkPath p;
      p.nic = sdk::textAt(*nic, "name");
      p.ipConfiguration = sdk::textAt(*ipc, "name");
      p.privateIp = sdk::textAt(*ipc, "properties.privateIPAddress");
      p.nicNsgId = nicNsgId;
      p.nicNsg = nicNsg;
      std::string subnetId = sdk::textAt(*ipc, "properties.subnet.id");
      const Json* subnet = findById(vm, "bulwark.subnets", subnetId);
      if (subnet != nullptr && sdk::asBool(sdk::at(*subnet, "known")).value_or(false)) {
        p.subnetKnown = true;
        p.subnetNsgId = sdk::textAt(*subnet, "networkSecurityGroup.id");
        if (!p.subnetNsgId.empty())
          p.subnetNsg = findById(vm, "bulwark.networkSecurityGroups", p.subnetNsgId);
      }
      std::string pipId = sdk::textAt(*ipc, "properties.publicIPAddress.id");
      p.hasPublicIp = !pipId.empty();
      if (const Json* pip =
              p.hasPublicIp ? findById(vm, "bulwark.publicIPAddresses", pipId) : nullptr) {
        p.publicIpSku = sdk::textAt(*pip, "sku.name");
        if (p.publicIpSku.empty())
          p.publicIpSku = "Basic";  // the SKU defaults to Basic when omitted
      }
      paths.push_back(std::move(p));
    }
  }
  return paths;
}

PortExposure exposure(const NetworkPath& path, int port, std::string_view protocol) {
  PortExposure out;
  out.port = port;
  auto level = [&](const Json* nsg, const std::string& id) -> RuleDecision {
    if (nsg == nullptr) {
      if (!id.empty()) {
        throw std::runtime_error("network security group " + id +
                                 " is referenced but not in the snapshot (or outside the scope)");
      }
      return RuleDecision{true, "", "", 0};
    }
    return decideInbound(parseNsgRules(*nsg), sdk::textAt(*nsg, "name"), port, protocol,
                         path.privateIp);
  };
  RuleDecision subnet = level(path.subnetNsg, path.subnetNsgId);
  RuleDecision nic = level(path.nicNsg, path.nicNsgId);
  out.explanation = {
      {"nic", path.nic},        {"ipConfiguration", path.ipConfiguration},
      {"port", port},           {"subnetNsg", path.subnetKnown ? subnet.toJson() : Json("unknown")},
      {"nicNsg", nic.toJson()}, {"publicIp", path.hasPublicIp}};
  bool anyNsg = !subnet.nsg.empty() || !nic.nsg.empty();
  if (!anyNsg && !path.hasPublicIp) {
    out.open = false;
    out.explanation["note"] = "no NSG and no public IP: not reachable from the Internet";
    return out;
  }
  if (!anyNsg && path.hasPublicIp && sdk::iequals(path.publicIpSku, "Standard")) {
    out.open = false;
    out.explanation["note"] = "no NSG: a Standard public IP denies inbound traffic by default";
    return out;
  }
  out.open = subnet.allowed && nic.allowed;
  if (!path.subnetKnown)
    out.explanation["note"] =
        "the subnet's virtual network is not in the snapshot; its NSG, if "
        "any, was not evaluated";
  return out;
}

}  // namespace bulwark::vm
