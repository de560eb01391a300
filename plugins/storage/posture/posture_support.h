// Helpers shared by the posture checks: property reading with ARM's loose typing, the
// data-plane marker, child lookups and time arithmetic.
#pragma once

#include <bulwark/plugin.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::storage::posture {

inline constexpr const char* kCisStandard = "CIS Microsoft Azure Foundations Benchmark v3.0.0";

// A boolean property; accepts JSON booleans and "true"/"false" text as Azure Policy does.
// Throws on any other value (the assessment then reports Error, never Healthy).
std::optional<bool> asBool(const sdk::Json* v);

// Text of a string property, or nullopt when absent, null or not a string.
std::optional<std::string> asText(const sdk::Json* v);

bool equalsIgnoreCase(const std::string& a, const std::string& b);

// True when the document was read only through the Blob service API, so management-plane
// properties (network rules, encryption, keys...) are unknown rather than absent.
bool managementPlaneUnknown(const sdk::Resource& account);

// The verdict for a management-plane check on such a document.
sdk::Verdict notVisibleOnDataPlane(const std::string& property);

// The account's blobServices/default child, if the inventory or the live read attached it.
std::optional<sdk::Resource> blobService(const sdk::Resource& account);

// Seconds since the Unix epoch of an ISO 8601 time ("2025-09-02T07:00:13.118Z"), if it parses.
std::optional<int64_t> parseIsoTime(const std::string& text);
int64_t nowSeconds();

// An AssessmentDef with the fields every storage posture check sets.
sdk::AssessmentDef makeAssessment(std::string id, std::string title, sdk::Severity severity,
                                  std::string control, std::string policyDefinitionId);

}  // namespace bulwark::storage::posture
