// Maven's version order specification (https://maven.apache.org/pom.html#version-order-
// specification), with ComparableVersion's behaviour where the two differ.
#include <string>
#include <vector>

#include "vuln/version/compare.h"
#include "vuln/version/decimal.h"

namespace bulwark::vuln {
namespace {

using detail::isDigit;

struct Token {
  char prefix = '.';  // '.' or '-' (a digit/letter transition counts as '-')
  bool numeric = false;
  std::string value;  // lower-cased; qualifiers resolved through their aliases
};

bool isNull(const Token& t) {
  return t.numeric ? detail::compareDecimal(t.value, "0") == 0 : t.value.empty();
}

std::string alias(std::string q, bool followedByDigit) {
  if (followedByDigit && q.size() == 1) {
    if (q == "a") return "alpha";
    if (q == "b") return "beta";
    if (q == "m") return "milestone";
  }
  if (q == "ga" || q == "final" || q == "release") return "";
  if (q == "cr") return "rc";
  return q;
}

std::vector<Token> tokenize(std::string_view input) {
  std::string s;
  for (char c : input)
    s += detail::toLower(c);
  std::vector<Token> tokens;
  char prefix = '.';
  size_t i = 0;
  while (true) {
    size_t end = i;
    bool numeric = i < s.size() && isDigit(s[i]);
    while (end < s.size() && s[end] != '.' && s[end] != '-' && isDigit(s[end]) == numeric)
      ++end;
    Token t{prefix, numeric, s.substr(i, end - i)};
    if (t.value.empty()) {
      t.numeric = true;
      t.value = "0";
    } else if (!numeric) {
      t.value = alias(t.value, end < s.size() && isDigit(s[end]));
    }
    tokens.push_back(std::move(t));
    if (end >= s.size()) break;
    if (s[end] == '.' || s[end] == '-') {
      prefix = s[end];
      i = end + 1;
    } else {
      prefix = '-';
      i = end;
    }
  }
  // Trim trailing nulls, then again before each remaining hyphen, from the end to the start.
  std::vector<Token> kept;
  bool trimming = true;
  for (size_t k = tokens.size(); k-- > 0;) {
    const Token& t = tokens[k];
    if (!(trimming && isNull(t))) kept.push_back(t);
    trimming = trimming && isNull(t);
    if (t.prefix == '-') trimming = true;
  }
  return {kept.rbegin(), kept.rend()};
}

int qualifierRank(const std::string& q) {
  static const char* kKnown[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
  for (int i = 0; i < 7; ++i) {
    if (q == kKnown[i]) return i;
  }
  return 7;
}

// ".qualifier" < "-qualifier" < "-number" < ".number". The specification text says the two
// qualifier kinds are equal, but ComparableVersion keeps a '-' token in a sub-list, and a
// string item sorts before a list ("1.5.9.RC1" < "1.5.9-RC0").
int kindRank(const Token& t) {
  if (!t.numeric) return t.prefix == '-' ? 1 : 0;
  return t.prefix == '-' ? 2 : 3;
}

int compareTokens(const Token& a, const Token& b) {
  if (int ka = kindRank(a), kb = kindRank(b); ka != kb) return ka < kb ? -1 : 1;
  if (a.numeric) return detail::compareDecimal(a.value, b.value);
  int ra = qualifierRank(a.value), rb = qualifierRank(b.value);
  if (ra != rb) return ra < rb ? -1 : 1;
  return ra == 7 ? detail::sign(a.value.compare(b.value)) : 0;
}

}  // namespace

int compareMaven(std::string_view a, std::string_view b) {
  std::vector<Token> x = tokenize(a), y = tokenize(b);
  size_t n = std::max(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    // The shorter side is padded with a null of the other side's prefix and kind.
    Token pad;
    const Token& other = i < x.size() ? x[i] : y[i];
    pad.prefix = other.prefix;
    pad.numeric = other.numeric;
    pad.value = other.numeric ? "0" : "";
    const Token& l = i < x.size() ? x[i] : pad;
    const Token& r = i < y.size() ? y[i] : pad;
    if (int c = compareTokens(l, r); c != 0) return c;
  }
  return 0;
}

}  // namespace bulwark::vuln
