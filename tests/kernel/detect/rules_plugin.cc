// A plugin that ships detection rules as data (no native detector): its rule set is read from
// the manifest by `bulwark detect` when the plugin is enabled.
#include <bulwark/plugin.hpp>

namespace {

bulwark::sdk::PluginDef makePlugin() {
  bulwark::sdk::PluginDef def;
  def.id = "detectrules";
  def.version = "1.0.0";
  def.description = "test plugin with a detection rule set";
  bulwark::sdk::RuleSetDef rules;
  rules.id = "sudo";
  rules.title = "sudo rules";
  rules.rulesYaml = R"(rules:
  - id: detectrules.sudo-shell
    title: Shell started through sudo
    severity: Low
    mitre: {tactic: Privilege Escalation, technique: T1548.003}
    remediation: Check who ran it and why.
    match:
      type: sudo.command
      command: {endswith: [/sh, /bash]}
    entities: [user, host]
)";
  def.ruleSets.push_back(rules);
  return def;
}

}  // namespace

BULWARK_PLUGIN(makePlugin)
