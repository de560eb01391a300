// Version comparators, one per ecosystem's own ordering rules. Each takes two version strings
// as written by that ecosystem and returns <0, 0 or >0 like strcmp. None of them throws:
// strings that do not parse are still ordered (each comparator documents its fallback), so a
// database holding odd versions never aborts a match.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::vuln {

// Debian dpkg: [epoch:]upstream[-revision], '~' sorts before everything, even the end.
int compareDpkg(std::string_view a, std::string_view b);

// RPM: [epoch:]version[-release] compared with rpmvercmp ('~' before, '^' after the end).
// A version without a release sorts before the same version with one.
int compareRpm(std::string_view a, std::string_view b);

// Alpine apk: numbers, optional letter, _alpha.._p suffixes, ~hash, -rN. Malformed tails are
// compared as strings after the parsed part.
int compareApk(std::string_view a, std::string_view b);

// PEP 440 (PyPI). Strings that are not PEP 440 compare as pip's legacy versions, which sort
// before every PEP 440 version.
int comparePep440(std::string_view a, std::string_view b);

// SemVer 2.0 precedence for npm, crates.io, Go modules (leading "v", pseudo-versions) and Hex.
// Build metadata is ignored; components beyond the third and any unparsable tail are treated
// as a pre-release-like suffix.
int compareSemver(std::string_view a, std::string_view b);

// Maven ComparableVersion order (the version order specification): tokens, '.' and '-'
// separators, trailing null trimming, known qualifiers alpha < beta < milestone < rc <
// snapshot < release < sp < others.
int compareMaven(std::string_view a, std::string_view b);

// RubyGems Gem::Version ordering ("-" means ".pre.", letters are pre-releases).
int compareRubyGems(std::string_view a, std::string_view b);

// The ordering rules a package ecosystem uses.
enum class VersionScheme { Dpkg, Rpm, Apk, Pep440, Semver, Maven, RubyGems };

// Maps an OSV ecosystem name ("npm", "PyPI", "Debian:12", "Alpine:v3.18", "Go", "crates.io",
// "Maven", "RubyGems", "Red Hat", ...) to its scheme; nullopt when no comparator fits.
std::optional<VersionScheme> schemeForEcosystem(std::string_view ecosystem);
const char* schemeName(VersionScheme scheme);

int compareVersions(VersionScheme scheme, std::string_view a, std::string_view b);

}  // namespace bulwark::vuln
