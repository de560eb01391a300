// Time as ARM and the reports write it: ISO 8601 / RFC 3339 in UTC, to the second.
#ifndef BULWARK_SDK_TIME_HPP
#define BULWARK_SDK_TIME_HPP

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::sdk {

// Seconds since the Unix epoch of an ISO 8601 / RFC 3339 time as ARM writes them
// ("2025-09-02T07:00:13.1180000Z", "2025-09-02T09:00:13+02:00", "2025-09-02"), if it parses.
inline std::optional<int64_t> parseIsoTime(std::string_view text) {
  auto digits = [&](size_t at, size_t n, int& out) {
    if (at + n > text.size()) return false;
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(0, 4, year) || text.size() < 10 || text[4] != '-' || !digits(5, 2, month) ||
      text[7] != '-' || !digits(8, 2, day) || month < 1 || month > 12 || day < 1 || day > 31)
    return std::nullopt;
  size_t pos = 10;
  int64_t offsetSeconds = 0;
  if (pos < text.size()) {
    if ((text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') || !digits(pos + 1, 2, hour) ||
        text.size() < pos + 6 || text[pos + 3] != ':' || !digits(pos + 4, 2, minute))
      return std::nullopt;
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!digits(pos + 1, 2, second)) return std::nullopt;
      pos += 3;
    }
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
        ++pos;
    }
    if (pos < text.size()) {
      char zone = text[pos];
      int zh = 0, zm = 0;
      if (zone == 'Z' || zone == 'z') {
        ++pos;
      } else if ((zone == '+' || zone == '-') && digits(pos + 1, 2, zh)) {
        size_t minutesAt = pos + 3 < text.size() && text[pos + 3] == ':' ? pos + 4 : pos + 3;
        if (!digits(minutesAt, 2, zm)) return std::nullopt;
        offsetSeconds = (zone == '+' ? 1 : -1) * (zh * 3600 + zm * 60);
        pos = minutesAt + 2;
      } else {
        return std::nullopt;
      }
    }
    if (pos != text.size() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm)) - offsetSeconds;
}

// "2026-12-03T12:38:04Z" for seconds since the Unix epoch.
inline std::string formatIsoTime(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

inline std::string utcNowIso8601() {
  return formatIsoTime(static_cast<int64_t>(std::time(nullptr)));
}

// "2026-12-03"
inline std::string utcToday() {
  return utcNowIso8601().substr(0, 10);
}

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_TIME_HPP
