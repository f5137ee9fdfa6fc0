#include "icsflow/analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include <Eigen/QR>
#include <boost/math/distributions/students_t.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

namespace icsflow::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Pivots of the QR factorisation below this fraction of the largest count as zero. Standardized columns that
// are exactly collinear leave pivots of about 1e-15 (rounding); a real correlation of 1 - 1e-9 still leaves
// about 4e-5, so anything between separates the two.
constexpr double kRankTolerance = 1e-10;

void require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(message);
}

// Exact test: a mean-centred constant column is not exactly zero after rounding, so test before centring.
bool is_constant(const Eigen::Ref<const Eigen::VectorXd>& values) {
  return values.size() == 0 || values.maxCoeff() == values.minCoeff();
}

Eigen::VectorXd standardized(const Eigen::Ref<const Eigen::VectorXd>& values) {
  const Eigen::VectorXd centred = values.array() - values.mean();
  return centred / std::sqrt(centred.squaredNorm() / static_cast<double>(values.size() - 1));
}

// Ranks 1..n, tied values sharing the average of the ranks they span.
Eigen::VectorXd average_ranks(const Eigen::Ref<const Eigen::VectorXd>& values) {
  const Eigen::Index n = values.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return values[a] < values[b]; });
  Eigen::VectorXd ranks(n);
  for (Eigen::Index start = 0; start < n;) {
    Eigen::Index end = start + 1;
    while (end < n && values[order[end]] == values[order[start]]) ++end;
    const double rank = 0.5 * static_cast<double>(start + 1 + end);  // mean of start + 1, ..., end
    for (Eigen::Index i = start; i < end; ++i) ranks[order[i]] = rank;
    start = end;
  }
  return ranks;
}

// A least-squares solver that treats (near-)exact collinearity as rank deficiency instead of dividing by a
// rounding error; the threshold must be set before the factorisation for solve() to use it.
Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> factorise(const Eigen::MatrixXd& a) {
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> decomposition(a.rows(), a.cols());
  decomposition.setThreshold(kRankTolerance);
  decomposition.compute(a);
  return decomposition;
}

Eigen::MatrixXd without_column(const Eigen::MatrixXd& a, Eigen::Index column) {
  Eigen::MatrixXd out(a.rows(), a.cols() - 1);
  out.leftCols(column) = a.leftCols(column);
  out.rightCols(a.cols() - 1 - column) = a.rightCols(a.cols() - 1 - column);
  return out;
}

double two_sided_t_p_value(double r, double degrees_of_freedom) {
  const double unexplained = 1 - r * r;
  if (unexplained <= 0) return 0;
  const double t = std::abs(r) * std::sqrt(degrees_of_freedom / unexplained);
  const boost::math::students_t distribution(degrees_of_freedom);
  return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(distribution, t)));
}

// Linear-interpolation percentile (the default of R and numpy) of the finite values; NaN if there are none.
double percentile(std::vector<double> values, double fraction) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double position = fraction * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  if (below + 1 >= values.size()) return values.back();
  return values[below] + (position - static_cast<double>(below)) * (values[below + 1] - values[below]);
}

// The Sobol estimators on the rows row(0), ..., row(n - 1) (the identity, or a bootstrap resample).
template <typename RowOf>
void estimate_sobol(const Eigen::VectorXd& f_a, const Eigen::VectorXd& f_b, const Eigen::MatrixXd& f_ab, RowOf row,
                    std::vector<double>& first, std::vector<double>& total) {
  const Eigen::Index n = f_a.size();
  // Measure everything from one of the values: a constant output then gives a variance of exactly zero.
  const double origin = f_a[row(0)];
  double sum = 0;
  for (Eigen::Index r = 0; r < n; ++r) sum += (f_a[row(r)] - origin) + (f_b[row(r)] - origin);
  const double mean = origin + sum / static_cast<double>(2 * n);
  double squares = 0;
  for (Eigen::Index r = 0; r < n; ++r) {
    const double a = f_a[row(r)] - mean;
    const double b = f_b[row(r)] - mean;
    squares += a * a + b * b;
  }
  const double variance = squares / static_cast<double>(2 * n);
  for (Eigen::Index i = 0; i < f_ab.cols(); ++i) {
    const auto slot = static_cast<std::size_t>(i);
    if (!(variance > 0)) {
      first[slot] = total[slot] = kNaN;
      continue;
    }
    double first_sum = 0;
    double total_sum = 0;
    for (Eigen::Index r = 0; r < n; ++r) {
      const double a = f_a[row(r)];
      const double ab = f_ab(row(r), i);
      first_sum += (f_b[row(r)] - mean) * (ab - a);
      total_sum += (a - ab) * (a - ab);
    }
    first[slot] = first_sum / static_cast<double>(n) / variance;
    total[slot] = total_sum / static_cast<double>(2 * n) / variance;
  }
}

}  // namespace

RegressionSensitivity regression_sensitivity(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::Index n = x.rows();
  const Eigen::Index k = x.cols();
  require(k >= 1, "regression_sensitivity: x has no parameter columns");
  require(y.size() == n, "regression_sensitivity: x has " + std::to_string(n) + " rows (design points) but y has " +
                             std::to_string(y.size()) + " values");
  require(n > k + 1, "regression_sensitivity: " + std::to_string(n) + " design points for " + std::to_string(k) +
                         " parameters; need more than k + 1 = " + std::to_string(k + 1));
  require(x.allFinite() && y.allFinite(), "regression_sensitivity: x or y holds a NaN or infinite value");

  RegressionSensitivity out;
  const auto columns = static_cast<std::size_t>(k);
  out.src.assign(columns, kNaN);
  out.prcc.assign(columns, kNaN);
  out.prcc_p_value.assign(columns, kNaN);
  out.r_squared = kNaN;
  if (is_constant(y)) return out;

  // A constant column only duplicates the intercept: leave it out of every regression.
  std::vector<Eigen::Index> varying;
  for (Eigen::Index j = 0; j < k; ++j)
    if (!is_constant(x.col(j))) varying.push_back(j);
  const auto p = static_cast<Eigen::Index>(varying.size());
  out.r_squared = 0;
  if (p == 0) return out;

  // SRC: on standardized data the least-squares coefficients are the SRC themselves, and centring stands in
  // for the intercept.
  Eigen::MatrixXd x_standard(n, p);
  for (Eigen::Index c = 0; c < p; ++c) x_standard.col(c) = standardized(x.col(varying[c]));
  const Eigen::VectorXd y_standard = standardized(y);
  const auto decomposition = factorise(x_standard);
  const Eigen::VectorXd coefficients = decomposition.solve(y_standard);
  const Eigen::VectorXd residual = y_standard - x_standard * coefficients;
  out.r_squared = std::max(0.0, 1 - residual.squaredNorm() / y_standard.squaredNorm());
  if (decomposition.rank() == p)
    for (Eigen::Index c = 0; c < p; ++c) out.src[static_cast<std::size_t>(varying[c])] = coefficients[c];

  // PRCC: correlate the residuals of rank(x_j) and rank(y), each regressed on the other parameters' ranks.
  Eigen::MatrixXd ranks(n, p);
  for (Eigen::Index c = 0; c < p; ++c) ranks.col(c) = standardized(average_ranks(x.col(varying[c])));
  const Eigen::VectorXd y_ranks = standardized(average_ranks(y));
  const auto degrees_of_freedom = static_cast<double>(n - 2 - (p - 1));
  for (Eigen::Index c = 0; c < p; ++c) {
    Eigen::MatrixXd pair(n, 2);
    pair << ranks.col(c), y_ranks;
    Eigen::MatrixXd residuals = pair;
    if (p > 1) {
      const Eigen::MatrixXd others = without_column(ranks, c);
      residuals -= others * factorise(others).solve(pair);
    }
    const double x_norm = residuals.col(0).norm();
    const double y_norm = residuals.col(1).norm();
    // A residual of (almost) nothing leaves the correlation 0 / 0; ranks are integers or half-integers, so a
    // real residual is never near this small.
    if (x_norm <= kRankTolerance * pair.col(0).norm() || y_norm <= kRankTolerance * pair.col(1).norm()) continue;
    const double r = std::clamp(residuals.col(0).dot(residuals.col(1)) / (x_norm * y_norm), -1.0, 1.0);
    const auto slot = static_cast<std::size_t>(varying[c]);
    out.prcc[slot] = r;
    out.prcc_p_value[slot] = two_sided_t_p_value(r, degrees_of_freedom);
  }
  return out;
}

SobolIndices sobol_indices(const Eigen::VectorXd& f_a, const Eigen::VectorXd& f_b, const Eigen::MatrixXd& f_ab,
                           int resamples, std::uint64_t seed) {
  const Eigen::Index n = f_a.size();
  const Eigen::Index k = f_ab.cols();
  require(f_b.size() == n && f_ab.rows() == n,
          "sobol_indices: f_a has " + std::to_string(n) + " values, f_b " + std::to_string(f_b.size()) + " and f_ab " +
              std::to_string(f_ab.rows()) + " rows; all must be the N rows of the design");
  require(n >= 2, "sobol_indices: need at least 2 rows in the Saltelli design, got " + std::to_string(n));
  require(k >= 1, "sobol_indices: f_ab has no parameter columns");
  require(resamples >= 0, "sobol_indices: resamples must be >= 0, got " + std::to_string(resamples));
  require(f_a.allFinite() && f_b.allFinite() && f_ab.allFinite(),
          "sobol_indices: the outputs hold a NaN or infinite value");

  const auto columns = static_cast<std::size_t>(k);
  SobolIndices out;
  out.first.assign(columns, kNaN);
  out.total.assign(columns, kNaN);
  const auto all_rows = [](Eigen::Index r) { return r; };
  estimate_sobol(f_a, f_b, f_ab, all_rows, out.first, out.total);

  std::vector<std::vector<double>> first_replicates(columns), total_replicates(columns);
  for (std::size_t i = 0; i < columns; ++i) {
    first_replicates[i].reserve(static_cast<std::size_t>(resamples));
    total_replicates[i].reserve(static_cast<std::size_t>(resamples));
  }
  // boost's engine and distribution, unlike std's distributions, give the same numbers on every platform.
  boost::random::mt19937_64 generator(seed);
  boost::random::uniform_int_distribution<Eigen::Index> pick_row(0, n - 1);
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  const auto resampled_rows = [&](Eigen::Index r) { return rows[static_cast<std::size_t>(r)]; };
  std::vector<double> first(columns), total(columns);
  for (int b = 0; b < resamples; ++b) {
    for (auto& row : rows) row = pick_row(generator);
    estimate_sobol(f_a, f_b, f_ab, resampled_rows, first, total);
    for (std::size_t i = 0; i < columns; ++i) {
      first_replicates[i].push_back(first[i]);
      total_replicates[i].push_back(total[i]);
    }
  }
  for (std::size_t i = 0; i < columns; ++i) {
    out.first_low.push_back(percentile(first_replicates[i], 0.025));
    out.first_high.push_back(percentile(first_replicates[i], 0.975));
    out.total_low.push_back(percentile(total_replicates[i], 0.025));
    out.total_high.push_back(percentile(total_replicates[i], 0.975));
  }
  return out;
}

}  // namespace icsflow::analysis
