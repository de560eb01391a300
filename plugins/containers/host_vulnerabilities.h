// The host's vulnerability database (ABI 1.2 vuln_match) as the image scanner's matcher.
#pragma once

#include <bulwark/sdk/vulndb.hpp>

#include "image/image_scan.h"

namespace bulwark::containers {

// Empty when the operator configured no database.
inline image::PackageMatcher hostMatcher(const sdk::VulnDbClient& db, const sdk::VulnDbInfo& info) {
  if (!info.available) return {};
  return [db](const std::vector<sdk::PackageQuery>& queries) { return db.match(queries); };
}

}  // namespace bulwark::containers
