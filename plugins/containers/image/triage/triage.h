// Applies an ignore file and OpenVEX statements to a scan: findings they cover move from
// result.findings to result.suppressed (with the reason, or the VEX status and justification),
// so they are reported but not counted. Expired ignore entries do not apply and leave a note
// in result.triageNotes.
#pragma once

#include <string>
#include <vector>

#include "image/image_scan.h"
#include "image/triage/ignore_file.h"
#include "image/triage/openvex.h"

namespace bulwark::image {

struct Triage {
  std::vector<IgnoreEntry> ignores;
  std::vector<VexStatement> vex;  // in command-line order; for one finding the last match wins
  bool empty() const { return ignores.empty() && vex.empty(); }
};

// `today` is YYYY-MM-DD (UTC). VEX statements are applied first: a finding a VEX statement
// marks not affected is reported as such even when an ignore entry covers it too.
void applyTriage(ImageScanResult& result, const Triage& triage, const std::string& today);

// Whether the package URL `given` (from a VEX document) names the package whose URL is
// `actual`: qualifiers and subpath are ignored, and a `given` without a version names every
// version.
bool purlNamesPackage(const std::string& given, const std::string& actual);

}  // namespace bulwark::image
