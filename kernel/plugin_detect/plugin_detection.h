// What `bulwark detect` asks of plugins beyond their YAML rules, through the SDK:
//   - event sources: a --source TYPE that no kernel reader has is read by the plugin that
//     lists TYPE in its manifest (read_events); its events join the stream like any reader's,
//     and records it cannot parse are counted and reported by file and record number;
//   - native detectors: plugins with BW_CAP_DETECT get the event stream in batches of bw_event
//     (keys from the same table the engine uses, so nothing is translated), and the alerts
//     they emit join the engine's after validation (PluginAlertIntake).
// A native detector whose call fails is reported by name and detection goes on without that
// batch; an event source that cannot read a file stops the run, as a kernel reader does.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "detect/alert.h"
#include "detect/readers/reader.h"
#include "detect/sources/source_registry.h"
#include "loader/plugin_instance.h"
#include "loader/plugin_loader.h"
#include "plugin_detect/plugin_alert_intake.h"

namespace bulwark::plugindetect {

struct PluginDetectionStats {
  uint64_t batches = 0;        // detect calls made
  uint64_t eventsHanded = 0;   // events handed to detectors
  uint64_t alerts = 0;         // alerts taken
  uint64_t invalidAlerts = 0;  // alerts refused by validation
  uint64_t failedCalls = 0;    // detect calls that returned an error
};

class PluginDetection {
 public:
  static constexpr size_t kBatch = 1024;
  static constexpr size_t kProblemsShown = 20;  // per kind; the rest are only counted

  // `keys` is the engine's table; it and `diagnostics` must outlive this object.
  PluginDetection(detect::KeyTable& keys, std::ostream& diagnostics);
  ~PluginDetection();
  PluginDetection(const PluginDetection&) = delete;
  PluginDetection& operator=(const PluginDetection&) = delete;

  // Creates an instance of `plugin` with its operator settings. Its event sources are offered
  // when it lists any; its native detectors run when `runDetectors` and it has BW_CAP_DETECT.
  // A plugin whose instance cannot be created is reported and left out.
  void add(std::shared_ptr<LoadedPlugin> plugin, const nlohmann::json& settings, bool runDetectors);

  // Adds every plugin event source to `registry` (a type it already has keeps its entry).
  // The entries call back into this object, which must outlive them.
  void registerSources(detect::SourceRegistry& registry);
  // Reads a file or folder with the plugin source of `type`; a file ending inside a record is
  // reported with that record's number. Throws std::runtime_error when the path cannot be read
  // or the plugin fails on a file (naming plugin and file).
  detect::ReadStats readSource(const std::string& type, const std::string& path,
                               const detect::EventSink& sink);
  // Reads one file from `position` (0 or an offset it returned), advancing it past the whole
  // records read: a partial last record waits (follow mode). Throws like readSource.
  void readFrom(const std::string& type, const std::string& file, bw_read_position& position,
                const detect::EventSink& sink, detect::ReadStats& stats);

  bool hasDetectors() const { return detectorCount_ > 0; }
  size_t detectorCount() const { return detectorCount_; }
  // Copies `event` into the current batch; a full batch goes to the detectors.
  void offer(const detect::Event& event);
  // Hands what is batched to the detectors (end of input, end of a follow poll).
  void flush();
  // Follow mode: alerts raised or merged since the last call.
  std::vector<detect::Alert> drainChangedAlerts();
  // Batch mode: alerts whose dedup window has closed (everything with `all`).
  std::vector<detect::Alert> takeFinishedAlerts(bool all = false);
  const PluginDetectionStats& stats() const { return stats_; }

 private:
  struct Plugin;
  void report(const std::string& line, uint64_t& shown);

  detect::KeyTable& keys_;
  std::ostream& diagnostics_;
  std::vector<std::unique_ptr<Plugin>> plugins_;
  size_t detectorCount_ = 0;
  std::vector<detect::Event> batch_;  // slots reused from batch to batch
  size_t batched_ = 0;
  std::vector<bw_event> wire_;
  std::vector<std::vector<bw_field>> wireFields_;
  int64_t newestNs_ = INT64_MIN;
  detect::Key recordKey_;  // BW_RECORD_FIELD
  detect::Event intake_;   // the event a plugin's emitted record is copied into
  PluginAlertIntake alertIntake_;
  PluginDetectionStats stats_;
  uint64_t invalidShown_ = 0;
  uint64_t failuresShown_ = 0;
  // The file read_events is reading, and where its events and skipped records go.
  const std::string* readingFile_ = nullptr;
  const detect::EventSink* readingSink_ = nullptr;
  detect::ReadStats* readingStats_ = nullptr;
  uint64_t readingEvents_ = 0;
  std::set<std::string> fileNames_;  // events point at these; stable addresses
};

}  // namespace bulwark::plugindetect
