// Advisory data holds odd versions; every comparator must order them without crashing, and
// consistently in both directions.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "vuln/version/compare.h"

TEST_CASE("comparators order garbage versions antisymmetrically", "[vuln][version]") {
  using bulwark::vuln::VersionScheme;
  const std::vector<std::string> odd = {
      "",         ":",       "-",
      "~",        "^",       "1:",
      ":1",       "v",       "1..2",
      "..",       "1-",      "-r",
      "_p",       "1_",      "+",
      "!1",       "1!",      "a:b:c",
      "\xff\xfe", "1.0\x01", "999999999999999999999999999999999999",
      "0000",     "1.0 ",    " 1.0",
      "1.0.0-",   "1.0.0+",  "1.0-ALPHA",
      "1~~~",     "1^^",     "-1-1-"};
  for (auto scheme :
       {VersionScheme::Dpkg, VersionScheme::Rpm, VersionScheme::Apk, VersionScheme::Pep440,
        VersionScheme::Semver, VersionScheme::Maven, VersionScheme::RubyGems}) {
    for (const auto& a : odd) {
      CHECK(bulwark::vuln::compareVersions(scheme, a, a) == 0);
      for (const auto& b : odd) {
        int ab = bulwark::vuln::compareVersions(scheme, a, b);
        int ba = bulwark::vuln::compareVersions(scheme, b, a);
        INFO(bulwark::vuln::schemeName(scheme) << ": '" << a << "' vs '" << b << "'");
        CHECK((ab < 0) == (ba > 0));
      }
    }
  }
}

TEST_CASE("ecosystem names map to their version schemes", "[vuln][version]") {
  using bulwark::vuln::schemeForEcosystem;
  using bulwark::vuln::VersionScheme;
  CHECK(schemeForEcosystem("Debian:12") == VersionScheme::Dpkg);
  CHECK(schemeForEcosystem("Alpine:v3.18") == VersionScheme::Apk);
  CHECK(schemeForEcosystem("PyPI") == VersionScheme::Pep440);
  CHECK(schemeForEcosystem("npm") == VersionScheme::Semver);
  CHECK(schemeForEcosystem("Go") == VersionScheme::Semver);
  CHECK(schemeForEcosystem("crates.io") == VersionScheme::Semver);
  CHECK(schemeForEcosystem("Maven") == VersionScheme::Maven);
  CHECK(schemeForEcosystem("RubyGems") == VersionScheme::RubyGems);
  CHECK(schemeForEcosystem("Red Hat") == VersionScheme::Rpm);
  CHECK_FALSE(schemeForEcosystem("NuGet").has_value());
}

TEST_CASE("Go module pseudo-versions order as SemVer pre-releases", "[vuln][version]") {
  using bulwark::vuln::compareSemver;
  const std::string pseudo = "v0.0.0-20191109021931-daa7c04131f5";
  CHECK(compareSemver(pseudo, "v0.0.1") < 0);
  CHECK(compareSemver(pseudo, "v0.0.0") < 0);
  CHECK(compareSemver(pseudo, "v0.0.0-20191109021930-aaaaaaaaaaaa") > 0);
  CHECK(compareSemver("v1.2.4-0.20200101000000-abcdefabcdef", "v1.2.3") > 0);
  CHECK(compareSemver("v2.0.0+incompatible", "v2.0.0") == 0);
}
