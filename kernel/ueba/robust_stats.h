// Robust statistics for baselines: a few extreme values move neither the median nor the
// median absolute deviation, so one earlier burst does not hide the next.
#pragma once

#include <vector>

namespace bulwark::ueba {

// 0 for an empty sample.
double median(std::vector<double> values);
// Median of |x - median|; 0 for an empty sample.
double medianAbsoluteDeviation(const std::vector<double>& values);

}  // namespace bulwark::ueba
