// PostgreSQL's log time, "2026-12-03 10:15:02.123 UTC" or "2026-12-03 10:15:02 +01", as %m and
// %t, csvlog's log_time and jsonlog's timestamp write it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace bulwark::sql::logs {

// Nanoseconds since the epoch and how many characters of `text` the time took (up to the end
// of its zone); nothing when `text` does not start with such a time.
std::optional<std::pair<int64_t, size_t>> postgresTime(std::string_view text);

}  // namespace bulwark::sql::logs
