// An alert as an OCSF 1.1 Detection Finding (class_uid 2004, category 2 "Findings"), with
// every attribute the class requires (activity_id, category_uid, class_uid, finding_info with
// uid and title, metadata with product and version, severity_id, time, type_uid) plus status,
// MITRE attacks[], observables for the entities, the affected resource, evidence and
// remediation.
#pragma once

#include <nlohmann/json.hpp>

#include "detect/alert.h"

namespace bulwark::siem {

inline constexpr int kOcsfDetectionFindingClass = 2004;
inline constexpr const char* kOcsfSchemaVersion = "1.1.0";

nlohmann::json ocsfDetectionFinding(const detect::Alert& alert);

}  // namespace bulwark::siem
