#pragma once
// Attribution of a bundle of levers: each lever of BUNDLE (switched on there, not in BASE) run alone on
// BASE, and BUNDLE run without it, all with common random numbers. A lever's "alone" effect is
// alone - BASE; its "marginal" effect is BUNDLE - (BUNDLE without it). The two differ where levers
// interact (they compete for the same patients or beds, or one enables another).
#include <string>
#include <vector>

#include "icsflow/results/table.hpp"
#include "icsflow/runner/comparison.hpp"
#include "icsflow/runner/scenario_run.hpp"

namespace icsflow::runner {

struct LeverScenarios {
  std::string lever;
  scenarios::Scenario alone;    // BASE with the lever's settings from BUNDLE ("alone-<lever>")
  scenarios::Scenario without;  // BUNDLE with the lever's settings from BASE ("without-<lever>")
};
// The levers BUNDLE switches on that BASE does not, in lever_names() order.
std::vector<LeverScenarios> attribution_scenarios(const scenarios::Scenario& base, const scenarios::Scenario& bundle);

struct AttributionRow {
  std::string lever;
  std::string metric;
  std::string borough;                  // a borough's name, or "All"
  int deprivation_quintile = 0;         // 1..5, or 0 for all
  int year = 0;                         // 0: the whole results period; 1..N: that year of it
  analysis::PairedDifference alone;     // alone - base
  analysis::PairedDifference marginal;  // bundle - without
};

struct LeverResults {
  std::string lever;
  ScenarioResults alone;
  ScenarioResults without;
};
std::vector<AttributionRow> attribute(const ScenarioResults& base, const ScenarioResults& bundle,
                                      const std::vector<LeverResults>& levers);
// /attribution (docs/results-schema.md).
results::Table attribution_table(const std::vector<AttributionRow>& rows);

}  // namespace icsflow::runner
