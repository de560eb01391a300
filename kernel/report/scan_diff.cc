#include "report/scan_diff.h"

#include <map>

#include "score/secure_score.h"

namespace bulwark {
namespace {

bool failing(AssessmentState s) {
  return s == AssessmentState::Unhealthy || s == AssessmentState::Error;
}

}  // namespace

std::string findingId(const std::string& assessmentId, const std::string& resourceId) {
  return toLowerAscii(assessmentId) + "|" + toLowerAscii(resourceId);
}

ScanDiff diffScans(const ScanRecord& older, const ScanRecord& newer) {
  std::map<std::string, Finding> findings;
  for (const auto& r : older.results) {
    Finding& f = findings[findingId(r.assessmentId, r.resourceId)];
    f = {findingId(r.assessmentId, r.resourceId), r.assessmentId, r.resourceId, r.state,
         AssessmentState::NotApplicable,          r.reason};
  }
  for (const auto& r : newer.results) {
    std::string id = findingId(r.assessmentId, r.resourceId);
    auto it = findings.find(id);
    if (it == findings.end()) {
      findings[id] = {id,      r.assessmentId, r.resourceId, AssessmentState::NotApplicable,
                      r.state, r.reason};
    } else {
      it->second.after = r.state;
      it->second.reason = r.reason;
    }
  }
  ScanDiff d;
  d.fromScan = older.id;
  d.toScan = newer.id;
  for (auto& [id, f] : findings) {
    bool was = failing(f.before), is = failing(f.after);
    if (is && !was) d.added.push_back(f);
    if (was && !is) d.resolved.push_back(f);
    if (was && is) d.still.push_back(f);
  }
  d.scoreBefore = computeSecureScore(older, {}).percentage;
  d.scoreAfter = computeSecureScore(newer, {}).percentage;
  return d;
}

}  // namespace bulwark
