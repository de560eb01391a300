// UTC time: now, ISO 8601 text, calendar arithmetic and the timestamp forms logs use. Results
// are Unix nanoseconds or seconds, UTC. Parsers never throw: they return nullopt on anything
// malformed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark {

// The current UTC time as "2026-11-29T01:50:12Z".
std::string utcNowIso8601();
// The current time as Unix nanoseconds.
int64_t utcNowNs();

inline constexpr int64_t kNsPerSecond = 1000000000LL;

int64_t daysFromCivil(int year, unsigned month, unsigned day);
// 1..12 for "Jan".."Dec" (case-sensitive, as logs write them); 0 otherwise.
int monthFromAbbrev(std::string_view text);
// Seconds since the epoch of a UTC calendar time; nullopt when a field is out of range.
std::optional<int64_t> unixSeconds(int year, int month, int day, int hour, int minute, int second);
// The UTC calendar year and month of a Unix time.
void civilYearMonth(int64_t unixSeconds, int& year, int& month);

// "2026-11-29T01:50:12Z", "2026-11-29 01:50:12.123+02:00", "...T01:50:12.1234567Z", date-only
// is refused. A missing zone means UTC.
std::optional<int64_t> parseIso8601(std::string_view text);
// "2026-11-29T01:50:12Z" (fractions dropped).
std::string formatIso8601(int64_t timeNs);

// Reads an unsigned decimal of exactly `digits` digits at `pos`; -1 when not digits.
int readDigits(std::string_view text, size_t pos, size_t digits);

}  // namespace bulwark
