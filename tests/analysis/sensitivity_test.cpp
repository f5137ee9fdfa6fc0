// Global sensitivity analysis against models whose answers are known. Each tolerance is a few standard errors
// of the estimator at the sample size used (derived where it is set); the seeds are fixed, so a failure means
// the code changed, not bad luck.
#include "icsflow/analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

namespace {

using icsflow::analysis::regression_sensitivity;
using icsflow::analysis::sobol_indices;

double sample_sd(const Eigen::VectorXd& v) {
  return std::sqrt((v.array() - v.mean()).square().sum() / static_cast<double>(v.size() - 1));
}

double correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::VectorXd da = a.array() - a.mean();
  const Eigen::VectorXd db = b.array() - b.mean();
  return da.dot(db) / (da.norm() * db.norm());
}

// n points uniform on [0, widths_j] in each column.
Eigen::MatrixXd uniform_design(Eigen::Index n, const std::vector<double>& widths, boost::random::mt19937_64& rng) {
  Eigen::MatrixXd x(n, static_cast<Eigen::Index>(widths.size()));
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    boost::random::uniform_real_distribution<double> uniform(0, widths[static_cast<std::size_t>(j)]);
    for (Eigen::Index r = 0; r < n; ++r) x(r, j) = uniform(rng);
  }
  return x;
}

TEST(RegressionSensitivity, SrcAndRSquaredMatchTheoryForALinearModel) {
  // y = sum b_j x_j + N(0, sigma^2), x_j ~ U(0, w_j) independent: SRC_j = b_j sd(x_j) / sd(y) with
  // sd(x_j) = w_j / sqrt(12), var(y) = sum b_j^2 w_j^2 / 12 + sigma^2, and R^2 = 1 - sigma^2 / var(y).
  const std::vector<double> widths{1, 2, 0.5, 1};
  const std::vector<double> b{2, 1, 3, 0};  // the last parameter is irrelevant
  const double sigma = 0.4;
  const Eigen::Index n = 10000;
  boost::random::mt19937_64 rng(20240611);
  const Eigen::MatrixXd x = uniform_design(n, widths, rng);
  boost::random::normal_distribution<double> noise(0, sigma);
  Eigen::VectorXd y(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    y[r] = noise(rng);
    for (Eigen::Index j = 0; j < x.cols(); ++j) y[r] += b[static_cast<std::size_t>(j)] * x(r, j);
  }
  double variance_y = sigma * sigma;
  for (std::size_t j = 0; j < b.size(); ++j) variance_y += b[j] * b[j] * widths[j] * widths[j] / 12;
  const double r_squared = 1 - sigma * sigma / variance_y;

  const auto result = regression_sensitivity(x, y);
  ASSERT_EQ(result.src.size(), b.size());
  // SRC_hat - SRC = (b_hat - b) s_x / s_y + SRC (s_x sd(y) / (sd(x) s_y) - 1). The first term has standard error
  // sqrt(1 - R^2) / sqrt(n) (OLS, independent columns). In the second, a sample sd has relative standard error
  // sqrt((kurtosis - 1) / (4 n)): kurtosis 1.8 for a uniform x, at most 3 for y (a sum of independent uniforms
  // and a normal), so at most (sqrt(0.2) + sqrt(0.5)) / sqrt(n) = 1.16 / sqrt(n) for the ratio.
  const double root_n = std::sqrt(static_cast<double>(n));
  for (std::size_t j = 0; j < b.size(); ++j) {
    const double expected = b[j] * widths[j] / std::sqrt(12.0) / std::sqrt(variance_y);
    const double standard_error = (std::sqrt(1 - r_squared) + 1.16 * std::abs(expected)) / root_n;
    EXPECT_NEAR(result.src[j], expected, 4 * standard_error) << "parameter " << j;
  }
  // 1 - R^2_hat = SSE / SST: each a sum of squares with relative standard error at most sqrt(2 / n) (normal
  // noise; kurtosis of y at most 3), so SE(R^2_hat) <= (1 - R^2) 2 sqrt(2 / n).
  EXPECT_NEAR(result.r_squared, r_squared, 4 * (1 - r_squared) * 2 * std::sqrt(2.0 / static_cast<double>(n)));
  // Least squares on standardized data: R^2 = sum_j SRC_j corr(x_j, y) exactly.
  double explained = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    explained += result.src[static_cast<std::size_t>(j)] * correlation(x.col(j), y);
  EXPECT_NEAR(result.r_squared, explained, 1e-12);
  // The linear effects are monotone, so PRCC agrees on what matters.
  for (std::size_t j = 0; j < 3; ++j) EXPECT_LT(result.prcc_p_value[j], 1e-10) << "parameter " << j;
  EXPECT_GT(result.prcc_p_value[3], 0.01);
}

TEST(RegressionSensitivity, NoiselessLinearModelIsRecoveredExactly) {
  // Without noise the least-squares fit is exact: SRC_j = b_j s(x_j) / s(y) with the sample sds, R^2 = 1.
  const std::vector<double> b{1.5, -0.5, 4};
  boost::random::mt19937_64 rng(7);
  const Eigen::MatrixXd x = uniform_design(50, {1, 10, 0.01}, rng);
  Eigen::VectorXd y = Eigen::VectorXd::Constant(x.rows(), 100.0);  // the intercept
  for (Eigen::Index j = 0; j < x.cols(); ++j) y += b[static_cast<std::size_t>(j)] * x.col(j);
  const auto result = regression_sensitivity(x, y);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto slot = static_cast<std::size_t>(j);
    EXPECT_NEAR(result.src[slot], b[slot] * sample_sd(x.col(j)) / sample_sd(y), 1e-10) << "parameter " << j;
  }
  EXPECT_NEAR(result.r_squared, 1, 1e-12);
}

// n = 400 points of y = f(x1, x2) + N(0, 0.01^2) with x ~ U(0, 1)^3 (x3 irrelevant), and its regression sensitivity.
icsflow::analysis::RegressionSensitivity monotone_model(double (*f)(double, double), Eigen::MatrixXd& x) {
  const Eigen::Index n = 400;
  boost::random::mt19937_64 rng(42);
  x = uniform_design(n, {1, 1, 1}, rng);
  boost::random::normal_distribution<double> noise(0, 0.01);
  Eigen::VectorXd y(n);
  for (Eigen::Index r = 0; r < n; ++r) y[r] = f(x(r, 0), x(r, 1)) + noise(rng);
  return regression_sensitivity(x, y);
}

// The sampling standard error of a correlation near rho is about (1 - rho^2) / sqrt(n); the thresholds below sit
// at least 4 of them under the population PRCC (measured once with n = 100000), and the irrelevant x3 has
// |PRCC| < 3 / sqrt(df), its standard deviation under the null being about 1 / sqrt(df).
TEST(RegressionSensitivity, PrccFindsMonotoneNonLinearEffects) {
  // y = exp(3 x1) + x2^3: population PRCC 0.997 and 0.743. x2 is significant but well short of 1: its effect
  // (at most 1) moves y by many ranks where exp(3 x1) is flat and by few where it is steep, so it is not linear
  // on the rank scale.
  Eigen::MatrixXd x;
  const auto result = monotone_model([](double x1, double x2) { return std::exp(3 * x1) + std::pow(x2, 3); }, x);
  const double df = static_cast<double>(x.rows() - 3);
  EXPECT_GT(result.prcc[0], 0.99);
  EXPECT_GT(result.prcc[1], 0.65);
  EXPECT_LT(result.prcc_p_value[0], 1e-10);
  EXPECT_LT(result.prcc_p_value[1], 1e-10);
  EXPECT_GT(result.prcc_p_value[2], 0.01);
  EXPECT_LT(std::abs(result.prcc[2]), 3 / std::sqrt(df));

  // y = exp(3 x1 + 3 x2^3): population PRCC 0.930 and 0.907, while the linear fit explains only R^2 = 0.46, too
  // little to trust SRC.
  Eigen::MatrixXd x_joint;
  const auto joint =
      monotone_model([](double x1, double x2) { return std::exp(3 * x1 + 3 * std::pow(x2, 3)); }, x_joint);
  EXPECT_GT(joint.prcc[0], 0.9);
  EXPECT_GT(joint.prcc[1], 0.87);
  EXPECT_LT(joint.prcc_p_value[0], 1e-10);
  EXPECT_LT(joint.prcc_p_value[1], 1e-10);
  EXPECT_GT(joint.prcc_p_value[2], 0.01);
  EXPECT_LT(std::abs(joint.prcc[2]), 3 / std::sqrt(df));
  EXPECT_LT(joint.r_squared, 0.6);

  // Ranks only: a strictly increasing transform of a parameter leaves every PRCC unchanged, but not its SRC.
  Eigen::MatrixXd transformed = x;
  transformed.col(1) = x.col(1).array().exp() * 1000;
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r)  // x3 a small third effect, so that all three PRCC are defined
    y[r] = std::exp(3 * x(r, 0)) + std::pow(x(r, 1), 3) + 0.01 * x(r, 2);
  const auto plain = regression_sensitivity(x, y);
  const auto again = regression_sensitivity(transformed, y);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_NEAR(again.prcc[j], plain.prcc[j], 1e-12);
    EXPECT_NEAR(again.prcc_p_value[j], plain.prcc_p_value[j], 1e-12);
  }
  EXPECT_GT(std::abs(again.src[1] - plain.src[1]), 1e-4);
}

TEST(RegressionSensitivity, TiesGetAverageRanks) {
  // One parameter: PRCC is Spearman's correlation. x = 1 1 2 2 3 has average ranks 1.5 1.5 3.5 3.5 5 against
  // y ranks 1..5: deviations (-1.5 -1.5 .5 .5 2) and (-2 -1 0 1 2) give r = 9 / sqrt(9 * 10) = 3 / sqrt(10).
  // (Breaking ties by position would give ranks 1..5 and r = 1.)
  Eigen::MatrixXd x(5, 1);
  x << 1, 1, 2, 2, 3;
  Eigen::VectorXd y(5);
  y << 1, 2, 3, 4, 5;
  const auto result = regression_sensitivity(x, y);
  EXPECT_NEAR(result.prcc[0], 3 / std::sqrt(10.0), 1e-12);
  // t = r sqrt(3 / (1 - r^2)) = 3 sqrt(3) on 3 degrees of freedom, whose two-sided tail has the closed form
  // 1 - (2 / pi) (u / (1 + u^2) + atan(u)) with u = t / sqrt(3) = 3.
  EXPECT_NEAR(result.prcc_p_value[0], 1 - 2 / std::numbers::pi * (0.3 + std::atan(3.0)), 1e-10);

  // A discrete parameter (four levels, many ties) among continuous ones: found, and since tied values share a
  // rank, the result does not depend on the order of the rows.
  const Eigen::Index n = 300;
  boost::random::mt19937_64 rng(3);
  Eigen::MatrixXd design = uniform_design(n, {1, 1, 1}, rng);
  boost::random::uniform_int_distribution<int> level(0, 3);
  for (Eigen::Index r = 0; r < n; ++r) design(r, 0) = level(rng);
  Eigen::VectorXd output = 0.3 * design.col(0) + design.col(1);
  const auto forward = regression_sensitivity(design, output);
  EXPECT_GT(forward.prcc[0], 0.5);
  EXPECT_LT(forward.prcc_p_value[0], 1e-10);
  EXPECT_GT(forward.prcc_p_value[2], 0.01);
  const Eigen::MatrixXd reversed_design = design.colwise().reverse();
  const Eigen::VectorXd reversed_output = output.reverse();
  const auto backward = regression_sensitivity(reversed_design, reversed_output);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_NEAR(backward.prcc[j], forward.prcc[j], 1e-12);
    EXPECT_NEAR(backward.src[j], forward.src[j], 1e-12);
  }
}

TEST(RegressionSensitivity, PValueUsesTheDegreesOfFreedomLeftByTheOtherParameters) {
  // n = 6, k = 3: df = n - 2 - (k - 1) = 2, where Student's t has the closed-form two-sided tail
  // 1 - |t| / sqrt(t^2 + 2); with t = r sqrt(2 / (1 - r^2)) that is exactly 1 - |r|.
  boost::random::mt19937_64 rng(5);
  const Eigen::MatrixXd x = uniform_design(6, {1, 1, 1}, rng);
  const Eigen::VectorXd y = x.col(0) + 0.5 * x.col(1) - 0.2 * x.col(2);
  const auto result = regression_sensitivity(x, y);
  for (std::size_t j = 0; j < 3; ++j) {
    ASSERT_TRUE(std::isfinite(result.prcc[j])) << "parameter " << j;
    EXPECT_NEAR(result.prcc_p_value[j], 1 - std::abs(result.prcc[j]), 1e-10) << "parameter " << j;
  }
}

TEST(RegressionSensitivity, DegenerateInputsGiveNaN) {
  boost::random::mt19937_64 rng(11);
  const Eigen::MatrixXd base = uniform_design(60, {1, 1}, rng);
  boost::random::normal_distribution<double> noise(0, 0.1);
  Eigen::VectorXd y = 2 * base.col(0) - base.col(1);
  for (Eigen::Index r = 0; r < y.size(); ++r) y[r] += noise(rng);

  // A constant column (0.1 is not exact in binary, so its mean is not exactly 0.1): NaN for it, and the rest
  // as if it were not there, p-values included.
  Eigen::MatrixXd with_constant(base.rows(), 3);
  with_constant << base.col(0), Eigen::VectorXd::Constant(base.rows(), 0.1), base.col(1);
  const auto reduced = regression_sensitivity(base, y);
  const auto result = regression_sensitivity(with_constant, y);
  EXPECT_TRUE(std::isnan(result.src[1]));
  EXPECT_TRUE(std::isnan(result.prcc[1]));
  EXPECT_TRUE(std::isnan(result.prcc_p_value[1]));
  for (const auto& [full, part] : {std::pair{0, 0}, std::pair{2, 1}}) {
    EXPECT_NEAR(result.src[full], reduced.src[part], 1e-12);
    EXPECT_NEAR(result.prcc[full], reduced.prcc[part], 1e-12);
    EXPECT_NEAR(result.prcc_p_value[full], reduced.prcc_p_value[part], 1e-12);
  }
  EXPECT_NEAR(result.r_squared, reduced.r_squared, 1e-12);

  // A constant output: nothing is defined.
  const auto flat = regression_sensitivity(base, Eigen::VectorXd::Constant(base.rows(), 0.1));
  EXPECT_TRUE(std::isnan(flat.r_squared));
  for (std::size_t j = 0; j < 2; ++j) {
    EXPECT_TRUE(std::isnan(flat.src[j]));
    EXPECT_TRUE(std::isnan(flat.prcc[j]));
    EXPECT_TRUE(std::isnan(flat.prcc_p_value[j]));
  }

  // Collinear columns (x3 = 2 x1 + 1): the coefficients are not identifiable and the PRCC of x1 and x3 is 0 / 0;
  // the fit itself, and the PRCC of x2, are fine.
  Eigen::MatrixXd collinear(base.rows(), 3);
  collinear << base, (2 * base.col(0)).array() + 1;
  const auto confounded = regression_sensitivity(collinear, y);
  for (std::size_t j = 0; j < 3; ++j) EXPECT_TRUE(std::isnan(confounded.src[j])) << "parameter " << j;
  EXPECT_NEAR(confounded.r_squared, reduced.r_squared, 1e-10);
  EXPECT_TRUE(std::isnan(confounded.prcc[0]));
  EXPECT_TRUE(std::isnan(confounded.prcc[2]));
  EXPECT_NEAR(confounded.prcc[1], reduced.prcc[1], 1e-10);
}

TEST(RegressionSensitivity, RejectsMalformedInput) {
  const Eigen::MatrixXd x = Eigen::MatrixXd::Random(10, 3);
  EXPECT_THROW(regression_sensitivity(x, Eigen::VectorXd::Random(9)), std::invalid_argument);
  EXPECT_THROW(regression_sensitivity(Eigen::MatrixXd::Random(10, 0), Eigen::VectorXd::Random(10)),
               std::invalid_argument);
  // n must exceed k + 1: n = k + 1 leaves no degree of freedom for the PRCC test.
  EXPECT_THROW(regression_sensitivity(Eigen::MatrixXd::Random(4, 3), Eigen::VectorXd::Random(4)),
               std::invalid_argument);
  EXPECT_NO_THROW(regression_sensitivity(Eigen::MatrixXd::Random(5, 3), Eigen::VectorXd::Random(5)));
  Eigen::VectorXd with_nan = Eigen::VectorXd::Random(10);
  with_nan[4] = std::nan("");
  EXPECT_THROW(regression_sensitivity(x, with_nan), std::invalid_argument);
}

// --- Sobol indices ---------------------------------------------------------------------------------------------

// The Ishigami function f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3 (Ishigami & Homma 1990), with
// a = 7, b = 0.1. Analytic partial variances (e.g. Saltelli et al. 2008, Global Sensitivity Analysis, 4.9):
// V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13.
constexpr double kIshigamiA = 7;
constexpr double kIshigamiB = 0.1;

double ishigami(double x1, double x2, double x3) {
  const double s2 = std::sin(x2);
  return std::sin(x1) + kIshigamiA * s2 * s2 + kIshigamiB * std::pow(x3, 4) * std::sin(x1);
}

struct SaltelliOutputs {
  Eigen::VectorXd f_a, f_b;
  Eigen::MatrixXd f_ab;
};

// A and B are the first and last three coordinates of a 6-dimensional Sobol sequence.
SaltelliOutputs ishigami_design(Eigen::Index n) {
  boost::random::sobol sequence(6);
  // Boost already leaves out the origin, starting at (0.5, ..., 0.5); we skip that point too, as is usual for
  // Saltelli designs. Dividing by 2^64 (rather than uniform_01, which may redraw) keeps exactly 6 draws a point.
  sequence.discard(6);
  const double pi = std::numbers::pi;
  SaltelliOutputs out{Eigen::VectorXd(n), Eigen::VectorXd(n), Eigen::MatrixXd(n, 3)};
  for (Eigen::Index r = 0; r < n; ++r) {
    double point[6];
    for (double& coordinate : point) coordinate = -pi + 2 * pi * std::ldexp(static_cast<double>(sequence()), -64);
    const double* a = point;
    const double* b = point + 3;
    out.f_a[r] = ishigami(a[0], a[1], a[2]);
    out.f_b[r] = ishigami(b[0], b[1], b[2]);
    out.f_ab(r, 0) = ishigami(b[0], a[1], a[2]);
    out.f_ab(r, 1) = ishigami(a[0], b[1], a[2]);
    out.f_ab(r, 2) = ishigami(a[0], a[1], b[2]);
  }
  return out;
}

// Delta-method standard error of the ratio estimator mean(g) / mean(h) over iid rows: the standard deviation of
// (g - ratio h) / mean(h), over sqrt(n). The bootstrap resamples rows iid, so its interval should match this.
double ratio_standard_error(const Eigen::VectorXd& g, const Eigen::VectorXd& h) {
  const double ratio = g.mean() / h.mean();
  const Eigen::VectorXd influence = (g - ratio * h) / h.mean();
  return sample_sd(influence) / std::sqrt(static_cast<double>(g.size()));
}

TEST(SobolIndices, IshigamiMatchesAnalyticIndices) {
  const double pi = std::numbers::pi;
  const double v1 = 0.5 * std::pow(1 + kIshigamiB * std::pow(pi, 4) / 5, 2);
  const double v2 = kIshigamiA * kIshigamiA / 8;
  const double v13 = kIshigamiB * kIshigamiB * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double variance = v1 + v2 + v13;
  const std::vector<double> first{v1 / variance, v2 / variance, 0};
  const std::vector<double> total{(v1 + v13) / variance, v2 / variance, v13 / variance};
  // The published four-decimal values.
  const std::vector<double> published_first{0.3139, 0.4424, 0}, published_total{0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_NEAR(first[i], published_first[i], 1e-4);
    ASSERT_NEAR(total[i], published_total[i], 1e-4);
  }

  const Eigen::Index n = 4096;
  const SaltelliOutputs design = ishigami_design(n);
  const auto result = sobol_indices(design.f_a, design.f_b, design.f_ab);

  // The same estimators written out here; g over h are the per-row terms whose means form each ratio.
  const double mean = (design.f_a.sum() + design.f_b.sum()) / static_cast<double>(2 * n);
  const Eigen::VectorXd h = 0.5 * ((design.f_a.array() - mean).square() + (design.f_b.array() - mean).square());
  for (Eigen::Index i = 0; i < 3; ++i) {
    const auto slot = static_cast<std::size_t>(i);
    const Eigen::VectorXd difference = design.f_ab.col(i) - design.f_a;
    const Eigen::VectorXd g_first = (design.f_b.array() - mean) * difference.array();
    const Eigen::VectorXd g_total = 0.5 * difference.array().square();
    EXPECT_NEAR(result.first[slot], g_first.mean() / h.mean(), 1e-12);
    EXPECT_NEAR(result.total[slot], g_total.mean() / h.mean(), 1e-12);
    const double se_first = ratio_standard_error(g_first, h);
    const double se_total = ratio_standard_error(g_total, h);

    // The analytic index lies within the interval; the interval is narrow...
    EXPECT_LE(result.first_low[slot], first[slot]) << "S" << i + 1;
    EXPECT_GE(result.first_high[slot], first[slot]) << "S" << i + 1;
    EXPECT_LE(result.total_low[slot], total[slot]) << "ST" << i + 1;
    EXPECT_GE(result.total_high[slot], total[slot]) << "ST" << i + 1;
    EXPECT_LT(result.first_high[slot] - result.first_low[slot], 0.15) << "S" << i + 1;
    EXPECT_LT(result.total_high[slot] - result.total_low[slot], 0.15) << "ST" << i + 1;
    // ...and as wide as theory says, 2 x 1.96 standard errors: the 2.5% and 97.5% points of 1000 resamples are
    // each off by about 0.085 standard errors (sqrt(0.025 x 0.975 / 1000) / phi(1.96)), 3% of the width
    // together; 12% allows for that and for some skew.
    EXPECT_NEAR((result.first_high[slot] - result.first_low[slot]) / (2 * 1.96 * se_first), 1, 0.12) << "S" << i + 1;
    EXPECT_NEAR((result.total_high[slot] - result.total_low[slot]) / (2 * 1.96 * se_total), 1, 0.12) << "ST" << i + 1;
    // Point estimates within 4 Monte Carlo standard errors (conservative: a Sobol sequence does better than iid).
    EXPECT_NEAR(result.first[slot], first[slot], 4 * se_first) << "S" << i + 1;
    EXPECT_NEAR(result.total[slot], total[slot], 4 * se_total) << "ST" << i + 1;
    EXPECT_LE(result.first_low[slot], result.first[slot]);
    EXPECT_GE(result.first_high[slot], result.first[slot]);
    EXPECT_LE(result.total_low[slot], result.total[slot]);
    EXPECT_GE(result.total_high[slot], result.total[slot]);
    std::printf(
        "Ishigami N=%ld: S%ld = %.4f [%.4f, %.4f] (analytic %.4f, delta-method SE %.4f); "
        "ST%ld = %.4f [%.4f, %.4f] (analytic %.4f, SE %.4f)\n",
        static_cast<long>(n), static_cast<long>(i + 1), result.first[slot], result.first_low[slot],
        result.first_high[slot], first[slot], se_first, static_cast<long>(i + 1), result.total[slot],
        result.total_low[slot], result.total_high[slot], total[slot], se_total);
  }
}

TEST(SobolIndices, BootstrapIsReproducible) {
  const SaltelliOutputs design = ishigami_design(256);
  const auto once = sobol_indices(design.f_a, design.f_b, design.f_ab, 200, 99);
  const auto twice = sobol_indices(design.f_a, design.f_b, design.f_ab, 200, 99);
  EXPECT_EQ(once.first, twice.first);  // bit for bit
  EXPECT_EQ(once.first_low, twice.first_low);
  EXPECT_EQ(once.first_high, twice.first_high);
  EXPECT_EQ(once.total, twice.total);
  EXPECT_EQ(once.total_low, twice.total_low);
  EXPECT_EQ(once.total_high, twice.total_high);
  // Another seed moves only the intervals.
  const auto other = sobol_indices(design.f_a, design.f_b, design.f_ab, 200, 100);
  EXPECT_EQ(other.first, once.first);
  EXPECT_EQ(other.total, once.total);
  EXPECT_NE(other.first_low, once.first_low);
  EXPECT_NE(other.total_high, once.total_high);
}

TEST(SobolIndices, BootstrapResamplesTheRows) {
  // With N = 2 every resample holds rows {0, 0}, {1, 1} (probability 1/4 each) or {0, 1} (1/2). Among 1000
  // resamples each occurs far more than the 25 times that put it at the 2.5% or 97.5% point, so the interval
  // runs exactly from the smallest to the largest of the three estimates.
  Eigen::VectorXd f_a(2), f_b(2);
  f_a << 0, 1;
  f_b << 2, 5;
  Eigen::MatrixXd f_ab(2, 2);
  f_ab << 1, 3, 4, 0;
  const auto result = sobol_indices(f_a, f_b, f_ab, 1000, 3);
  std::vector<icsflow::analysis::SobolIndices> cases;
  for (const auto& [first_row, second_row] : {std::pair{0, 0}, std::pair{1, 1}, std::pair{0, 1}}) {
    const std::vector<Eigen::Index> rows{first_row, second_row};
    cases.push_back(sobol_indices(f_a(rows), f_b(rows), f_ab(rows, Eigen::all), 0));
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const std::vector<double> firsts{cases[0].first[i], cases[1].first[i], cases[2].first[i]};
    const std::vector<double> totals{cases[0].total[i], cases[1].total[i], cases[2].total[i]};
    EXPECT_DOUBLE_EQ(result.first[i], firsts[2]);
    EXPECT_DOUBLE_EQ(result.first_low[i], *std::min_element(firsts.begin(), firsts.end()));
    EXPECT_DOUBLE_EQ(result.first_high[i], *std::max_element(firsts.begin(), firsts.end()));
    EXPECT_DOUBLE_EQ(result.total_low[i], *std::min_element(totals.begin(), totals.end()));
    EXPECT_DOUBLE_EQ(result.total_high[i], *std::max_element(totals.begin(), totals.end()));
  }
}

TEST(SobolIndices, ShiftingTheOutputChangesNothing) {
  // Variance-based indices of f + c equal those of f; the estimator centres the outputs so that this holds in
  // a finite sample too (uncentred, S_i would gain c mean(f_ABi - f_A) / V, here about 1e6 times its error).
  const SaltelliOutputs design = ishigami_design(512);
  const double shift = 1e6;
  const auto plain = sobol_indices(design.f_a, design.f_b, design.f_ab, 100);
  const auto shifted =
      sobol_indices(design.f_a.array() + shift, design.f_b.array() + shift, design.f_ab.array() + shift, 100);
  for (std::size_t i = 0; i < 3; ++i) {
    // Adding 1e6 rounds each output to about 1e-10, a relative 1e-11 of the differences that matter.
    EXPECT_NEAR(shifted.first[i], plain.first[i], 1e-8);
    EXPECT_NEAR(shifted.total[i], plain.total[i], 1e-8);
    EXPECT_NEAR(shifted.first_low[i], plain.first_low[i], 1e-8);
    EXPECT_NEAR(shifted.total_high[i], plain.total_high[i], 1e-8);
  }
}

TEST(SobolIndices, IgnoredInputHasExactlyZeroIndices) {
  // A parameter the model does not read leaves f_ABi = f_A: both estimators are exactly 0, and so is every
  // bootstrap replicate.
  const SaltelliOutputs design = ishigami_design(128);
  Eigen::MatrixXd f_ab(128, 4);
  f_ab << design.f_ab, design.f_a;
  const auto result = sobol_indices(design.f_a, design.f_b, f_ab, 50);
  EXPECT_EQ(result.first[3], 0);
  EXPECT_EQ(result.total[3], 0);
  EXPECT_EQ(result.first_low[3], 0);
  EXPECT_EQ(result.total_high[3], 0);
}

TEST(SobolIndices, DegenerateAndMalformedInput) {
  // A constant output has no variance to apportion.
  const Eigen::VectorXd flat = Eigen::VectorXd::Constant(64, 0.1);
  const auto result = sobol_indices(flat, flat, Eigen::MatrixXd::Constant(64, 2, 0.1), 20);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(std::isnan(result.first[i]));
    EXPECT_TRUE(std::isnan(result.total[i]));
    EXPECT_TRUE(std::isnan(result.first_low[i]));
    EXPECT_TRUE(std::isnan(result.total_high[i]));
  }
  // No bootstrap asked for: point estimates only.
  const SaltelliOutputs design = ishigami_design(64);
  const auto quick = sobol_indices(design.f_a, design.f_b, design.f_ab, 0);
  EXPECT_TRUE(std::isfinite(quick.first[0]));
  EXPECT_TRUE(std::isnan(quick.first_low[0]));

  const Eigen::VectorXd v = Eigen::VectorXd::Random(10);
  EXPECT_THROW(sobol_indices(v, Eigen::VectorXd::Random(9), Eigen::MatrixXd::Random(10, 2)), std::invalid_argument);
  EXPECT_THROW(sobol_indices(v, v, Eigen::MatrixXd::Random(11, 2)), std::invalid_argument);
  EXPECT_THROW(sobol_indices(v, v, Eigen::MatrixXd::Random(10, 0)), std::invalid_argument);
  EXPECT_THROW(sobol_indices(v, v, Eigen::MatrixXd::Random(10, 2), -1), std::invalid_argument);
  const Eigen::VectorXd one = Eigen::VectorXd::Random(1);
  EXPECT_THROW(sobol_indices(one, one, Eigen::MatrixXd::Random(1, 2)), std::invalid_argument);
  EXPECT_NO_THROW(sobol_indices(v.head(2), v.tail(2), Eigen::MatrixXd::Random(2, 2), 10));
  Eigen::VectorXd with_inf = v;
  with_inf[3] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(sobol_indices(with_inf, v, Eigen::MatrixXd::Random(10, 2)), std::invalid_argument);
}

}  // namespace
