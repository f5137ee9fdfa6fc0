#include "icsflow/analysis/paired.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

namespace icsflow::analysis {

double ci_half_width(const std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  double mean = 0;
  for (const double v : values) mean += v;
  mean /= static_cast<double>(n);
  double squares = 0;
  for (const double v : values) squares += (v - mean) * (v - mean);
  const double standard_error = std::sqrt(squares / static_cast<double>(n - 1) / static_cast<double>(n));
  const boost::math::students_t t(static_cast<double>(n - 1));
  return boost::math::quantile(boost::math::complement(t, 0.025)) * standard_error;
}

PairedDifference paired_difference(const std::vector<double>& base, const std::vector<double>& alt) {
  if (base.size() != alt.size() || base.empty())
    throw std::invalid_argument("paired_difference: unequal or empty samples");
  const auto n = static_cast<double>(base.size());
  PairedDifference out;
  std::vector<double> differences;
  for (std::size_t r = 0; r < base.size(); ++r) {
    out.base_mean += base[r] / n;
    out.alt_mean += alt[r] / n;
    differences.push_back(alt[r] - base[r]);
  }
  out.diff_mean = out.alt_mean - out.base_mean;
  const double half = ci_half_width(differences);
  out.ci_low = out.diff_mean - half;
  out.ci_high = out.diff_mean + half;
  return out;
}

}  // namespace icsflow::analysis
