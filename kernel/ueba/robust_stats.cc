#include "ueba/robust_stats.h"

#include <algorithm>
#include <cmath>

namespace bulwark::ueba {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  double lower = *std::max_element(v.begin(), v.begin() + mid);
  return (lower + upper) / 2;
}

double medianAbsoluteDeviation(const std::vector<double>& v) {
  double m = median(v);
  std::vector<double> deviations;
  deviations.reserve(v.size());
  for (double x : v)
    deviations.push_back(std::fabs(x - m));
  return median(std::move(deviations));
}

}  // namespace bulwark::ueba
