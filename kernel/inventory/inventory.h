// The resources known before collection: ARM documents from the inventory sources, indexed
// by id and type, with child resources attached to their nearest parent present.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "inventory/arm_snapshot.h"
#include "scope/resource_id.h"

namespace bulwark {

struct InventoryResource {
  ResourceId id;
  nlohmann::json doc;
  std::string sourceFile;
  std::vector<size_t> children;  // indexes into Inventory::resources()
  bool hasParent = false;
};

class Inventory {
 public:
  // Adds documents; a duplicate id keeps the first copy and reports the second.
  void add(const SnapshotLoad& load, std::vector<SnapshotProblem>& problems);
  // Attaches every resource to its nearest ancestor present. Call after the last add().
  void link();

  const std::vector<InventoryResource>& resources() const { return resources_; }
  // Indexes of resources of `type` (case-insensitive) inside `scopes` (empty: all).
  std::vector<size_t> ofType(const std::string& type, const std::vector<ResourceId>& scopes) const;
  // The resource document with its descendants under "children", as plugins receive it.
  nlohmann::json withChildren(size_t index) const;

 private:
  std::vector<InventoryResource> resources_;
  std::map<std::string, size_t> byKey_;
  std::map<std::string, std::vector<size_t>> byType_;  // lower-case type
};

}  // namespace bulwark
