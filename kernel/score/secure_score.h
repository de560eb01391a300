// Secure Score as Defender for Cloud computes it. Recommendations are grouped into security
// controls with max points. A resource counts for a control when it has at least one Healthy,
// Unhealthy or Error result among the control's recommendations; it is healthy for the control
// only if every such result is Healthy (an Error cannot prove health, so it counts against).
// NotApplicable and Exempt results are outside both counts.
//   control current  = max x healthy / (healthy + unhealthy)
//   potential increase = max x unhealthy / (healthy + unhealthy)
//   scope score = sum(current) / sum(max) over the controls with at least one counted resource
// (a control with nothing to judge in the scope neither adds nor costs points).
#pragma once

#include <string>
#include <vector>

#include "model/scan_record.h"
#include "scope/resource_id.h"

namespace bulwark {

struct ControlScore {
  std::string name;
  int maxPoints = 0;
  double current = 0;
  double potentialIncrease = 0;
  size_t healthyResources = 0;
  size_t unhealthyResources = 0;
  size_t notApplicableResources = 0;  // only NotApplicable or Exempt results
  std::vector<std::string> assessments;
};

struct SecureScore {
  std::string scope;  // "" for everything in the scan
  double current = 0;
  int max = 0;
  double percentage = 0;               // current / max, rounded to 4 decimals (0 when max is 0)
  std::vector<ControlScore> controls;  // by potential increase, largest first
};

// Max points of a control by name (case-insensitive); 0 for unknown controls.
int controlMaxPoints(const std::string& control);
const std::vector<std::pair<std::string, int>>& securityControls();

// The score of the results of `scan` inside `scopes` (empty: all).
SecureScore computeSecureScore(const ScanRecord& scan, const std::vector<ResourceId>& scopes,
                               const std::string& scopeLabel = "");

double roundTo4(double v);

}  // namespace bulwark
