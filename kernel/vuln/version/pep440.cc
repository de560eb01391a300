// PEP 440 ordering as implemented by the `packaging` library (Version._key), including its
// LegacyVersion fallback for strings that are not PEP 440, which pip still meets in old
// advisories ("0.9-doduo").
#include <re2/re2.h>

#include <cctype>
#include <string>
#include <vector>

#include "vuln/version/compare.h"
#include "vuln/version/decimal.h"

namespace bulwark::vuln {
namespace {

using detail::compareDecimal;
using detail::sign;

// packaging.version.VERSION_PATTERN, lower-cased input, one capture per field we need.
constexpr const char* kPattern = R"(v?(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*))"
                                 R"((?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?)"
                                 R"((?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?)"
                                 R"((?:[-_.]?(dev)[-_.]?([0-9]+)?)?)"
                                 R"((?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?)";

enum Group { kEpoch = 1, kRelease, kPreL, kPreN, kPostN1, kPostL, kPostN2, kDev, kDevN, kLocal };
constexpr int kGroups = 11;

struct Pep440Version {
  bool legacy = false;
  std::string text;  // lower-cased, trimmed; the views below point into it
  std::string_view epoch = "0";
  std::vector<std::string_view> release;
  bool hasPre = false;
  std::string preLetter;
  std::string_view preNumber = "0";
  bool hasPost = false;
  std::string_view postNumber = "0";
  bool hasDev = false;
  std::string_view devNumber = "0";
  bool hasLocal = false;
  std::vector<std::string_view> local;
  std::vector<std::string> legacyParts;
};

std::string normalizeText(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  std::string out(s);
  for (char& c : out)
    c = detail::toLower(c);
  return out;
}

std::vector<std::string_view> split(std::string_view s, std::string_view separators) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || separators.find(s[i]) != std::string_view::npos) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// packaging's _legacy_cmpkey: re.split(r"(\d+|[a-z]+|\.|-)") pieces, numbers zero-filled to 8,
// words prefixed with '*', pre-release words moved before "*final".
std::vector<std::string> legacyParts(std::string_view s) {
  std::vector<std::string> pieces;
  std::string between;
  size_t i = 0;
  auto flush = [&] {
    pieces.push_back(between);
    between.clear();
  };
  while (i < s.size()) {
    size_t end = i;
    if (detail::isDigit(s[i])) {
      while (end < s.size() && detail::isDigit(s[end]))
        ++end;
    } else if (s[i] >= 'a' && s[i] <= 'z') {
      while (end < s.size() && s[end] >= 'a' && s[end] <= 'z')
        ++end;
    } else if (s[i] == '.' || s[i] == '-') {
      end = i + 1;
    } else {
      between += s[i++];
      continue;
    }
    flush();
    pieces.emplace_back(s.substr(i, end - i));
    i = end;
  }
  flush();
  std::vector<std::string> parts;
  auto emit = [&parts](std::string part) {
    if (part[0] == '*') {
      if (part < "*final") {
        while (!parts.empty() && parts.back() == "*final-")
          parts.pop_back();
      }
      while (!parts.empty() && parts.back() == "00000000")
        parts.pop_back();
    }
    parts.push_back(std::move(part));
  };
  for (std::string piece : pieces) {
    if (piece == "pre" || piece == "preview" || piece == "rc")
      piece = "c";
    else if (piece == "-")
      piece = "final-";
    else if (piece == "dev")
      piece = "@";
    if (piece.empty() || piece == ".") continue;
    if (detail::isDigit(piece[0]))
      emit(piece.size() < 8 ? std::string(8 - piece.size(), '0') + piece : piece);
    else
      emit("*" + piece);
  }
  emit("*final");
  return parts;
}

// Fills `v` in place: its views point into v.text, so it must not be moved afterwards.
void parsePep440(std::string_view input, Pep440Version& v) {
  static const RE2 pattern(kPattern);
  v.text = normalizeText(input);
  re2::StringPiece g[kGroups];
  if (!pattern.Match(v.text, 0, v.text.size(), RE2::ANCHOR_BOTH, g, kGroups)) {
    v.legacy = true;
    v.legacyParts = legacyParts(v.text);
    return;
  }
  auto view = [&g](int i) { return std::string_view(g[i].data(), g[i].size()); };
  if (g[kEpoch].data() != nullptr) v.epoch = view(kEpoch);
  v.release = split(view(kRelease), ".");
  while (v.release.size() > 1 && compareDecimal(v.release.back(), "0") == 0)
    v.release.pop_back();
  if (g[kPreL].data() != nullptr) {
    v.hasPre = true;
    std::string_view l = view(kPreL);
    v.preLetter = l == "alpha" ? "a" : l == "beta" ? "b" : (l == "a" || l == "b") ? l : "rc";
    if (g[kPreN].data() != nullptr) v.preNumber = view(kPreN);
  }
  if (g[kPostN1].data() != nullptr) {
    v.hasPost = true;
    v.postNumber = view(kPostN1);
  } else if (g[kPostL].data() != nullptr) {
    v.hasPost = true;
    if (g[kPostN2].data() != nullptr) v.postNumber = view(kPostN2);
  }
  if (g[kDev].data() != nullptr) {
    v.hasDev = true;
    if (g[kDevN].data() != nullptr) v.devNumber = view(kDevN);
  }
  if (g[kLocal].data() != nullptr) {
    v.hasLocal = true;
    v.local = split(view(kLocal), "-_.");
  }
}

bool allDigits(std::string_view s) {
  for (char c : s) {
    if (!detail::isDigit(c)) return false;
  }
  return !s.empty();
}

// The pre-release slot of packaging's key: -inf for a bare dev release, +inf for none.
int preRank(const Pep440Version& v) {
  if (v.hasPre) return 0;
  return (!v.hasPost && v.hasDev) ? -1 : 1;
}

int compareLocal(const Pep440Version& x, const Pep440Version& y) {
  if (x.hasLocal != y.hasLocal) return x.hasLocal ? 1 : -1;
  size_t n = std::min(x.local.size(), y.local.size());
  for (size_t i = 0; i < n; ++i) {
    bool xn = allDigits(x.local[i]), yn = allDigits(y.local[i]);
    if (xn != yn) return xn ? 1 : -1;
    int c = xn ? compareDecimal(x.local[i], y.local[i]) : sign(x.local[i].compare(y.local[i]));
    if (c != 0) return c;
  }
  return sign(static_cast<int>(x.local.size()) - static_cast<int>(y.local.size()));
}

int compareParsed(const Pep440Version& x, const Pep440Version& y) {
  if (x.legacy || y.legacy) {
    if (x.legacy != y.legacy) return x.legacy ? -1 : 1;
    size_t n = std::min(x.legacyParts.size(), y.legacyParts.size());
    for (size_t i = 0; i < n; ++i) {
      if (int c = x.legacyParts[i].compare(y.legacyParts[i]); c != 0) return sign(c);
    }
    return sign(static_cast<int>(x.legacyParts.size()) - static_cast<int>(y.legacyParts.size()));
  }
  if (int c = compareDecimal(x.epoch, y.epoch); c != 0) return c;
  size_t n = std::max(x.release.size(), y.release.size());
  for (size_t i = 0; i < n; ++i) {
    std::string_view a = i < x.release.size() ? x.release[i] : "0";
    std::string_view b = i < y.release.size() ? y.release[i] : "0";
    if (int c = compareDecimal(a, b); c != 0) return c;
  }
  if (int xr = preRank(x), yr = preRank(y); xr != yr) return xr < yr ? -1 : 1;
  if (x.hasPre) {
    if (int c = x.preLetter.compare(y.preLetter); c != 0) return sign(c);
    if (int c = compareDecimal(x.preNumber, y.preNumber); c != 0) return c;
  }
  if (x.hasPost != y.hasPost) return x.hasPost ? 1 : -1;
  if (int c = compareDecimal(x.postNumber, y.postNumber); x.hasPost && c != 0) return c;
  if (x.hasDev != y.hasDev) return x.hasDev ? -1 : 1;
  if (int c = compareDecimal(x.devNumber, y.devNumber); x.hasDev && c != 0) return c;
  return compareLocal(x, y);
}

}  // namespace

int comparePep440(std::string_view a, std::string_view b) {
  Pep440Version x, y;
  parsePep440(a, x);
  parsePep440(b, y);
  return compareParsed(x, y);
}

}  // namespace bulwark::vuln
