// The current UTC time as text: ISO 8601 to the second ("2026-12-03T12:38:04Z") and the date.
#pragma once

#include <string>

namespace bulwark::image {

std::string utcNowIso8601();
std::string utcToday();  // "2026-12-03"

}  // namespace bulwark::image
