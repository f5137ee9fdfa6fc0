#pragma once
// The comparison of scenarios run with common random numbers: paired differences per metric, borough
// ("All" for South East London) and deprivation quintile (0 for all), per year, for the whole population.
#include <ostream>
#include <string>
#include <vector>

#include "icsflow/analysis/paired.hpp"
#include "icsflow/results/table.hpp"
#include "icsflow/runner/scenario_run.hpp"

namespace icsflow::runner {

struct ComparisonRow {
  std::string metric;
  std::string scenario;          // the alternative
  std::string borough;           // a borough's name, or "All"
  int deprivation_quintile = 0;  // 1..5, or 0 for all
  analysis::PairedDifference difference;
};

std::vector<ComparisonRow> compare(const ScenarioResults& base, const ScenarioResults& alt);
results::Table comparison_table(const std::vector<ComparisonRow>& rows);

}  // namespace icsflow::runner
