// One `bulwark detect` run as a pipeline:
//   sources -> engine -> UEBA -> native plugin detectors -> suppression -> store -> outputs
// set up from DetectSettings (rules, enabled plugins and their plans, the source registry,
// UEBA's activity declarations), then run once over every source (batch) or polled as the
// sources grow (follow). Progress, skipped records and summaries go to `diagnostics`, alerts
// to `out`, in the formats and wording `bulwark detect` has always printed.
#pragma once

#include <memory>
#include <ostream>
#include <set>
#include <vector>

#include "detect/engine.h"
#include "detect/sources/source_registry.h"
#include "detectrun/detect_settings.h"
#include "detectrun/source_setup.h"
#include "loader/plugin_loader.h"
#include "plans/plan_store.h"
#include "plugin_detect/plugin_detection.h"
#include "ueba/activity_catalog.h"
#include "ueba/anomaly_detector.h"
#include "ueba/baseline_store.h"
#include "ueba/geo_locator.h"

namespace bulwark::detectrun {

enum class DetectOutcome {
  Ok,
  Findings,  // an alert at or above --fail-on
  Usage,     // settings, rules, plugins or sources that cannot be used
  Runtime,   // an unreadable source, the store
};

class DetectPipeline {
 public:
  // `out` and `diagnostics` must outlive the pipeline.
  DetectPipeline(DetectSettings settings, std::ostream& out, std::ostream& diagnostics);
  ~DetectPipeline();
  DetectPipeline(const DetectPipeline&) = delete;
  DetectPipeline& operator=(const DetectPipeline&) = delete;

  // Sets up and runs; errors are written to `diagnostics` and turned into the outcome.
  DetectOutcome run();

 private:
  void setUp();          // throws for settings that cannot be used
  void setUpAnalysis();  // engine and UEBA; throws for the store
  DetectOutcome runBatch();
  DetectOutcome runFollow();

  DetectSettings settings_;
  std::ostream& out_;
  std::ostream& diagnostics_;
  detect::KeyTable keys_;
  detect::ReaderOptions readerOptions_;
  std::vector<detect::Rule> rules_;
  size_t ruleCount_ = 0;
  std::vector<std::shared_ptr<LoadedPlugin>> plugins_;  // enabled and loaded
  std::unique_ptr<plans::PlanStore> planStore_;
  std::unique_ptr<plugindetect::PluginDetection> pluginDetection_;
  detect::SourceRegistry registry_;
  RunSources sources_;
  std::unique_ptr<detect::Engine> engine_;
  std::unique_ptr<ueba::BaselineStore> baselines_;
  std::unique_ptr<ueba::GeoLocator> geo_;
  ueba::ActivityCatalog activities_;
  std::unique_ptr<ueba::AnomalyDetector> anomalies_;
};

}  // namespace bulwark::detectrun
