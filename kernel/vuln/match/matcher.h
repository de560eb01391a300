// Matches one installed package against the vulnerability database. This is the C++ API the
// kernel offers the image scanner and the vm plugin; `bulwark vulndb match` is its CLI.
//
// Rules: versions are ordered by the ecosystem's own scheme; OSV ranges are evaluated per the
// OSV specification (introduced / fixed / last_affected / limit) and explicit version lists
// match exactly. A distro package (distro set, or a distro ecosystem such as "Debian:12") only
// meets that distro's advisories for that release (Debian by codename or number, Alpine by
// branch), looked up by source package when one is given; it never meets upstream advisories,
// so backported fixes raise no false positives. A distro statement without a release applies
// to releases that have none of their own. Advisories withdrawn before now never match.
#pragma once

#include <string>
#include <vector>

#include "vuln/db/vuln_db.h"

namespace bulwark::vuln {

struct PackageQuery {
  std::string ecosystem;  // OSV name: npm, PyPI, Go, crates.io, Maven, RubyGems, Debian, ...
  std::string package;
  std::string version;
  std::string distro;         // optional: debian, alpine, wolfi (overrides the ecosystem)
  std::string release;        // optional: bookworm / 12, v3.18 / 3.18 / 3.18.4
  std::string sourcePackage;  // optional: the distro source package of a binary package
};

struct VulnerabilityMatch {
  std::string id;
  std::vector<std::string> aliases;
  std::string source;          // osv, debian-tracker, alpine-secdb, wolfi-secdb
  std::string severity;        // Critical, High, Medium, Low or Unknown
  std::string severityOrigin;  // "source", "cvss" or empty when unknown
  std::string cvss;
  std::string summary;
  std::string ecosystem;
  std::string release;
  std::string package;  // as stored (the source package for distro advisories)
  std::string installedVersion;
  std::string fixedVersion;  // empty when no fix exists
  std::string state;         // "fixed", "unfixed" or "wont-fix"
};

class Matcher {
 public:
  explicit Matcher(const VulnDb& db) : db_(db) {}

  // Advisories affecting the package, ordered by id. Throws VulnDbError on database failure.
  std::vector<VulnerabilityMatch> match(const PackageQuery& query) const;

 private:
  const VulnDb& db_;
};

}  // namespace bulwark::vuln
