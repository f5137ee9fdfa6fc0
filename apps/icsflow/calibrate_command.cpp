// icsflow calibrate [--scale F] [--replications R] [--seed S] [--years Y] [--threads T]
// Runs the embedded baseline and prints, as a Markdown table, each calibration target beside the model.
#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/calibration.hpp"
#include "icsflow/runner/scenario_run.hpp"
#include "options.hpp"
#include "progress.hpp"

namespace icsflow::app {

namespace po = boost::program_options;

int calibrate_command(const Invocation& invocation) {
  po::options_description visible(
      "Usage: icsflow calibrate [options]\n\n"
      "Runs the embedded South East London baseline and prints the calibration table (Markdown):\n"
      "each published figure, its accepted range and source, beside the model's value.\n\n"
      "Example:\n  icsflow calibrate --replications 4\n\nOptions");
  runner::RunSettings values;
  visible.add_options()("seed", po::value<std::uint64_t>(&values.seed)->default_value(1), "master random seed")(
      "threads", po::value<unsigned>(&values.threads)->default_value(0), "worker threads (0 = all cores)")(
      "years", po::value<double>(&values.years)->default_value(1.0), "simulated years after the warm-up")(
      "scale", po::value<double>(&values.scale)->default_value(1.0), "fraction of the population simulated")(
      "replications", po::value<int>(&values.replications)->default_value(2), "replications");
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, 0, options)) return 0;
  const runner::RunSettings request = validated(values);
  scenarios::Scenario baseline;
  baseline.name = "baseline";
  baseline.params = models::load_embedded_baseline();
  Progress progress("calibrating", static_cast<std::size_t>(request.replications));
  const runner::ScenarioResults results = runner::run_scenario(baseline, request, progress.callback());
  progress.finish();

  std::cout << "| measure | target | accepted range | model | within | source |\n|---|---|---|---|---|---|\n";
  for (const models::CalibrationRow& row : models::calibrate(baseline.params, results.replications, request.years)) {
    char line[512];
    std::snprintf(line, sizeof line, "| %s | %.3g | %.3g - %.3g | %.3g | %s | %s |\n", row.measure.c_str(), row.target,
                  row.low, row.high, row.model, row.within() ? "yes" : "**no**", row.source.c_str());
    std::cout << line;
  }
  std::cout << "\n"
            << request.replications << " replication(s), scale " << request.scale << ", " << request.years
            << " year(s), seed " << request.seed << "\n";
  return 0;
}

}  // namespace icsflow::app
