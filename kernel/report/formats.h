// The report formats beyond table, JSON and CSV, and the one entry point that renders a scan
// in any format. Every renderer reads only the scan record: what was redacted before the
// record was built stays redacted.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "model/scan_record.h"

namespace bulwark {

struct RenderOptions {
  bool color = false;  // ANSI colour in the table format only
};

// "table", "json", "csv", "sarif", "ocsf", "html".
const std::vector<std::string>& reportFormats();

// The report of `scan` in one of reportFormats(); throws std::invalid_argument otherwise.
std::string renderScanReport(const ScanRecord& scan, const std::string& format,
                             const RenderOptions& options = {});

// SARIF 2.1.0: one run; the assessments are the rules, Unhealthy results are results,
// Exempt results are suppressed results, Error results are tool execution notifications.
nlohmann::json sarifReport(const ScanRecord& scan);

// OCSF 1.3.0 Compliance Finding events (class_uid 2003), one per result, as a JSON array.
inline constexpr const char* kOcsfSchemaVersion = "1.3.0";
nlohmann::json ocsfFindings(const ScanRecord& scan);

// A self-contained HTML page: inline CSS and SVG, no script, nothing fetched from anywhere
// (a Content-Security-Policy forbids it). Every text from the scan is HTML-escaped.
void writeHtmlReport(const ScanRecord& scan, std::ostream& out);

}  // namespace bulwark
