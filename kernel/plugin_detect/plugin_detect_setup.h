// Builds the PluginDetection of one `bulwark detect` run from the enabled plugins: event
// sources of every plugin, native detectors only of plugins whose plan at `scope` allows
// threat detection (a plugin on the free plan is named, with how to change it).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "config/config.h"
#include "detect/rules/rule.h"
#include "loader/plugin_loader.h"
#include "plans/plan_store.h"
#include "plugin_detect/plugin_detection.h"

namespace bulwark::plugindetect {

// `planStore` may be null (no store: every detector runs). Throws std::invalid_argument when
// a native rule id is also the id of a loaded YAML rule.
std::unique_ptr<PluginDetection> setUpPluginDetection(
    const std::vector<std::shared_ptr<LoadedPlugin>>& plugins, const Config& config,
    plans::PlanStore* planStore, const std::string& scope, const std::vector<detect::Rule>& rules,
    int64_t nowNs, detect::KeyTable& keys, std::ostream& diagnostics);

}  // namespace bulwark::plugindetect
