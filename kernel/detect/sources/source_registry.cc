#include "detect/sources/source_registry.h"

namespace bulwark::detect {

bool SourceRegistry::add(SourceType source) {
  if (find(source.type) != nullptr) return false;
  for (const std::string& alias : source.aliases) {
    if (find(alias) != nullptr) return false;
  }
  types_.push_back(std::move(source));
  return true;
}

const SourceType* SourceRegistry::find(std::string_view typeOrAlias) const {
  for (const SourceType& s : types_) {
    if (s.type == typeOrAlias) return &s;
    for (const std::string& alias : s.aliases) {
      if (alias == typeOrAlias) return &s;
    }
  }
  return nullptr;
}

std::string SourceRegistry::unknownTypeMessage(std::string_view type) const {
  std::string known;
  for (const SourceType& s : types_) {
    if (!s.pluginId.empty()) continue;
    known += (known.empty() ? "" : ", ") + s.type;
    for (const std::string& alias : s.aliases)
      known += ", " + alias;
  }
  return "unknown source type '" + std::string(type) + "' (known: " + known + ")";
}

}  // namespace bulwark::detect
