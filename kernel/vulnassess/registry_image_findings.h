// "Container registry images should have vulnerability findings resolved" (Defender's
// assessment for registries, control Remediate vulnerabilities): a registry is Unhealthy when
// a completed scan of one of its images (references under its loginServer, from
// `bulwark images scan` or scan on push) has findings, Healthy when every scanned image is
// clean, and NotApplicable when none of its images was scanned. The findings are the
// sub-assessments in the evidence.
#pragma once

#include <string>

#include "scan/scan_runner.h"

namespace bulwark::vulnassess {

inline constexpr const char* kRegistryImagesAssessmentId =
    "containers.registry-images-vulnerabilities";

// `storePath`: the store holding the image scan statuses (read when the scan runs).
KernelAssessment registryImageFindings(const std::string& storePath);

}  // namespace bulwark::vulnassess
