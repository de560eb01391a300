#pragma once

#include <cstdint>
#include <string>

namespace bulwark {

// The current UTC time as "2026-11-29T01:50:12Z".
std::string utcNowIso8601();
// The current time as Unix nanoseconds.
int64_t utcNowNs();

}  // namespace bulwark
