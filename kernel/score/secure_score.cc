#include "score/secure_score.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace bulwark {

const std::vector<std::pair<std::string, int>>& securityControls() {
  static const std::vector<std::pair<std::string, int>> controls = {
      {"Enable MFA", 10},
      {"Secure management ports", 8},
      {"Apply system updates", 6},
      {"Remediate vulnerabilities", 6},
      {"Remediate security configurations", 4},
      {"Manage access and permissions", 4},
      {"Enable encryption at rest", 4},
      {"Encrypt data in transit", 4},
      {"Restrict unauthorized network access", 4},
      {"Apply adaptive application control", 3},
      {"Protect applications against DDoS attacks", 2},
      {"Enable endpoint protection", 2},
      {"Enable auditing and logging", 1},
      {"Implement security best practices", 0},
      {"Enable enhanced security features", 0},
  };
  return controls;
}

int controlMaxPoints(const std::string& control) {
  for (const auto& [name, points] : securityControls()) {
    if (equalsIgnoreCase(name, control)) return points;
  }
  // Defender's own name for the DDoS control varies; accept the short form too.
  if (equalsIgnoreCase(control, "Protect applications against DDoS")) return 2;
  return 0;
}

double roundTo4(double v) {
  return std::round(v * 10000.0) / 10000.0;
}

SecureScore computeSecureScore(const ScanRecord& scan, const std::vector<ResourceId>& scopes,
                               const std::string& scopeLabel) {
  struct Tally {
    bool judged = false;  // at least one Healthy, Unhealthy or Error
    bool failing = false;
  };
  std::map<std::string, std::string> controlOf;  // assessment id -> control
  std::map<std::string, ControlScore> controls;
  for (const auto& a : scan.assessments) {
    std::string control = a.control.empty() ? "Implement security best practices" : a.control;
    controlOf[a.id] = control;
    ControlScore& c = controls[toLowerAscii(control)];
    c.name = control;
    c.maxPoints = controlMaxPoints(control);
    c.assessments.push_back(a.id);
  }
  // control -> resource key -> tally
  std::map<std::string, std::map<std::string, Tally>> tallies;
  for (const auto& r : scan.results) {
    auto id = ResourceId::parse(r.resourceId);
    if (!id || !inAnyScope(*id, scopes)) continue;
    auto control = controlOf.find(r.assessmentId);
    if (control == controlOf.end()) continue;
    Tally& t = tallies[toLowerAscii(control->second)][id->key()];
    switch (r.state) {
      case AssessmentState::Healthy:
        t.judged = true;
        break;
      case AssessmentState::Unhealthy:
      case AssessmentState::Error:
        t.judged = true;
        t.failing = true;
        break;
      case AssessmentState::NotApplicable:
      case AssessmentState::Exempt:
        break;
    }
  }
  SecureScore score;
  score.scope = scopeLabel;
  double current = 0;
  for (auto& [key, c] : controls) {
    for (const auto& [resource, t] : tallies[key]) {
      if (!t.judged) {
        c.notApplicableResources++;
      } else if (t.failing) {
        c.unhealthyResources++;
      } else {
        c.healthyResources++;
      }
    }
    size_t counted = c.healthyResources + c.unhealthyResources;
    if (counted > 0) {
      c.current = c.maxPoints * static_cast<double>(c.healthyResources) / counted;
      c.potentialIncrease = c.maxPoints * static_cast<double>(c.unhealthyResources) / counted;
      current += c.current;
      score.max += c.maxPoints;
    }
    score.controls.push_back(c);
  }
  score.current = current;
  score.percentage = score.max > 0 ? roundTo4(current / score.max) : 0;
  std::stable_sort(score.controls.begin(), score.controls.end(),
                   [](const ControlScore& a, const ControlScore& b) {
                     if (a.potentialIncrease != b.potentialIncrease) {
                       return a.potentialIncrease > b.potentialIncrease;
                     }
                     return a.maxPoints > b.maxPoints;
                   });
  return score;
}

}  // namespace bulwark
