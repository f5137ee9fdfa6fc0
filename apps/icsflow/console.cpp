// The console's tables after a comparison and a sweep: what `compare` and `sweep` print.
#include "console.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "icsflow/models/metrics.hpp"
#include "json.hpp"

namespace icsflow::app {
namespace {

using runner::ComparisonRow;
using runner::ScenarioResults;
using runner::Sensitivity;
using runner::SensitivityRow;

// " (GBP m)" when a table shows the metric in another unit than it is stored in.
std::string display_unit_suffix(const models::Metric& metric) {
  return metric.display_factor != 1 ? " (" + std::string(metric.display_unit) + ")" : "";
}

// A metric's row for all of South East London over the whole results period (year 0) or one year of it.
const analysis::PairedDifference* find_region(const std::vector<ComparisonRow>& rows, std::string_view metric,
                                              int year = 0) {
  for (const ComparisonRow& row : rows) {
    if (row.metric == metric && row.borough == "All" && row.deprivation_quintile == 0 && row.year == year)
      return &row.difference;
  }
  return nullptr;
}

// The rows for all of South East London of the whole results period (year 0) or one year, as JSON objects.
std::string region_differences_json(const std::vector<ComparisonRow>& rows, int year) {
  std::string text;
  for (const ComparisonRow& row : rows) {
    if (row.borough != "All" || row.deprivation_quintile != 0 || row.year != year) continue;
    const std::optional<models::Metric> metric = models::find_metric(row.metric);
    const analysis::PairedDifference& d = row.difference;
    text += (text.empty() ? "" : ", ") + std::string("{\"scenario\": ") + json_string(row.scenario) +
            ", \"metric\": " + json_string(row.metric) +
            ", \"unit\": " + json_string(metric ? std::string(metric->unit) : "") +
            ", \"base_mean\": " + json_number(d.base_mean) + ", \"alt_mean\": " + json_number(d.alt_mean) +
            ", \"diff_mean\": " + json_number(d.diff_mean) + ", \"diff_ci_low\": " + json_number(d.ci_low) +
            ", \"diff_ci_high\": " + json_number(d.ci_high) + "}";
  }
  return text;
}

}  // namespace

void print_headline(std::ostream& out, const ScenarioResults& base, const ScenarioResults& alt,
                    const std::vector<ComparisonRow>& rows) {
  char line[256];
  std::snprintf(line, sizeof line, "\n%-44s %12s %12s   %s\n", "South East London, per year",
                base.scenario.name.c_str(), alt.scenario.name.c_str(), "difference (95% interval)");
  out << line;
  for (const models::Metric* metric : models::headline_metrics()) {
    const analysis::PairedDifference* d = find_region(rows, metric->name);
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
  const auto* averted = find_region(rows, "acsc_admissions");
  if (averted != nullptr) {
    std::snprintf(line, sizeof line, "\n  Avoidable admissions averted a year: %.0f (95%% interval %.0f to %.0f)\n",
                  -averted->diff_mean, -averted->ci_high, -averted->ci_low);
    out << line;
  }
  // Capacity and cash apart: bed days freed are beds, cash comes only from wards that close.
  const auto* bed_days = find_region(rows, "bed_days");
  const auto* wards = find_region(rows, "wards_needed");
  const auto* cash = find_region(rows, "cash_gbp");
  if (bed_days != nullptr && wards != nullptr && cash != nullptr) {
    const double closing = wards->diff_mean == 0 ? 0.0 : -wards->diff_mean;  // not "-0.0"
    std::snprintf(line, sizeof line,
                  "  Bed days freed a year: %.0f (95%% interval %.0f to %.0f), about %.0f beds: capacity, not cash\n"
                  "  Wards that can close: %.1f (%.1f to %.1f); cash spend %+.1f GBP m a year (%+.1f to %+.1f)\n",
                  -bed_days->diff_mean, -bed_days->ci_high, -bed_days->ci_low, -bed_days->diff_mean / 365, closing,
                  -wards->ci_high, -wards->ci_low, cash->diff_mean * 1e-6, cash->ci_low * 1e-6, cash->ci_high * 1e-6);
    out << line;
  }
  // Over several years, the cash's present value: the whole period's discounted cash a year times its years.
  const auto* discounted = find_region(rows, "cash_discounted_gbp");
  const double years = base.settings.years;
  if (discounted != nullptr && runner::compared_years(base) > 0) {
    std::snprintf(line, sizeof line,
                  "  Cash over the %g years, discounted at %g%% a year: %+.1f GBP m (%+.1f to %+.1f)\n", years,
                  100 * base.scenario.params.costs.discount_rate, discounted->diff_mean * years * 1e-6,
                  discounted->ci_low * years * 1e-6, discounted->ci_high * years * 1e-6);
    out << line;
  }
}

namespace {

// The headline metrics for each year of a run longer than a year, a few years to a table so that a long run's
// lines stay as wide as the headline's; `cell` writes one metric's cell for one year ("-" when it has none).
void print_years(std::ostream& out, const ScenarioResults& results,
                 const std::function<std::string(const models::Metric&, int year)>& cell) {
  const int years = runner::compared_years(results);
  const models::Period whole{results.settings.years, results.settings.scale};
  constexpr int kYearsPerTable = 3;
  char line[256];
  for (int first = 1; first <= years; first += kYearsPerTable) {
    const int last = std::min(years, first + kYearsPerTable - 1);
    std::string header;
    for (int year = first; year <= last; ++year) {
      const double length = models::year_period(whole, year).years;
      char title[32];
      if (length < 1) {
        std::snprintf(title, sizeof title, "year %d (%.0f days)", year, length * models::kDaysPerYear);
      } else {
        std::snprintf(title, sizeof title, "year %d", year);
      }
      std::snprintf(line, sizeof line, " %22s", title);
      header += line;
    }
    std::snprintf(line, sizeof line, "\n  %-42s%s\n", "", header.c_str());
    out << line;
    for (const models::Metric* metric : models::headline_metrics()) {
      std::string cells;
      for (int year = first; year <= last; ++year) {
        std::snprintf(line, sizeof line, " %22s", cell(*metric, year).c_str());
        cells += line;
      }
      const std::string label = std::string(metric->label) + display_unit_suffix(*metric);
      std::snprintf(line, sizeof line, "  %-42s%s\n", label.c_str(), cells.c_str());
      out << line;
    }
  }
}

// A value as the headline shows it, with the metric's decimals; no "-0" for one that rounds to 0.
double shown(const models::Metric& metric, double value) {
  return std::abs(value) < 0.5 * std::pow(10.0, -metric.decimals) ? 0.0 : value;
}

}  // namespace

void print_headline_by_year(std::ostream& out, const ScenarioResults& base, const ScenarioResults& alt,
                            const std::vector<ComparisonRow>& rows) {
  if (runner::compared_years(base) == 0) return;
  out << "\nSouth East London by year, " << alt.scenario.name << " - " << base.scenario.name
      << ": difference a year +/- half its 95% interval\n";
  print_years(out, base, [&rows](const models::Metric& metric, int year) {
    const analysis::PairedDifference* d = find_region(rows, metric.name, year);
    if (d == nullptr) return std::string("-");
    const double diff = d->diff_mean * metric.display_factor;
    const double half = (d->ci_high - d->ci_low) / 2 * metric.display_factor;
    char cell[64];
    if (std::isnan(half)) {
      std::snprintf(cell, sizeof cell, "%+.*f", metric.decimals, shown(metric, diff));
    } else {
      std::snprintf(cell, sizeof cell, "%+.*f +/- %.*f", metric.decimals, shown(metric, diff), metric.decimals, half);
    }
    return std::string(cell);
  });
}

void print_run_by_year(std::ostream& out, const ScenarioResults& results) {
  if (runner::compared_years(results) == 0) return;
  out << "\nSouth East London by year, " << results.scenario.name
      << ": mean over replications, a year for the whole population\n";
  const models::Period whole{results.settings.years, results.settings.scale};
  print_years(out, results, [&](const models::Metric& metric, int year) {
    double sum = 0;
    for (const models::ReplicationResult& r : results.replications)
      sum += models::metric_value(metric, r, {}, models::year_period(whole, year));
    char cell[64];
    std::snprintf(cell, sizeof cell, "%.*f", metric.decimals,
                  shown(metric, sum / static_cast<double>(results.replications.size()) * metric.display_factor));
    return std::string(cell);
  });
}

void print_money(std::ostream& out, const std::vector<runner::MoneyRow>& rows, const std::string& scenario) {
  char line[256];
  bool first = true;
  for (const runner::MoneyRow& row : rows) {
    if (row.scenario != scenario) continue;
    if (first) {
      out << "\nMoney over time, " << scenario << " - base (GBP m at today's prices; cash only):\n";
      std::snprintf(line, sizeof line, "  %-8s %26s %24s %28s %18s %12s\n", "year", "net cash a year (95%)",
                    "of which programmes", "present value so far (95%)", "return per GBP 1", "broke even");
      out << line;
      first = false;
    }
    const auto interval = [](const analysis::PairedDifference& d) {
      char cell[64];
      if (std::isnan(d.ci_low)) {  // one replication: no interval
        std::snprintf(cell, sizeof cell, "%+.1f", d.diff_mean / 1e6);
      } else {
        std::snprintf(cell, sizeof cell, "%+.1f (%+.1f to %+.1f)", d.diff_mean / 1e6, d.ci_low / 1e6, d.ci_high / 1e6);
      }
      return std::string(cell);
    };
    char roi[48] = "-";
    if (std::isfinite(row.return_per_pound)) {
      std::snprintf(roi, sizeof roi, "%.2f (%.2f to %.2f)", row.return_per_pound, row.return_ci_low,
                    row.return_ci_high);
    }
    char even[16];
    std::snprintf(even, sizeof even, "%.0f%%", 100 * row.break_even_share);
    std::snprintf(line, sizeof line, "  %-8d %26s %24.1f %28s %18s %12s\n", row.year, interval(row.net_cash).c_str(),
                  row.programme_cost.diff_mean / 1e6, interval(row.present_value).c_str(), roi, even);
    out << line;
  }
  if (!first) {
    out << "  (net cash: alternative - base, positive costs more; present value: years so far, discounted 3.5% a "
           "year;\n   return: cash the programmes released per GBP 1 they cost; broke even: share of replications "
           "with present value <= 0)\n";
  }
}

void print_sensitivity(std::ostream& out, const Sensitivity& sensitivity) {
  for (const std::string& note : sensitivity.notes) out << note << "\n";
  int width = 9;
  for (const SensitivityRow& row : sensitivity.rows) width = std::max(width, static_cast<int>(row.parameter.size()));
  char line[512];
  for (const models::Metric* output : models::sweep_outputs()) {
    if (output->sweep != models::SweepRole::headline) continue;
    bool first = true;
    for (const SensitivityRow& row : sensitivity.rows) {
      if (row.output != output->name) continue;
      if (first) {
        std::snprintf(line, sizeof line, "\nSensitivity of %s (linear R^2 = %.2f%s)\n", row.output.c_str(),
                      row.r_squared, row.r_squared < 0.7 ? ": read SRC with care, PRCC is the better guide" : "");
        out << line;
        std::snprintf(line, sizeof line, "  %-*s %7s %7s %9s %19s %19s\n", width, "parameter", "SRC", "PRCC", "p",
                      "Sobol first (95%)", "Sobol total (95%)");
        out << line;
        first = false;
      }
      char sobol_first[32] = "-", sobol_total[32] = "-";
      if (!std::isnan(row.sobol_first)) {
        std::snprintf(sobol_first, sizeof sobol_first, "%.2f (%.2f,%.2f)", row.sobol_first, row.sobol_first_low,
                      row.sobol_first_high);
        std::snprintf(sobol_total, sizeof sobol_total, "%.2f (%.2f,%.2f)", row.sobol_total, row.sobol_total_low,
                      row.sobol_total_high);
      }
      char p_value[16];
      std::snprintf(p_value, sizeof p_value, row.prcc_p_value < 1e-300 ? "<1e-300" : "%.2g", row.prcc_p_value);
      std::snprintf(line, sizeof line, "  %-*s %+7.2f %+7.2f %9s %19s %19s\n", width, row.parameter.c_str(), row.src,
                    row.prcc, p_value, sobol_first, sobol_total);
      out << line;
    }
  }
}

void print_attribution(std::ostream& out, const std::vector<runner::AttributionRow>& rows) {
  const auto interval = [](const analysis::PairedDifference& d, double factor) {
    char text[96];
    if (std::isnan(d.ci_low)) {
      std::snprintf(text, sizeof text, "%+.4g", d.diff_mean * factor);
    } else {
      std::snprintf(text, sizeof text, "%+.4g (%+.4g to %+.4g)", d.diff_mean * factor, d.ci_low * factor,
                    d.ci_high * factor);
    }
    return std::string(text);
  };
  char line[320];
  for (const models::Metric* metric : models::headline_metrics()) {
    bool first = true;
    for (const runner::AttributionRow& row : rows) {
      if (row.metric != metric->name || row.borough != "All" || row.deprivation_quintile != 0 || row.year != 0)
        continue;
      if (first) {
        out << "\n"
            << metric->label << display_unit_suffix(*metric) << ", per year: each lever alone on the base, "
            << "and what it adds to the bundle (bundle - bundle without it)\n";
        std::snprintf(line, sizeof line, "  %-22s %-40s %s\n", "lever", "alone (95% interval)",
                      "marginal (95% interval)");
        out << line;
        first = false;
      }
      std::snprintf(line, sizeof line, "  %-22s %-40s %s\n", row.lever.c_str(),
                    interval(row.alone, metric->display_factor).c_str(),
                    interval(row.marginal, metric->display_factor).c_str());
      out << line;
    }
  }
}

void print_run_json(std::ostream& out, const runner::ScenarioResults& results, const std::string& output) {
  const models::Period whole{results.settings.years, results.settings.scale};
  const auto metrics = [&results](const models::Period& period) {
    std::string list;
    for (const models::Metric& metric : models::metrics()) {
      double sum = 0;
      for (const models::ReplicationResult& r : results.replications)
        sum += models::metric_value(metric, r, {}, period);
      list += std::string(list.empty() ? "" : ", ") + "{\"name\": " + json_string(std::string(metric.name)) +
              ", \"unit\": " + json_string(std::string(metric.unit)) +
              ", \"mean\": " + json_number(sum / static_cast<double>(results.replications.size())) + "}";
    }
    return list;
  };
  out << "{\"scenario\": " << json_string(results.scenario.name) << ", \"output\": " << json_string(output) << ", "
      << json_settings(results.settings) << ", \"metrics\": [" << metrics(whole) << "], \"by_year\": [";
  for (int year = 1; year <= runner::compared_years(results); ++year) {
    const models::Period period = models::year_period(whole, year);
    out << (year > 1 ? ", " : "") << "{\"year\": " << year << ", \"years\": " << json_number(period.years)
        << ", \"metrics\": [" << metrics(period) << "]}";
  }
  out << "]}\n";
}

void print_comparison_json(std::ostream& out, const runner::ScenarioResults& base,
                           const std::vector<runner::ComparisonRow>& rows, const std::string& output) {
  out << "{\"base\": " << json_string(base.scenario.name) << ", \"output\": " << json_string(output) << ", "
      << json_settings(base.settings) << ", \"differences\": [" << region_differences_json(rows, 0)
      << "], \"by_year\": [";
  const models::Period whole{base.settings.years, base.settings.scale};
  for (int year = 1; year <= runner::compared_years(base); ++year) {
    out << (year > 1 ? ", " : "") << "{\"year\": " << year
        << ", \"years\": " << json_number(models::year_period(whole, year).years) << ", \"differences\": ["
        << region_differences_json(rows, year) << "]}";
  }
  out << "]}\n";
}

}  // namespace icsflow::app
