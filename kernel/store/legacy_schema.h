// Stores written before the schema had parts carried one version, PRAGMA user_version, for one
// list of migrations. This is that history, as data: which parts' migrations each of those
// versions had applied, so such a store's parts start from where it was.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bulwark {

// The last single-list version; stores in parts keep user_version at it, so a bulwark from
// before parts refuses nothing it can read and an older one refuses the store as newer.
inline constexpr int kLegacyFinalVersion = 11;

struct LegacyStep {
  int version;       // the user_version that included it
  std::string part;  // the part it belongs to now
};

// In order: each part's migrations appear in the order they were applied.
const std::vector<LegacyStep>& legacySteps();

// How many of `part`'s migrations a store at legacy `version` had applied.
int legacyPartVersion(const std::string& part, int version);

}  // namespace bulwark
