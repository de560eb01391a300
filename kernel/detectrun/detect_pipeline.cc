#include "detectrun/detect_pipeline.h"

#include "detect/rules/rule_lists.h"
#include "detect/rules/rule_loader.h"
#include "detect/sources/kernel_sources.h"
#include "detectrun/rule_setup.h"
#include "plugin_detect/plugin_detect_setup.h"
#include "util/time.h"

namespace bulwark::detectrun {

DetectPipeline::DetectPipeline(DetectSettings settings, std::ostream& out,
                               std::ostream& diagnostics)
    : settings_(std::move(settings)), out_(out), diagnostics_(diagnostics) {
  readerOptions_.defaultYear = settings_.defaultYear;
}

DetectPipeline::~DetectPipeline() = default;

DetectOutcome DetectPipeline::run() {
  try {
    setUp();
  } catch (const std::exception& e) {
    diagnostics_ << "bulwark detect: " << e.what() << "\n";
    return DetectOutcome::Usage;
  }
  try {
    setUpAnalysis();
    return settings_.follow ? runFollow() : runBatch();
  } catch (const std::exception& e) {
    diagnostics_ << "bulwark detect: " << e.what() << "\n";
    return DetectOutcome::Runtime;
  }
}

void DetectPipeline::setUp() {
  detect::loadRuleListOverrides(settings_.dataDir);
  rules_ = operatorRules(settings_, keys_);
  if (settings_.config) {
    std::vector<std::string> enabled;
    for (const auto& p : settings_.config->plugins) {
      if (p.enabled) enabled.push_back(p.id);
    }
    LoadResult loaded = loadPlugins(settings_.pluginDirs, enabled);
    for (const auto& refusal : loaded.refusals)
      diagnostics_ << "bulwark detect: " << refusal.message << "\n";
    plugins_ = std::move(loaded.plugins);
    if (!settings_.store.empty()) planStore_ = std::make_unique<plans::PlanStore>(settings_.store);
    addPluginRules(plugins_, planStore_.get(), settings_.planScope, keys_, rules_, diagnostics_);
    pluginDetection_ = plugindetect::setUpPluginDetection(plugins_, *settings_.config,
                                                          planStore_.get(), settings_.planScope,
                                                          rules_, utcNowNs(), keys_, diagnostics_);
  } else {
    pluginDetection_ = std::make_unique<plugindetect::PluginDetection>(keys_, diagnostics_);
  }
  detect::checkUniqueRuleIds(rules_);
  detect::addKernelSources(registry_, keys_, readerOptions_);
  pluginDetection_->registerSources(registry_);
  sources_ = resolveSources(settings_, registry_, *pluginDetection_);
  for (const ResolvedSource& s : sources_.sources) {
    if (settings_.follow && !s.source->followable())
      throw std::invalid_argument("source type '" + s.name +
                                  "' cannot be followed (not line-based)");
  }
}

void DetectPipeline::setUpAnalysis() {
  ruleCount_ = rules_.size();
  detect::EngineOptions engineOptions;
  engineOptions.reorderWindowNs = static_cast<int64_t>(settings_.reorderSeconds) * 1000000000LL;
  engine_ = std::make_unique<detect::Engine>(std::move(rules_), keys_, engineOptions);
  if (!settings_.ueba) return;
  if (!settings_.noStore) baselines_ = std::make_unique<ueba::BaselineStore>(settings_.store);
  try {
    geo_ = std::make_unique<ueba::GeoLocator>(settings_.geoIpPath);
  } catch (const std::exception& e) {
    diagnostics_ << "bulwark detect: " << e.what() << "; UEBA country and travel checks off\n";
  }
  // The declarations of the enabled plugins, and of those brought in for a source type: their
  // events are read here, so UEBA reads them as they declare.
  std::vector<std::shared_ptr<LoadedPlugin>> declaring = plugins_;
  declaring.insert(declaring.end(), sources_.discovered.begin(), sources_.discovered.end());
  for (const auto& plugin : declaring) {
    const PluginManifest& m = plugin->manifest();
    std::string why;
    if (!activities_.add(m.id, {m.activities, m.anomalyKinds}, why))
      diagnostics_ << "bulwark detect: plugin " << m.id
                   << ": its UEBA activity declarations are off: " << why << "\n";
  }
  ueba::AnomalyOptions options;
  options.learningNs = static_cast<int64_t>(settings_.learningDays * 86400) * 1000000000LL;
  anomalies_ =
      std::make_unique<ueba::AnomalyDetector>(baselines_.get(), geo_.get(), options, activities_);
}

}  // namespace bulwark::detectrun
