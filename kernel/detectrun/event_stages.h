// The stages every event read goes through, in this order: UEBA (keeps a compact copy of the
// activity it analyses), the plugins' native detectors (copy it into their batch), then the
// engine, which evaluates it in place: a source that reuses one event keeps its buffers.
#pragma once

#include <cstdint>
#include <functional>

#include "detect/engine.h"
#include "detect/readers/reader.h"
#include "plugin_detect/plugin_detection.h"
#include "ueba/anomaly_detector.h"

namespace bulwark::detectrun {

class EventStages {
 public:
  // `anomalies` and `detectors` may be null; everything must outlive this object.
  EventStages(detect::Engine& engine, ueba::AnomalyDetector* anomalies,
              plugindetect::PluginDetection* detectors, const detect::KeyTable& keys);

  void push(detect::Event&& event);
  // Calls `callback` after every `every` events (streamed output takes finished alerts).
  void onEvery(uint64_t every, std::function<void()> callback);
  // A sink for sources, calling push.
  const detect::EventSink& sink() const { return sink_; }

 private:
  detect::Engine& engine_;
  ueba::AnomalyDetector* anomalies_;
  plugindetect::PluginDetection* detectors_;
  const detect::KeyTable& keys_;
  uint64_t pushed_ = 0;
  uint64_t every_ = 0;
  std::function<void()> callback_;
  detect::EventSink sink_;
};

}  // namespace bulwark::detectrun
