// `bulwark detect` with the appservice plugin enabled over web logs, and what its alerts name,
// for the web rule pack's tests.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace bulwark::test {

struct WebDetection {
  nlohmann::json alerts;  // --format json
  std::string err;        // the summary and the "file:line: skipped: why" lines
};

// Runs detect over `sources` ("TYPE:PATH" each) with only the appservice plugin enabled;
// REQUIREs exit code 0.
WebDetection detectWeb(const TempDir& dir, const std::vector<std::string>& sources);

// The values of entity `entity` over the alerts of `rule`.
std::set<std::string> alertedValues(const nlohmann::json& alerts, const std::string& rule,
                                    const std::string& entity);

// The rules whose alerts name `ip` among their entities.
std::set<std::string> rulesNaming(const nlohmann::json& alerts, const std::string& ip);

}  // namespace bulwark::test
