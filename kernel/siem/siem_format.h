// Every alert output format in one place: the detect formats (table, json, jsonl) plus
// "ocsf" (OCSF Detection Findings as JSON Lines) and "cef" (one CEF line per alert).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "detect/alert.h"

namespace bulwark::siem {

bool isOutputFormat(const std::string& format);
inline constexpr const char* kOutputFormats = "table|json|jsonl|ocsf|cef";
void writeAlertsAs(const std::vector<detect::Alert>& alerts, const std::string& format,
                   std::ostream& out);

}  // namespace bulwark::siem
