#include "detectrun/rule_setup.h"

#include "detect/rule_sources.h"
#include "detect/rules/rule_loader.h"
#include "plugin_detect/plugin_rules.h"
#include "util/time.h"

namespace bulwark::detectrun {

std::vector<detect::Rule> operatorRules(const DetectSettings& settings, detect::KeyTable& keys) {
  std::vector<std::string> paths = settings.rulePaths;
  if (paths.empty()) {
    std::string pack = detect::defaultRulePackDir(settings.programDir);
    if (!pack.empty()) paths.push_back(pack);
  }
  std::vector<detect::Rule> rules;
  for (const auto& p : paths) {
    auto loaded = detect::loadRulesPath(p, keys);
    rules.insert(rules.end(), loaded.begin(), loaded.end());
  }
  return rules;
}

void addPluginRules(const std::vector<std::shared_ptr<LoadedPlugin>>& plugins,
                    plans::PlanStore* planStore, const std::string& scope, detect::KeyTable& keys,
                    std::vector<detect::Rule>& rules, std::ostream& diagnostics) {
  for (const auto& plugin : plugins) {
    const std::string& id = plugin->manifest().id;
    auto loaded = plugindetect::pluginRules(plugin->manifest(), keys);
    if (planStore != nullptr && !loaded.empty()) {
      auto plan = planStore->effective(id, scope, utcNowNs());
      if (!plan.threatDetection) {
        diagnostics << "bulwark detect: plugin " << id << " is on the " << plan.describe()
                    << " plan at " << scope << ": its " << loaded.size()
                    << " threat detection rules do not run (bulwark plans set " << id
                    << " standard)\n";
        continue;
      }
    }
    rules.insert(rules.end(), loaded.begin(), loaded.end());
  }
}

}  // namespace bulwark::detectrun
