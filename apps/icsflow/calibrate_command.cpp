// icsflow calibrate [--scale F] [--replications R] [--seed S] [--years Y] [--threads T]
// Runs the embedded baseline and prints, as a Markdown table, each calibration target beside the model.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/calibration.hpp"
#include "icsflow/runner/scenario_run.hpp"
#include "json.hpp"
#include "options.hpp"
#include "progress.hpp"

namespace icsflow::app {
namespace {

void print_markdown(std::ostream& out, const std::vector<models::CalibrationRow>& rows,
                    const runner::RunSettings& settings) {
  out << "| measure | target | accepted range | model | within | source |\n|---|---|---|---|---|---|\n";
  for (const models::CalibrationRow& row : rows) {
    char line[1024];
    const std::string within = row.within()     ? "yes"
                               : row.enforced() ? "**no**"
                                                : "no: known gap (" + row.known_gap + ")";
    std::snprintf(line, sizeof line, "| %s | %.3g | %.3g - %.3g | %.3g | %s | %s |\n", row.measure.c_str(), row.target,
                  row.low, row.high, row.model, within.c_str(), row.source.c_str());
    out << line;
  }
  out << "\n"
      << settings.replications << " replication(s), scale " << settings.scale << ", " << settings.years
      << " year(s), seed " << settings.seed << "\n";
}

void print_json(std::ostream& out, const std::vector<models::CalibrationRow>& rows,
                const runner::RunSettings& settings) {
  out << "{" << json_settings(settings) << ", \"figures\": [";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const models::CalibrationRow& row = rows[i];
    out << (i > 0 ? ", " : "") << "{\"measure\": " << json_string(row.measure)
        << ", \"target\": " << json_number(row.target) << ", \"low\": " << json_number(row.low)
        << ", \"high\": " << json_number(row.high) << ", \"model\": " << json_number(row.model)
        << ", \"within\": " << (row.within() ? "true" : "false") << ", \"known_gap\": " << json_string(row.known_gap)
        << ", \"source\": " << json_string(row.source) << "}";
  }
  out << "]}\n";
}

}  // namespace

namespace po = boost::program_options;

int calibrate_command(const Invocation& invocation) {
  po::options_description visible(
      "Usage: icsflow calibrate [options]\n\n"
      "Runs the embedded South East London baseline and prints the calibration table (Markdown, or\n"
      "JSON with --format json): each published figure, its accepted range and source, beside the\n"
      "model's value. Exits 1 when a figure falls outside its accepted range (figures marked as a known\n"
      "gap, with the reason, are shown but do not count).\n\n"
      "Example:\n  icsflow calibrate --replications 4\n\nOptions");
  runner::RunSettings values;
  visible.add_options()("seed", po::value<std::uint64_t>(&values.seed)->default_value(1), "master random seed")(
      "threads", po::value<unsigned>(&values.threads)->default_value(0), "worker threads (0 = all cores)")(
      "years", po::value<double>(&values.years)->default_value(1.0), "simulated years after the warm-up")(
      "scale", po::value<double>(&values.scale)->default_value(1.0), "fraction of the population simulated")(
      "replications", po::value<int>(&values.replications)->default_value(runner::kDefaultReplications),
      "replications");
  add_quiet_option(visible);
  std::string format = "markdown";
  visible.add_options()("format", po::value<std::string>(&format)->default_value("markdown"),
                        "markdown (a table to read) or json (for scripts)");
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, 0, options)) return 0;
  if (format != "markdown" && format != "json")
    throw UsageError("--format must be markdown or json, got '" + format + "'");
  const runner::RunSettings request = validated(values);
  scenarios::Scenario baseline;
  baseline.name = "baseline";
  baseline.params = models::load_embedded_baseline();
  Progress progress("calibrating", static_cast<std::size_t>(request.replications));
  const runner::ScenarioResults results = runner::run_scenario(baseline, request, progress.callback());
  progress.finish();

  const std::vector<models::CalibrationRow> rows =
      models::calibrate(baseline.params, results.replications, request.years);
  const auto outside =
      std::count_if(rows.begin(), rows.end(), [](const auto& row) { return row.enforced() && !row.within(); });
  if (format == "json") {
    print_json(std::cout, rows, request);
  } else {
    print_markdown(std::cout, rows, request);
  }
  if (outside > 0) {
    std::cerr << "icsflow calibrate: " << outside << " figure(s) outside their accepted range\n";
    return 1;
  }
  return 0;
}

}  // namespace icsflow::app
