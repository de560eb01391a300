// UEBA anomaly detection. Events are offered as they are read, in any order within chunks of
// `maxPending`; each chunk is replayed in time order against the principals' baselines, and
// finish() replays the rest and saves the baselines.
//
// Which events are analysed, and how, comes from activity declarations (activity_catalog.h):
// the kernel's own (Activity Log callers and signed-in users) and those of plugins. Each
// declaration names the checks that apply to its principals and the anomaly kind each raises
// (activity_declaration.h lists the checks):
//   new-operation, new-country, new-address, impossible-travel (two consecutive located events
//   farther apart than travel allows), mass-deletion (deletions in one hour above
//   median + max(madFactor * MAD, minDeletionExcess) of the principal's active hours),
//   delegated-new-address (a delegated credential used from an address never seen) and
//   unusual-extraction (bytes out in one hour above
//   median + max(madFactor * MAD, minExtractionExcessBytes)).
// Nothing is raised while a principal is inside its learning period (from its first event).
// Events at or before the newest one already learned for a principal are skipped, so running
// over the same log twice learns nothing twice. Every alert's description states the baseline
// it departs from.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "detect/alert.h"
#include "detect/event.h"
#include "ueba/activity_catalog.h"
#include "ueba/principal_baseline.h"

namespace bulwark::ueba {

class BaselineStore;
class GeoLocator;

struct AnomalyOptions {
  int64_t learningNs = 14LL * 86400 * 1000000000;
  BaselineLimits limits;
  double madFactor = 5;
  double minDeletionExcess = 10;  // the floor: a quiet principal still may delete this many
  double minExtractionExcessBytes = 1024.0 * 1024 * 1024;  // likewise for bytes out in 1h
  double maxSpeedKmh = 900;                                // an airliner
  double minTravelKm = 500;  // country centres are approximate; closer is not travel
  size_t evidenceLines = 20;
  // Events kept before they are replayed: time order is restored within each such chunk,
  // and memory stays bounded on endless inputs.
  size_t maxPending = 8192;
};

struct AnomalyStats {
  uint64_t analysed = 0;        // events replayed against baselines
  uint64_t alreadyLearned = 0;  // skipped: at or before a principal's newest learned event
  uint64_t principals = 0;
  uint64_t inLearning = 0;  // analysed while their principal was learning
};

class AnomalyDetector {
 public:
  // `store` (baselines are read from and saved to it) and `geo` (countries; without it the
  // country and travel checks are off) may be null; they and `catalog` must outlive the
  // detector.
  AnomalyDetector(BaselineStore* store, const GeoLocator* geo, AnomalyOptions options = {},
                  const ActivityCatalog& catalog = ActivityCatalog::builtIn());
  ~AnomalyDetector();

  // Keeps a compact copy of an event UEBA analyses; false (and nothing kept) otherwise.
  bool offer(const detect::Event& event, const detect::KeyTable& keys);
  // Replays what was offered, saves the baselines and returns the alerts, oldest first. The
  // detector may be offered more events afterwards (follow mode calls this every poll).
  std::vector<detect::Alert> finish();
  const AnomalyStats& stats() const { return stats_; }

 private:
  struct Activity;
  struct Principal;
  static constexpr int16_t kUnknown = -2;
  static constexpr int16_t kNone = -1;
  // By event type key: the index of its declaration in declarations_, kNone, or kUnknown.
  std::vector<int16_t> typeActivity_;
  std::vector<const DeclaredActivity*> declarations_;
  void replay();
  Principal& principal(const std::string& name, int64_t firstNs);
  void analyse(const Activity& a);
  void closeHour(Principal& p);
  void checkDeletions(Principal& p, int64_t hour);
  void checkExtraction(Principal& p, int64_t hour);
  void checkLocation(Principal& p, const Activity& a, bool learning);
  // Nothing (an invalid alert) when the activity's declaration does not raise `check`.
  bool raises(const Activity& a, AnomalyCheck check) const;
  detect::Alert alertFor(const Activity& a, AnomalyCheck check, const std::string& key);

  BaselineStore* store_;
  const GeoLocator* geo_;
  AnomalyOptions options_;
  const ActivityCatalog& catalog_;
  std::vector<Activity> pending_;
  std::unordered_map<std::string, std::unique_ptr<Principal>> principals_;
  std::vector<detect::Alert> alerts_;
  AnomalyStats stats_;
};

}  // namespace bulwark::ueba
