// One advisory as the importers produce it and the database stores it: ids, severity and the
// packages it affects, each with OSV-style ranges (introduced / fixed / last_affected / limit
// events ordered by the ecosystem's version scheme) or an explicit version list.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bulwark::vuln {

// What a distro says about a package it has not fixed. Fixed is decided by the ranges.
inline constexpr const char* kStateUnfixed = "unfixed";
inline constexpr const char* kStateWontFix = "wont-fix";

struct VersionRange {
  std::string type;  // ECOSYSTEM, SEMVER (GIT ranges are not stored)
  std::vector<std::pair<std::string, std::string>> events;  // {"introduced", "1.0"}, ...
};

struct AffectedPackage {
  std::string ecosystem;  // lower-case base: "npm", "pypi", "debian", "alpine", ...
  std::string release;    // distro release ("12", "3.18"); empty for upstream or all releases
  std::string package;    // normalised for the ecosystem (PyPI names per PEP 503)
  std::vector<VersionRange> ranges;
  std::vector<std::string> versions;         // explicitly affected versions
  std::string unfixedState = kStateUnfixed;  // for ranges without a fix: unfixed or wont-fix
  std::string severity;  // per-package severity from the source, when it has one
};

struct Advisory {
  std::string source;  // "osv", "debian-tracker", "alpine-secdb", "wolfi-secdb"
  std::string id;
  std::vector<std::string> aliases;
  std::string summary;
  std::string severity;  // Critical, High, Medium, Low or empty when the source gives none
  std::string cvss;      // a CVSS vector or score, when the source gives one
  std::string modified;
  std::string withdrawn;
  std::vector<AffectedPackage> affected;
};

// A problem with one record: the file (and zip entry), the place inside it and what is wrong.
struct ImportProblem {
  std::string file;
  std::string place;  // "byte 120", "line 4, column 2", "affected[0].ranges[1]"
  std::string message;
  std::string str() const { return file + (place.empty() ? "" : ": " + place) + ": " + message; }
};

// Canonical forms shared by the importers and the matcher.
std::string ecosystemBase(const std::string& osvEcosystem);     // "Debian:12" -> "debian"
std::string ecosystemRelease(const std::string& osvEcosystem);  // "Debian:12" -> "12"
// Debian codenames become version numbers ("bookworm" -> "12"), Alpine "v3.18" -> "3.18".
std::string normalizeRelease(const std::string& ecosystem, const std::string& release);
std::string normalizePackage(const std::string& ecosystem, const std::string& name);

}  // namespace bulwark::vuln
