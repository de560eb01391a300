#include "plugin_detect/plugin_detection.h"

#include <climits>
#include <filesystem>
#include <stdexcept>

#include "detect/event_wire.h"
#include "plugin_detect/plugin_event_source.h"
#include "plugin_detect/plugin_source_follower.h"

namespace bulwark::plugindetect {

struct PluginDetection::Plugin {
  std::shared_ptr<LoadedPlugin> loaded;
  // Two instances: read_events hands events on while it runs, and they may reach the detectors
  // at once; with its own instance a plugin's detect never runs inside its own read_events.
  std::unique_ptr<PluginInstance> reader;
  std::unique_ptr<PluginInstance> detector;
  bool runDetectors = false;
  uint64_t failures = 0;
};

PluginDetection::PluginDetection(detect::KeyTable& keys, std::ostream& diagnostics)
    : keys_(keys),
      diagnostics_(diagnostics),
      recordKey_(keys.intern(BW_RECORD_FIELD)),
      alertIntake_(keys) {}

PluginDetection::~PluginDetection() = default;

void PluginDetection::report(const std::string& line, uint64_t& shown) {
  if (shown++ < kProblemsShown) diagnostics_ << "bulwark detect: " << line << "\n";
}

void PluginDetection::add(std::shared_ptr<LoadedPlugin> plugin, const nlohmann::json& settings,
                          bool runDetectors) {
  const std::string id = plugin->manifest().id;
  HostBindings b;
  b.log = [this](const std::string& pluginId, bw_log_level level, const std::string& text) {
    if (level >= BW_LOG_WARNING)
      diagnostics_ << "bulwark detect: plugin " << pluginId << ": " << text << "\n";
  };
  b.intern = [this](std::string_view text) { return keys_.intern(text); };
  b.keyText = [this](bw_key key) { return keys_.text(key); };
  b.emitEvents = [this, id](const bw_event* events, size_t count, std::string& why) {
    if (readingSink_ == nullptr) {
      why = "events emitted outside read_events";
      return false;
    }
    for (size_t i = 0; i < count; ++i) {
      ++readingEvents_;
      ++readingStats_->lines;
      // One event for every record: the engine evaluates it in place and leaves its buffers.
      std::string bad = eventFromPlugin(events[i], keys_, recordKey_, intake_);
      if (!bad.empty()) {
        readingStats_->fail(
            *readingFile_, 0,
            "plugin " + id + ": event #" + std::to_string(readingEvents_) + ": " + bad);
        continue;
      }
      intake_.file = readingFile_;
      ++readingStats_->events;
      (*readingSink_)(std::move(intake_));
    }
    return true;
  };
  b.skipRecord = [this](uint64_t record, const std::string& reason) {
    if (readingStats_ == nullptr) return;
    ++readingStats_->lines;
    readingStats_->fail(*readingFile_, record, reason);
  };
  b.emitAlerts = [this, id](const bw_alert* alerts, size_t count, std::string&) {
    for (size_t i = 0; i < count; ++i) {
      std::string why = alertIntake_.take(id, alerts[i]);
      if (why.empty()) {
        ++stats_.alerts;
        continue;
      }
      ++stats_.invalidAlerts;
      report("plugin " + id + ": invalid alert dropped: " + why, invalidShown_);
    }
    return true;
  };
  auto entry = std::make_unique<Plugin>();
  entry->loaded = plugin;
  entry->runDetectors = runDetectors && (plugin->api().capabilities & BW_CAP_DETECT) &&
                        plugin->api().detect != nullptr;
  bool reads = !plugin->manifest().eventSources.empty();
  if (!entry->runDetectors && !reads) return;
  auto create = [&](std::unique_ptr<PluginInstance>& slot) {
    slot = std::make_unique<PluginInstance>(plugin, settings, b);
    if (slot->valid()) return true;
    diagnostics_ << "bulwark detect: plugin " << id
                 << ": cannot create an instance: " << slot->createError()
                 << "; its event sources and native detectors are off\n";
    return false;
  };
  if (reads && !create(entry->reader)) return;
  if (entry->runDetectors && !create(entry->detector)) return;
  if (entry->runDetectors) {
    alertIntake_.declare(id, plugin->manifest());
    ++detectorCount_;
  }
  plugins_.push_back(std::move(entry));
}

void PluginDetection::registerSources(detect::SourceRegistry& registry) {
  for (const auto& p : plugins_) {
    if (!p->reader) continue;
    for (const auto& s : p->loaded->manifest().eventSources) {
      detect::SourceType source;
      source.type = s.type;
      source.description = s.description;
      source.pluginId = p->loaded->manifest().id;
      source.read = [this, type = s.type](const std::string& path, const detect::EventSink& sink) {
        return readSource(type, path, sink);
      };
      source.follow = [this](const std::string& name, const std::string& path) {
        return std::make_unique<PluginSourceFollower>(*this, name, path);
      };
      registry.add(std::move(source));
    }
  }
}

void PluginDetection::readFrom(const std::string& type, const std::string& file,
                               bw_read_position& position, const detect::EventSink& sink,
                               detect::ReadStats& stats) {
  Plugin* owner = nullptr;
  for (const auto& p : plugins_) {
    for (const auto& s : p->loaded->manifest().eventSources) {
      if (s.type == type && p->reader) owner = p.get();
    }
  }
  if (owner == nullptr) throw std::runtime_error("no plugin reads source type '" + type + "'");
  readingFile_ = &*fileNames_.insert(file).first;
  readingSink_ = &sink;
  readingStats_ = &stats;
  readingEvents_ = 0;
  CallResult r = owner->reader->readEvents(type, file, position);
  readingFile_ = nullptr;
  readingSink_ = nullptr;
  readingStats_ = nullptr;
  if (!r.ok) {
    throw std::runtime_error(file + ": plugin " + owner->loaded->manifest().id +
                             " could not read it as " + type + ": " + r.error);
  }
}

detect::ReadStats PluginDetection::readSource(const std::string& type, const std::string& path,
                                              const detect::EventSink& sink) {
  detect::ReadStats stats;
  for (const std::string& file : detect::sourceFiles(path)) {
    bw_read_position position{};
    readFrom(type, file, position, sink, stats);
    std::error_code ec;
    uint64_t size = std::filesystem::file_size(file, ec);
    if (!ec && position.offset < size) {
      ++stats.lines;
      stats.fail(file, position.record + 1,
                 std::to_string(size - position.offset) + " bytes at byte " +
                     std::to_string(position.offset) +
                     " do not form a whole record (the file ends inside one)");
    }
  }
  return stats;
}

void PluginDetection::offer(const detect::Event& event) {
  if (detectorCount_ == 0) return;
  if (batched_ == batch_.size()) batch_.emplace_back();
  // Assigning into the slot's own strings reuses their capacity: once the slots have grown,
  // copying a batch allocates nothing.
  detect::Event& slot = batch_[batched_++];
  slot.timeNs = event.timeNs;
  slot.source = event.source;
  slot.type = event.type;
  slot.resourceId.assign(event.resourceId);
  slot.fields.resize(event.fields.size());
  for (size_t i = 0; i < event.fields.size(); ++i) {
    slot.fields[i].first = event.fields[i].first;
    slot.fields[i].second.assign(event.fields[i].second);
  }
  slot.raw.assign(event.raw);
  if (event.timeNs > newestNs_) newestNs_ = event.timeNs;
  if (batched_ >= kBatch) flush();
}

void PluginDetection::flush() {
  if (batched_ == 0) return;
  wire_.resize(batched_);
  if (wireFields_.size() < batched_) wireFields_.resize(batched_);
  for (size_t i = 0; i < batched_; ++i)
    wire_[i] = detect::toWire(batch_[i], wireFields_[i]);
  for (auto& p : plugins_) {
    if (!p->runDetectors) continue;
    ++stats_.batches;
    stats_.eventsHanded += batched_;
    CallResult r = p->detector->detect(wire_.data(), batched_);
    if (r.ok || r.status == BW_UNSUPPORTED) continue;
    ++stats_.failedCalls;
    ++p->failures;
    report("plugin " + p->loaded->manifest().id + ": native detector failed on a batch of " +
               std::to_string(batched_) + " events: " + r.error + " (detection goes on)",
           failuresShown_);
  }
  batched_ = 0;
}

std::vector<detect::Alert> PluginDetection::drainChangedAlerts() {
  return alertIntake_.drainChanged(newestNs_);
}

std::vector<detect::Alert> PluginDetection::takeFinishedAlerts(bool all) {
  return alertIntake_.takeFinished(all ? INT64_MAX : newestNs_);
}

}  // namespace bulwark::plugindetect
