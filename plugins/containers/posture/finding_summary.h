// Counting vulnerability findings by severity, and the evidence rows (sub-assessments) a
// recommendation carries: advisory, severity, package, installed and fixed version, where.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::containers {

// The most findings listed in one result's evidence; the counts always cover all of them.
inline constexpr size_t kMaxEvidenceFindings = 50;

struct FindingSummary {
  std::map<std::string, size_t> bySeverity;  // Critical, High, Medium, Low, Unknown
  size_t total = 0;
  nlohmann::json rows = nlohmann::json::array();  // at most kMaxEvidenceFindings

  void add(const nlohmann::json& row, const std::string& severity);
  // "3 findings (1 High, 2 Medium)"
  std::string text() const;
};

}  // namespace bulwark::containers
