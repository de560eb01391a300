// Software bills of materials of a scanned image: CycloneDX 1.5 JSON (components with purls,
// the layer and file each came from, and the vulnerabilities found with their fixed versions)
// and SPDX 2.3 JSON (packages with purl external references, CONTAINS relationships from the
// image). Both name the image by reference and digest.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "image/image_scan.h"

namespace bulwark::image {

struct SbomContext {
  std::string timestamp;    // RFC 3339 UTC, e.g. 2026-11-29T04:40:00Z
  std::string uuid;         // random v4 UUID text, 8-4-4-4-12 lowercase hex
  std::string toolVersion;  // bulwark's version
};

// A context for now, with a fresh random UUID.
SbomContext currentSbomContext();

nlohmann::json cycloneDxSbom(const ImageScanResult& result, const SbomContext& context);
nlohmann::json spdxSbom(const ImageScanResult& result, const SbomContext& context);

}  // namespace bulwark::image
