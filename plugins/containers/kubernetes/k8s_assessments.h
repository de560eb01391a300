// The native assessments of Kubernetes workloads and RBAC objects (ids containers.k8s-...),
// each mapped to the Pod Security Standards level or CIS Kubernetes Benchmark v1.8 control it
// enforces (AssessmentDef::compliance).
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::containers::k8s {

inline constexpr const char* kPss = "Pod Security Standards";
inline constexpr const char* kCis = "CIS Kubernetes Benchmark v1.8";

std::vector<sdk::AssessmentDef> kubernetesAssessments();

}  // namespace bulwark::containers::k8s
