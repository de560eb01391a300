#include "policy/value_compare.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <cstring>

#include "policy/policy_error.h"
#include "scope/resource_id.h"

namespace bulwark::policy {

using nlohmann::json;

namespace {

std::string scalarText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return v.dump();
}

bool isScalar(const json& v) {
  return v.is_string() || v.is_boolean() || v.is_number();
}

bool parseNumber(const json& v, double& out) {
  if (v.is_number()) {
    out = v.get<double>();
    return true;
  }
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end != nullptr && *end == '\0';
}

bool parseIp(const std::string& text, std::array<unsigned char, 16>& bytes, int& family) {
  bytes.fill(0);
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
    family = 4;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
    family = 6;
    return true;
  }
  return false;
}

}  // namespace

bool valuesEqual(const json& a, const json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (isScalar(a) && isScalar(b)) {
    double x = 0, y = 0;
    if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
    if ((a.is_number() || b.is_number()) && parseNumber(a, x) && parseNumber(b, y)) return x == y;
    return equalsIgnoreCase(scalarText(a), scalarText(b));
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!valuesEqual(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      bool found = false;
      for (auto jt = b.begin(); jt != b.end(); ++jt) {
        if (equalsIgnoreCase(it.key(), jt.key())) {
          if (!valuesEqual(it.value(), jt.value())) return false;
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  return false;
}

int compareValues(const json& a, const json& b) {
  double x = 0, y = 0;
  if (parseNumber(a, x) && parseNumber(b, y)) return x < y ? -1 : (x > y ? 1 : 0);
  if (isScalar(a) && isScalar(b)) {
    std::string s = toLowerAscii(scalarText(a)), t = toLowerAscii(scalarText(b));
    return s < t ? -1 : (s > t ? 1 : 0);
  }
  throw PolicyError("cannot order " + a.dump() + " and " + b.dump());
}

bool likeMatch(const std::string& text, const std::string& pattern) {
  std::string s = toLowerAscii(text), p = toLowerAscii(pattern);
  // Greedy wildcard matching with backtracking to the last '*'.
  size_t i = 0, j = 0, star = std::string::npos, mark = 0;
  while (i < s.size()) {
    if (j < p.size() && p[j] != '*' && p[j] == s[i]) {
      ++i;
      ++j;
    } else if (j < p.size() && p[j] == '*') {
      star = j++;
      mark = i;
    } else if (star != std::string::npos) {
      j = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (j < p.size() && p[j] == '*')
    ++j;
  return j == p.size();
}

bool patternMatch(const std::string& text, const std::string& pattern, bool ignoreCase) {
  if (text.size() != pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    char p = pattern[i];
    if (p == '#') {
      if (!std::isdigit(c)) return false;
    } else if (p == '?') {
      if (!std::isalpha(c)) return false;
    } else if (p != '.') {
      bool same = ignoreCase ? std::tolower(c) == std::tolower(static_cast<unsigned char>(p))
                             : text[i] == p;
      if (!same) return false;
    }
  }
  return true;
}

bool ipRangeContains(const std::string& range, const std::string& target) {
  std::string base = range;
  int prefix = -1;
  if (size_t slash = range.find('/'); slash != std::string::npos) {
    base = range.substr(0, slash);
    prefix = std::stoi(range.substr(slash + 1));
  }
  std::array<unsigned char, 16> r{}, t{};
  int rf = 0, tf = 0;
  if (!parseIp(base, r, rf) || !parseIp(target, t, tf)) {
    throw PolicyError("ipRangeContains(): not an IP address or range: " + range + ", " + target);
  }
  if (rf != tf) return false;
  int bits = rf == 4 ? 32 : 128;
  if (prefix < 0) prefix = bits;
  for (int b = 0; b < prefix; ++b) {
    int byte = b / 8, bit = 7 - b % 8;
    if (((r[byte] >> bit) & 1) != ((t[byte] >> bit) & 1)) return false;
  }
  return true;
}

}  // namespace bulwark::policy
