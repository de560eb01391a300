// Helpers shared by the JSON-based readers.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "detect/event.h"

namespace bulwark::detect {

// A timestamp from an ISO 8601 string or a number of seconds, milliseconds, microseconds or
// nanoseconds since the epoch (told apart by magnitude).
std::optional<int64_t> jsonTime(const nlohmann::json& value);

// The string at a dotted path ("user.username"); numbers and booleans are rendered; "" when
// absent or not a scalar.
std::string jsonText(const nlohmann::json& doc, std::string_view dottedPath);

// Copies scalar members into event fields named by their dotted paths (nested objects up to
// `depth` levels; arrays are skipped).
void flattenInto(const nlohmann::json& object, Event& e, KeyTable& keys, int depth = 3,
                 const std::string& prefix = "");

// "line N column M" style location of a byte offset inside `text`.
uint64_t lineOfOffset(std::string_view text, size_t offset);

}  // namespace bulwark::detect
