#include "comparison.hpp"

#include <cmath>
#include <cstdio>

#include "icsflow/models/metrics.hpp"

namespace icsflow::app {
namespace {

// " (GBP m)" when a table shows the metric in another unit than it is stored in.
std::string display_unit_suffix(const models::Metric& metric) {
  return metric.display_factor != 1 ? " (" + std::string(metric.display_unit) + ")" : "";
}

}  // namespace

std::vector<ComparisonRow> compare(const ScenarioResults& base, const ScenarioResults& alt) {
  const models::ModelParams& params = base.scenario.params;
  const models::Period period{base.request.years, base.request.scale};
  std::vector<ComparisonRow> rows;
  const auto add = [&](const models::Metric& metric, const std::string& borough_name, models::Group group) {
    std::vector<double> b, a;
    for (std::size_t r = 0; r < base.replications.size(); ++r) {
      b.push_back(models::metric_value(metric, base.replications[r], group, period));
      a.push_back(models::metric_value(metric, alt.replications[r], group, period));
    }
    rows.push_back(
        {std::string(metric.name), alt.scenario.name, borough_name, group.quintile, analysis::paired_difference(b, a)});
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

results::Table comparison_table(const std::vector<ComparisonRow>& rows) {
  std::vector<std::string> metric, scenario, borough;
  std::vector<std::int64_t> quintile;
  std::vector<double> base_mean, alt_mean, diff_mean, low, high;
  for (const ComparisonRow& row : rows) {
    metric.push_back(row.metric);
    scenario.push_back(row.scenario);
    borough.push_back(row.borough);
    quintile.push_back(row.deprivation_quintile);
    base_mean.push_back(row.difference.base_mean);
    alt_mean.push_back(row.difference.alt_mean);
    diff_mean.push_back(row.difference.diff_mean);
    low.push_back(row.difference.ci_low);
    high.push_back(row.difference.ci_high);
  }
  results::Table table;
  table.add({"metric", "", metric});
  table.add({"scenario", "", scenario});
  table.add({"borough", "", borough});
  table.add({"deprivation_quintile", "1 = most deprived; 0 = all", quintile});
  table.add({"base_mean", "the metric's unit in /metrics; counts and spend a year, whole population", base_mean});
  table.add({"alt_mean", "the metric's unit in /metrics; counts and spend a year, whole population", alt_mean});
  table.add({"diff_mean", "alt - base", diff_mean});
  table.add({"diff_ci_low", "95% paired interval", low});
  table.add({"diff_ci_high", "95% paired interval", high});
  return table;
}

void print_headline(std::ostream& out, const ScenarioResults& base, const ScenarioResults& alt,
                    const std::vector<ComparisonRow>& rows) {
  const auto find = [&rows](const std::string& metric) -> const analysis::PairedDifference* {
    for (const ComparisonRow& row : rows) {
      if (row.metric == metric && row.borough == "All" && row.deprivation_quintile == 0) return &row.difference;
    }
    return nullptr;
  };
  char line[256];
  std::snprintf(line, sizeof line, "\n%-44s %12s %12s   %s\n", "South East London, per year",
                base.scenario.name.c_str(), alt.scenario.name.c_str(), "difference (95% interval)");
  out << line;
  for (const models::Metric* metric : models::headline_metrics()) {
    const analysis::PairedDifference* d = find(std::string(metric->name));
    if (d == nullptr) continue;
    const double factor = metric->display_factor;
    char a[32], b[32], diff[96];
    std::snprintf(a, sizeof a, "%.*f", metric->decimals, d->base_mean * factor);
    std::snprintf(b, sizeof b, "%.*f", metric->decimals, d->alt_mean * factor);
    if (std::isnan(d->ci_low)) {
      std::snprintf(diff, sizeof diff, "%+.4g (one replication: no interval)", d->diff_mean * factor);
    } else {
      const bool clear = d->ci_low > 0 || d->ci_high < 0;
      std::snprintf(diff, sizeof diff, "%+.4g (%+.4g to %+.4g)%s", d->diff_mean * factor, d->ci_low * factor,
                    d->ci_high * factor, clear ? "" : "  not distinguishable from 0");
    }
    const std::string label = std::string(metric->label) + display_unit_suffix(*metric);
    std::snprintf(line, sizeof line, "  %-42s %12s %12s   %s\n", label.c_str(), a, b, diff);
    out << line;
  }
  const auto* averted = find("acsc_admissions");
  if (averted != nullptr) {
    std::snprintf(line, sizeof line, "\n  Avoidable admissions averted a year: %.0f (95%% interval %.0f to %.0f)\n",
                  -averted->diff_mean, -averted->ci_high, -averted->ci_low);
    out << line;
  }
}

}  // namespace icsflow::app
