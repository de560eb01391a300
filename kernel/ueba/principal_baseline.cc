#include "ueba/principal_baseline.h"

#include <algorithm>
#include <vector>

namespace bulwark::ueba {
namespace {

void trimValues(std::unordered_map<std::string, SeenValue>& values, size_t limit) {
  if (values.size() <= limit) return;
  std::vector<std::pair<int64_t, std::string>> byRecency;
  byRecency.reserve(values.size());
  for (const auto& [value, seen] : values)
    byRecency.emplace_back(seen.lastNs, value);
  size_t excess = values.size() - limit;
  std::nth_element(byRecency.begin(), byRecency.begin() + excess, byRecency.end());
  for (size_t i = 0; i < excess; ++i)
    values.erase(byRecency[i].second);
}

}  // namespace

void trimBaseline(PrincipalBaseline& b, const BaselineLimits& limits) {
  trimValues(b.operations, limits.maxValuesPerKind);
  trimValues(b.ips, limits.maxValuesPerKind);
  trimValues(b.countries, limits.maxValuesPerKind);
  constexpr int64_t kHourNs = 3600LL * 1000000000;
  int64_t oldestHour = (b.lastEventNs - limits.historyNs) / kHourNs;
  b.hours.erase(b.hours.begin(), b.hours.lower_bound(oldestHour));
}

}  // namespace bulwark::ueba
