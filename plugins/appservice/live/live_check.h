// One live endpoint check as data, and its assessment: the judge sees
// properties.bulwarkEndpoint of a Bulwark.Web/endpoints resource. A judge throws (and the
// assessment reports Error with the message) or returns notApplicable when what it needs was
// not measured; it never returns Healthy for something it could not see.
#pragma once

#include <bulwark/plugin.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::appservice::live {

struct LiveCheck {
  const char* id;
  const char* title;
  sdk::Severity severity;
  const char* control;
  const char* remediation;
  const char* quickFix;
  std::function<sdk::Verdict(const sdk::Json& facts)> judge;
};

std::vector<sdk::AssessmentDef> liveAssessments(std::vector<LiveCheck> checks);

// Errors of a part of the facts: a Verdict of State::Error with the part's error message and
// the endpoint's url, or nullopt when `part` was measured.
std::optional<sdk::Verdict> unmeasured(const sdk::Json& facts, const char* part);

}  // namespace bulwark::appservice::live
