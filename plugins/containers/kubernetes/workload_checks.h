// The checks of workload manifests, each a function from the pod template to its findings:
// one JSON object per offending container or pod field, {container?, field, value, ...}.
// No finding means the workload passes. They throw on values they cannot read (an assessment
// then reports Error, never Healthy).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kubernetes/pod_spec.h"

namespace bulwark::containers::k8s {

using Findings = std::vector<sdk::Json>;

// Pod level.
Findings hostPidFindings(const PodView& pod);
Findings hostIpcFindings(const PodView& pod);
Findings hostNetworkFindings(const PodView& pod);
Findings hostPathFindings(const PodView& pod);
Findings sensitiveHostPathFindings(const PodView& pod);
Findings hostPortFindings(const PodView& pod);
Findings automountTokenFindings(const PodView& pod);
Findings seccompFindings(const PodView& pod);
Findings appArmorFindings(const PodView& pod);

// Container level (init and ephemeral containers included).
Findings privilegedFindings(const PodView& pod);
Findings privilegeEscalationFindings(const PodView& pod);
Findings runAsRootFindings(const PodView& pod);
Findings dangerousCapabilityFindings(const PodView& pod);
Findings dropAllFindings(const PodView& pod);
Findings readOnlyRootFindings(const PodView& pod);
Findings resourceLimitFindings(const PodView& pod);
Findings procMountFindings(const PodView& pod);
Findings hostProcessFindings(const PodView& pod);
Findings secretEnvFindings(const PodView& pod);

// Images.
Findings latestTagFindings(const PodView& pod);
Findings digestFindings(const PodView& pod);
Findings registryFindings(const PodView& pod, const std::vector<std::string>& allowed);

// Host paths a container must never mount: the node's root, configuration, runtime sockets,
// kubelet state, kernel interfaces, root's home. `path` is normalised (no trailing '/').
bool isSensitiveHostPath(const std::string& path);

// The registry host of an image reference ("docker.io" for short names), its tag ("" when
// none) and digest ("" when none).
struct ImageParts {
  std::string registry;
  std::string repository;
  std::string tag;
  std::string digest;
};
ImageParts parseImage(const std::string& image);

}  // namespace bulwark::containers::k8s
