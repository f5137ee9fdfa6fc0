#pragma once
// Global sensitivity of a completed sweep: standardized regression and partial rank correlation
// coefficients on every design, Sobol first-order and total indices on a Saltelli (sobol) design.
// Computed on each point's mean over its replications.
#include <ostream>
#include <string>
#include <vector>

#include "icsflow/results/table.hpp"
#include "icsflow/runner/sweep_record.hpp"

namespace icsflow::runner {

struct SensitivityRow {
  std::string output;
  std::string parameter;
  double src = 0;        // standardized regression coefficient
  double r_squared = 0;  // of the output's linear regression (SRC is trustworthy when high)
  double prcc = 0;       // partial rank correlation coefficient
  double prcc_p_value = 0;
  double sobol_first = 0, sobol_first_low = 0, sobol_first_high = 0;  // NaN unless a sobol design
  double sobol_total = 0, sobol_total_low = 0, sobol_total_high = 0;
};

struct Sensitivity {
  std::vector<SensitivityRow> rows;
  std::vector<std::string> notes;  // why something could not be computed
};

// Needs every point complete; otherwise returns no rows and a note.
Sensitivity sweep_sensitivity(const SweepRecord& record);
results::Table sensitivity_table(const Sensitivity& sensitivity);

}  // namespace icsflow::runner
