#include "config/settings_schema.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <algorithm>

namespace bulwark {
namespace {

// valijson names a place as {"<root>", "[tag]", "[0]"}; the configuration keeps JSON pointers.
std::string pointerOf(const std::vector<std::string>& context) {
  std::string out;
  for (const auto& part : context) {
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']')
      out += "/" + part.substr(1, part.size() - 2);
  }
  return out;
}

// The recorded position of `pointer`, else of its nearest recorded ancestor.
SourcePosition positionOf(const PluginConfig& plugin, std::string pointer) {
  for (;;) {
    auto it = plugin.settingPositions.find(pointer);
    if (it != plugin.settingPositions.end()) return it->second;
    if (pointer.empty()) return plugin.position;
    pointer.erase(pointer.rfind('/'));
  }
}

// "... constraints: 'colour'." -> "colour": the property an additionalProperties error names.
std::string quotedName(const std::string& description) {
  size_t end = description.rfind('\'');
  if (end == std::string::npos || end == 0) return {};
  size_t start = description.rfind('\'', end - 1);
  return start == std::string::npos ? std::string()
                                    : description.substr(start + 1, end - start - 1);
}

}  // namespace

std::vector<SettingsProblem> checkPluginSettings(const PluginConfig& plugin,
                                                 const nlohmann::json& schemaJson) {
  std::vector<SettingsProblem> out;
  if (schemaJson.is_null()) return out;
  const std::string who = "plugin '" + plugin.id + "'";
  valijson::Schema schema;
  try {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schemaAdapter(schemaJson);
    parser.populateSchema(schemaAdapter, schema);
  } catch (const std::exception& e) {
    out.push_back(
        {plugin.position, who + ": the plugin's settings schema is invalid: " + e.what()});
    return out;
  }
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter settings(plugin.settings);
  if (validator.validate(schema, settings, &results)) return out;
  // valijson follows each failure with summaries at every level above it ("Failed to
  // validate ..."): the failure itself says more, so the summaries are left out.
  for (const auto& error : results) {
    const std::string& description = error.description;
    if (description.rfind("Failed to validate", 0) == 0) continue;
    std::string pointer = pointerOf(error.context);
    SourcePosition where = positionOf(plugin, pointer);
    if (description.find("additionalProperties") != std::string::npos) {
      std::string name = quotedName(description);
      auto key = plugin.settingPositions.find(pointer + "/" + name + "#key");
      if (!name.empty() && key != plugin.settingPositions.end()) {
        out.push_back({key->second, who + ": unknown setting '" + name + "'"});
        continue;
      }
    }
    std::string place = pointer.empty() ? "settings" : "setting " + pointer.substr(1);
    std::string message = who + ": " + place + ": " + description;
    bool duplicate = std::any_of(out.begin(), out.end(), [&](const SettingsProblem& p) {
      return p.message == message && p.position.line == where.line;
    });
    if (!duplicate) out.push_back({where, message});
  }
  return out;
}

}  // namespace bulwark
