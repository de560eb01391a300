// The Azure Policy built-ins the plugin evaluates declaratively (policies/*.json), with
// Defender for App Service's severity, control, remediation and quick fix.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::appservice {

std::vector<sdk::AssessmentDef> declarativeAssessments();

}  // namespace bulwark::appservice
