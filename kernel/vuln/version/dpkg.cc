// Debian policy 5.6.12 and dpkg's verrevcmp (lib/dpkg/version.c).
#include "vuln/version/compare.h"
#include "vuln/version/decimal.h"

namespace bulwark::vuln {
namespace {

using detail::isAlpha;
using detail::isDigit;

struct DpkgVersion {
  std::string_view epoch = "0";
  std::string_view upstream;
  std::string_view revision;
};

DpkgVersion parseDpkg(std::string_view s) {
  DpkgVersion v;
  if (size_t colon = s.find(':'); colon != std::string_view::npos) {
    v.epoch = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  }
  if (size_t dash = s.rfind('-'); dash != std::string_view::npos) {
    v.revision = s.substr(dash + 1);
    s = s.substr(0, dash);
  }
  v.upstream = s;
  return v;
}

int order(char c) {
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return static_cast<unsigned char>(c);
  if (c == '~') return -1;
  if (c != '\0') return static_cast<unsigned char>(c) + 256;
  return 0;
}

int verrevcmp(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto at = [](std::string_view s, size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    int firstDiff = 0;
    while ((i < a.size() && !isDigit(a[i])) || (j < b.size() && !isDigit(b[j]))) {
      int ac = order(at(a, i)), bc = order(at(b, j));
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (at(a, i) == '0')
      ++i;
    while (at(b, j) == '0')
      ++j;
    while (isDigit(at(a, i)) && isDigit(at(b, j))) {
      if (firstDiff == 0) firstDiff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (isDigit(at(a, i))) return 1;
    if (isDigit(at(b, j))) return -1;
    if (firstDiff != 0) return firstDiff;
  }
  return 0;
}

}  // namespace

int compareDpkg(std::string_view a, std::string_view b) {
  DpkgVersion x = parseDpkg(a), y = parseDpkg(b);
  if (int c = detail::compareDecimal(x.epoch, y.epoch); c != 0) return c;
  if (int c = verrevcmp(x.upstream, y.upstream); c != 0) return detail::sign(c);
  return detail::sign(verrevcmp(x.revision, y.revision));
}

}  // namespace bulwark::vuln
