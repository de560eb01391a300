// The sql plugin's recommendations that are Azure Policy built-in definitions, shipped as their
// JSON (policies/, from Azure/azure-policy, MIT) and evaluated by the kernel's policy engine:
// Defender's title, severity and control, a remediation and a quick fix each.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::sql {

std::vector<sdk::AssessmentDef> declarativeAssessments();

}  // namespace bulwark::sql
