#include <algorithm>
#include <string>

#include "vuln/version/compare.h"
#include "vuln/version/decimal.h"

namespace bulwark::vuln {

std::optional<VersionScheme> schemeForEcosystem(std::string_view ecosystem) {
  std::string base(ecosystem.substr(0, ecosystem.find(':')));
  std::transform(base.begin(), base.end(), base.begin(), detail::toLower);
  if (base == "debian" || base == "ubuntu") return VersionScheme::Dpkg;
  if (base == "alpine" || base == "wolfi" || base == "chainguard") return VersionScheme::Apk;
  if (base == "red hat" || base == "redhat" || base == "rocky linux" || base == "almalinux" ||
      base == "suse" || base == "opensuse" || base == "mageia" || base == "openeuler")
    return VersionScheme::Rpm;
  if (base == "pypi") return VersionScheme::Pep440;
  if (base == "npm" || base == "crates.io" || base == "go" || base == "hex" || base == "swifturl" ||
      base == "bitnami")
    return VersionScheme::Semver;
  if (base == "maven") return VersionScheme::Maven;
  if (base == "rubygems") return VersionScheme::RubyGems;
  return std::nullopt;
}

const char* schemeName(VersionScheme scheme) {
  switch (scheme) {
    case VersionScheme::Dpkg:
      return "dpkg";
    case VersionScheme::Rpm:
      return "rpm";
    case VersionScheme::Apk:
      return "apk";
    case VersionScheme::Pep440:
      return "pep440";
    case VersionScheme::Semver:
      return "semver";
    case VersionScheme::Maven:
      return "maven";
    case VersionScheme::RubyGems:
      return "rubygems";
  }
  return "unknown";
}

int compareVersions(VersionScheme scheme, std::string_view a, std::string_view b) {
  switch (scheme) {
    case VersionScheme::Dpkg:
      return compareDpkg(a, b);
    case VersionScheme::Rpm:
      return compareRpm(a, b);
    case VersionScheme::Apk:
      return compareApk(a, b);
    case VersionScheme::Pep440:
      return comparePep440(a, b);
    case VersionScheme::Semver:
      return compareSemver(a, b);
    case VersionScheme::Maven:
      return compareMaven(a, b);
    case VersionScheme::RubyGems:
      return compareRubyGems(a, b);
  }
  return 0;
}

}  // namespace bulwark::vuln
