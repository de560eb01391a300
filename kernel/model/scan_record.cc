#include "model/scan_record.h"

#include <algorithm>

#include "util/text.h"

namespace bulwark {

const char* stateName(AssessmentState s) {
  switch (s) {
    case AssessmentState::Healthy:
      return "Healthy";
    case AssessmentState::Unhealthy:
      return "Unhealthy";
    case AssessmentState::NotApplicable:
      return "NotApplicable";
    case AssessmentState::Error:
      return "Error";
    case AssessmentState::Exempt:
      return "Exempt";
  }
  return "Error";
}

std::optional<AssessmentState> parseState(const std::string& s) {
  for (auto st :
       {AssessmentState::Healthy, AssessmentState::Unhealthy, AssessmentState::NotApplicable,
        AssessmentState::Error, AssessmentState::Exempt}) {
    if (equalsIgnoreCase(s, stateName(st))) return st;
  }
  return std::nullopt;
}

const char* severityName(Severity s) {
  switch (s) {
    case Severity::High:
      return "High";
    case Severity::Medium:
      return "Medium";
    case Severity::Low:
      return "Low";
    case Severity::Informational:
      return "Informational";
  }
  return "Informational";
}

std::optional<Severity> parseSeverity(const std::string& s) {
  for (auto sev : {Severity::Informational, Severity::Low, Severity::Medium, Severity::High}) {
    if (equalsIgnoreCase(s, severityName(sev))) return sev;
  }
  return std::nullopt;
}

const AssessmentInfo* ScanRecord::assessment(const std::string& id) const {
  for (const auto& a : assessments) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

bool ScanRecord::hasErrors() const {
  return !problems.empty() ||
         std::any_of(results.begin(), results.end(),
                     [](const ResultRecord& r) { return r.state == AssessmentState::Error; }) ||
         std::any_of(pluginRuns.begin(), pluginRuns.end(), [](const PluginRun& r) {
           return r.status == "error" || r.status == "refused";
         });
}

}  // namespace bulwark
