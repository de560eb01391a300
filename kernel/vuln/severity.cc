#include "vuln/severity.h"

#include "util/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace bulwark::vuln {
namespace {

std::map<std::string, std::string> metrics(const std::string& vector) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= vector.size()) {
    size_t slash = vector.find('/', pos);
    if (slash == std::string::npos) slash = vector.size();
    std::string part = vector.substr(pos, slash - pos);
    if (size_t colon = part.find(':'); colon != std::string::npos)
      out[part.substr(0, colon)] = part.substr(colon + 1);
    pos = slash + 1;
  }
  return out;
}

// CVSS v3.1 "Roundup": the smallest one-decimal number >= x, robust to float error.
double roundUp(double x) {
  long scaled = std::lround(x * 100000.0);
  if (scaled % 10000 == 0) return static_cast<double>(scaled) / 100000.0;
  return (std::floor(static_cast<double>(scaled) / 10000.0) + 1.0) / 10.0;
}

std::optional<double> scoreV3(const std::map<std::string, std::string>& m) {
  static const std::map<std::string, double> kAv = {
      {"N", 0.85}, {"A", 0.62}, {"L", 0.55}, {"P", 0.2}};
  static const std::map<std::string, double> kAc = {{"L", 0.77}, {"H", 0.44}};
  static const std::map<std::string, double> kUi = {{"N", 0.85}, {"R", 0.62}};
  static const std::map<std::string, double> kCia = {{"H", 0.56}, {"L", 0.22}, {"N", 0.0}};
  auto get = [&m](const char* key) -> std::optional<std::string> {
    auto it = m.find(key);
    return it == m.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto av = get("AV"), ac = get("AC"), pr = get("PR"), ui = get("UI"), s = get("S"), c = get("C"),
       i = get("I"), a = get("A");
  if (!av || !ac || !pr || !ui || !s || !c || !i || !a || !kAv.count(*av) || !kAc.count(*ac) ||
      !kUi.count(*ui) || !kCia.count(*c) || !kCia.count(*i) || !kCia.count(*a) ||
      (*s != "U" && *s != "C"))
    return std::nullopt;
  bool changed = *s == "C";
  double prValue = 0;
  if (*pr == "N")
    prValue = 0.85;
  else if (*pr == "L")
    prValue = changed ? 0.68 : 0.62;
  else if (*pr == "H")
    prValue = changed ? 0.5 : 0.27;
  else
    return std::nullopt;
  double iss = 1 - (1 - kCia.at(*c)) * (1 - kCia.at(*i)) * (1 - kCia.at(*a));
  double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  double exploitability = 8.22 * kAv.at(*av) * kAc.at(*ac) * prValue * kUi.at(*ui);
  if (impact <= 0) return 0.0;
  return changed ? roundUp(std::min(1.08 * (impact + exploitability), 10.0))
                 : roundUp(std::min(impact + exploitability, 10.0));
}

std::optional<double> scoreV2(const std::map<std::string, std::string>& m) {
  static const std::map<std::string, double> kAv = {{"L", 0.395}, {"A", 0.646}, {"N", 1.0}};
  static const std::map<std::string, double> kAc = {{"H", 0.35}, {"M", 0.61}, {"L", 0.71}};
  static const std::map<std::string, double> kAu = {{"M", 0.45}, {"S", 0.56}, {"N", 0.704}};
  static const std::map<std::string, double> kCia = {{"N", 0.0}, {"P", 0.275}, {"C", 0.660}};
  auto value = [&m](const std::map<std::string, double>& table,
                    const char* key) -> std::optional<double> {
    auto it = m.find(key);
    if (it == m.end() || !table.count(it->second)) return std::nullopt;
    return table.at(it->second);
  };
  auto av = value(kAv, "AV"), ac = value(kAc, "AC"), au = value(kAu, "Au"), c = value(kCia, "C"),
       i = value(kCia, "I"), a = value(kCia, "A");
  if (!av || !ac || !au || !c || !i || !a) return std::nullopt;
  double impact = 10.41 * (1 - (1 - *c) * (1 - *i) * (1 - *a));
  double exploitability = 20 * *av * *ac * *au;
  double f = impact == 0 ? 0 : 1.176;
  return std::round(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f * 10.0) / 10.0;
}

}  // namespace

std::string severityFromLabel(const std::string& label) {
  std::string l = toLowerAscii(label);
  if (l == "critical") return "Critical";
  if (l == "high" || l == "important") return "High";
  if (l == "moderate" || l == "medium") return "Medium";
  if (l == "low" || l == "minor" || l == "negligible" || l == "unimportant") return "Low";
  return "";
}

std::optional<double> cvssBaseScore(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text.rfind("CVSS:3", 0) == 0) return scoreV3(metrics(text));
  if (text.find("AV:") != std::string::npos && text.find("Au:") != std::string::npos)
    return scoreV2(metrics(text.front() == '(' ? text.substr(1, text.size() - 2) : text));
  char* end = nullptr;
  double score = std::strtod(text.c_str(), &end);
  if (end != nullptr && *end == '\0' && score >= 0 && score <= 10) return score;
  return std::nullopt;
}

std::string severityFromCvss(const std::string& vectorOrScore) {
  auto score = cvssBaseScore(vectorOrScore);
  if (!score || *score <= 0) return "";
  if (*score >= 9.0 && vectorOrScore.find("Au:") == std::string::npos) return "Critical";
  if (*score >= 7.0) return "High";
  if (*score >= 4.0) return "Medium";
  return "Low";
}

}  // namespace bulwark::vuln
