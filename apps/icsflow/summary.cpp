#include "summary.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "icsflow/models/metrics.hpp"

namespace icsflow::app {
namespace {

using models::Measure;

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

// The mean over replications of a group's totals.
models::Totals mean_totals(const runner::ScenarioResults& results, models::Group group) {
  models::Totals mean;
  const auto replications = static_cast<double>(results.replications.size());
  for (const models::ReplicationResult& replication : results.replications) {
    const models::Totals t = models::totals(replication, group);
    mean.residents += t.residents / replications;
    for (std::size_t m = 0; m < mean.values.size(); ++m) mean.values[m] += t.values[m] / replications;
    mean.cost_gbp += t.cost_gbp / replications;
  }
  return mean;
}

}  // namespace

void print_summary(std::ostream& out, const runner::ScenarioResults& results) {
  const models::ModelParams& params = results.scenario.params;
  const runner::RunSettings& request = results.settings;
  const double years = request.years;
  out << "\nicsflow run: scenario '" << results.scenario.name << "', " << results.replications.size()
      << " replication(s), seed " << request.seed << ", scale " << request.scale << ", " << years << " year(s) after a "
      << request.warmup_days << "-day warm-up\n";
  const double scale = request.scale;
  if (scale < 1) {
    out << "Residents and beds as simulated (a fraction " << scale << " of South East London); counts and spend\n"
        << "a year for the whole population (simulated / scale); rates per 1,000 do not depend on the scale.\n";
  }
  out << "\nPer 1,000 residents per year (mean over replications; delayed bed days a year, whole population)\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-10s %10s %8s %8s %8s %6s %9s %8s %9s\n", "borough", "residents", "GP appt", "A&E",
                "emerg", "ACSC%", "4h breach", "deaths", "delayed");
  out << line;
  std::snprintf(line, sizeof line, "%-10s %10s %8s %8s %8s %6s %9s %8s %9s\n", "", "", "/person", "", "adm", "", "%",
                "", "bed days");
  out << line;
  const auto print_row = [&](const std::string& name, const models::Totals& t) {
    const double per_1000 = 1000.0 / (t.residents * years);
    std::snprintf(line, sizeof line, "%-10s %10.0f %8.2f %8.0f %8.1f %6.1f %9.1f %8.1f %9.0f\n", name.c_str(),
                  t.residents, t[Measure::gp_appointments] / t.residents / years, t[Measure::ae_attendances] * per_1000,
                  t[Measure::emergency_admissions] * per_1000,
                  100 * t[Measure::acsc_admissions] / std::max(1.0, t[Measure::emergency_admissions]),
                  100 * t[Measure::ae_4h_breaches] / std::max(1.0, t[Measure::ae_attendances]),
                  t[Measure::deaths] * per_1000, t[Measure::delayed_discharge_bed_days] / years / scale);
    out << line;
  };
  for (std::size_t b = 0; b < params.boroughs.size(); ++b)
    print_row(params.boroughs[b].name, mean_totals(results, {static_cast<int>(b), 0}));
  const models::Totals all = mean_totals(results, {});
  print_row("All", all);

  out << "\nAcute sites (mean over days" << (scale < 1 ? ", as simulated" : "")
      << "): beds open to emergency patients, occupied, medically fit\n";
  for (std::size_t s = 0; s < params.sites.size(); ++s) {
    double available = 0, occupied = 0, fit = 0, days = 0;
    for (const models::ReplicationResult& replication : results.replications) {
      for (const models::DailyRow& row : replication.daily) {
        if (row.site != static_cast<int>(s)) continue;
        available += static_cast<double>(row.beds_available);
        occupied += static_cast<double>(row.beds_occupied);
        fit += static_cast<double>(row.beds_occupied_medically_fit);
        days += 1;
      }
    }
    if (days == 0) continue;
    std::snprintf(line, sizeof line, "  %-40s %6.0f beds  %5.1f%% occupied  %6.1f medically fit\n",
                  params.sites[s].name.c_str(), available / days, 100 * occupied / available, fit / days);
    out << line;
  }
  const double emergency_los = all[Measure::bed_days] / std::max(1.0, all[Measure::emergency_admissions]);
  out << "\nMean emergency length of stay " << format("%.1f", emergency_los) << " days; ACSC (avoidable) admissions "
      << format("%.0f", all[Measure::acsc_admissions] / years / scale) << " a year; readmissions within 30 days "
      << format("%.1f", 100 * all[Measure::readmissions_30d] / std::max(1.0, all[Measure::emergency_admissions]))
      << "%\n";
  const double million_a_year = 1e6 * years * scale;
  out << "Spend a year (GBP million, whole population): primary care "
      << format("%.1f", all[Measure::cost_primary_care_gbp] / million_a_year) << ", acute "
      << format("%.1f", all[Measure::cost_acute_gbp] / million_a_year) << ", community "
      << format("%.1f", all[Measure::cost_community_gbp] / million_a_year) << ", social care "
      << format("%.1f", all[Measure::cost_social_care_gbp] / million_a_year) << "; total "
      << format("%.1f", all.cost_gbp / million_a_year) << "\n";
  double events = 0, seconds = 0;
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    events += static_cast<double>(results.replications[r].events_executed);
    seconds += results.wall_seconds[r];
  }
  out << "Engine: " << format("%.3g", events) << " events in " << format("%.2f", seconds) << " s of replication time ("
      << format("%.3g", events / std::max(seconds, 1e-9)) << " events/s)\n";
}

}  // namespace icsflow::app
