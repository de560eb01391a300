// Renders a scan record for people (table) or programs (json, csv); formats.h has the other
// formats and renderScanReport(). Secrets were redacted before the record was built, so
// reports can be shared.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "model/scan_record.h"

namespace bulwark {

struct ScanCounts {
  size_t healthy = 0, unhealthy = 0, notApplicable = 0, error = 0, exempt = 0;
  size_t total() const { return healthy + unhealthy + notApplicable + error + exempt; }
};

// The version of the JSON report's shape (docs/report-schema.md); bumped on any change
// that is not a pure addition.
inline constexpr int kJsonReportSchemaVersion = 1;

ScanCounts countResults(const ScanRecord& scan);

// `color`: ANSI colours for severities and states (see terminal_color.h for when).
void writeTableReport(const ScanRecord& scan, std::ostream& out, bool color = false);
// One row per result (RFC 4180, CRLF line ends, a header row).
void writeCsvReport(const ScanRecord& scan, std::ostream& out);
nlohmann::json jsonReport(const ScanRecord& scan);
struct SecureScore;
nlohmann::json secureScoreJson(const SecureScore& score);

// Whether any Unhealthy or Error result has severity >= `level` ("none" never matches).
// Errors count: a check that could not decide is not a pass.
bool hasFindingsAtOrAbove(const ScanRecord& scan, const std::string& level);

}  // namespace bulwark
