// icsflow run SCENARIO.toml -o OUT.h5 [--seed S] [--threads T] [--years Y] [--scale F] [--replications R]
#include <filesystem>
#include <iostream>
#include <thread>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "console.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/runner/results_layout.hpp"
#include "icsflow/runner/scenario_run.hpp"
#include "icsflow/scenarios/scenario.hpp"
#include "options.hpp"
#include "progress.hpp"
#include "summary.hpp"

namespace icsflow::app {

namespace po = boost::program_options;

int run_command(const Invocation& invocation) {
  po::options_description visible(
      "Usage: icsflow run SCENARIO.toml -o OUT.h5 [options]\n\n"
      "Runs one scenario of the South East London care system (embedded baseline data) and writes\n"
      "the results to an HDF5 file (layout: docs/results-schema.md).\n\n"
      "Example:\n  icsflow run scenarios/siloed.toml -o siloed.h5 --replications 5\n\nOptions");
  runner::RunSettings values;
  add_run_options(visible, values);
  std::string format;
  add_format_option(visible, format);
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, 1, options)) return 0;
  const std::vector<std::string> files = scenario_files(options);
  if (files.empty()) throw UsageError("no scenario file given (see icsflow run --help)");
  const bool json = json_format(format);
  const runner::RunSettings request = validated(values);
  const std::filesystem::path output = require_output(options, files);
  const auto lock = lock_output(options, output);

  const models::ModelParams baseline = models::load_embedded_baseline();
  const scenarios::Scenario scenario = scenarios::load_scenario(files.front(), baseline);

  Progress progress("running " + scenario.name, static_cast<std::size_t>(request.replications));
  const runner::ScenarioResults results = runner::run_scenario(scenario, request, progress.callback());
  progress.finish();

  results::Hdf5File file(output);
  runner::write_file_header(file, invocation.command_line);
  runner::write_scenario(file, results);
  file.commit();

  if (json) {
    print_run_json(std::cout, results, output.string());
    return 0;
  }
  print_summary(std::cout, results);
  print_run_by_year(std::cout, results);
  std::cout << "Results written to " << output.string() << "\n";
  return 0;
}

}  // namespace icsflow::app
