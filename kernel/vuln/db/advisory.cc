#include "vuln/db/advisory.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "util/text.h"

namespace bulwark::vuln {

std::string ecosystemBase(const std::string& osvEcosystem) {
  return toLowerAscii(osvEcosystem.substr(0, osvEcosystem.find(':')));
}

std::string ecosystemRelease(const std::string& osvEcosystem) {
  size_t colon = osvEcosystem.find(':');
  return colon == std::string::npos ? "" : osvEcosystem.substr(colon + 1);
}

std::string normalizeRelease(const std::string& ecosystem, const std::string& release) {
  std::string r = toLowerAscii(release);
  if (ecosystem == "debian") {
    static const std::map<std::string, std::string> kCodenames = {
        {"buzz", "1.1"},    {"rex", "1.2"},    {"bo", "1.3"},    {"hamm", "2.0"},
        {"slink", "2.1"},   {"potato", "2.2"}, {"woody", "3.0"}, {"sarge", "3.1"},
        {"etch", "4"},      {"lenny", "5"},    {"squeeze", "6"}, {"wheezy", "7"},
        {"jessie", "8"},    {"stretch", "9"},  {"buster", "10"}, {"bullseye", "11"},
        {"bookworm", "12"}, {"trixie", "13"},  {"forky", "14"},  {"duke", "15"}};
    if (auto it = kCodenames.find(r); it != kCodenames.end()) return it->second;
    if (r == "sid" || r == "unstable") return "";
    // "12.4" (debian_version) means release 12.
    size_t dot = r.find('.');
    bool numeric = r.find_first_not_of("0123456789.") == std::string::npos;
    if (numeric && dot != std::string::npos && dot > 0 && dot <= 3 && std::stoi(r) >= 4)
      return r.substr(0, dot);
    return r;
  }
  if (ecosystem == "alpine") {
    if (!r.empty() && r[0] == 'v') r.erase(0, 1);
    // "3.18.4" (alpine-release) means branch 3.18.
    if (size_t first = r.find('.'); first != std::string::npos) {
      if (size_t second = r.find('.', first + 1); second != std::string::npos) r.resize(second);
    }
    return r;
  }
  return r;
}

std::string normalizePackage(const std::string& ecosystem, const std::string& name) {
  if (ecosystem == "pypi") {
    std::string out;
    bool separator = false;
    for (char c : name) {
      if (c == '-' || c == '_' || c == '.') {
        separator = true;
        continue;
      }
      if (separator && !out.empty()) out += '-';
      separator = false;
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  }
  return name;
}

}  // namespace bulwark::vuln
