// Reading ARM JSON documents the way Azure does: member names compare case-insensitively,
// booleans may be written as text, and a missing property is not an error. Every plugin
// needs these; they live here so none writes its own.
#ifndef BULWARK_SDK_JSON_HPP
#define BULWARK_SDK_JSON_HPP

#include <bulwark/sdk/text.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::sdk {

using Json = nlohmann::json;

// Case-insensitive lookup of one object member, as ARM property names are case-insensitive.
inline const Json* findMember(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(name));
  if (it != object.end()) return &*it;
  for (auto m = object.begin(); m != object.end(); ++m) {
    if (iequals(m.key(), name)) return &*m;
  }
  return nullptr;
}

// Case-insensitive dotted-path lookup ("properties.osProfile.computerName"), or nullptr.
inline const Json* at(const Json& root, std::string_view dottedPath) {
  const Json* node = &root;
  while (node != nullptr && !dottedPath.empty()) {
    size_t dot = dottedPath.find('.');
    node = findMember(*node, dottedPath.substr(0, dot));
    dottedPath = dot == std::string_view::npos ? std::string_view{} : dottedPath.substr(dot + 1);
  }
  return node;
}

// The string at `dottedPath`, or "" when absent or not a string.
inline std::string textAt(const Json& root, std::string_view dottedPath) {
  const Json* v = at(root, dottedPath);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
}

// Text of a string property, or nullopt when absent, null or not a string.
inline std::optional<std::string> asText(const Json* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

// A boolean property; accepts JSON booleans and "true"/"false" text as Azure Policy does.
// Absent, null or "" gives nullopt; any other value throws naming it, so an assessment reports
// Error, never Healthy, on a value it cannot read.
inline std::optional<bool> asBool(const Json* v) {
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    if (iequals(s, "true")) return true;
    if (iequals(s, "false")) return false;
    if (s.empty()) return std::nullopt;
  }
  throw std::runtime_error("expected a boolean, got " + v->dump());
}

// The members of an array property, or an empty list (never throws on shape).
inline std::vector<const Json*> arrayAt(const Json& root, std::string_view dottedPath) {
  std::vector<const Json*> out;
  const Json* v = at(root, dottedPath);
  if (v != nullptr && v->is_array()) {
    for (const Json& item : *v)
      out.push_back(&item);
  }
  return out;
}

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

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_JSON_HPP
