// Where `bulwark detect` gets its rules: operator files or folders (--rules), the default
// pack shipped with bulwark when none are given, and the rule sets in the manifests of the
// enabled plugins.
#pragma once

#include <string>
#include <vector>

#include "detect/rules/rule.h"
#include "loader/plugin_manifest.h"

namespace bulwark::detect {

// The shipped rule pack: <binary>/../share/bulwark/rules when installed, else the source
// tree's config/rules beside the build folder. "" when neither exists.
std::string defaultRulePackDir(const std::string& executableDir);

// Rules from every rule set of `manifest`, named "plugin <id>/<set>" in errors.
std::vector<Rule> pluginRules(const PluginManifest& manifest, KeyTable& keys);

}  // namespace bulwark::detect
