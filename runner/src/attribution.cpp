#include "icsflow/runner/attribution.hpp"

#include "icsflow/models/policy.hpp"
#include "interval_columns.hpp"

namespace icsflow::runner {

std::vector<LeverScenarios> attribution_scenarios(const scenarios::Scenario& base, const scenarios::Scenario& bundle) {
  std::vector<LeverScenarios> levers;
  for (const std::string_view name : models::lever_names()) {
    if (!models::lever_enabled(bundle.params.policy, name) || models::lever_enabled(base.params.policy, name)) continue;
    const std::string lever(name);
    LeverScenarios runs{lever, base, bundle};
    runs.alone.name = "alone-" + lever;
    runs.alone.description = base.name + " with " + bundle.name + "'s " + lever + " lever";
    models::copy_lever(runs.alone.params.policy, bundle.params.policy, name);
    // The lever arrives alone as it does in the bundle: at the bundle's pace (the base has no levers on, so
    // its own pace changes nothing of it).
    runs.alone.params.policy.timing = bundle.params.policy.timing;
    runs.without.name = "without-" + lever;
    runs.without.description = bundle.name + " without its " + lever + " lever (" + base.name + "'s settings)";
    models::copy_lever(runs.without.params.policy, base.params.policy, name);
    // What was changed, for the file (the settings of the other scenario's [levers.<name>] table).
    runs.alone.resolved_toml += "\n# attribution: [levers." + lever + "] as in " + bundle.name + "\n";
    runs.without.resolved_toml += "\n# attribution: [levers." + lever + "] as in " + base.name + "\n";
    levers.push_back(std::move(runs));
  }
  return levers;
}

std::vector<AttributionRow> attribute(const ScenarioResults& base, const ScenarioResults& bundle,
                                      const std::vector<LeverResults>& levers) {
  std::vector<AttributionRow> rows;
  for (const LeverResults& lever : levers) {
    const std::vector<ComparisonRow> alone = compare(base, lever.alone);
    const std::vector<ComparisonRow> marginal = compare(lever.without, bundle);  // same row order
    for (std::size_t i = 0; i < alone.size(); ++i) {
      rows.push_back({lever.lever, alone[i].metric, alone[i].borough, alone[i].deprivation_quintile, alone[i].year,
                      alone[i].difference, marginal[i].difference});
    }
  }
  return rows;
}

results::Table attribution_table(const std::vector<AttributionRow>& rows) {
  std::vector<std::string> lever, metric, borough;
  std::vector<std::int64_t> quintile, year;
  for (const AttributionRow& row : rows) {
    lever.push_back(row.lever);
    metric.push_back(row.metric);
    borough.push_back(row.borough);
    quintile.push_back(row.deprivation_quintile);
    year.push_back(row.year);
  }
  results::Table table;
  table.add({"lever", "", lever});
  table.add({"metric", "", metric});
  table.add({"borough", "", borough});
  table.add({"deprivation_quintile", "1 = most deprived; 0 = all", quintile});
  table.add({"year", "0 = the whole results period; 1.. = that year of it", year});
  detail::add_interval(table, rows, "alone_diff", "the lever alone - base, in the metric's unit (/metrics)",
                       "95% paired interval", [](const AttributionRow& row) { return detail::interval_of(row.alone); });
  detail::add_interval(table, rows, "marginal_diff",
                       "bundle - bundle without the lever, in the metric's unit (/metrics)", "95% paired interval",
                       [](const AttributionRow& row) { return detail::interval_of(row.marginal); });
  return table;
}

}  // namespace icsflow::runner
