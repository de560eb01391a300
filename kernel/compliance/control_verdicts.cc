#include "compliance/control_verdicts.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace bulwark::compliance {

namespace {

std::vector<std::string> splitDots(const std::string& id) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = id.find_first_of(".-", start);
    parts.push_back(id.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool allDigits(const std::string& s) {
  return !s.empty() && s.size() < 10 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The standard's controls plus, when it asks for them, those only assessments cite.
std::vector<Control> controlsOf(const Standard& standard, const ScanRecord& scan) {
  std::vector<Control> controls = standard.controls;
  if (!standard.controlsFromReferences) return controls;
  std::set<std::string> known;
  for (const auto& c : controls)
    known.insert(c.id);
  std::vector<Control> extra;
  for (const auto& a : scan.assessments) {
    for (const auto& ref : a.compliance) {
      bool ours =
          std::any_of(standard.references.begin(), standard.references.end(),
                      [&](const std::string& n) { return equalsIgnoreCase(n, ref.standard); });
      if (!ours || !known.insert(ref.control).second) continue;
      Control c;
      c.id = ref.control;
      extra.push_back(c);
    }
  }
  std::sort(extra.begin(), extra.end(),
            [](const Control& a, const Control& b) { return controlIdLess(a.id, b.id); });
  controls.insert(controls.end(), extra.begin(), extra.end());
  return controls;
}

}  // namespace

const char* statusName(ControlStatus s) {
  switch (s) {
    case ControlStatus::Passed:
      return "passed";
    case ControlStatus::Failed:
      return "failed";
    case ControlStatus::NotAssessed:
      break;
  }
  return "not assessed";
}

bool controlIdLess(const std::string& a, const std::string& b) {
  auto pa = splitDots(a), pb = splitDots(b);
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    if (pa[i] == pb[i]) continue;
    if (allDigits(pa[i]) && allDigits(pb[i])) return std::stol(pa[i]) < std::stol(pb[i]);
    return pa[i] < pb[i];
  }
  return pa.size() < pb.size();
}

ComplianceReport assessCompliance(const Standard& standard, const ScanRecord& scan,
                                  const std::vector<ResourceId>& scopes) {
  // assessment id -> results in scope
  std::map<std::string, std::vector<const ResultRecord*>> resultsOf;
  for (const auto& r : scan.results) {
    auto id = ResourceId::parse(r.resourceId);
    if (!id || !inAnyScope(*id, scopes)) continue;
    resultsOf[r.assessmentId].push_back(&r);
  }
  ComplianceReport report;
  report.standardId = standard.id;
  report.standardName = standard.name;
  for (const auto& control : controlsOf(standard, scan)) {
    ControlVerdict v;
    v.id = control.id;
    v.title = control.title;
    std::map<std::string, bool> resourceFails;  // resource key -> any failing result
    for (const auto& a : scan.assessments) {
      if (!standard.evidences(control, a)) continue;
      v.assessments.push_back(a.id);
      if (v.title.empty()) v.title = a.title;
      FailingAssessment f{a.id, a.title, 0};
      for (const ResultRecord* r : resultsOf[a.id]) {
        std::string key = toLowerAscii(r->resourceId);
        switch (r->state) {
          case AssessmentState::Healthy:
            resourceFails.emplace(key, false);
            break;
          case AssessmentState::Unhealthy:
          case AssessmentState::Error:
            resourceFails[key] = true;
            f.failingResources++;
            break;
          case AssessmentState::NotApplicable:
          case AssessmentState::Exempt:
            break;
        }
      }
      if (f.failingResources > 0) v.failing.push_back(f);
    }
    for (const auto& [resource, fails] : resourceFails) {
      (fails ? v.unhealthyResources : v.healthyResources)++;
    }
    if (v.unhealthyResources > 0) {
      v.status = ControlStatus::Failed;
      report.failed++;
    } else if (v.healthyResources > 0) {
      v.status = ControlStatus::Passed;
      report.passed++;
    } else {
      report.notAssessed++;
    }
    report.controls.push_back(std::move(v));
  }
  return report;
}

}  // namespace bulwark::compliance
