#include "plugin_detect/plugin_rules.h"

#include <iterator>

#include "detect/rules/rule_loader.h"

namespace bulwark::plugindetect {

std::vector<detect::Rule> pluginRules(const PluginManifest& manifest, detect::KeyTable& keys) {
  std::vector<detect::Rule> out;
  for (const auto& set : manifest.ruleSets) {
    if (set.rulesYaml.empty()) continue;
    auto rules =
        detect::loadRulesText(set.rulesYaml, "plugin " + manifest.id + "/" + set.id, keys);
    out.insert(out.end(), std::make_move_iterator(rules.begin()),
               std::make_move_iterator(rules.end()));
  }
  return out;
}

}  // namespace bulwark::plugindetect
