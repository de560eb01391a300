#include "detect/rules/condition.h"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "detect/rules/regex_index.h"
#include "util/text.h"

namespace bulwark::detect {
namespace {

// Dotted-quad IPv4 by hand, as inet_pton reads it (four decimal parts of 0-255, no leading
// zeros): this runs for an address of most log lines. Other text goes to inet_pton.
enum class Quad { Parsed, Invalid, NotDigits };
Quad parseDottedQuad(std::string_view text, std::array<uint8_t, 16>& out) {
  int parts = 0, digits = 0, value = 0;
  bool invalid = false;  // keeps reading: text with other characters is NotDigits, not Invalid
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (digits > 0 && value == 0) invalid = true;  // leading zero
      value = value * 10 + (c - '0');
      if (++digits > 3 || value > 255) invalid = true;
    } else if (c == '.') {
      if (digits == 0 || parts == 3) invalid = true;
      if (!invalid) out[static_cast<size_t>(parts++)] = static_cast<uint8_t>(value);
      digits = value = 0;
    } else {
      return Quad::NotDigits;
    }
  }
  if (invalid || digits == 0 || parts != 3) return Quad::Invalid;
  out[3] = static_cast<uint8_t>(value);
  std::fill(out.begin() + 4, out.end(), uint8_t{0});
  return Quad::Parsed;
}

bool parseAddress(std::string_view text, bool& v6, std::array<uint8_t, 16>& out) {
  if (text.empty() || text.size() > 45) return false;
  switch (parseDottedQuad(text, out)) {
    case Quad::Parsed:
      v6 = false;
      return true;
    case Quad::Invalid:  // digits and dots only: not IPv6 either
      return false;
    case Quad::NotDigits:
      break;
  }
  char buf[64];
  text.copy(buf, text.size());
  buf[text.size()] = '\0';
  out.fill(0);
  if (inet_pton(AF_INET, buf, out.data()) == 1) {
    v6 = false;
    return true;
  }
  if (inet_pton(AF_INET6, buf, out.data()) == 1) {
    v6 = true;
    return true;
  }
  return false;
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool CidrBlock::parse(std::string_view text, CidrBlock& out) {
  size_t slash = text.find('/');
  if (!parseAddress(text.substr(0, slash), out.v6, out.address)) return false;
  int max = out.v6 ? 128 : 32;
  if (slash == std::string_view::npos) {
    out.prefixBits = max;
    return true;
  }
  std::string_view bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3) return false;
  int value = 0;
  for (char c : bits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value > max) return false;
  out.prefixBits = value;
  return true;
}

bool CidrBlock::parseIp(std::string_view ip, bool& isV6, std::array<uint8_t, 16>& address) {
  return parseAddress(ip, isV6, address);
}

bool CidrBlock::contains(std::string_view ip) const {
  bool isV6 = false;
  std::array<uint8_t, 16> addr{};
  return parseAddress(ip, isV6, addr) && contains(isV6, addr);
}

bool CidrBlock::contains(bool isV6, const std::array<uint8_t, 16>& addr) const {
  if (isV6 != v6) return false;
  int full = prefixBits / 8, rest = prefixBits % 8;
  if (!std::equal(addr.begin(), addr.begin() + full, address.begin())) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (addr[full] & mask) == (address[full] & mask);
}

bool FieldTest::matches(const Event& e, const KeyTable& keys, const RegexIndex* index) const {
  if (!valueKeys.empty()) {
    const Key k = field == keys::kType ? e.type : e.source;
    const bool result = std::find(valueKeys.begin(), valueKeys.end(), k) != valueKeys.end();
    return negate ? !result : result;
  }
  std::string_view value = e.get(field, keys);
  bool present = !value.empty() || e.has(field);
  bool result = false;
  if (op == MatchOp::Exists) {
    result = present;
  } else if (present) {
    std::string folded;
    if (nocase && op != MatchOp::Regex && op != MatchOp::Cidr) {
      folded = toLowerAscii(value);
      value = folded;
    }
    switch (op) {
      case MatchOp::Equals:
        result = std::find(values.begin(), values.end(), value) != values.end();
        break;
      case MatchOp::Contains:
        result = std::any_of(values.begin(), values.end(), [&](const std::string& v) {
          return value.find(v) != std::string_view::npos;
        });
        break;
      case MatchOp::StartsWith:
        result = std::any_of(values.begin(), values.end(),
                             [&](const std::string& v) { return value.substr(0, v.size()) == v; });
        break;
      case MatchOp::EndsWith:
        result = std::any_of(values.begin(), values.end(),
                             [&](const std::string& v) { return endsWith(value, v); });
        break;
      case MatchOp::Cidr: {
        bool isV6 = false;
        std::array<uint8_t, 16> addr{};
        result = CidrBlock::parseIp(value, isV6, addr) &&
                 std::any_of(cidrs.begin(), cidrs.end(),
                             [&](const CidrBlock& c) { return c.contains(isV6, addr); });
        break;
      }
      case MatchOp::Regex:
        for (size_t i = 0; i < regexes.size() && !result; ++i) {
          std::optional<bool> known;
          if (index != nullptr && regexSlot >= 0)
            known = index->matched(static_cast<size_t>(regexSlot), regexIds[i], value);
          result =
              known ? *known
                    : RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), *regexes[i]);
        }
        break;
      case MatchOp::Exists:
        break;
    }
  }
  return negate ? !result : result;
}

bool Condition::matches(const Event& e, const KeyTable& keys, const RegexIndex* index) const {
  for (const auto& t : all) {
    if (!t.matches(e, keys, index)) return false;
  }
  if (!any.empty() && std::none_of(any.begin(), any.end(),
                                   [&](const Condition& c) { return c.matches(e, keys, index); }))
    return false;
  for (const auto& c : none) {
    if (c.matches(e, keys, index)) return false;
  }
  return true;
}

std::vector<Key> Condition::requiredTypes(const KeyTable& keys) const {
  for (const auto& t : all) {
    if (t.field != keys::kType || t.op != MatchOp::Equals || t.negate || t.nocase) continue;
    std::vector<Key> types;
    for (const auto& v : t.values) {
      Key k = keys.find(v);
      if (k == 0) return {};
      types.push_back(k);
    }
    return types;
  }
  return {};
}

Key Condition::requiredField() const {
  for (const auto& t : all) {
    // Pseudo-fields (type, source, resource_id, raw) are members of the event, not fields.
    bool pseudo = t.field >= keys::kType && t.field <= keys::kRaw;
    if (!t.negate && !pseudo) return t.field;
  }
  return 0;
}

}  // namespace bulwark::detect
