// Alpine apk-tools version ordering: number components, an optional letter, suffixes
// (_alpha < _beta < _pre < _rc < none < _cvs < _svn < _git < _hg < _p), an optional ~hash
// (ignored) and -rN. Whatever does not parse is kept as a remainder: a version with one sorts
// before the same version without, and remainders compare as strings unless they follow a
// revision.
#include <string>
#include <vector>

#include "vuln/version/compare.h"
#include "vuln/version/decimal.h"

namespace bulwark::vuln {
namespace {

using detail::compareDecimal;
using detail::isDigit;

constexpr int kNoSuffixWeight = 4;

struct Suffix {
  int weight = kNoSuffixWeight;
  std::string_view number = "0";
};

struct ApkVersion {
  std::vector<std::string_view> numbers;
  char letter = 0;
  std::vector<Suffix> suffixes;
  std::string_view build = "0";
  std::string_view remainder;
  bool afterRevision = false;  // the remainder follows "-r<digits>"
};

int suffixWeight(std::string_view name) {
  static constexpr std::string_view kNames[] = {"alpha", "beta", "pre", "rc", "",
                                                "cvs",   "svn",  "git", "hg", "p"};
  for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i) {
    if (!name.empty() && kNames[i] == name) return i;
  }
  return -1;
}

size_t digitsAt(std::string_view s, size_t pos) {
  size_t end = pos;
  while (end < s.size() && isDigit(s[end]))
    ++end;
  return end - pos;
}

ApkVersion parseApk(std::string_view s) {
  ApkVersion v;
  size_t pos = 0;
  // Numbers separated by single dots; a dot not followed by a digit ends them.
  while (size_t n = digitsAt(s, pos)) {
    v.numbers.push_back(s.substr(pos, n));
    pos += n;
    if (pos + 1 < s.size() && s[pos] == '.' && isDigit(s[pos + 1]))
      ++pos;
    else
      break;
  }
  if (pos < s.size() && s[pos] >= 'a' && s[pos] <= 'z') v.letter = s[pos++];
  while (pos < s.size() && s[pos] == '_') {
    size_t start = pos + 1, end = start;
    while (end < s.size() && s[end] >= 'a' && s[end] <= 'z')
      ++end;
    int weight = suffixWeight(s.substr(start, end - start));
    if (weight < 0) break;
    Suffix suffix{weight, "0"};
    if (size_t n = digitsAt(s, end)) {
      suffix.number = s.substr(end, n);
      end += n;
    }
    v.suffixes.push_back(suffix);
    pos = end;
  }
  if (pos < s.size() && s[pos] == '~') {
    size_t end = pos + 1;
    while (end < s.size() && (isDigit(s[end]) || (s[end] >= 'a' && s[end] <= 'f')))
      ++end;
    if (end > pos + 1) pos = end;
  }
  if (pos + 1 < s.size() && s.substr(pos, 2) == "-r") {
    size_t n = digitsAt(s, pos + 2);
    if (n > 0) v.build = s.substr(pos + 2, n);
    pos += 2 + n;
    v.afterRevision = true;
  }
  v.remainder = s.substr(pos);
  return v;
}

int compareNumbers(const ApkVersion& x, const ApkVersion& y) {
  size_t n = std::max(x.numbers.size(), y.numbers.size());
  for (size_t i = 0; i < n; ++i) {
    std::string_view a = i < x.numbers.size() ? x.numbers[i] : "0";
    std::string_view b = i < y.numbers.size() ? y.numbers[i] : "0";
    // After the first component, a leading zero makes apk compare digits as text
    // ("1.01" < "1.1"), the way it orders fractional parts.
    int c =
        (i > 0 && (a[0] == '0' || b[0] == '0')) ? detail::sign(a.compare(b)) : compareDecimal(a, b);
    if (c != 0) return c;
  }
  return 0;
}

int compareSuffixes(const ApkVersion& x, const ApkVersion& y) {
  size_t n = std::max(x.suffixes.size(), y.suffixes.size());
  for (size_t i = 0; i < n; ++i) {
    Suffix a = i < x.suffixes.size() ? x.suffixes[i] : Suffix{};
    Suffix b = i < y.suffixes.size() ? y.suffixes[i] : Suffix{};
    if (a.weight != b.weight) return a.weight < b.weight ? -1 : 1;
    if (int c = compareDecimal(a.number, b.number); c != 0) return c;
  }
  return 0;
}

}  // namespace

int compareApk(std::string_view a, std::string_view b) {
  ApkVersion x = parseApk(a), y = parseApk(b);
  if (int c = compareNumbers(x, y); c != 0) return c;
  if (x.letter != y.letter) {
    if (x.letter == 0 || y.letter == 0) return x.letter == 0 ? -1 : 1;
    return x.letter < y.letter ? -1 : 1;
  }
  if (int c = compareSuffixes(x, y); c != 0) return c;
  if (int c = compareDecimal(x.build, y.build); c != 0) return c;
  if (x.remainder.empty() != y.remainder.empty()) return x.remainder.empty() ? 1 : -1;
  // apk stops at the first invalid token after a revision: what follows does not order.
  if (x.afterRevision || y.afterRevision) return 0;
  return detail::sign(x.remainder.compare(y.remainder));
}

}  // namespace bulwark::vuln
