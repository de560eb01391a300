// The follow loop of `bulwark detect --follow`: polls the sources, evaluates new lines, saves
// changed alerts together with the read positions, and prints the alerts as they change.
#pragma once

#include <atomic>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "detect/engine.h"
#include "detect/readers/reader.h"
#include "plugin_detect/plugin_detection.h"
#include "ueba/anomaly_detector.h"

namespace bulwark::cli {

struct FollowSettings {
  std::vector<std::pair<std::string, std::string>> sources;  // (type, path)
  std::string store;
  std::string format;  // table or jsonl lines as alerts change
  int pollMs = 1000;
  int maxPolls = 0;  // 0: until `stop`
  const std::atomic<bool>* stop = nullptr;
  // Optional: anomaly detection on the same events; its baselines are saved and its alerts
  // delivered at the end of every poll.
  ueba::AnomalyDetector* anomalies = nullptr;
  // Optional: plugins' native detectors; they get each poll's events (in batches) and their
  // alerts join the changed alerts of the poll.
  plugindetect::PluginDetection* plugins = nullptr;
  // Source types read by plugins (through `plugins`) rather than by kernel readers.
  std::set<std::string> pluginSourceTypes;
};

// Returns the process exit code.
int followSources(detect::Engine& engine, detect::KeyTable& keys,
                  const detect::ReaderOptions& readerOptions, const FollowSettings& settings);

}  // namespace bulwark::cli
