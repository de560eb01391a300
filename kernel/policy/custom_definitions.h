// The operator's own Azure Policy definitions (files or folders of JSON), turned into
// declarative assessments owned by the pseudo-plugin "policy". Optional metadata fields
// `severity`, `securityControl` and `remediation` fill the recommendation.
#pragma once

#include <string>
#include <vector>

#include "model/scan_record.h"

namespace bulwark::policy {

inline constexpr const char* kCustomPluginId = "policy";

// Each definition becomes assessment "custom.<name>" (the definition's name, else the file
// stem). Unreadable or malformed files are reported in `problems` with their place.
std::vector<AssessmentInfo> loadCustomDefinitions(const std::vector<std::string>& paths,
                                                  std::vector<ScanProblem>& problems);

}  // namespace bulwark::policy
