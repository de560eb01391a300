// The rules of one detect run: the operator's --rules files and folders (else a site pack
// beside the binary, when there is one), and the rule sets of the enabled plugins whose plan at the
// run's scope allows threat detection.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "detect/rules/rule.h"
#include "detectrun/detect_settings.h"
#include "loader/plugin_loader.h"
#include "plans/plan_store.h"

namespace bulwark::detectrun {

// --rules, or the site pack, or none (the plugins' rule sets then do the detecting); throws
// rule errors with file, line and column.
std::vector<detect::Rule> operatorRules(const DetectSettings& settings, detect::KeyTable& keys);

// Appends the rule sets of `plugins`; a plugin on a plan without threat detection is named on
// `diagnostics` (with how to change it) and its rules are left out. `planStore` may be null.
void addPluginRules(const std::vector<std::shared_ptr<LoadedPlugin>>& plugins,
                    plans::PlanStore* planStore, const std::string& scope, detect::KeyTable& keys,
                    std::vector<detect::Rule>& rules, std::ostream& diagnostics);

}  // namespace bulwark::detectrun
