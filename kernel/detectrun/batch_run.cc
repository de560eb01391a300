// A batch run: every source read once, then the alerts of the engine, the plugins' native
// detectors and UEBA suppressed, stored and written.
#include <sstream>

#include "detect/alert_store.h"
#include "detect/incident_format.h"
#include "detect/incidents.h"
#include "detectrun/detect_pipeline.h"
#include "detectrun/event_stages.h"
#include "detectrun/streamed_alerts.h"
#include "siem/siem_format.h"
#include "suppress/suppression_store.h"
#include "util/time.h"

namespace bulwark::detectrun {
namespace {

constexpr size_t kFailuresShown = 20;
constexpr uint64_t kStreamEvery = 65536;  // events between two batches of streamed alerts

}  // namespace

DetectOutcome DetectPipeline::runBatch() {
  std::vector<suppress::SuppressionRule> suppressions;
  if (!settings_.noStore) suppressions = suppress::SuppressionStore(settings_.store).list();
  const bool streaming = settings_.format == "jsonl" && !settings_.incidents;
  std::unique_ptr<StreamedAlerts> streamed;
  if (streaming) streamed = std::make_unique<StreamedAlerts>(settings_, suppressions, out_);
  plugindetect::PluginDetection* detectors =
      pluginDetection_->hasDetectors() ? pluginDetection_.get() : nullptr;
  EventStages stages(*engine_, anomalies_.get(), detectors, keys_);
  if (streaming) {
    stages.onEvery(kStreamEvery, [&] {
      streamed->deliver(engine_->takeFinishedAlerts());
      if (detectors != nullptr) streamed->deliver(detectors->takeFinishedAlerts());
    });
  }
  detect::ReadStats total;
  for (const ResolvedSource& s : sources_.sources)
    total.add(s.source->read(s.path, stages.sink()));
  engine_->flush();

  std::vector<detect::Alert> found;  // plugin detectors' and anomaly alerts
  if (detectors != nullptr) {
    detectors->flush();
    const auto& p = detectors->stats();
    diagnostics_ << "bulwark detect: native plugin detectors: " << detectors->detectorCount()
                 << " plugin(s), " << p.eventsHanded << " events in " << p.batches << " batches, "
                 << p.alerts << " alerts taken, " << p.invalidAlerts << " invalid, "
                 << p.failedCalls << " failed calls\n";
    found = detectors->takeFinishedAlerts(true);
  }
  for (size_t i = 0; i < total.failures.size() && i < kFailuresShown; ++i) {
    const auto& f = total.failures[i];
    diagnostics_ << f.file << ":" << f.line << ": skipped: " << f.reason << "\n";
  }
  if (total.failed > kFailuresShown)
    diagnostics_ << "... and " << total.failed - kFailuresShown << " more unparsed lines\n";
  if (anomalies_) {
    auto anomalous = anomalies_->finish();
    found.insert(found.end(), anomalous.begin(), anomalous.end());
    const auto& u = anomalies_->stats();
    if (u.principals > 0)
      diagnostics_ << "bulwark detect: UEBA: " << u.principals << " principals, " << u.analysed
                   << " events analysed (" << u.inLearning << " while learning, "
                   << u.alreadyLearned << " already learned), " << anomalous.size()
                   << " anomalies\n";
  }
  const int failOn = settings_.failOn == "none" ? -1 : severityRank(settings_.failOn);

  if (streaming) {
    streamed->deliver(engine_->takeFinishedAlerts());
    streamed->deliver(engine_->alerts());
    streamed->deliver(std::move(found));
    diagnostics_ << "bulwark detect: " << total.lines << " lines, " << total.events << " events, "
                 << total.failed << " unparsed; " << ruleCount_ << " rules; "
                 << streamed->delivered() << " alerts (" << streamed->suppressed()
                 << " suppressed; streamed, --incidents groups them)\n";
    return failOn >= 0 && streamed->worstSeverity() >= failOn ? DetectOutcome::Findings
                                                              : DetectOutcome::Ok;
  }

  std::vector<detect::Alert> alerts = engine_->alerts();
  alerts.insert(alerts.end(), found.begin(), found.end());
  size_t suppressed = 0;
  if (!settings_.noStore) {
    suppressed = suppress::applySuppressions(alerts, suppressions, utcNowNs());
    detect::AlertStore(settings_.store).save(alerts);
  }
  diagnostics_ << "bulwark detect: " << total.lines << " lines, " << total.events << " events, "
               << total.failed << " unparsed; " << ruleCount_ << " rules; " << alerts.size()
               << " alerts (" << suppressed << " suppressed) in "
               << detect::correlate(alerts).size() << " incidents\n";
  std::ostringstream text;
  if (settings_.incidents && settings_.format == "table")
    detect::writeIncidentTimelines(detect::correlate(alerts), text);
  else if (settings_.incidents)
    text << detect::incidentsJson(detect::correlate(alerts))
                .dump(settings_.format == "json" ? 2 : -1)
         << "\n";
  else
    siem::writeAlertsAs(alerts, settings_.format, text);
  out_ << text.str();
  for (const auto& a : alerts) {
    if (failOn >= 0 && severityRank(a.severity) >= failOn) return DetectOutcome::Findings;
  }
  return DetectOutcome::Ok;
}

}  // namespace bulwark::detectrun
