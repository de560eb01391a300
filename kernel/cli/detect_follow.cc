#include "cli/detect_follow.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "detect/alert_format.h"
#include "detect/alert_store.h"
#include "detect/follow.h"
#include "plugin_detect/plugin_source_follower.h"
#include "suppress/suppression_store.h"
#include "util/time.h"

namespace bulwark::cli {

using namespace bulwark::detect;

namespace {

// A kernel reader's follower or a plugin source's, behind one face.
struct SourceFollower {
  std::unique_ptr<Follower> kernel;
  std::unique_ptr<plugindetect::PluginSourceFollower> plugin;

  FollowPosition position() const { return kernel ? kernel->position() : plugin->position(); }
  void restore(const FollowPosition& p) { kernel ? kernel->restore(p) : plugin->restore(p); }
  ReadStats poll(const EventSink& sink) { return kernel ? kernel->poll(sink) : plugin->poll(sink); }
};

}  // namespace

int followSources(Engine& engine, KeyTable& keys, const ReaderOptions& readerOptions,
                  const FollowSettings& settings) {
  AlertStore db(settings.store);
  suppress::SuppressionStore suppressions(settings.store);
  std::vector<std::unique_ptr<SourceFollower>> followers;
  for (const auto& [type, path] : settings.sources) {
    auto f = std::make_unique<SourceFollower>();
    if (settings.pluginSourceTypes.count(type) && settings.plugins != nullptr)
      f->plugin =
          std::make_unique<plugindetect::PluginSourceFollower>(*settings.plugins, type, path);
    else
      f->kernel = std::make_unique<Follower>(type, path, keys, readerOptions);
    if (auto saved = db.position(f->position().source)) f->restore(*saved);
    followers.push_back(std::move(f));
  }
  ReadStats total;
  auto* plugins =
      settings.plugins != nullptr && settings.plugins->hasDetectors() ? settings.plugins : nullptr;
  for (int round = 1;; ++round) {
    bool stopping = (settings.stop != nullptr && settings.stop->load()) ||
                    (settings.maxPolls > 0 && round >= settings.maxPolls);
    for (auto& f : followers) {
      ReadStats stats = f->poll([&](Event&& e) {
        if (settings.anomalies != nullptr) settings.anomalies->offer(e, keys);
        if (plugins != nullptr) plugins->offer(e);
        engine.push(std::move(e));
      });
      for (const auto& failure : stats.failures)
        std::cerr << failure.file << ":" << failure.line << ": skipped: " << failure.reason << "\n";
      total.add(stats);
    }
    if (stopping) engine.flush();
    std::vector<Alert> changed = engine.drainChangedAlerts();
    if (plugins != nullptr) {
      plugins->flush();
      std::vector<Alert> found = plugins->drainChangedAlerts();
      changed.insert(changed.end(), found.begin(), found.end());
    }
    if (settings.anomalies != nullptr) {
      // finish() replays what this poll offered and saves the baselines; the detector starts
      // afresh from the store on the next poll, so a restart loses nothing either.
      std::vector<Alert> found = settings.anomalies->finish();
      changed.insert(changed.end(), found.begin(), found.end());
    }
    std::vector<FollowPosition> positions;
    for (const auto& f : followers)
      positions.push_back(f->position());
    suppress::applySuppressions(changed, suppressions.list(), utcNowNs());
    db.save(changed, positions);
    if (!changed.empty()) {
      writeAlerts(changed, settings.format == "table" ? "table" : "jsonl", std::cout);
      std::cout.flush();
    }
    if (stopping) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(settings.pollMs));
  }
  std::cerr << "bulwark detect: followed " << followers.size() << " source(s): " << total.lines
            << " lines, " << total.events << " events, " << total.failed << " unparsed\n";
  return kExitOk;
}

}  // namespace bulwark::cli
