// Secure Scores stored with each scan: overall and per subscription, each with its controls,
// so `bulwark score --history` reads the trend instead of recomputing every scan. Scans
// stored before scores were (schema < 5, or a scan whose score write was interrupted) are
// scored from their stored results on first read and the scores saved then.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/scan_record.h"
#include "score/secure_score.h"

namespace bulwark {

// The scopes a scan is scored for: "" (everything) and "/subscriptions/<id>" for every
// subscription with a result, in the order first seen.
std::vector<std::string> scoredScopes(const ScanRecord& scan);

// Lower-case storage key of a scope label ("" stays "").
std::string scoreScopeKey(const std::string& scope);

// Computes and stores the scores of `scan` (saved, so `scan.id` is set) in the store at
// `storePath`, replacing any earlier rows of that scan. Throws StoreError.
void saveScanScores(const std::string& storePath, const ScanRecord& scan);

// The stored score of scan `scanId` for `scope` ("" or "/subscriptions/<id>", any case), or
// nullopt when none is stored for that pair. Throws StoreError.
std::optional<SecureScore> loadScanScore(const std::string& storePath, int64_t scanId,
                                         const std::string& scope);

struct ScoreHistoryEntry {
  int64_t scanId = 0;
  std::string startedAt;
  double percentage = 0;  // rounded to 4 decimals, like SecureScore::percentage
  double current = 0;
  int max = 0;
  std::optional<double> change;  // percentage minus the previous entry's; none for the first
};

// Every stored scan's score for `scope`, oldest first. Scans without stored scores are
// scored and saved first; a scan with no result in `scope` is left out. Throws StoreError.
std::vector<ScoreHistoryEntry> scoreHistory(const std::string& storePath, const std::string& scope);

}  // namespace bulwark
