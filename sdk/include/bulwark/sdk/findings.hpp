// What a vulnerability recommendation reports: findings counted by severity, and the evidence
// rows (Defender's sub-assessments) it carries, at most kMaxEvidenceFindings of them. The vm
// plugin's machines and the containers plugin's registries report the same way.
#ifndef BULWARK_SDK_FINDINGS_HPP
#define BULWARK_SDK_FINDINGS_HPP

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::sdk {

// The most findings listed in one result's evidence; the counts always cover all of them.
inline constexpr size_t kMaxEvidenceFindings = 50;

struct FindingSummary {
  std::map<std::string, size_t> bySeverity;  // Critical, High, Medium, Low, Unknown
  size_t total = 0;
  nlohmann::json rows = nlohmann::json::array();

  void add(const nlohmann::json& row, const std::string& severity) {
    ++bySeverity[severity.empty() ? "Unknown" : severity];
    ++total;
    if (rows.size() < kMaxEvidenceFindings) rows.push_back(row);
  }

  // "3 findings (1 High, 2 Medium)"
  std::string text() const {
    std::string out = std::to_string(total) + (total == 1 ? " finding" : " findings");
    std::string parts;
    for (const char* s : {"Critical", "High", "Medium", "Low", "Unknown"}) {
      auto it = bySeverity.find(s);
      if (it == bySeverity.end()) continue;
      parts += (parts.empty() ? "" : ", ") + std::to_string(it->second) + " " + s;
    }
    return parts.empty() ? out : out + " (" + parts + ")";
  }
};

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_FINDINGS_HPP
