// A plugin whose shipped rule set does not validate: detect must refuse it with its place.
#include <bulwark/plugin.hpp>

namespace {

bulwark::sdk::PluginDef makePlugin() {
  bulwark::sdk::PluginDef def;
  def.id = "badrules";
  def.version = "1.0.0";
  bulwark::sdk::RuleSetDef rules;
  rules.id = "broken";
  rules.rulesYaml =
      "rules:\n  - id: badrules.x\n    title: X\n    severity: Low\n"
      "    match: {path: {regex: '(unclosed'}}\n";
  def.ruleSets.push_back(rules);
  return def;
}

}  // namespace

BULWARK_PLUGIN(makePlugin)
