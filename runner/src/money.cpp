#include "icsflow/runner/money.hpp"

#include <cmath>
#include <limits>

#include "icsflow/models/metrics.hpp"
#include "interval_columns.hpp"

namespace icsflow::runner {

namespace {

// The levers' programme costs: the registry's cost_lever_* metrics.
double programme_cost_a_year(const models::ReplicationResult& result, const models::Period& period) {
  double sum = 0;
  for (const models::Metric& metric : models::metrics()) {
    if (std::string_view(metric.name).rfind("cost_lever_", 0) == 0)
      sum += models::metric_value(metric, result, {}, period);
  }
  return sum;
}

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values) sum += v;
  return values.empty() ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(values.size());
}

}  // namespace

std::vector<MoneyRow> money_over_time(const ScenarioResults& base, const ScenarioResults& alt) {
  const models::Period whole{base.settings.years, base.settings.scale};
  const int years = models::results_year_count(whole.years);
  const models::Metric cash = *models::find_metric("cash_gbp");
  const double rate = base.scenario.params.costs.discount_rate;
  const std::size_t n = base.replications.size();
  // Running sums over the years, per replication: each scenario's discounted cash, and the alternative's
  // discounted programme cost and net cash.
  std::vector<double> base_pv(n, 0), alt_pv(n, 0), cost_pv(n, 0), released_pv(n, 0);
  std::vector<MoneyRow> rows;
  for (int year = 1; year <= years; ++year) {
    const models::Period period = models::year_period(whole, year);
    const double weight = std::pow(1 + rate, -(year - 1)) * period.years;
    std::vector<double> base_cash, alt_cash, base_cost, alt_cost, ratio, even;
    for (std::size_t r = 0; r < n; ++r) {
      base_cash.push_back(models::metric_value(cash, base.replications[r], {}, period));
      alt_cash.push_back(models::metric_value(cash, alt.replications[r], {}, period));
      base_cost.push_back(programme_cost_a_year(base.replications[r], period));
      alt_cost.push_back(programme_cost_a_year(alt.replications[r], period));
      base_pv[r] += base_cash[r] * weight;
      alt_pv[r] += alt_cash[r] * weight;
      const double cost = alt_cost[r] - base_cost[r];
      cost_pv[r] += cost * weight;
      released_pv[r] += (cost - (alt_cash[r] - base_cash[r])) * weight;
      if (cost_pv[r] > 0) ratio.push_back(released_pv[r] / cost_pv[r]);
      even.push_back(alt_pv[r] - base_pv[r] <= 0 ? 1.0 : 0.0);
    }
    MoneyRow row{alt.scenario.name,
                 year,
                 period.years,
                 analysis::paired_difference(base_cash, alt_cash),
                 analysis::paired_difference(base_cost, alt_cost),
                 analysis::paired_difference(base_pv, alt_pv)};
    const bool costed = ratio.size() == n;  // every replication paid for a programme
    row.return_per_pound = costed ? mean(ratio) : std::numeric_limits<double>::quiet_NaN();
    const double half = costed ? analysis::ci_half_width(ratio) : std::numeric_limits<double>::quiet_NaN();
    row.return_ci_low = row.return_per_pound - half;
    row.return_ci_high = row.return_per_pound + half;
    row.break_even_share = mean(even);
    rows.push_back(row);
  }
  return rows;
}

results::Table money_table(const std::vector<MoneyRow>& rows) {
  std::vector<std::string> scenario;
  std::vector<std::int64_t> year;
  std::vector<double> length, even;
  for (const MoneyRow& row : rows) {
    scenario.push_back(row.scenario);
    year.push_back(row.year);
    length.push_back(row.years);
    even.push_back(row.break_even_share);
  }
  const std::string a_year = "GBP a year, whole population, today's prices; alt - base";
  const std::string paired = "95% paired interval";
  results::Table table;
  table.add({"scenario", "", scenario});
  table.add({"year", "1.. = that year of the results period", year});
  table.add({"years", "the year's length in years (the last may be shorter)", length});
  detail::add_interval(table, rows, "net_cash", a_year, paired,
                       [](const MoneyRow& row) { return detail::interval_of(row.net_cash); });
  detail::add_interval(table, rows, "programme_cost", a_year + ": the levers' programmes (cost_lever_*)", paired,
                       [](const MoneyRow& row) { return detail::interval_of(row.programme_cost); });
  detail::add_interval(table, rows, "present_value", "GBP, years 1..year discounted to year 1 (Green Book); alt - base",
                       paired, [](const MoneyRow& row) { return detail::interval_of(row.present_value); });
  detail::add_interval(table, rows, "return_per_pound",
                       "cash released (programme cost - net cash) over programme cost, discounted, years 1..year; NaN "
                       "without a programme cost",
                       "95% interval over replications", [](const MoneyRow& row) {
                         return std::array<double, 3>{row.return_per_pound, row.return_ci_low, row.return_ci_high};
                       });
  table.add({"break_even_share", "share of replications with present_value <= 0 by this year", even});
  return table;
}

}  // namespace icsflow::runner
