// SemVer 2.0 precedence, lenient the way OSV's matchers are: an optional leading "v", any
// number of numeric components (missing ones are 0, those past the third join the
// pre-release), arbitrary digits, and a tail after the numbers that counts as pre-release
// (a leading '-' dropped, build metadata after '+' ignored).
#include <vector>

#include "vuln/version/compare.h"
#include "vuln/version/decimal.h"

namespace bulwark::vuln {
namespace {

using detail::compareDecimal;
using detail::isDigit;

struct SemverVersion {
  std::vector<std::string_view> numbers;
  std::string extra;  // components past the third, as ".4.5"
  std::string_view tail;
};

SemverVersion parseSemver(std::string_view s) {
  SemverVersion v;
  if (!s.empty() && s.front() == 'v') s.remove_prefix(1);
  size_t pos = 0;
  while (pos < s.size()) {
    if (s[pos] == '.') {
      ++pos;
      continue;
    }
    if (!isDigit(s[pos])) break;
    size_t end = pos;
    while (end < s.size() && isDigit(s[end]))
      ++end;
    if (v.numbers.size() < 3)
      v.numbers.push_back(s.substr(pos, end - pos));
    else
      v.extra += "." + std::string(s.substr(pos, end - pos));
    pos = end;
  }
  v.tail = s.substr(pos);
  return v;
}

bool numericIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!isDigit(c)) return false;
  }
  return true;
}

int comparePrerelease(std::string_view a, std::string_view b) {
  if (a.empty() != b.empty()) return a.empty() ? 1 : -1;
  while (true) {
    size_t da = a.find('.'), db = b.find('.');
    std::string_view ia = a.substr(0, da), ib = b.substr(0, db);
    bool na = numericIdentifier(ia), nb = numericIdentifier(ib);
    int c = 0;
    if (na && nb)
      c = compareDecimal(ia, ib);
    else if (na != nb)
      c = na ? -1 : 1;
    else
      c = detail::sign(ia.compare(ib));
    if (c != 0) return c;
    bool moreA = da != std::string_view::npos, moreB = db != std::string_view::npos;
    if (!moreA || !moreB) return moreA == moreB ? 0 : (moreA ? 1 : -1);
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

std::string prerelease(const SemverVersion& v) {
  std::string p = v.extra + std::string(v.tail);
  if (size_t plus = p.find('+'); plus != std::string::npos) p.resize(plus);
  if (!p.empty() && p.front() == '-') p.erase(0, 1);
  return p;
}

}  // namespace

int compareSemver(std::string_view a, std::string_view b) {
  SemverVersion x = parseSemver(a), y = parseSemver(b);
  for (size_t i = 0; i < 3; ++i) {
    std::string_view p = i < x.numbers.size() ? x.numbers[i] : "0";
    std::string_view q = i < y.numbers.size() ? y.numbers[i] : "0";
    if (int c = compareDecimal(p, q); c != 0) return c;
  }
  return comparePrerelease(prerelease(x), prerelease(y));
}

}  // namespace bulwark::vuln
