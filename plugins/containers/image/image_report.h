// Image scan results as JSON (the stored form, and --format json) and as a table rendered
// from that JSON, so `images show` prints a stored scan exactly as `images scan` did.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "image/image_scan.h"

namespace bulwark::image {

nlohmann::json scanResultJson(const ImageScanResult& result);
std::string renderScanTable(const nlohmann::json& scan);

}  // namespace bulwark::image
