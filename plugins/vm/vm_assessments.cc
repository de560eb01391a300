#include "vm_assessments.h"

#include "vm_check.h"

namespace bulwark::vm {

std::vector<sdk::AssessmentDef> computeAssessments() {
  std::vector<sdk::AssessmentDef> all;
  for (auto group : {vmNetworkChecks(), vmMachineChecks(), vmDiskChecks()}) {
    for (auto& a : group)
      all.push_back(std::move(a));
  }
  return all;
}

}  // namespace bulwark::vm
