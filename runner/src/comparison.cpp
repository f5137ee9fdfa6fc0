#include "icsflow/runner/comparison.hpp"

#include <cmath>
#include <cstdio>

#include "icsflow/models/metrics.hpp"
#include "interval_columns.hpp"

namespace icsflow::runner {

namespace {

std::vector<ComparisonRow> compare_over(const ScenarioResults& base, const ScenarioResults& alt,
                                        const models::Period& period) {
  const models::ModelParams& params = base.scenario.params;
  std::vector<ComparisonRow> rows;
  const auto add = [&](const models::Metric& metric, const std::string& borough_name, models::Group group) {
    std::vector<double> b, a;
    for (std::size_t r = 0; r < base.replications.size(); ++r) {
      b.push_back(models::metric_value(metric, base.replications[r], group, period));
      a.push_back(models::metric_value(metric, alt.replications[r], group, period));
    }
    rows.push_back({std::string(metric.name), alt.scenario.name, borough_name, group.quintile, period.year,
                    analysis::paired_difference(b, a)});
  };
  for (int borough = -1; borough < static_cast<int>(params.boroughs.size()); ++borough) {
    const std::string name = borough < 0 ? "All" : params.boroughs[static_cast<std::size_t>(borough)].name;
    for (int quintile = 0; quintile <= models::kQuintiles; ++quintile) {
      for (const models::Metric& metric : models::metrics()) {
        if (metric.scope == models::MetricScope::group) add(metric, name, {borough, quintile});
      }
    }
    for (const models::Metric& metric : models::metrics()) {
      if (metric.scope == models::MetricScope::borough) add(metric, name, {borough, 0});
    }
  }
  for (const models::Metric& metric : models::metrics()) {
    if (metric.scope == models::MetricScope::region) add(metric, "All", {});
  }
  return rows;
}

}  // namespace

int compared_years(const ScenarioResults& results) {
  const int years = models::results_year_count(results.settings.years);
  return years > 1 ? years : 0;  // one year's rows would repeat the whole period's
}

std::vector<ComparisonRow> compare(const ScenarioResults& base, const ScenarioResults& alt) {
  const models::Period whole{base.settings.years, base.settings.scale};
  std::vector<ComparisonRow> rows = compare_over(base, alt, whole);
  for (int year = 1; year <= compared_years(base); ++year) {
    const std::vector<ComparisonRow> of_year = compare_over(base, alt, models::year_period(whole, year));
    rows.insert(rows.end(), of_year.begin(), of_year.end());
  }
  return rows;
}

results::Table comparison_table(const std::vector<ComparisonRow>& rows) {
  std::vector<std::string> metric, scenario, borough;
  std::vector<std::int64_t> quintile, year;
  std::vector<double> base_mean, alt_mean;
  for (const ComparisonRow& row : rows) {
    metric.push_back(row.metric);
    scenario.push_back(row.scenario);
    borough.push_back(row.borough);
    quintile.push_back(row.deprivation_quintile);
    year.push_back(row.year);
    base_mean.push_back(row.difference.base_mean);
    alt_mean.push_back(row.difference.alt_mean);
  }
  results::Table table;
  table.add({"metric", "", metric});
  table.add({"scenario", "", scenario});
  table.add({"borough", "", borough});
  table.add({"deprivation_quintile", "1 = most deprived; 0 = all", quintile});
  table.add({"year", "0 = the whole results period; 1.. = that year of it", year});
  table.add({"base_mean", "the metric's unit in /metrics; counts and spend a year, whole population", base_mean});
  table.add({"alt_mean", "the metric's unit in /metrics; counts and spend a year, whole population", alt_mean});
  detail::add_interval(table, rows, "diff", "alt - base", "95% paired interval",
                       [](const ComparisonRow& row) { return detail::interval_of(row.difference); });
  return table;
}

}  // namespace icsflow::runner
