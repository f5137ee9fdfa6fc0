#pragma once
// The console's tables: the headline of a comparison and the sensitivity of a sweep.
#include <ostream>
#include <vector>

#include "icsflow/runner/attribution.hpp"
#include "icsflow/runner/comparison.hpp"
#include "icsflow/runner/money.hpp"
#include "icsflow/runner/sensitivity.hpp"

namespace icsflow::app {

void print_headline(std::ostream& out, const runner::ScenarioResults& base, const runner::ScenarioResults& alt,
                    const std::vector<runner::ComparisonRow>& rows);
// The headline's differences for each year of a run longer than a year (nothing otherwise).
void print_headline_by_year(std::ostream& out, const runner::ScenarioResults& base, const runner::ScenarioResults& alt,
                            const std::vector<runner::ComparisonRow>& rows);
// The headline metrics' means for each year of a run longer than a year (nothing otherwise).
void print_run_by_year(std::ostream& out, const runner::ScenarioResults& results);
// Money over time for one alternative (its rows of /money): net cash, programme costs, present value so far,
// return per pound and the share of replications that broke even, each year.
void print_money(std::ostream& out, const std::vector<runner::MoneyRow>& rows, const std::string& scenario);
// Each lever's share of the bundle, headline metrics for all of South East London: alone and marginal.
void print_attribution(std::ostream& out, const std::vector<runner::AttributionRow>& rows);
// --format json: a run's metrics for South East London (means over replications, a year, the whole population;
// "metrics" for the whole period and, for a run longer than a year, "by_year": year, its length, its metrics),
// and a comparison's rows for South East London, every metric of the registry: the whole results period
// ("differences") and, for a run longer than a year, each year ("by_year": year, its length, its differences).
void print_run_json(std::ostream& out, const runner::ScenarioResults& results, const std::string& output);
void print_comparison_json(std::ostream& out, const runner::ScenarioResults& base,
                           const std::vector<runner::ComparisonRow>& rows, const std::string& output);
// The headline outputs: avoidable admissions, delayed-discharge bed days, 4-hour breaches, total spend.
void print_sensitivity(std::ostream& out, const runner::Sensitivity& sensitivity);

}  // namespace icsflow::app
