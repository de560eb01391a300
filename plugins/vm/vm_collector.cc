#include "vm_collector.h"

#include <bulwark/sdk/json.hpp>

namespace bulwark::vm {

using sdk::Json;

void NetworkIndex::add(const Json& doc) {
  byId_.emplace_back(sdk::lower(sdk::textAt(doc, "id")), docs_.size());
  docs_.push_back(doc);
}

void NetworkIndex::addSubnet(const Json& subnet) {
  std::string nsg = sdk::textAt(subnet, "properties.networkSecurityGroup.id");
  subnets_.emplace_back(sdk::lower(sdk::textAt(subnet, "id")), nsg.empty() ? Json() : Json(nsg));
}

void NetworkIndex::addVirtualNetwork(const Json& vnet) {
  for (const Json* s : sdk::arrayAt(vnet, "properties.subnets"))
    addSubnet(*s);
  for (const Json* child : sdk::arrayAt(vnet, "children")) {
    if (sdk::lower(sdk::textAt(*child, "type")).ends_with("/subnets")) addSubnet(*child);
  }
}

void NetworkIndex::addProtectedItem(const Json& item) {
  std::string source = sdk::textAt(item, "properties.sourceResourceId");
  if (!source.empty()) protectedItems_.emplace_back(sdk::lower(source), item);
}

const Json* NetworkIndex::find(const std::string& id) const {
  std::string key = sdk::lower(id);
  for (const auto& [k, index] : byId_) {
    if (k == key) return &docs_[index];
  }
  return nullptr;
}

Json NetworkIndex::attach(const Json& vm) const {
  Json out = vm;
  Json nics = Json::array(), nsgs = Json::array(), pips = Json::array(), subnets = Json::array(),
       backup = Json::array(), missing = Json::array();
  std::vector<std::string> seen;
  auto once = [&](const std::string& id) {
    std::string key = sdk::lower(id);
    for (const auto& s : seen) {
      if (s == key) return false;
    }
    seen.push_back(key);
    return true;
  };
  auto addReferenced = [&](const std::string& id, Json& list) {
    if (id.empty() || !once(id)) return;
    if (const Json* doc = find(id))
      list.push_back(*doc);
    else
      missing.push_back(id);
  };
  for (const Json* ref : sdk::arrayAt(vm, "properties.networkProfile.networkInterfaces")) {
    std::string nicId = sdk::textAt(*ref, "id");
    addReferenced(nicId, nics);
    const Json* nic = find(nicId);
    if (nic == nullptr) continue;
    addReferenced(sdk::textAt(*nic, "properties.networkSecurityGroup.id"), nsgs);
    for (const Json* ipc : sdk::arrayAt(*nic, "properties.ipConfigurations")) {
      addReferenced(sdk::textAt(*ipc, "properties.publicIPAddress.id"), pips);
      std::string subnetId = sdk::textAt(*ipc, "properties.subnet.id");
      if (subnetId.empty() || !once(subnetId)) continue;
      Json entry = {{"id", subnetId}, {"known", false}, {"networkSecurityGroup", nullptr}};
      for (const auto& [key, nsg] : subnets_) {
        if (key != sdk::lower(subnetId) || entry["known"] == true) continue;
        entry["known"] = true;
        if (!nsg.is_null()) {
          entry["networkSecurityGroup"] = {{"id", nsg}};
          addReferenced(nsg.get<std::string>(), nsgs);
        }
      }
      subnets.push_back(entry);
    }
  }
  std::string vmKey = sdk::lower(sdk::textAt(vm, "id"));
  for (const auto& [source, item] : protectedItems_) {
    if (source == vmKey) backup.push_back(item);
  }
  out["bulwark"] = {{"networkInterfaces", nics},      {"networkSecurityGroups", nsgs},
                    {"publicIPAddresses", pips},      {"subnets", subnets},
                    {"backupProtectedItems", backup}, {"missing", missing}};
  return out;
}

void collectCompute(const sdk::Context& ctx) {
  const sdk::Host& host = ctx.host;
  NetworkIndex index;
  for (const char* type : {kNicType, kNsgType, kPublicIpType}) {
    for (const Json& doc : host.inventory(type)) {
      index.add(doc);
      host.emitResource(doc);
    }
  }
  for (const Json& vnet : host.inventory(kVnetType))
    index.addVirtualNetwork(vnet);
  for (const Json& subnet : host.inventory(kSubnetType))
    index.addSubnet(subnet);
  for (const Json& item : host.inventory(kProtectedItemType))
    index.addProtectedItem(item);
  for (const Json& vm : host.inventory(kVirtualMachineType)) {
    if (host.cancelled()) return;
    host.emitResource(index.attach(vm));
  }
  for (const char* type : {kScaleSetType, kDiskType, kArcMachineType}) {
    for (const Json& doc : host.inventory(type))
      host.emitResource(doc);
  }
}

}  // namespace bulwark::vm
