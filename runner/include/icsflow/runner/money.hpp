#pragma once
// Money over time, an alternative against the base, for an ICS finance director: each year of the results period
// at today's prices, in cash (capacity freed is not cash until a ward closes: models/metrics.hpp, cash_gbp).
//   net cash          the cash spend difference that year, a year (alternative - base: positive, it costs more)
//   programme cost    of which the levers' programmes (proactive care, care home support, added admission
//                     avoidance capacity), a year
//   present value     the net cash of years 1..y, each discounted to year 1 (HM Treasury Green Book, costs.toml):
//                     what the alternative has cost so far, in today's money
//   return per pound  the cash the programmes released (their cost minus the net cash), over their cost, both
//                     discounted and summed over years 1..y: 1 pays back, 0 releases nothing (NaN without a cost)
//   break-even share  the share of replications whose present value so far is at or below zero
// Paired over replications (common random numbers), with 95% intervals.
#include <string>
#include <vector>

#include "icsflow/analysis/paired.hpp"
#include "icsflow/results/table.hpp"
#include "icsflow/runner/scenario_run.hpp"

namespace icsflow::runner {

struct MoneyRow {
  std::string scenario;  // the alternative
  int year = 1;          // 1..N
  double years = 1;      // the year's length (the last may be shorter)
  analysis::PairedDifference net_cash;
  analysis::PairedDifference programme_cost;
  analysis::PairedDifference present_value;
  double return_per_pound = 0;
  double return_ci_low = 0;
  double return_ci_high = 0;
  double break_even_share = 0;
};

std::vector<MoneyRow> money_over_time(const ScenarioResults& base, const ScenarioResults& alt);
// /money (docs/results-schema.md).
results::Table money_table(const std::vector<MoneyRow>& rows);

}  // namespace icsflow::runner
