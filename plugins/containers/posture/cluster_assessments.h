// Native checks of registries and AKS clusters no current built-in covers: the registry's
// content trust, quarantine and untagged-manifest retention (Premium policies); the cluster's
// network policy, node pools without public IPs, and a Kubernetes version still supported
// (data/kubernetes-end-of-life.json, judged on the day of the scan).
#pragma once

#include <bulwark/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bulwark::containers {

// "1.29.4" -> "1.29"; "" when it is not a version.
std::string kubernetesMinor(const std::string& version);

// The end of support of a minor version ("2025-02-28"), or nullopt when the table lacks it.
std::optional<std::string> kubernetesEndOfLife(const std::string& minor);

std::vector<sdk::AssessmentDef> registryPolicyAssessments();
std::vector<sdk::AssessmentDef> clusterAssessments();

}  // namespace bulwark::containers
