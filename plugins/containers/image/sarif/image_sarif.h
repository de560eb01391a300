// SARIF 2.1.0 of an image scan (`images scan --format sarif`): one rule per advisory, one result
// per (advisory, package) whose level follows the severity, located at the file in the image
// that declared the package (relative to the IMAGE_ROOT base), with the layer in its
// properties. Findings set aside by an ignore file or VEX are results with an external,
// accepted suppression carrying the reason.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "image/image_scan.h"

namespace bulwark::image {

nlohmann::json imageScanSarif(const ImageScanResult& result, const std::string& toolVersion);

// SARIF level of an advisory severity: Critical/High error, Medium warning, else note.
const char* sarifLevelOf(const std::string& severity);

}  // namespace bulwark::image
