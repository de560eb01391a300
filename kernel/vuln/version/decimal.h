// Helpers shared by the comparators: unbounded decimal comparison and ASCII classes that do
// not depend on the C locale.
#pragma once

#include <string_view>

namespace bulwark::vuln::detail {

// Compares two digit strings as unbounded non-negative integers (leading zeros ignored).
int compareDecimal(std::string_view a, std::string_view b);

inline bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
inline bool isAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline char toLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline int sign(int v) {
  return v < 0 ? -1 : (v > 0 ? 1 : 0);
}

}  // namespace bulwark::vuln::detail
