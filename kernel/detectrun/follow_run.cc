// A follow run: the sources are polled for what is appended; each poll's alerts (engine,
// native detectors, UEBA) that changed are suppressed, saved with the read positions in one
// transaction, and printed as they change. Stops at --max-polls or when `stop` is set.
#include <chrono>
#include <thread>

#include "detect/alert_format.h"
#include "detect/alert_store.h"
#include "detectrun/detect_pipeline.h"
#include "detectrun/event_stages.h"
#include "suppress/suppression_store.h"
#include "util/time.h"

namespace bulwark::detectrun {

DetectOutcome DetectPipeline::runFollow() {
  detect::AlertStore db(settings_.store);
  suppress::SuppressionStore suppressions(settings_.store);
  std::vector<std::unique_ptr<detect::SourceFollower>> followers;
  for (const ResolvedSource& s : sources_.sources) {
    auto f = s.source->follow(s.name, s.path);
    if (auto saved = db.position(f->position().source)) f->restore(*saved);
    followers.push_back(std::move(f));
  }
  plugindetect::PluginDetection* detectors =
      pluginDetection_->hasDetectors() ? pluginDetection_.get() : nullptr;
  EventStages stages(*engine_, anomalies_.get(), detectors, keys_);
  detect::ReadStats total;
  const int pollMs = std::max(settings_.pollMs, 10);
  for (int round = 1;; ++round) {
    bool stopping = (settings_.stop != nullptr && settings_.stop->load()) ||
                    (settings_.maxPolls > 0 && round >= settings_.maxPolls);
    for (auto& f : followers) {
      detect::ReadStats stats = f->poll(stages.sink());
      for (const auto& failure : stats.failures)
        diagnostics_ << failure.file << ":" << failure.line << ": skipped: " << failure.reason
                     << "\n";
      total.add(stats);
    }
    if (stopping) engine_->flush();
    std::vector<detect::Alert> changed = engine_->drainChangedAlerts();
    if (detectors != nullptr) {
      detectors->flush();
      std::vector<detect::Alert> found = detectors->drainChangedAlerts();
      changed.insert(changed.end(), found.begin(), found.end());
    }
    if (anomalies_) {
      // finish() replays what this poll offered and saves the baselines; the detector starts
      // afresh from the store on the next poll, so a restart loses nothing either.
      std::vector<detect::Alert> found = anomalies_->finish();
      changed.insert(changed.end(), found.begin(), found.end());
    }
    std::vector<detect::FollowPosition> positions;
    for (const auto& f : followers)
      positions.push_back(f->position());
    suppress::applySuppressions(changed, suppressions.list(), utcNowNs());
    db.save(changed, positions);
    if (!changed.empty()) {
      detect::writeAlerts(changed, settings_.format == "table" ? "table" : "jsonl", out_);
      out_.flush();
    }
    if (stopping) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(pollMs));
  }
  diagnostics_ << "bulwark detect: followed " << followers.size() << " source(s): " << total.lines
               << " lines, " << total.events << " events, " << total.failed << " unparsed\n";
  return DetectOutcome::Ok;
}

}  // namespace bulwark::detectrun
