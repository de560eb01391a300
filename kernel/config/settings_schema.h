// Checks a plugin's settings from the operator's configuration against the JSON Schema the
// plugin declares (manifest "settingsSchema", ABI 1.2), with valijson. Every problem names the
// file, line and column of the setting it is about.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/config.h"

namespace bulwark {

struct SettingsProblem {
  SourcePosition position;
  std::string message;  // "plugin 'hello': setting /tag: ..."
  std::string str() const { return position.str() + ": " + message; }
};

// No problems when the schema is null (the plugin declares none). A schema that is not a
// valid JSON Schema is reported as one problem at the plugin's entry.
std::vector<SettingsProblem> checkPluginSettings(const PluginConfig& plugin,
                                                 const nlohmann::json& schema);

}  // namespace bulwark
