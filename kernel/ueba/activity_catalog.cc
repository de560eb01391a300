#include "ueba/activity_catalog.h"

#include "ueba/builtin_activities.h"

namespace bulwark::ueba {

const AnomalyKindInfo* DeclaredActivity::kindOf(AnomalyCheck check) const {
  auto it = kinds.find(check);
  return it == kinds.end() ? nullptr : it->second;
}

ActivityCatalog::ActivityCatalog() {
  addAll("kernel", builtinActivityDeclarations());
}

const ActivityCatalog& ActivityCatalog::builtIn() {
  static const ActivityCatalog catalog;
  return catalog;
}

bool ActivityCatalog::add(const std::string& pluginId, const ActivityDeclarations& declarations,
                          std::string& why) {
  for (const AnomalyKindInfo& k : declarations.anomalyKinds) {
    auto owner = kindOwners_.find(k.id);
    if (owner == kindOwners_.end()) continue;
    why = "anomaly kind '" + k.id + "' is " + owner->second + "'s already";
    return false;
  }
  addAll("plugin " + pluginId, declarations);
  return true;
}

void ActivityCatalog::addAll(const std::string& owner, const ActivityDeclarations& declarations) {
  std::map<std::string, const AnomalyKindInfo*, std::less<>> byId;
  for (const AnomalyKindInfo& k : declarations.anomalyKinds) {
    kinds_.push_back(k);
    byId[k.id] = &kinds_.back();
    kindOwners_[k.id] = owner;
  }
  for (const ActivityInfo& info : declarations.activities) {
    DeclaredActivity a{info, owner, {}};
    for (const auto& [check, kindId] : info.checks) {
      auto kind = byId.find(kindId);
      if (kind != byId.end()) a.kinds[check] = kind->second;
    }
    activities_.push_back(std::move(a));
  }
}

// A plugin's declaration is more specific than the kernel's generic ones (which match any
// "*.login.success"), so plugins' are tried first.
const DeclaredActivity* ActivityCatalog::match(std::string_view type) const {
  for (bool kernel : {false, true}) {
    for (const DeclaredActivity& a : activities_) {
      if ((a.owner == "kernel") != kernel) continue;
      for (const TextMatch& m : a.info.types) {
        if (m.matches(type)) return &a;
      }
    }
  }
  return nullptr;
}

}  // namespace bulwark::ueba
