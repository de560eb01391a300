// An alert raised by a rule: what fired, on which entities, and the events that made it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bulwark::detect {

struct Alert {
  std::string ruleId;
  std::string title;
  std::string description;
  std::string severity;
  std::string tactic;
  std::string technique;
  std::string remediation;
  std::string resourceId;
  int64_t firstNs = 0;  // time of the earliest evidence event
  int64_t lastNs = 0;   // time of the latest event merged into the alert
  uint64_t eventCount = 0;
  std::vector<std::pair<std::string, std::string>> entities;  // (field, value)
  std::vector<std::string> evidence;  // "file:line: raw line", oldest first, bounded
  // Stable identity across runs over the same input: rule, group and first time.
  std::string fingerprint;
  std::string status = "new";  // new, active, resolved, dismissed, suppressed
  std::string suppressedBy;    // the suppression rule that matched ("#id: reason"), if any
  int64_t id = 0;              // store id once saved
};

}  // namespace bulwark::detect
