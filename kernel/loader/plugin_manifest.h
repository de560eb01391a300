// A plugin's manifest, parsed from the JSON its table carries.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "scan/scan_record.h"

namespace bulwark {

struct CollectorInfo {
  std::string id;
  std::string description;
  std::vector<std::string> types;
};

struct RuleSetInfo {
  std::string id;
  std::string title;
  std::string rulesYaml;
  bool nativeDetector = false;
};

struct PluginManifest {
  std::string id;
  std::string version;
  std::string description;
  std::vector<CollectorInfo> collectors;
  std::vector<AssessmentInfo> assessments;
  std::vector<RuleSetInfo> ruleSets;
};

// Parses and checks a manifest; throws std::runtime_error naming what is wrong.
PluginManifest parseManifest(std::string_view text);

}  // namespace bulwark
