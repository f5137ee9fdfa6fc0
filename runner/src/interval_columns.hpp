#pragma once
// The three columns of an estimate with its 95% interval in a results table: <prefix>_mean, <prefix>_ci_low and
// <prefix>_ci_high, one value a row (/comparison, /attribution, /money).
#include <array>
#include <string>
#include <vector>

#include "icsflow/analysis/paired.hpp"
#include "icsflow/results/table.hpp"

namespace icsflow::runner::detail {

// A paired difference as (mean, low, high).
inline std::array<double, 3> interval_of(const analysis::PairedDifference& d) {
  return {d.diff_mean, d.ci_low, d.ci_high};
}

// `get(row)` gives the row's (mean, low, high).
template <class Row, class Get>
void add_interval(results::Table& table, const std::vector<Row>& rows, const std::string& prefix,
                  const std::string& mean_meaning, const std::string& interval_meaning, Get get) {
  std::array<std::vector<double>, 3> columns;
  for (const Row& row : rows) {
    const std::array<double, 3> values = get(row);
    for (std::size_t k = 0; k < 3; ++k) columns[k].push_back(values[k]);
  }
  table.add({prefix + "_mean", mean_meaning, columns[0]});
  table.add({prefix + "_ci_low", interval_meaning, columns[1]});
  table.add({prefix + "_ci_high", interval_meaning, columns[2]});
}

}  // namespace icsflow::runner::detail
