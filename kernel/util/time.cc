#include "util/time.h"

#include <chrono>
#include <ctime>

#include <cstdio>

namespace bulwark {

std::string utcNowIso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int64_t utcNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Howard Hinnant's days_from_civil.
int64_t daysFromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilYearMonth(int64_t unixSeconds, int& year, int& month) {
  int64_t z = (unixSeconds >= 0 ? unixSeconds : unixSeconds - 86399) / 86400 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

int monthFromAbbrev(std::string_view t) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (t.size() != 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (t == kMonths[i]) return i + 1;
  }
  return 0;
}

std::optional<int64_t> unixSeconds(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

int readDigits(std::string_view text, size_t pos, size_t digits) {
  if (pos + digits > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + digits; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<int64_t> parseIso8601(std::string_view t) {
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') ||
      t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  auto seconds = unixSeconds(readDigits(t, 0, 4), readDigits(t, 5, 2), readDigits(t, 8, 2),
                             readDigits(t, 11, 2), readDigits(t, 14, 2), readDigits(t, 17, 2));
  if (!seconds) return std::nullopt;
  size_t pos = 19;
  int64_t fraction = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    int64_t scale = kNsPerSecond;
    size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      if (scale > 1) {
        scale /= 10;
        fraction += (t[pos] - '0') * scale;
      }
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < t.size()) {
    if (t[pos] == 'Z' || t[pos] == 'z') {
      ++pos;
    } else if (t[pos] == '+' || t[pos] == '-') {
      int sign = t[pos] == '-' ? -1 : 1;
      int hours = readDigits(t, pos + 1, 2);
      size_t m = pos + 3;
      if (m < t.size() && t[m] == ':') ++m;
      int minutes = readDigits(t, m, 2);
      if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return std::nullopt;
      offset = sign * (hours * 3600 + minutes * 60);
      pos = m + 2;
    }
  }
  if (pos != t.size()) return std::nullopt;
  return (*seconds - offset) * kNsPerSecond + fraction;
}

std::string formatIso8601(int64_t timeNs) {
  int64_t secs = timeNs / kNsPerSecond;
  if (timeNs < 0 && timeNs % kNsPerSecond != 0) --secs;
  int year = 0, month = 0;
  civilYearMonth(secs, year, month);
  int64_t day = secs / 86400 - daysFromCivil(year, static_cast<unsigned>(month), 1) + 1;
  if (secs < 0 && secs % 86400 != 0) day -= 1;
  int64_t rem = ((secs % 86400) + 86400) % 86400;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02lldT%02lld:%02lld:%02lldZ", year, month,
                static_cast<long long>(day), static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

}  // namespace bulwark
