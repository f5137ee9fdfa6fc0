#include "comparison.hpp"

#include <cmath>
#include <cstdio>
#include <functional>

#include "measures.hpp"

namespace icsflow::app {
namespace {

using models::Measure;

// Measures that are also given per 100,000 residents.
constexpr Measure kRates[] = {Measure::emergency_admissions,
                              Measure::acsc_admissions,
                              Measure::ae_attendances,
                              Measure::ae_4h_breaches,
                              Measure::readmissions_30d,
                              Measure::deaths,
                              Measure::delayed_discharge_bed_days,
                              Measure::gp_unmet_demand};

}  // namespace

std::vector<ComparisonRow> compare(const ScenarioResults& base, const ScenarioResults& alt) {
  const models::ModelParams& params = base.scenario.params;
  const double years = base.request.years;
  const double scale = base.request.scale;
  std::vector<ComparisonRow> rows;
  const auto add = [&](const std::string& metric, const std::string& borough, int quintile,
                       const std::function<double(const models::ReplicationResult&)>& value) {
    std::vector<double> b, a;
    for (std::size_t r = 0; r < base.replications.size(); ++r) {
      b.push_back(value(base.replications[r]));
      a.push_back(value(alt.replications[r]));
    }
    rows.push_back({metric, alt.scenario.name, borough, quintile, analysis::paired_difference(b, a)});
  };
  for (int borough = -1; borough < static_cast<int>(params.boroughs.size()); ++borough) {
    const std::string name = borough < 0 ? "All" : params.boroughs[static_cast<std::size_t>(borough)].name;
    for (int quintile = 0; quintile <= models::kQuintiles; ++quintile) {
      // Counts per year for the whole population (divided by the scale simulated).
      for (int m = 0; m < models::kMeasureCount; ++m) {
        add(std::string(models::kMeasures[static_cast<std::size_t>(m)].name), name, quintile,
            [=](const models::ReplicationResult& r) {
              return totals(r, borough, quintile).values[static_cast<std::size_t>(m)] / scale / years;
            });
      }
      add("cost_gbp", name, quintile,
          [=](const models::ReplicationResult& r) { return totals(r, borough, quintile).cost_gbp / scale / years; });
      for (const Measure m : kRates) {
        add(std::string(models::kMeasures[static_cast<std::size_t>(m)].name) + "_per_100k", name, quintile,
            [=](const models::ReplicationResult& r) {
              const Totals c = totals(r, borough, quintile);
              return c.residents > 0 ? c.values[static_cast<std::size_t>(m)] / c.residents * 1e5 / years : 0.0;
            });
      }
    }
    // The gap between the most and least deprived fifths in avoidable admissions.
    add("acsc_admissions_per_100k_gap_q1_q5", name, 0,
        [=](const models::ReplicationResult& r) { return acsc_gap_q1_q5_per_100k(r, borough, years); });
  }
  add("occupancy", "All", 0, occupancy);
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
  table.add({"base_mean", "per year, whole population (the metric's unit)", base_mean});
  table.add({"alt_mean", "per year, whole population (the metric's unit)", alt_mean});
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
  const auto print = [&](const char* label, const std::string& metric, double unit, const char* format) {
    const analysis::PairedDifference* d = find(metric);
    if (d == nullptr) return;
    char a[32], b[32], diff[96];
    std::snprintf(a, sizeof a, format, d->base_mean / unit);
    std::snprintf(b, sizeof b, format, d->alt_mean / unit);
    if (std::isnan(d->ci_low)) {
      std::snprintf(diff, sizeof diff, "%+.4g (one replication: no interval)", d->diff_mean / unit);
    } else {
      const bool clear = d->ci_low > 0 || d->ci_high < 0;
      std::snprintf(diff, sizeof diff, "%+.4g (%+.4g to %+.4g)%s", d->diff_mean / unit, d->ci_low / unit,
                    d->ci_high / unit, clear ? "" : "  not distinguishable from 0");
    }
    std::snprintf(line, sizeof line, "  %-42s %12s %12s   %s\n", label, a, b, diff);
    out << line;
  };
  print("Emergency admissions per 100,000", "emergency_admissions_per_100k", 1, "%.0f");
  print("Emergency admissions", "emergency_admissions", 1, "%.0f");
  print("Avoidable (ACSC) admissions per 100,000", "acsc_admissions_per_100k", 1, "%.0f");
  print("Avoidable (ACSC) admissions", "acsc_admissions", 1, "%.0f");
  print("A&E attendances", "ae_attendances", 1, "%.0f");
  print("A&E 4-hour breaches", "ae_4h_breaches", 1, "%.0f");
  print("Delayed-discharge bed days", "delayed_discharge_bed_days", 1, "%.0f");
  print("Occupancy of emergency G&A beds (%)", "occupancy", 0.01, "%.1f");
  print("Readmissions within 30 days", "readmissions_30d", 1, "%.0f");
  print("Deaths", "deaths", 1, "%.0f");
  print("GP needs unmet", "gp_unmet_demand", 1, "%.0f");
  print("Spend, primary care (GBP m)", "cost_primary_care_gbp", 1e6, "%.1f");
  print("Spend, acute (GBP m)", "cost_acute_gbp", 1e6, "%.1f");
  print("Spend, community (GBP m)", "cost_community_gbp", 1e6, "%.1f");
  print("Spend, social care (GBP m)", "cost_social_care_gbp", 1e6, "%.1f");
  print("Spend, total (GBP m)", "cost_gbp", 1e6, "%.1f");
  print("ACSC gap, most - least deprived (per 100k)", "acsc_admissions_per_100k_gap_q1_q5", 1, "%.0f");
  const auto* averted = find("acsc_admissions");
  if (averted != nullptr) {
    std::snprintf(line, sizeof line, "\n  Avoidable admissions averted a year: %.0f (95%% interval %.0f to %.0f)\n",
                  -averted->diff_mean, -averted->ci_high, -averted->ci_low);
    out << line;
  }
}

}  // namespace icsflow::app
