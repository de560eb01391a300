#include "host_assessments.h"

#include "host_check.h"

namespace bulwark::vm {

std::vector<sdk::AssessmentDef> hostAssessments() {
  std::vector<sdk::AssessmentDef> all;
  for (auto group : {sshdChecks(), accountChecks(), kernelChecks(), systemChecks()}) {
    for (auto& a : group)
      all.push_back(std::move(a));
  }
  return all;
}

}  // namespace bulwark::vm
