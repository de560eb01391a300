#include "detect/rule_sources.h"

#include <filesystem>

#include "detect/rules/rule_loader.h"

namespace bulwark::detect {
namespace fs = std::filesystem;

std::string defaultRulePackDir(const std::string& executableDir) {
  for (const fs::path& candidate : {fs::path(executableDir) / ".." / "share" / "bulwark" / "rules",
                                    fs::path(executableDir) / ".." / "config" / "rules"}) {
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
  }
  return {};
}

std::vector<Rule> pluginRules(const PluginManifest& manifest, KeyTable& keys) {
  std::vector<Rule> out;
  for (const auto& set : manifest.ruleSets) {
    if (set.rulesYaml.empty()) continue;
    auto rules = loadRulesText(set.rulesYaml, "plugin " + manifest.id + "/" + set.id, keys);
    out.insert(out.end(), std::make_move_iterator(rules.begin()),
               std::make_move_iterator(rules.end()));
  }
  return out;
}

}  // namespace bulwark::detect
