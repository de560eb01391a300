// Small helpers over ARM JSON shared by the vm plugin's collectors and assessments.
#pragma once

#include <bulwark/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::vm {

using sdk::Json;

std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

// Case-insensitive dotted-path lookup from `root` ("properties.osProfile.computerName").
const Json* at(const Json& root, std::string_view dottedPath);
// The string at `dottedPath`, or "" when absent or not a string.
std::string textAt(const Json& root, std::string_view dottedPath);

// ARM booleans, also accepting "true"/"false" strings (Azure Policy compares them as text).
// Absent or null gives nullopt; anything else throws naming the value.
std::optional<bool> asBool(const Json* v);

// The documents an ARM list property holds, or an empty list (never throws on shape).
std::vector<const Json*> arrayAt(const Json& root, std::string_view dottedPath);

}  // namespace bulwark::vm
