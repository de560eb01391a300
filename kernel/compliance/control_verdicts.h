// Control-by-control verdicts of a compliance standard on one stored scan. A control is
//   Failed       when any evidencing assessment is Unhealthy or Error on a resource in scope
//                (an Error cannot prove compliance, as in the Secure Score),
//   Passed       when at least one is Healthy and none failed,
//   NotAssessed  otherwise: no evidencing assessment ran, or all its results in scope are
//                NotApplicable or Exempt.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compliance/standard.h"
#include "model/scan_record.h"
#include "scope/resource_id.h"

namespace bulwark::compliance {

enum class ControlStatus { Passed, Failed, NotAssessed };
const char* statusName(ControlStatus s);  // "passed", "failed", "not assessed"

struct FailingAssessment {
  std::string id;
  std::string title;
  size_t failingResources = 0;  // Unhealthy or Error results in scope
};

struct ControlVerdict {
  std::string id;
  std::string title;
  ControlStatus status = ControlStatus::NotAssessed;
  std::vector<std::string> assessments;  // evidencing assessments that ran in the scan
  std::vector<FailingAssessment> failing;
  size_t healthyResources = 0;    // resources whose every evidencing result is Healthy
  size_t unhealthyResources = 0;  // resources with at least one failing evidencing result
};

struct ComplianceReport {
  std::string standardId;
  std::string standardName;
  std::vector<ControlVerdict> controls;  // the standard's order; referenced extras last
  size_t passed = 0;
  size_t failed = 0;
  size_t notAssessed = 0;
};

// `scopes` empty: every result of the scan.
ComplianceReport assessCompliance(const Standard& standard, const ScanRecord& scan,
                                  const std::vector<ResourceId>& scopes);

// Orders dotted control ids numerically where they are numbers ("4.9" < "4.15").
bool controlIdLess(const std::string& a, const std::string& b);

}  // namespace bulwark::compliance
