// rpm's rpmvercmp (rpmio/rpmvercmp.c, rpm >= 4.15 with '^') applied to epoch, version and
// release in turn.
#include "vuln/version/compare.h"
#include "vuln/version/decimal.h"

namespace bulwark::vuln {
namespace {

using detail::isAlpha;
using detail::isDigit;

bool isAlnum(char c) {
  return isDigit(c) || isAlpha(c);
}

int rpmvercmp(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  size_t i = 0, j = 0;
  auto at = [](std::string_view s, size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && !isAlnum(a[i]) && a[i] != '~' && a[i] != '^')
      ++i;
    while (j < b.size() && !isAlnum(b[j]) && b[j] != '~' && b[j] != '^')
      ++j;
    char ca = at(a, i), cb = at(b, j);
    if (ca == '~' || cb == '~') {
      if (ca != '~') return 1;
      if (cb != '~') return -1;
      ++i;
      ++j;
      continue;
    }
    if (ca == '^' || cb == '^') {
      if (ca == '\0') return -1;
      if (cb == '\0') return 1;
      if (ca != '^') return 1;
      if (cb != '^') return -1;
      ++i;
      ++j;
      continue;
    }
    if (ca == '\0' || cb == '\0') break;
    size_t ei = i, ej = j;
    bool numeric = isDigit(ca);
    auto same = [numeric](char c) { return numeric ? isDigit(c) : isAlpha(c); };
    while (ei < a.size() && same(a[ei]))
      ++ei;
    while (ej < b.size() && same(b[ej]))
      ++ej;
    if (ej == j) return numeric ? 1 : -1;
    std::string_view sa = a.substr(i, ei - i), sb = b.substr(j, ej - j);
    int rc = numeric ? detail::compareDecimal(sa, sb) : detail::sign(sa.compare(sb));
    if (rc != 0) return rc;
    i = ei;
    j = ej;
  }
  if (i >= a.size() && j >= b.size()) return 0;
  return i >= a.size() ? -1 : 1;
}

struct Evr {
  std::string_view epoch = "0";
  std::string_view version;
  std::string_view release;
  bool hasRelease = false;
};

Evr parseEvr(std::string_view s) {
  Evr v;
  if (size_t colon = s.find(':'); colon != std::string_view::npos && colon + 1 < s.size()) {
    v.epoch = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  } else if (colon != std::string_view::npos) {
    s = s.substr(0, colon);
  }
  if (size_t dash = s.rfind('-'); dash != std::string_view::npos) {
    v.release = s.substr(dash + 1);
    v.hasRelease = true;
    s = s.substr(0, dash);
  }
  v.version = s;
  return v;
}

}  // namespace

int compareRpm(std::string_view a, std::string_view b) {
  Evr x = parseEvr(a), y = parseEvr(b);
  if (int c = rpmvercmp(x.epoch, y.epoch); c != 0) return c;
  if (int c = rpmvercmp(x.version, y.version); c != 0) return c;
  if (x.hasRelease != y.hasRelease) return x.hasRelease ? 1 : -1;
  return rpmvercmp(x.release, y.release);
}

}  // namespace bulwark::vuln
