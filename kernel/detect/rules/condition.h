// A condition on event fields: every test in `all` holds, at least one branch of `any` holds
// (when there are branches), and no branch of `none` holds. Regexes are RE2, so matching is
// linear in the input whatever a rule's author wrote.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/event.h"

namespace re2 {
class RE2;
}

namespace bulwark::detect {

class RegexIndex;

enum class MatchOp { Equals, Contains, StartsWith, EndsWith, Cidr, Regex, Exists };

struct CidrBlock {
  bool v6 = false;
  std::array<uint8_t, 16> address{};
  int prefixBits = 0;
  // Parses "10.0.0.0/8", "2001:db8::/32" or a bare address; false when malformed.
  static bool parse(std::string_view text, CidrBlock& out);
  bool contains(std::string_view ip) const;
  // The same on an address already parsed (parseIp), so several blocks share one parse.
  bool contains(bool isV6, const std::array<uint8_t, 16>& address) const;
  static bool parseIp(std::string_view ip, bool& isV6, std::array<uint8_t, 16>& address);
};

struct FieldTest {
  Key field = 0;
  MatchOp op = MatchOp::Equals;
  std::vector<std::string> values;  // alternatives: the test holds when one matches
  // type or source equality: the interned keys of `values`, compared with the event's key.
  std::vector<Key> valueKeys;
  bool nocase = false;  // values are stored lower-cased when set
  bool negate = false;
  std::vector<CidrBlock> cidrs;
  std::vector<std::shared_ptr<re2::RE2>> regexes;
  // Set by RegexIndex::build: where each of `regexes` sits in the index (-1: not indexed).
  int regexSlot = -1;
  std::vector<uint32_t> regexIds;

  // `index`, when given, answers the regexes from its per-event combined match.
  bool matches(const Event& e, const KeyTable& keys, const RegexIndex* index = nullptr) const;
};

struct Condition {
  std::vector<FieldTest> all;
  std::vector<Condition> any;
  std::vector<Condition> none;

  bool matches(const Event& e, const KeyTable& keys, const RegexIndex* index = nullptr) const;
  bool empty() const { return all.empty() && any.empty() && none.empty(); }
  // The event types one of which the condition requires by equality (empty: any type, or a
  // type never interned, which no event can carry).
  std::vector<Key> requiredTypes(const KeyTable& keys) const;
  // A field (not a pseudo-field) the condition requires to be present: the field of its
  // first test that is not negated, or 0.
  Key requiredField() const;
};

}  // namespace bulwark::detect
