#include "posture/finding_summary.h"

namespace bulwark::containers {

void FindingSummary::add(const nlohmann::json& row, const std::string& severity) {
  ++bySeverity[severity.empty() ? "Unknown" : severity];
  ++total;
  if (rows.size() < kMaxEvidenceFindings) rows.push_back(row);
}

std::string FindingSummary::text() const {
  std::string out = std::to_string(total) + (total == 1 ? " finding" : " findings");
  std::string parts;
  for (const char* s : {"Critical", "High", "Medium", "Low", "Unknown"}) {
    auto it = bySeverity.find(s);
    if (it == bySeverity.end()) continue;
    parts += (parts.empty() ? "" : ", ") + std::to_string(it->second) + " " + s;
  }
  return parts.empty() ? out : out + " (" + parts + ")";
}

}  // namespace bulwark::containers
