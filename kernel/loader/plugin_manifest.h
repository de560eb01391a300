// A plugin's manifest, parsed from the JSON its table carries.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "loader/activity_declaration.h"
#include "model/scan_record.h"

namespace bulwark {

struct CollectorInfo {
  std::string id;
  std::string description;
  std::vector<std::string> types;
};

// A rule the plugin's native detector may raise (alerts of other ids are refused).
struct NativeRuleInfo {
  std::string id;
  std::string title;
  std::string description;
  std::string severity;  // High, Medium, Low, Informational
  std::string tactic;
  std::string technique;
  std::string remediation;
  int64_t dedupSeconds = 3600;
};

struct RuleSetInfo {
  std::string id;
  std::string title;
  std::string rulesYaml;
  bool nativeDetector = false;
  std::vector<NativeRuleInfo> nativeRules;
};

// A log format the plugin reads for `bulwark detect --source TYPE:PATH` (ABI 1.1).
struct EventSourceInfo {
  std::string type;
  std::string description;
};

// ABI 1.2: a CLI command the plugin serves (`bulwark <name> ...`).
struct CommandInfo {
  std::string name;
  std::string summary;
};

// ABI 1.2: a route of `bulwark server`.
struct HttpRouteInfo {
  std::string id;
  std::string method;
  std::string path;
  bool prefix = false;    // also serves path + "/..."
  bool apiToken = true;   // else the route's own secret, from the environment
  std::string secretEnv;  // the variable holding that secret
  size_t maxBodyBytes = 4u * 1024u * 1024u;
  std::string description;
};

// ABI 1.2: an option the plugin adds to `bulwark server`, mapped onto one of its settings.
struct ServerOptionInfo {
  std::string name;
  std::string setting;
  std::string kind;  // text, list, integer, flag
  std::string help;
};

struct PluginManifest {
  std::string id;
  std::string version;
  std::string description;
  std::vector<CollectorInfo> collectors;
  std::vector<AssessmentInfo> assessments;
  std::vector<RuleSetInfo> ruleSets;
  std::vector<EventSourceInfo> eventSources;
  // What UEBA reads in the plugin's events, and the anomalies it raises for them.
  std::vector<ActivityInfo> activities;
  std::vector<AnomalyKindInfo> anomalyKinds;
  nlohmann::json settingsSchema;  // null: the plugin declares none
  std::vector<CommandInfo> commands;
  std::vector<HttpRouteInfo> httpRoutes;
  std::vector<ServerOptionInfo> serverOptions;
  bool service = false;  // runs background work in `bulwark server`
};

// Parses and checks a manifest; throws std::runtime_error naming what is wrong.
PluginManifest parseManifest(std::string_view text);

}  // namespace bulwark
