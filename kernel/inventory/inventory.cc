#include "inventory/inventory.h"

namespace bulwark {

void Inventory::add(const SnapshotLoad& load, std::vector<SnapshotProblem>& problems) {
  for (const auto& d : load.documents) {
    auto id = ResourceId::parse(d.doc["id"].get<std::string>());
    if (!id) continue;  // the reader only passes parseable ids
    auto [it, inserted] = byKey_.emplace(id->key(), resources_.size());
    if (!inserted) {
      problems.push_back({d.file, d.pointer,
                          "duplicate resource " + id->text() + " (first read from " +
                              resources_[it->second].sourceFile + "); this copy is ignored"});
      continue;
    }
    byType_[toLowerAscii(d.doc["type"].get<std::string>())].push_back(resources_.size());
    resources_.push_back({*id, d.doc, d.file, {}, false});
  }
}

void Inventory::link() {
  for (auto& r : resources_) {
    r.children.clear();
    r.hasParent = false;
  }
  for (size_t i = 0; i < resources_.size(); ++i) {
    for (auto parent = resources_[i].id.parentResource(); parent;
         parent = parent->parentResource()) {
      auto it = byKey_.find(parent->key());
      if (it == byKey_.end()) continue;
      resources_[it->second].children.push_back(i);
      resources_[i].hasParent = true;
      break;
    }
  }
}

std::vector<size_t> Inventory::ofType(const std::string& type,
                                      const std::vector<ResourceId>& scopes) const {
  std::vector<size_t> out;
  auto it = byType_.find(toLowerAscii(type));
  if (it == byType_.end()) return out;
  for (size_t i : it->second) {
    if (inAnyScope(resources_[i].id, scopes)) out.push_back(i);
  }
  return out;
}

nlohmann::json Inventory::withChildren(size_t index) const {
  const InventoryResource& r = resources_[index];
  nlohmann::json doc = r.doc;
  if (!r.children.empty()) {
    nlohmann::json children = nlohmann::json::array();
    for (size_t c : r.children)
      children.push_back(withChildren(c));
    doc["children"] = std::move(children);
  }
  return doc;
}

}  // namespace bulwark
