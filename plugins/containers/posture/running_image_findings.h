// "Running container images should have vulnerability findings resolved" (Defender for
// Containers' assessment for workloads, control Remediate vulnerabilities): the images a
// Kubernetes workload runs (containers, init and ephemeral containers of its pod template),
// joined with the completed image scans (`bulwark images scan`, scan on push) by digest or by
// canonical reference. Unhealthy when a scanned image has findings, Healthy when every scanned
// one is clean, NotApplicable when none of its images was scanned (the unscanned are listed).
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

#include "image/scan_status.h"

namespace bulwark::containers {

inline constexpr const char* kRunningImagesAssessmentId =
    "containers.running-images-vulnerabilities";

// The images of a Kubernetes object's pod spec (Pod, the pod template of Deployments,
// StatefulSets, DaemonSets, ReplicaSets and Jobs, CronJobs' job template), in order, once each.
std::vector<std::string> podImages(const sdk::Json& object);

sdk::Verdict runningImageFindings(const std::vector<std::string>& images,
                                  const std::vector<image::ImageStatus>& statuses);

// `resourceType`: the workloads' type; `manifestPath`: where the resource keeps the Kubernetes
// object ("" for the resource itself).
sdk::AssessmentDef runningImagesAssessment(const std::string& resourceType,
                                           const std::string& manifestPath);

}  // namespace bulwark::containers
