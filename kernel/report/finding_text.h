// Text shared by the report formats about one finding.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "model/scan_record.h"

namespace bulwark {

// The assessment's quick-fix command for `resourceId` ("{id}" replaced); "" when it has none.
std::string quickFixCommand(const AssessmentInfo& a, const std::string& resourceId);

// The evidence as one line of compact JSON; "" for an empty object or null.
std::string evidenceText(const nlohmann::json& evidence);

// The resource of `id` in `scan`, or nullptr.
const ResourceRecord* findResource(const ScanRecord& scan, const std::string& id);

}  // namespace bulwark
