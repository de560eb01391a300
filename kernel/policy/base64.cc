#include "policy/base64.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace bulwark::policy {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int kNotBase64 = -1;

std::array<int, 256> decodingTable() {
  std::array<int, 256> table{};
  table.fill(kNotBase64);
  for (size_t i = 0; i < kAlphabet.size(); ++i)
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  return table;
}

}  // namespace

std::string base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t group = 0;
    for (size_t k = 0; k < 3; ++k) {
      uint32_t byte = k < n ? static_cast<unsigned char>(bytes[i + k]) : 0;
      group = (group << 8) | byte;
    }
    for (size_t k = 0; k < 4; ++k) {
      out += k <= n ? kAlphabet[(group >> (18 - 6 * k)) & 0x3f] : '=';
    }
  }
  return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
  static const std::array<int, 256> table = decodingTable();
  std::string symbols;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) symbols += c;
  }
  if (symbols.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(symbols.size() / 4 * 3);
  for (size_t i = 0; i < symbols.size(); i += 4) {
    bool last = i + 4 == symbols.size();
    size_t padding = 0;
    uint32_t group = 0;
    for (size_t k = 0; k < 4; ++k) {
      char c = symbols[i + k];
      int value = table[static_cast<unsigned char>(c)];
      if (c == '=' && last && k >= 2) {
        ++padding;
        value = 0;
      } else if (value == kNotBase64 || padding > 0) {
        return std::nullopt;
      }
      group = (group << 6) | static_cast<uint32_t>(value);
    }
    for (size_t k = 0; k < 3 - padding; ++k)
      out += static_cast<char>((group >> (16 - 8 * k)) & 0xff);
  }
  return out;
}

}  // namespace bulwark::policy
