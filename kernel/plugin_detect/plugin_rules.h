// The detection rules a plugin ships as data in its manifest (ruleSets[].rules, YAML in the
// rule language), for `bulwark detect`.
#pragma once

#include <vector>

#include "detect/rules/rule.h"
#include "loader/plugin_manifest.h"

namespace bulwark::plugindetect {

// Rules from every rule set of `manifest`, named "plugin <id>/<set>" in errors.
std::vector<detect::Rule> pluginRules(const PluginManifest& manifest, detect::KeyTable& keys);

}  // namespace bulwark::plugindetect
