// Checks of RBAC objects: wildcards in Role and ClusterRole rules, bindings to cluster-admin,
// roles that read secrets. Findings as in workload_checks.h.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::containers::k8s {

std::vector<sdk::Json> wildcardRuleFindings(const sdk::Json& manifest);
std::vector<sdk::Json> clusterAdminBindingFindings(const sdk::Json& manifest);
std::vector<sdk::Json> secretsAccessFindings(const sdk::Json& manifest);

}  // namespace bulwark::containers::k8s
