#include "logs/log_fields.h"

#include <cstdint>

namespace bulwark::storage::logs {

std::pair<std::string_view, std::string_view> splitAddress(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return {text, {}};
    std::string_view port = close + 2 <= text.size() ? text.substr(close + 2) : std::string_view{};
    return {text.substr(1, close - 1), port};
  }
  size_t colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos)
    return {text.substr(0, colon), text.substr(colon + 1)};
  return {text, {}};
}

void base64ToHex(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.clear();
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) {
      out.clear();
      return;
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      unsigned byte = (buffer >> bits) & 0xff;
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    }
  }
}

std::pair<std::string_view, std::string_view> objectKeyParts(std::string_view objectKey) {
  size_t containerStart = objectKey.find('/', 1);
  if (objectKey.empty() || containerStart == std::string_view::npos) return {};
  std::string_view rest = objectKey.substr(containerStart + 1);
  size_t slash = rest.find('/');
  std::string_view container = rest.substr(0, slash);
  std::string_view object = slash != std::string_view::npos && slash + 1 < rest.size()
                                ? rest.substr(slash + 1)
                                : std::string_view{};
  return {container, object};
}

namespace {

constexpr int64_t kNsPerSecond = 1000000000LL;

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

// Howard Hinnant's days_from_civil.
int64_t daysFromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> unixSeconds(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return std::nullopt;
  return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

}  // namespace

std::optional<int64_t> parseIso8601(std::string_view t) {
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') ||
      t[13] != ':' || t[16] != ':')
    return std::nullopt;
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

}  // namespace bulwark::storage::logs
