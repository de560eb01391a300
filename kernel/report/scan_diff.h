// Differences between two scans, keyed by a stable finding id (assessment id + resource id,
// case-insensitive): what newly fails, what was resolved, what still fails, and the change in
// Secure Score.
#pragma once

#include <string>
#include <vector>

#include "model/scan_record.h"

namespace bulwark {

struct Finding {
  std::string id;  // "<assessment id>|<resource id>", lower-case
  std::string assessmentId;
  std::string resourceId;
  AssessmentState before = AssessmentState::NotApplicable;  // NotApplicable when absent
  AssessmentState after = AssessmentState::NotApplicable;
  std::string reason;  // the newer reason when there is one
};

struct ScanDiff {
  int64_t fromScan = 0, toScan = 0;
  std::vector<Finding> added;              // failing in the newer scan only
  std::vector<Finding> resolved;           // failing in the older scan only
  std::vector<Finding> still;              // failing in both
  double scoreBefore = 0, scoreAfter = 0;  // Secure Score percentages (0..1)
};

std::string findingId(const std::string& assessmentId, const std::string& resourceId);
ScanDiff diffScans(const ScanRecord& older, const ScanRecord& newer);

}  // namespace bulwark
