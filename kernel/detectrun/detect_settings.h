// What one `bulwark detect` run reads, runs and writes: the command line's options with the
// configuration already loaded and the store chosen. cmd_detect.cc fills it in; the pipeline
// (detect_pipeline.h) runs it.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace bulwark::detectrun {

struct SourceSpec {
  std::string type;  // a kernel reader's type or alias, or a plugin event source's type
  std::string path;  // a file or a folder
};

struct DetectSettings {
  std::vector<SourceSpec> sources;
  // Enabled plugins and their settings (rule sets, native detectors, event sources, activity
  // declarations); none without a configuration.
  std::optional<Config> config;
  // Plugin folders: of the enabled plugins, and where a source type no kernel reader and no
  // enabled plugin reads is looked for.
  std::vector<std::string> pluginDirs;
  std::string store;     // the store file; plans are read from it even with noStore
  bool noStore = false;  // alerts, suppressions, baselines and positions stay out of the store
  std::vector<std::string> rulePaths;  // empty: a site pack beside programDir, if any
  std::string programDir;
  std::string dataDir;  // lists refreshed by `bulwark data update`
  int defaultYear = 0;  // syslog timestamps without a year; 0 infers it
  int reorderSeconds = 0;
  std::string format = "table";  // table, json, jsonl, ocsf or cef
  bool incidents = false;
  std::string failOn = "none";
  std::string planScope = "/";
  bool ueba = true;
  double learningDays = 14;
  std::string geoIpPath;
  bool follow = false;
  int pollMs = 1000;
  int maxPolls = 0;                         // follow: 0 polls until `stop`
  const std::atomic<bool>* stop = nullptr;  // follow: set by a signal handler
};

// 3 High, 2 Medium, 1 Low, 0 Informational (either case), -1 anything else.
int severityRank(std::string_view severity);

}  // namespace bulwark::detectrun
