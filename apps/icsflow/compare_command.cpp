// icsflow compare BASE.toml ALT.toml [more.toml ...] -o OUT.h5 [--replications R] [--seed S] ...
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "console.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/runner/comparison_run.hpp"
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
  for (const std::string& file : files) scenarios.push_back(scenarios::load_scenario(file, baseline));
  const runner::ComparisonPlan plan = runner::plan_comparison(std::move(scenarios), request, independent, attribution);

  Progress progress(
      "comparing " + std::to_string(plan.tasks() / static_cast<std::size_t>(request.replications)) + " scenarios",
      plan.tasks());
  const runner::ComparisonResults results = runner::run_comparison(plan, progress.callback());
  progress.finish();

  results::Hdf5File file(output);
  runner::write_comparison(file, plan, results, invocation.command_line);
  file.commit();
  const runner::ScenarioResults& base = results.scenarios.front();
  if (json) {
    print_comparison_json(std::cout, base, results.rows, output.string());
    return 0;
  }
  for (std::size_t s = 1; s < results.scenarios.size(); ++s) {
    std::vector<runner::ComparisonRow> alt;
    for (const runner::ComparisonRow& row : results.rows) {
      if (row.scenario == results.scenarios[s].scenario.name) alt.push_back(row);
    }
    print_headline(std::cout, base, results.scenarios[s], alt);
    print_headline_by_year(std::cout, base, results.scenarios[s], alt);
    print_money(std::cout, results.money, results.scenarios[s].scenario.name);
  }
  if (attribution) print_attribution(std::cout, results.attribution);
  std::cout << "\n"
            << request.replications << " replications each, seed " << request.seed << ", scale " << request.scale
            << ", " << request.years << " year(s); differences are alternative - base, per year, "
            << "for the whole population; intervals are 95% paired over replications"
            << (independent ? " (independent seeds)" : "") << ".\n";
  if (request.scale < 1) {
    std::cout << "Scale " << request.scale
              << " is a quick look, not a result: queues at a fraction of the capacity are "
              << "longer, and the comparison changes with the scale, even in sign (docs/calibration.md, \"Scale\"); "
              << "use --scale 1 for anything you report.\n";
  }
  std::cout << "Results written to " << output.string() << "\n";
  return 0;
}

}  // namespace icsflow::app
