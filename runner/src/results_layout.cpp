#include "icsflow/runner/results_layout.hpp"

#include <array>
#include <chrono>
#include <ctime>

#include "icsflow/models/metrics.hpp"

namespace icsflow::runner {
namespace {

using results::Column;
using results::Table;

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

Table summary_table(const ScenarioResults& results) {
  const models::ModelParams& params = results.scenario.params;
  std::vector<std::int64_t> replication, year, quintile, residents;
  std::vector<std::string> borough;
  std::vector<std::vector<double>> measures(models::kMeasureCount);
  std::vector<double> cost;
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    for (const models::SummaryRow& row : results.replications[r].summary) {
      replication.push_back(static_cast<std::int64_t>(r));
      year.push_back(row.year);
      borough.push_back(params.boroughs[static_cast<std::size_t>(row.borough)].name);
      quintile.push_back(row.deprivation_quintile);
      residents.push_back(row.residents);
      for (int m = 0; m < models::kMeasureCount; ++m)
        measures[static_cast<std::size_t>(m)].push_back(row.values[static_cast<std::size_t>(m)]);
      cost.push_back(row.cost_gbp());
    }
  }
  Table table;
  table.add(Column{"replication", "", replication});
  table.add(Column{"year", "year of the results period, from 1", year});
  table.add(Column{"borough", "", borough});
  table.add(Column{"deprivation_quintile", "IMD 2019 national quintile, 1 = most deprived", quintile});
  table.add(Column{"residents", "people", residents});
  for (int m = 0; m < models::kMeasureCount; ++m) {
    const models::Metric& metric = models::metric(static_cast<models::Measure>(m));
    table.add(Column{std::string(metric.name), std::string(metric.unit), measures[static_cast<std::size_t>(m)]});
  }
  const auto total = models::find_metric("cost_gbp");
  table.add(Column{std::string(total->name), std::string(total->unit), cost});
  return table;
}

Table daily_table(const ScenarioResults& results) {
  const models::ModelParams& params = results.scenario.params;
  std::vector<std::int64_t> replication, day, month, available, occupied, fit, waiting, outliers, elective,
      elective_occupied;
  std::array<std::vector<std::int64_t>, models::kNctrReasons> nctr;
  std::vector<std::string> site;
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    for (const models::DailyRow& row : results.replications[r].daily) {
      replication.push_back(static_cast<std::int64_t>(r));
      day.push_back(row.day);
      month.push_back(row.month);
      site.push_back(params.sites[static_cast<std::size_t>(row.site)].name);
      available.push_back(row.beds_available);
      occupied.push_back(row.beds_occupied);
      fit.push_back(row.beds_occupied_medically_fit);
      for (std::size_t k = 0; k < models::kNctrReasons; ++k) nctr[k].push_back(row.nctr[k]);
      waiting.push_back(row.waiting_for_bed);
      outliers.push_back(row.outliers);
      elective.push_back(row.elective_beds);
      elective_occupied.push_back(row.elective_beds_occupied);
    }
  }
  Table table;
  table.add(Column{"replication", "", replication});
  table.add(Column{"day", "days since the start of the results period", day});
  table.add(Column{"month", "month of the year, 1 = January", month});
  table.add(Column{"site", "", site});
  table.add(Column{"beds_available", "beds", available});
  table.add(Column{"beds_occupied", "beds", occupied});
  table.add(Column{"beds_occupied_medically_fit", "beds", fit});
  for (std::size_t k = 0; k < models::kNctrReasons; ++k) {
    table.add(Column{std::string("nctr_") + models::kNctrReasonNames[k], "patients", std::move(nctr[k])});
  }
  table.add(Column{"waiting_for_bed", "patients", waiting});
  table.add(Column{"outliers", "patients", outliers});
  table.add(Column{"elective_beds", "beds", elective});
  table.add(Column{"elective_beds_occupied", "beds", elective_occupied});
  return table;
}

Table population_table(const ScenarioResults& results) {
  const models::ModelParams& params = results.scenario.params;
  std::vector<std::int64_t> replication, year, age_band, residents, births, deaths, moved_in, moved_out;
  std::vector<std::string> borough;
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    for (const models::PopulationRow& row : results.replications[r].population) {
      replication.push_back(static_cast<std::int64_t>(r));
      year.push_back(row.year);
      borough.push_back(params.boroughs[static_cast<std::size_t>(row.borough)].name);
      age_band.push_back(models::kAgeBandBounds[static_cast<std::size_t>(row.age_band)]);
      residents.push_back(row.residents);
      births.push_back(row.births);
      deaths.push_back(row.deaths);
      moved_in.push_back(row.migration_in);
      moved_out.push_back(row.migration_out);
    }
  }
  Table table;
  table.add(Column{"replication", "", replication});
  table.add(Column{"year", "year of the results period, from 1", year});
  table.add(Column{"borough", "", borough});
  table.add(Column{"age_band", "lower age of the band, years", age_band});
  table.add(Column{"residents", "people at the start of the year", residents});
  table.add(Column{"births", "people born during the year", births});
  table.add(Column{"deaths", "people who died during the year", deaths});
  table.add(Column{"migration_in", "people who moved in during the year", moved_in});
  table.add(Column{"migration_out", "people who moved out during the year", moved_out});
  return table;
}

Table elective_table(const ScenarioResults& results) {
  const models::ModelParams& params = results.scenario.params;
  std::vector<std::int64_t> replication, week, waiting, over_18w, over_52w, stops, cancellations;
  std::vector<std::string> site, specialty;
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    for (const models::ElectiveRow& row : results.replications[r].elective) {
      replication.push_back(static_cast<std::int64_t>(r));
      week.push_back(row.week);
      site.push_back(params.sites[static_cast<std::size_t>(row.site)].name);
      specialty.push_back(models::kSpecialtyNames[static_cast<std::size_t>(row.specialty)]);
      waiting.push_back(row.waiting_list);
      over_18w.push_back(row.waiting_over_18w);
      over_52w.push_back(row.waiting_over_52w);
      stops.push_back(row.clock_stops);
      cancellations.push_back(row.cancellations);
    }
  }
  Table table;
  table.add(Column{"replication", "", replication});
  table.add(Column{"week", "week of the results period, from 1 (the census at its end)", week});
  table.add(Column{"site", "", site});
  table.add(Column{"specialty", "", specialty});
  table.add(Column{"waiting_list", "pathways", waiting});
  table.add(Column{"waiting_over_18w", "pathways", over_18w});
  table.add(Column{"waiting_over_52w", "pathways", over_52w});
  table.add(Column{"clock_stops", "pathways", stops});
  table.add(Column{"cancellations", "operations", cancellations});
  return table;
}

Table replications_table(const ScenarioResults& results) {
  std::vector<std::int64_t> replication, seed, events, messages;
  std::vector<double> wall;
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    replication.push_back(static_cast<std::int64_t>(r));
    seed.push_back(static_cast<std::int64_t>(results.replication_seeds[r]));
    events.push_back(static_cast<std::int64_t>(results.replications[r].events_executed));
    messages.push_back(static_cast<std::int64_t>(results.replications[r].messages_sent));
    wall.push_back(results.wall_seconds[r]);
  }
  Table table;
  table.add(Column{"replication", "", replication});
  table.add(Column{"seed", "", seed});
  table.add(Column{"events", "events", events});
  table.add(Column{"messages", "messages", messages});
  table.add(Column{"wall_seconds", "s", wall});
  return table;
}

}  // namespace

const char* version() { return ICSFLOW_VERSION; }

Table metrics_table() {
  std::vector<std::string> name, unit, label, description, display_unit, better, sweep;
  std::vector<std::int64_t> headline, decimals;
  std::vector<double> display_factor;
  for (const models::Metric& m : models::metrics()) {
    name.emplace_back(m.name);
    unit.emplace_back(m.unit);
    label.emplace_back(m.label);
    description.emplace_back(m.description);
    headline.push_back(m.headline);
    display_unit.emplace_back(m.display_unit);
    display_factor.push_back(m.display_factor);
    decimals.push_back(m.decimals);
    better.emplace_back(models::to_string(m.better));
    sweep.emplace_back(models::to_string(m.sweep));
  }
  Table table;
  table.add(Column{"name", "", name});
  table.add(Column{"unit", "", unit});
  table.add(Column{"label", "", label});
  table.add(Column{"description", "", description});
  table.add(Column{"headline", "position in the headline table; 0 = not a headline", headline});
  table.add(Column{"display_unit", "", display_unit});
  table.add(Column{"display_factor", "value x display_factor = value in display_unit", display_factor});
  table.add(Column{"decimals", "decimals shown in display_unit", decimals});
  table.add(Column{"better", "lower, higher or empty when neither", better});
  table.add(Column{"sweep", "output: recorded by sweeps; headline: and its sensitivity shown first", sweep});
  return table;
}

void write_file_header(results::Recorder& file, const std::string& command_line) {
  file.set_attribute("/", "icsflow_version", std::string(version()));
  file.set_attribute("/", "command_line", command_line);
  file.set_attribute("/", "created_utc", utc_now());
  file.write_table("/metrics", metrics_table());
}

void write_scenario(results::Recorder& file, const ScenarioResults& results) {
  const std::string group = "/scenarios/" + results.scenario.name;
  const RunSettings& request = results.settings;
  file.write_table(group + "/summary", summary_table(results));
  file.write_table(group + "/daily", daily_table(results));
  file.write_table(group + "/population", population_table(results));
  file.write_table(group + "/elective", elective_table(results));
  file.write_table(group + "/replications", replications_table(results));
  file.set_attribute(group, "scenario_toml", results.scenario.resolved_toml);
  file.set_attribute(group, "description", results.scenario.description);
  file.set_attribute(group, "seed", static_cast<std::int64_t>(request.seed));
  file.set_attribute(group, "scale", request.scale);
  file.set_attribute(group, "years", request.years);
  file.set_attribute(group, "warmup_days", request.warmup_days);
  file.set_attribute(group, "replications", static_cast<std::int64_t>(request.replications));
}

}  // namespace icsflow::runner
