// CIS-mapped posture checks on the local Linux host, judged from the facts the host collector
// puts in properties.bulwarkHost (host_facts.h). Other Microsoft.HybridCompute/machines
// documents (Arc machines from the snapshot) are NotApplicable.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::vm {

inline constexpr const char* kCisUbuntu = "CIS Ubuntu Linux 22.04 LTS Benchmark v2.0.0";

std::vector<sdk::AssessmentDef> hostAssessments();

}  // namespace bulwark::vm
