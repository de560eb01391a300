// "App Service apps should use a supported <language> version": the site's runtime against
// the end-of-life table shipped as data (data/runtime-end-of-life.json), judged on the day of
// the scan. A version the table does not list is NotApplicable, never Healthy.
#pragma once

#include <bulwark/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bulwark::appservice {

// The end-of-life date ("2026-11-30") of `version` of `language`; "" for a version still
// supported with no announced date; nullopt when the table does not list it.
std::optional<std::string> endOfLife(const std::string& language, const std::string& version);

// One assessment per language: php, python, node, java, dotnet.
std::vector<sdk::AssessmentDef> runtimeAssessments();

}  // namespace bulwark::appservice
