// What UEBA has learned about one principal (a caller or signed-in user): the operations,
// addresses and countries it has used, its activity per hour, and where it was last seen.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

namespace bulwark::ueba {

struct SeenValue {
  int64_t firstNs = 0;
  int64_t lastNs = 0;
};

struct HourActivity {
  int64_t events = 0;
  int64_t deletions = 0;
  int64_t bytesOut = 0;  // bytes out of successful operations a declaration counts
};

struct PrincipalBaseline {
  std::string principal;
  int64_t firstSeenNs = 0;  // the learning period runs from here
  int64_t lastEventNs = 0;  // newest event learned; older ones are already in the baseline
  std::string lastIp;       // of the newest event whose address had a country
  std::string lastCountry;
  int64_t lastLocatedNs = 0;
  std::unordered_map<std::string, SeenValue> operations;
  std::unordered_map<std::string, SeenValue> ips;
  std::unordered_map<std::string, SeenValue> countries;
  std::map<int64_t, HourActivity> hours;  // Unix hour -> activity
};

struct BaselineLimits {
  size_t maxValuesPerKind = 1000;                 // per principal, the least recently seen go first
  int64_t historyNs = 30LL * 86400 * 1000000000;  // hourly activity kept this long
};

// Drops what is beyond `limits`, measured back from the principal's newest event, so a
// baseline stays bounded however long it learns.
void trimBaseline(PrincipalBaseline& baseline, const BaselineLimits& limits);

}  // namespace bulwark::ueba
