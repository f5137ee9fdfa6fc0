// icsflow compare BASE.toml ALT.toml [more.toml ...] -o OUT.h5 [--replications R] [--seed S] ...
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "console.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/runner/comparison.hpp"
#include "icsflow/runner/results_layout.hpp"
#include "icsflow/runner/scenario_run.hpp"
#include "icsflow/scenarios/scenario.hpp"
#include "options.hpp"
#include "progress.hpp"

namespace icsflow::app {

namespace po = boost::program_options;

int compare_command(const Invocation& invocation) {
  po::options_description visible(
      "Usage: icsflow compare BASE.toml ALT.toml [MORE.toml ...] -o OUT.h5 [options]\n\n"
      "Runs the scenarios with common random numbers (replication r of every scenario draws the same\n"
      "numbers for the same resident and purpose), writes them and the paired comparison of each\n"
      "alternative with the base to OUT.h5 (/comparison, docs/results-schema.md), and prints the\n"
      "headline differences with 95% intervals.\n\n"
      "Example:\n  icsflow compare scenarios/siloed.toml scenarios/partnership.toml -o comparison.h5\n\nOptions");
  runner::RunSettings values;
  add_run_options(visible, values, 10);
  bool independent = false;
  visible.add_options()("independent-seeds", po::bool_switch(&independent),
                        "give each scenario its own random numbers (to measure what common random numbers gain)");
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, -1, options)) return 0;
  const std::vector<std::string> files = scenario_files(options);
  if (files.size() < 2)
    throw UsageError("give a base scenario and at least one alternative (see icsflow compare --help)");
  const runner::RunSettings request = validated(values);
  const std::filesystem::path output = require_output(options, files);
  const auto lock = lock_output(options, output);

  // Every file is checked before anything runs.
  const models::ModelParams baseline = models::load_embedded_baseline();
  std::vector<scenarios::Scenario> scenarios;
  for (const std::string& file : files) {
    scenarios.push_back(scenarios::load_scenario(file, baseline));
    for (std::size_t i = 0; i + 1 < scenarios.size(); ++i) {
      if (scenarios[i].name == scenarios.back().name) {
        throw UsageError("two scenarios are named '" + scenarios.back().name + "' (" + files[i] + ", " + file + ")");
      }
    }
  }

  Progress progress("comparing " + std::to_string(scenarios.size()) + " scenarios",
                    scenarios.size() * static_cast<std::size_t>(request.replications));
  std::vector<runner::ScenarioResults> results;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    runner::RunSettings own = request;
    if (independent && s > 0) own.seed = runner::replication_seed(request.seed, -1 - static_cast<int>(s));
    results.push_back(runner::run_scenario(scenarios[s], own, progress.callback(),
                                           s * static_cast<std::size_t>(request.replications)));
  }
  progress.finish();

  results::Hdf5File file(output);
  runner::write_file_header(file, invocation.command_line);
  file.set_attribute("/", "base_scenario", results.front().scenario.name);
  file.set_attribute("/", "common_random_numbers", static_cast<std::int64_t>(independent ? 0 : 1));
  for (const runner::ScenarioResults& r : results) runner::write_scenario(file, r);
  std::vector<runner::ComparisonRow> rows;
  for (std::size_t s = 1; s < results.size(); ++s) {
    std::vector<runner::ComparisonRow> alt = runner::compare(results.front(), results[s]);
    print_headline(std::cout, results.front(), results[s], alt);
    rows.insert(rows.end(), alt.begin(), alt.end());
  }
  file.write_table("/comparison", runner::comparison_table(rows));
  file.commit();
  std::cout << "\n"
            << request.replications << " replications each, seed " << request.seed << ", scale " << request.scale
            << ", " << request.years << " year(s); differences are alternative - base, per year, "
            << "for the whole population; intervals are 95% paired over replications"
            << (independent ? " (independent seeds)" : "") << ".\nResults written to " << output.string() << "\n";
  return 0;
}

}  // namespace icsflow::app
