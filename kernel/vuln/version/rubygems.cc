// RubyGems Gem::Version#<=>: "-" reads as ".pre.", segments are digit runs or letter runs,
// trailing zeros of the release and pre-release parts are dropped, a letter segment sorts
// before a number.
#include <string>
#include <vector>

#include "vuln/version/compare.h"
#include "vuln/version/decimal.h"

namespace bulwark::vuln {
namespace {

using detail::isAlpha;
using detail::isDigit;

struct Segment {
  bool numeric = false;
  std::string text;
  bool isZero() const { return numeric && detail::compareDecimal(text, "0") == 0; }
};

std::vector<Segment> canonicalSegments(std::string_view input) {
  std::string s;
  for (char c : input) {
    if (c == '-')
      s += ".pre.";
    else
      s += c;
  }
  std::vector<Segment> segments;
  for (size_t i = 0; i < s.size();) {
    size_t end = i;
    if (isDigit(s[i])) {
      while (end < s.size() && isDigit(s[end]))
        ++end;
      segments.push_back({true, s.substr(i, end - i)});
    } else if (isAlpha(s[i])) {
      while (end < s.size() && isAlpha(s[end]))
        ++end;
      segments.push_back({false, s.substr(i, end - i)});
    } else {
      end = i + 1;
    }
    i = end;
  }
  // Drop trailing zeros from the numeric release part and from the pre-release part.
  size_t firstString = segments.size();
  for (size_t i = 0; i < segments.size(); ++i) {
    if (!segments[i].numeric) {
      firstString = i;
      break;
    }
  }
  std::vector<Segment> release(segments.begin(), segments.begin() + firstString);
  std::vector<Segment> pre(segments.begin() + firstString, segments.end());
  while (!release.empty() && release.back().isZero())
    release.pop_back();
  while (!pre.empty() && pre.back().isZero())
    pre.pop_back();
  release.insert(release.end(), pre.begin(), pre.end());
  return release;
}

}  // namespace

int compareRubyGems(std::string_view a, std::string_view b) {
  std::vector<Segment> x = canonicalSegments(a), y = canonicalSegments(b);
  const Segment zero{true, "0"};
  size_t n = std::max(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    const Segment& l = i < x.size() ? x[i] : zero;
    const Segment& r = i < y.size() ? y[i] : zero;
    if (l.numeric != r.numeric) return l.numeric ? 1 : -1;
    int c =
        l.numeric ? detail::compareDecimal(l.text, r.text) : detail::sign(l.text.compare(r.text));
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace bulwark::vuln
