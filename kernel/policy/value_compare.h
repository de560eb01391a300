// Value comparison with Azure Policy's semantics: strings compare case-insensitively, and a
// boolean or number equals its text form ("false" == false), as the policy engine compares
// the JSON it receives with literals written as text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::policy {

bool valuesEqual(const nlohmann::json& a, const nlohmann::json& b);
// <0, 0, >0. Numbers numerically, ISO dates and other text case-insensitively; throws
// PolicyError when the two cannot be ordered (e.g. an object and a number).
int compareValues(const nlohmann::json& a, const nlohmann::json& b);
// `like`: '*' matches any run of characters; case-insensitive; the whole text must match.
bool likeMatch(const std::string& text, const std::string& pattern);
// `match`: '#' a digit, '?' a letter, '.' any character, others literal; whole text.
bool patternMatch(const std::string& text, const std::string& pattern, bool ignoreCase);
// ipRangeContains(range, target): CIDR or single IPv4/IPv6 address containment.
bool ipRangeContains(const std::string& range, const std::string& target);

}  // namespace bulwark::policy
