#pragma once
// The comparison of scenarios run with common random numbers: paired differences per metric, borough
// ("All" for South East London) and deprivation quintile (0 for all), a year, for the whole population — over
// the whole results period and, when it is longer than a year, over each of its years.
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
  int year = 0;                  // 0: the whole results period; 1..N: that year of it
  analysis::PairedDifference difference;
};

// The rows of the whole period (year 0) first, then each year's in the same order when there are several.
std::vector<ComparisonRow> compare(const ScenarioResults& base, const ScenarioResults& alt);
// The years a comparison of these results has rows for besides the whole period (none for a year or less).
int compared_years(const ScenarioResults& results);
results::Table comparison_table(const std::vector<ComparisonRow>& rows);

}  // namespace icsflow::runner
