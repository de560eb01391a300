// Severity levels: the source's own word mapped to Critical / High / Medium / Low, or a CVSS
// v2 / v3.x vector scored with the specification's base-score formula and bucketed.
#pragma once

#include <optional>
#include <string>

namespace bulwark::vuln {

// "CRITICAL", "moderate", "important", "unimportant"... -> a level; empty when unknown.
std::string severityFromLabel(const std::string& label);

// Base score of a "CVSS:3.x/AV:N/..." or CVSS v2 "AV:N/AC:L/Au:N/..." vector, or of a plain
// number; nullopt when the text is neither.
std::optional<double> cvssBaseScore(const std::string& vectorOrScore);

// Critical >= 9.0 > High >= 7.0 > Medium >= 4.0 > Low > 0 (v3 ratings; v2 vectors stop at High).
std::string severityFromCvss(const std::string& vectorOrScore);

}  // namespace bulwark::vuln
