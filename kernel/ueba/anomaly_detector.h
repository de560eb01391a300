// UEBA anomaly detection. Events are offered as they are read, in any order within chunks of
// `maxPending`; each chunk is replayed in time order against the principals' baselines, and
// finish() replays the rest and saves the baselines. It raises:
//   ueba.new-operation     an operation the principal never performed before
//   ueba.new-country       a caller address in a country never seen for the principal
//   ueba.new-ip            a caller address never seen, in a country already known
//   ueba.impossible-travel two consecutive located events farther apart than travel allows
//   ueba.mass-deletion     deletions in one hour far above the principal's hourly median
//                          (median + max(madFactor * MAD, minDeletionExcess))
// and, for storage accounts (principal "storage-account/<name>", learned from their requests;
// no operation, country or travel checks, since accounts are called from everywhere):
//   ueba.storage.sas-new-ip            a SAS used from an address never seen for the account
//   ueba.storage.mass-deletion         blob deletions far above the account's hourly median
//   ueba.storage.unusual-extraction    bytes read in one hour far above the account's median
//                                      (median + max(madFactor * MAD, minExtractionExcessBytes))
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
#include "ueba/principal_baseline.h"

namespace bulwark::ueba {

class BaselineStore;
class GeoLocator;

struct AnomalyOptions {
  int64_t learningNs = 14LL * 86400 * 1000000000;
  BaselineLimits limits;
  double madFactor = 5;
  double minDeletionExcess = 10;  // the floor: a quiet principal still may delete this many
  double minExtractionExcessBytes = 1024.0 * 1024 * 1024;  // likewise for bytes read in 1h
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
  // country and travel checks are off) may be null; both must outlive the detector.
  AnomalyDetector(BaselineStore* store, const GeoLocator* geo, AnomalyOptions options = {});
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
  static constexpr int8_t kUnknown = -1;
  std::vector<int8_t> typeMayBeActivity_;  // by event type key: -1 unknown, 0 never, 1 maybe
  void replay();
  Principal& principal(const std::string& name, int64_t firstNs);
  void analyse(const Activity& a);
  void closeHour(Principal& p);
  void checkDeletions(Principal& p, int64_t hour);
  void checkExtraction(Principal& p, int64_t hour);
  void checkLocation(Principal& p, const Activity& a, bool learning);
  detect::Alert alertFor(const Activity& a, const std::string& kind, const std::string& key);

  BaselineStore* store_;
  const GeoLocator* geo_;
  AnomalyOptions options_;
  std::vector<Activity> pending_;
  std::unordered_map<std::string, std::unique_ptr<Principal>> principals_;
  std::vector<detect::Alert> alerts_;
  AnomalyStats stats_;
};

}  // namespace bulwark::ueba
