#pragma once
// Global sensitivity analysis: how much of the spread in an output each input parameter explains.
//   regression_sensitivity: cheap, from any design (e.g. Latin hypercube) of n points; assumes the output is
//     roughly linear (SRC) or monotone (PRCC) in each parameter.
//   sobol_indices: variance-based and model-free, but needs the N (k + 2) runs of a Saltelli design.
// Degenerate inputs give NaN, never an exception, for what they make undefined (see each function); malformed
// inputs (mismatched sizes, too few points, non-finite values) throw std::invalid_argument.
#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace icsflow::analysis {

struct RegressionSensitivity {
  // Standardized regression coefficients b_j sd(x_j) / sd(y), least squares with intercept.
  std::vector<double> src;
  // R^2 of that linear regression: how far SRC can be trusted (below about 0.7 the output is not linear
  // enough for SRC to rank the parameters; say so when reporting them).
  double r_squared = 0;
  // Partial rank correlation coefficients: the correlation of rank(x_j) and rank(y) after removing the linear
  // effect of the ranks of the other parameters. Ties get their average rank.
  std::vector<double> prcc;
  // Two-sided p-value of prcc_j = 0: t = r sqrt(df / (1 - r^2)) on df = n - 2 - (k' - 1) degrees of freedom,
  // where k' counts the non-constant parameters (k' = k unless some column is constant).
  std::vector<double> prcc_p_value;
};

// x: n design points (rows) by k parameters (columns); y: the output at each point. Needs n > k + 1.
// NaN results:
//   - a constant parameter column: its src, prcc and prcc_p_value (it is left out of the other regressions,
//     where it would only duplicate the intercept);
//   - a constant output: everything, r_squared included;
//   - parameters exactly collinear with each other: every src (the coefficients are not identifiable;
//     r_squared is still given), and the prcc of a parameter whose ranks are a linear function of the others';
//   - output ranks exactly a linear function of the other parameters' ranks (e.g. y a noiseless monotone
//     function of x_1 alone): the prcc of the remaining parameters, which is then 0 / 0.
RegressionSensitivity regression_sensitivity(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

struct SobolIndices {
  std::vector<double> first, first_low, first_high;  // first-order index and its bootstrap 95% interval
  std::vector<double> total, total_low, total_high;  // total-order index and its bootstrap 95% interval
};

// Sobol indices from a Saltelli design: f_a, f_b are the output on the N rows of the matrices A and B; f_ab is
// N x k, column i the output on A with column i taken from B.
//   first order (Saltelli et al. 2010):  S_i  = mean(f_B (f_ABi - f_A)) / V
//   total order (Jansen 1999):           ST_i = mean((f_A - f_ABi)^2) / (2 V)
// with V the variance (divisor 2N) of the pooled f_A and f_B. The outputs are first centred on the mean of
// the pooled f_A and f_B: S_i is unbiased either way, but uncentred its sampling error grows with the output's
// mean (the term mean(f) mean(f_ABi - f_A)).
// The 95% intervals are bootstrap percentile intervals: the N rows are resampled `resamples` times with a
// boost::random::mt19937_64 seeded with `seed`, so a call is reproducible bit for bit. Resamples whose
// estimate is undefined (V = 0) are left out. resamples = 0 skips the bootstrap (intervals NaN).
// A constant output (V = 0) gives NaN everywhere. Needs N >= 2 and k >= 1.
SobolIndices sobol_indices(const Eigen::VectorXd& f_a, const Eigen::VectorXd& f_b, const Eigen::MatrixXd& f_ab,
                           int resamples = 1000, std::uint64_t seed = 1);

}  // namespace icsflow::analysis
