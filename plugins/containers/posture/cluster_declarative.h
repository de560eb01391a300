// The Azure Policy built-ins of container registries and AKS clusters the plugin evaluates
// declaratively (policies/*.json), with Defender for Containers' severity, control,
// remediation and quick fix.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::containers {

std::vector<sdk::AssessmentDef> registryAndClusterBuiltins();

}  // namespace bulwark::containers
