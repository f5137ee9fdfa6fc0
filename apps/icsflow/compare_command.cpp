// icsflow compare BASE.toml ALT.toml [more.toml ...] -o OUT.h5 [--replications R] [--seed S] ...
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "console.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/runner/attribution.hpp"
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
      "headline differences with 95% intervals. With --attribution (BASE and one BUNDLE), each lever\n"
      "of the bundle is also run alone on the base and the bundle without it: /attribution.\n\n"
      "Example:\n  icsflow compare scenarios/siloed.toml scenarios/partnership.toml -o comparison.h5\n\nOptions");
  runner::RunSettings values;
  add_run_options(visible, values);
  bool independent = false;
  bool attribution = false;
  visible.add_options()("independent-seeds", po::bool_switch(&independent),
                        "give each scenario its own random numbers (to measure what common random numbers gain)")(
      "attribution", po::bool_switch(&attribution),
      "also run each lever of the bundle alone and the bundle without it (two scenarios only)");
  std::string format;
  add_format_option(visible, format);
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, -1, options)) return 0;
  const std::vector<std::string> files = scenario_files(options);
  if (files.size() < 2)
    throw UsageError("give a base scenario and at least one alternative (see icsflow compare --help)");
  if (attribution && (files.size() != 2 || independent))
    throw UsageError("--attribution compares one bundle with its base: give two scenarios, with common random numbers");
  const bool json = json_format(format);
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

  const std::vector<runner::LeverScenarios> levers =
      attribution ? runner::attribution_scenarios(scenarios[0], scenarios[1]) : std::vector<runner::LeverScenarios>{};
  if (attribution && levers.empty())
    throw UsageError("--attribution: " + scenarios[1].name + " switches on no lever that " + scenarios[0].name +
                     " has off");
  const std::size_t runs = scenarios.size() + 2 * levers.size();
  Progress progress("comparing " + std::to_string(runs) + " scenarios",
                    runs * static_cast<std::size_t>(request.replications));
  std::vector<runner::ScenarioResults> results;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    runner::RunSettings own = request;
    if (independent && s > 0) own.seed = runner::replication_seed(request.seed, -1 - static_cast<int>(s));
    results.push_back(runner::run_scenario(scenarios[s], own, progress.callback(),
                                           s * static_cast<std::size_t>(request.replications)));
  }
  std::vector<runner::LeverResults> lever_results;
  for (const runner::LeverScenarios& lever : levers) {
    const std::size_t first =
        (scenarios.size() + 2 * lever_results.size()) * static_cast<std::size_t>(request.replications);
    lever_results.push_back({lever.lever, runner::run_scenario(lever.alone, request, progress.callback(), first),
                             runner::run_scenario(lever.without, request, progress.callback(),
                                                  first + static_cast<std::size_t>(request.replications))});
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
    if (!json) {
      print_headline(std::cout, results.front(), results[s], alt);
      print_headline_by_year(std::cout, results.front(), results[s], alt);
    }
    rows.insert(rows.end(), alt.begin(), alt.end());
  }
  file.write_table("/comparison", runner::comparison_table(rows));
  if (attribution) {
    for (const runner::LeverResults& lever : lever_results) {
      runner::write_scenario(file, lever.alone);
      runner::write_scenario(file, lever.without);
    }
    const std::vector<runner::AttributionRow> attributed = runner::attribute(results[0], results[1], lever_results);
    file.write_table("/attribution", runner::attribution_table(attributed));
    if (!json) print_attribution(std::cout, attributed);
  }
  file.commit();
  if (json) {
    print_comparison_json(std::cout, results.front(), rows, output.string());
    return 0;
  }
  std::cout << "\n"
            << request.replications << " replications each, seed " << request.seed << ", scale " << request.scale
            << ", " << request.years << " year(s); differences are alternative - base, per year, "
            << "for the whole population; intervals are 95% paired over replications"
            << (independent ? " (independent seeds)" : "") << ".\nResults written to " << output.string() << "\n";
  return 0;
}

}  // namespace icsflow::app
