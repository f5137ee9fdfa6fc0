#pragma once
// A whole comparison, as `icsflow compare` and `icsflow serve` run it: a base and alternatives with common
// random numbers (or independent seeds), optionally each lever of a bundle alone and the bundle without it
// (attribution), the paired comparison, and the results file that holds them all.
#include <string>
#include <vector>

#include "icsflow/results/recorder.hpp"
#include "icsflow/runner/attribution.hpp"
#include "icsflow/runner/comparison.hpp"
#include "icsflow/runner/money.hpp"
#include "icsflow/runner/scenario_run.hpp"

namespace icsflow::runner {

struct ComparisonPlan {
  std::vector<scenarios::Scenario> scenarios;  // the base first
  RunSettings settings;
  bool independent_seeds = false;      // each scenario its own random numbers (to measure what CRN gains)
  std::vector<LeverScenarios> levers;  // attribution: each lever of the bundle alone and the bundle without it

  // Progress tasks: one per replication of every scenario run.
  [[nodiscard]] std::size_t tasks() const;
};

// The plan checked: at least two scenarios with distinct names; with attribution, exactly two (a base and a
// bundle that switches levers on) and common random numbers. InputError otherwise; nothing has run.
ComparisonPlan plan_comparison(std::vector<scenarios::Scenario> scenarios, const RunSettings& settings,
                               bool independent_seeds, bool attribution);

struct ComparisonResults {
  std::vector<ScenarioResults> scenarios;  // as planned, the base first
  std::vector<ComparisonRow> rows;         // each alternative against the base
  std::vector<LeverResults> levers;
  std::vector<AttributionRow> attribution;
  std::vector<MoneyRow> money;  // each alternative, and each lever alone, against the base
};

// Runs the plan (settings as checked()). `progress` may throw to stop it (a cancelled job): the exception
// leaves here once the replications running have stopped, at their next synchronisation window.
ComparisonResults run_comparison(const ComparisonPlan& plan, const ProgressFn& progress = {});

// /scenarios/* (each alternative's and each lever's runs), /comparison, /money and /attribution
// (docs/results-schema.md).
void write_comparison(results::Recorder& file, const ComparisonPlan& plan, const ComparisonResults& results,
                      const std::string& command_line);

}  // namespace icsflow::runner
