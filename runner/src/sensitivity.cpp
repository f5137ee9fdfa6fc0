#include "icsflow/runner/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <Eigen/Dense>

#include "icsflow/analysis/sensitivity.hpp"
#include "icsflow/models/metrics.hpp"

namespace icsflow::runner {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Each point's means over its replications: points (rows, in point order) x outputs.
Eigen::MatrixXd point_means(const SweepRecord& record) {
  Eigen::MatrixXd y(static_cast<Eigen::Index>(record.done.size()),
                    static_cast<Eigen::Index>(models::sweep_outputs().size()));
  Eigen::Index row = 0;
  for (const auto& [point, result] : record.done) {
    const std::vector<double> means = mean_outputs(result);
    for (std::size_t o = 0; o < means.size(); ++o) y(row, static_cast<Eigen::Index>(o)) = means[o];
    ++row;
  }
  return y;
}

// The Sobol indices from each point's output, its matrices found by the design's layout.
analysis::SobolIndices sobol_indices(const Eigen::VectorXd& y, const sweeps::SaltelliLayout& layout) {
  const auto n = static_cast<Eigen::Index>(layout.base_samples);
  Eigen::VectorXd f_a(n), f_b(n);
  Eigen::MatrixXd f_ab(n, static_cast<Eigen::Index>(layout.parameters));
  for (std::size_t i = 0; i < layout.base_samples; ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    f_a(row) = y(static_cast<Eigen::Index>(layout.a(i)));
    f_b(row) = y(static_cast<Eigen::Index>(layout.b(i)));
    for (std::size_t j = 0; j < layout.parameters; ++j)
      f_ab(row, static_cast<Eigen::Index>(j)) = y(static_cast<Eigen::Index>(layout.ab(j, i)));
  }
  return analysis::sobol_indices(f_a, f_b, f_ab);
}

}  // namespace

Sensitivity sweep_sensitivity(const SweepRecord& record) {
  Sensitivity sensitivity;
  if (!complete(record)) {
    sensitivity.notes.push_back("no sensitivity analysis: " + std::to_string(record.done.size()) + " of " +
                                std::to_string(record.design.size()) + " points are complete");
    return sensitivity;
  }
  const std::size_t k = record.parameter_keys.size();
  const auto n = static_cast<Eigen::Index>(record.design.size());
  if (n <= static_cast<Eigen::Index>(k) + 2) {
    sensitivity.notes.push_back("no sensitivity analysis: " + std::to_string(n) + " points for " + std::to_string(k) +
                                " parameters (needs more than parameters + 2)");
    return sensitivity;
  }
  Eigen::MatrixXd x(n, static_cast<Eigen::Index>(k));
  for (Eigen::Index i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j)
      x(i, static_cast<Eigen::Index>(j)) = record.design[static_cast<std::size_t>(i)].values[j];
  }
  const bool sobol = record.design_kind == "sobol";
  if (!sobol) sensitivity.notes.push_back("(Sobol indices need a sobol design: design.kind = \"sobol\")");
  const Eigen::MatrixXd means = point_means(record);
  for (std::size_t o = 0; o < models::sweep_outputs().size(); ++o) {
    const Eigen::VectorXd y = means.col(static_cast<Eigen::Index>(o));
    analysis::RegressionSensitivity regression;
    analysis::SobolIndices indices;
    try {
      regression = analysis::regression_sensitivity(x, y);
      if (sobol) indices = sobol_indices(y, sweeps::saltelli_layout(record.design.size(), k));
    } catch (const std::invalid_argument& problem) {  // e.g. an output that is not finite at some point
      sensitivity.notes.push_back("no sensitivity analysis of " + std::string(models::sweep_outputs()[o]->name) + ": " +
                                  problem.what());
      continue;
    }
    for (std::size_t j = 0; j < k; ++j) {
      SensitivityRow row;
      row.output = models::sweep_outputs()[o]->name;
      row.parameter = record.parameter_keys[j];
      row.src = regression.src[j];
      row.r_squared = regression.r_squared;
      row.prcc = regression.prcc[j];
      row.prcc_p_value = regression.prcc_p_value[j];
      const auto sobol_value = [&](const std::vector<double>& values) { return sobol ? values[j] : kNaN; };
      row.sobol_first = sobol_value(indices.first);
      row.sobol_first_low = sobol_value(indices.first_low);
      row.sobol_first_high = sobol_value(indices.first_high);
      row.sobol_total = sobol_value(indices.total);
      row.sobol_total_low = sobol_value(indices.total_low);
      row.sobol_total_high = sobol_value(indices.total_high);
      sensitivity.rows.push_back(row);
    }
  }
  return sensitivity;
}

results::Table sensitivity_table(const Sensitivity& sensitivity) {
  std::vector<std::string> output, parameter;
  std::vector<std::vector<double>> values(10);
  for (const SensitivityRow& row : sensitivity.rows) {
    output.push_back(row.output);
    parameter.push_back(row.parameter);
    const double fields[] = {row.src,
                             row.r_squared,
                             row.prcc,
                             row.prcc_p_value,
                             row.sobol_first,
                             row.sobol_first_low,
                             row.sobol_first_high,
                             row.sobol_total,
                             row.sobol_total_low,
                             row.sobol_total_high};
    for (std::size_t f = 0; f < values.size(); ++f) values[f].push_back(fields[f]);
  }
  results::Table table;
  table.add({"output", "", output});
  table.add({"parameter", "scenario key path", parameter});
  table.add({"src", "standardized regression coefficient", values[0]});
  table.add({"r_squared", "of the output's linear regression on all parameters", values[1]});
  table.add({"prcc", "partial rank correlation coefficient", values[2]});
  table.add({"prcc_p_value", "two-sided", values[3]});
  table.add({"sobol_first", "first-order index (Saltelli 2010); NaN unless a sobol design", values[4]});
  table.add({"sobol_first_low", "95% bootstrap interval", values[5]});
  table.add({"sobol_first_high", "95% bootstrap interval", values[6]});
  table.add({"sobol_total", "total index (Jansen 1999); NaN unless a sobol design", values[7]});
  table.add({"sobol_total_low", "95% bootstrap interval", values[8]});
  table.add({"sobol_total_high", "95% bootstrap interval", values[9]});
  return table;
}

}  // namespace icsflow::runner
