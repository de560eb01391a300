// "Container registry images should have vulnerability findings resolved" (Defender's
// assessment for registries, control Remediate vulnerabilities): a registry is Unhealthy when
// a completed scan of one of its images (references under its loginServer, from
// `bulwark images scan` or scan on push) has findings, Healthy when every scanned image is
// clean, and NotApplicable when none of its images was scanned. The findings are the
// sub-assessments in the evidence.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

#include "image/scan_status.h"

namespace bulwark::containers {

inline constexpr const char* kRegistryImagesAssessmentId =
    "containers.registry-images-vulnerabilities";

sdk::AssessmentDef registryImagesAssessment();

// The verdict on one registry, given the image scan statuses.
sdk::Verdict registryImageFindings(const sdk::Resource& registry,
                                   const std::vector<image::ImageStatus>& statuses);

}  // namespace bulwark::containers
