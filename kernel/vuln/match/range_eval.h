// Evaluation of one affected-package row against an installed version.
#pragma once

#include <optional>
#include <string>

#include "vuln/db/advisory.h"
#include "vuln/version/compare.h"

namespace bulwark::vuln {

struct RangeVerdict {
  bool affected = false;
  std::string fixedVersion;  // the lowest fix above the installed version, if any
};

// `scheme` is nullopt for ecosystems without a comparator: then only the explicit version list
// can match (by string equality).
RangeVerdict evaluateAffected(const AffectedPackage& affected, const std::string& version,
                              std::optional<VersionScheme> scheme);

}  // namespace bulwark::vuln
