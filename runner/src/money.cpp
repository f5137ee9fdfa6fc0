#include "icsflow/runner/money.hpp"

#include <cmath>
#include <limits>

#include "icsflow/models/metrics.hpp"

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
  std::vector<double> length, net, net_low, net_high, cost, cost_low, cost_high, pv, pv_low, pv_high, roi, roi_low,
      roi_high, even;
  for (const MoneyRow& row : rows) {
    scenario.push_back(row.scenario);
    year.push_back(row.year);
    length.push_back(row.years);
    net.push_back(row.net_cash.diff_mean);
    net_low.push_back(row.net_cash.ci_low);
    net_high.push_back(row.net_cash.ci_high);
    cost.push_back(row.programme_cost.diff_mean);
    cost_low.push_back(row.programme_cost.ci_low);
    cost_high.push_back(row.programme_cost.ci_high);
    pv.push_back(row.present_value.diff_mean);
    pv_low.push_back(row.present_value.ci_low);
    pv_high.push_back(row.present_value.ci_high);
    roi.push_back(row.return_per_pound);
    roi_low.push_back(row.return_ci_low);
    roi_high.push_back(row.return_ci_high);
    even.push_back(row.break_even_share);
  }
  const std::string a_year = "GBP a year, whole population, today's prices; alt - base";
  const std::string so_far = "GBP, years 1..year discounted to year 1 (Green Book); alt - base";
  results::Table table;
  table.add({"scenario", "", scenario});
  table.add({"year", "1.. = that year of the results period", year});
  table.add({"years", "the year's length in years (the last may be shorter)", length});
  table.add({"net_cash_mean", a_year, net});
  table.add({"net_cash_ci_low", "95% paired interval", net_low});
  table.add({"net_cash_ci_high", "95% paired interval", net_high});
  table.add({"programme_cost_mean", a_year + ": the levers' programmes (cost_lever_*)", cost});
  table.add({"programme_cost_ci_low", "95% paired interval", cost_low});
  table.add({"programme_cost_ci_high", "95% paired interval", cost_high});
  table.add({"present_value_mean", so_far, pv});
  table.add({"present_value_ci_low", "95% paired interval", pv_low});
  table.add({"present_value_ci_high", "95% paired interval", pv_high});
  table.add({"return_per_pound_mean",
             "cash released (programme cost - net cash) over programme cost, discounted, years 1..year; NaN "
             "without a programme cost",
             roi});
  table.add({"return_per_pound_ci_low", "95% interval over replications", roi_low});
  table.add({"return_per_pound_ci_high", "95% interval over replications", roi_high});
  table.add({"break_even_share", "share of replications with present_value <= 0 by this year", even});
  return table;
}

}  // namespace icsflow::runner
