// The ignore file of `bulwark images scan --ignore FILE`: YAML naming findings to set aside.
//
//   ignore:
//     - id: CVE-2021-23337          # advisory id or any of its aliases (required)
//       package: lodash             # optional: a name, or {name: lodash, version: 4.17.15}
//       expires: 2027-01-31         # optional: the entry stops applying after this day (UTC)
//       reason: not reachable       # required
//
// A top-level list of entries is accepted too. Unknown keys are errors, so typos do not
// silently ignore nothing.
#pragma once

#include <string>
#include <vector>

namespace bulwark::image {

struct IgnoreEntry {
  std::string id;
  std::string packageName;     // empty: any package
  std::string packageVersion;  // empty: any version
  std::string expires;         // YYYY-MM-DD, empty: never
  std::string reason;
  std::string origin;  // FILE:LINE:COLUMN of the entry
};

// Throws TriageError naming FILE:LINE:COLUMN when the file is unreadable or malformed.
std::vector<IgnoreEntry> loadIgnoreFile(const std::string& path);

// Whether `entry` has expired on `today` (YYYY-MM-DD): it applies through its expiry day.
bool ignoreEntryExpired(const IgnoreEntry& entry, const std::string& today);

}  // namespace bulwark::image
