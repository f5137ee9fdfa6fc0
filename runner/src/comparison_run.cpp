#include "icsflow/runner/comparison_run.hpp"

#include "icsflow/runner/results_layout.hpp"

namespace icsflow::runner {

std::size_t ComparisonPlan::tasks() const {
  return (scenarios.size() + 2 * levers.size()) * static_cast<std::size_t>(settings.replications);
}

ComparisonPlan plan_comparison(std::vector<scenarios::Scenario> scenarios, const RunSettings& settings,
                               bool independent_seeds, bool attribution) {
  if (scenarios.size() < 2) throw InputError("give a base scenario and at least one alternative");
  for (std::size_t s = 1; s < scenarios.size(); ++s) {
    for (std::size_t i = 0; i < s; ++i) {
      if (scenarios[i].name == scenarios[s].name)
        throw InputError("two scenarios are named '" + scenarios[s].name + "'");
    }
  }
  if (attribution && (scenarios.size() != 2 || independent_seeds))
    throw InputError("attribution compares one bundle with its base: give two scenarios, with common random numbers");
  ComparisonPlan plan{std::move(scenarios), checked(settings), independent_seeds, {}};
  if (attribution) {
    plan.levers = attribution_scenarios(plan.scenarios[0], plan.scenarios[1]);
    if (plan.levers.empty())
      throw InputError("attribution: " + plan.scenarios[1].name + " switches on no lever that " +
                       plan.scenarios[0].name + " has off");
  }
  return plan;
}

ComparisonResults run_comparison(const ComparisonPlan& plan, const ProgressFn& progress) {
  const auto replications = static_cast<std::size_t>(plan.settings.replications);
  ComparisonResults results;
  for (std::size_t s = 0; s < plan.scenarios.size(); ++s) {
    RunSettings own = plan.settings;
    if (plan.independent_seeds && s > 0) own.seed = replication_seed(plan.settings.seed, -1 - static_cast<int>(s));
    results.scenarios.push_back(run_scenario(plan.scenarios[s], own, progress, s * replications));
  }
  for (const LeverScenarios& lever : plan.levers) {
    const std::size_t first = (plan.scenarios.size() + 2 * results.levers.size()) * replications;
    results.levers.push_back({lever.lever, run_scenario(lever.alone, plan.settings, progress, first),
                              run_scenario(lever.without, plan.settings, progress, first + replications)});
  }
  const ScenarioResults& base = results.scenarios.front();
  const auto money = [&results, &base](const ScenarioResults& alt) {
    const std::vector<MoneyRow> rows = money_over_time(base, alt);
    results.money.insert(results.money.end(), rows.begin(), rows.end());
  };
  for (std::size_t s = 1; s < results.scenarios.size(); ++s) {
    std::vector<ComparisonRow> alt = compare(base, results.scenarios[s]);
    results.rows.insert(results.rows.end(), alt.begin(), alt.end());
    money(results.scenarios[s]);
  }
  for (const LeverResults& lever : results.levers) money(lever.alone);
  if (!plan.levers.empty()) results.attribution = attribute(results.scenarios[0], results.scenarios[1], results.levers);
  return results;
}

void write_comparison(results::Recorder& file, const ComparisonPlan& plan, const ComparisonResults& results,
                      const std::string& command_line) {
  write_file_header(file, command_line);
  file.set_attribute("/", "base_scenario", results.scenarios.front().scenario.name);
  file.set_attribute("/", "common_random_numbers", static_cast<std::int64_t>(plan.independent_seeds ? 0 : 1));
  for (const ScenarioResults& r : results.scenarios) write_scenario(file, r);
  file.write_table("/comparison", comparison_table(results.rows));
  file.write_table("/money", money_table(results.money));
  if (plan.levers.empty()) return;
  for (const LeverResults& lever : results.levers) {
    write_scenario(file, lever.alone);
    write_scenario(file, lever.without);
  }
  file.write_table("/attribution", attribution_table(results.attribution));
}

}  // namespace icsflow::runner
