#include "detectrun/event_stages.h"

namespace bulwark::detectrun {

EventStages::EventStages(detect::Engine& engine, ueba::AnomalyDetector* anomalies,
                         plugindetect::PluginDetection* detectors, const detect::KeyTable& keys)
    : engine_(engine),
      anomalies_(anomalies),
      detectors_(detectors != nullptr && detectors->hasDetectors() ? detectors : nullptr),
      keys_(keys),
      sink_([this](detect::Event&& e) { push(std::move(e)); }) {}

void EventStages::push(detect::Event&& e) {
  if (anomalies_ != nullptr) anomalies_->offer(e, keys_);
  if (detectors_ != nullptr) detectors_->offer(e);
  engine_.push(std::move(e));
  if (every_ != 0 && ++pushed_ % every_ == 0) callback_();
}

void EventStages::onEvery(uint64_t every, std::function<void()> callback) {
  every_ = every;
  callback_ = std::move(callback);
}

}  // namespace bulwark::detectrun
