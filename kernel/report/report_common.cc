#include "report/report.h"

namespace bulwark {

ScanCounts countResults(const ScanRecord& scan) {
  ScanCounts c;
  for (const auto& r : scan.results) {
    switch (r.state) {
      case AssessmentState::Healthy:
        ++c.healthy;
        break;
      case AssessmentState::Unhealthy:
        ++c.unhealthy;
        break;
      case AssessmentState::NotApplicable:
        ++c.notApplicable;
        break;
      case AssessmentState::Error:
        ++c.error;
        break;
      case AssessmentState::Exempt:
        ++c.exempt;
        break;
    }
  }
  return c;
}

bool hasFindingsAtOrAbove(const ScanRecord& scan, const std::string& level) {
  auto threshold = parseSeverity(level);
  if (!threshold) return false;
  for (const auto& r : scan.results) {
    if (r.state != AssessmentState::Unhealthy && r.state != AssessmentState::Error) continue;
    const AssessmentInfo* a = scan.assessment(r.assessmentId);
    Severity s = a != nullptr ? a->severity : Severity::High;
    if (s >= *threshold) return true;
  }
  return false;
}

}  // namespace bulwark
