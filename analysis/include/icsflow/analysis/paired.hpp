#pragma once
// Paired differences over replications: with common random numbers, replication r of two scenarios shares
// its random numbers, so alt_r - base_r has far less variance than the difference of independent runs.
#include <vector>

namespace icsflow::analysis {

struct PairedDifference {
  double base_mean = 0;
  double alt_mean = 0;
  double diff_mean = 0;
  double ci_low = 0;  // 95% two-sided Student-t interval of the mean difference (NaN with one replication)
  double ci_high = 0;
};

// `base` and `alt` hold one value per replication, in the same order.
PairedDifference paired_difference(const std::vector<double>& base, const std::vector<double>& alt);

// Half-width of the 95% interval of the mean of `values` (NaN with fewer than two).
double ci_half_width(const std::vector<double>& values);

}  // namespace icsflow::analysis
