#include "plugin_detect/plugin_detect_setup.h"

#include <set>
#include <stdexcept>

namespace bulwark::plugindetect {

std::unique_ptr<PluginDetection> setUpPluginDetection(
    const std::vector<std::shared_ptr<LoadedPlugin>>& plugins, const Config& config,
    plans::PlanStore* planStore, const std::string& scope, const std::vector<detect::Rule>& rules,
    int64_t nowNs, detect::KeyTable& keys, std::ostream& diagnostics) {
  std::set<std::string> ruleIds;
  for (const auto& r : rules)
    ruleIds.insert(r.id);
  auto detection = std::make_unique<PluginDetection>(keys, diagnostics);
  for (const auto& plugin : plugins) {
    const PluginManifest& m = plugin->manifest();
    bool detects = (plugin->api().capabilities & BW_CAP_DETECT) != 0;
    size_t nativeRules = 0;
    for (const auto& set : m.ruleSets) {
      for (const auto& n : set.nativeRules) {
        ++nativeRules;
        if (ruleIds.count(n.id))
          throw std::invalid_argument("plugin " + m.id + ": native rule id '" + n.id +
                                      "' is also the id of a loaded rule");
      }
    }
    if (detects && planStore != nullptr) {
      auto plan = planStore->effective(m.id, scope, nowNs);
      if (!plan.threatDetection) {
        diagnostics << "bulwark detect: plugin " << m.id << " is on the " << plan.describe()
                    << " plan at " << scope << ": its native detectors (" << nativeRules
                    << " rules) do not run (bulwark plans set " << m.id << " standard)\n";
        detects = false;
      }
    }
    const PluginConfig* settings = config.plugin(m.id);
    detection->add(plugin, settings != nullptr ? settings->settings : nlohmann::json::object(),
                   detects);
  }
  return detection;
}

}  // namespace bulwark::plugindetect
