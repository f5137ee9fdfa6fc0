#include "options.hpp"

#include <iostream>

#include "commands.hpp"
#include "icsflow/results/output.hpp"
#include "progress.hpp"

namespace icsflow::app {

namespace po = boost::program_options;

void add_run_options(po::options_description& options, runner::RunSettings& values, int default_replications) {
  values.replications = default_replications;
  add_output_options(options, "HDF5 results file to write (required)");
  add_quiet_option(options);
  options.add_options()("seed", po::value<std::uint64_t>(&values.seed)->default_value(1),
                        "master random seed; same seed, same results")(
      "threads", po::value<unsigned>(&values.threads)->default_value(0),
      "worker threads (0 = all cores); never changes the results")(
      "years", po::value<double>(&values.years)->default_value(1.0),
      "simulated years after the warm-up (results for each year and the whole period)")(
      "scale", po::value<double>(&values.scale)->default_value(1.0),
      "fraction of the population (and of every capacity) to simulate, in (0, 1]")(
      "replications", po::value<int>(&values.replications)->default_value(default_replications),
      "independent replications (different random numbers)")("warmup-days",
                                                             po::value<double>(&values.warmup_days)->default_value(60),
                                                             "days simulated first and left out of the results");
}

void parse_options(const std::vector<std::string>& arguments, const po::options_description& all,
                   const po::positional_options_description& positional, po::variables_map& options) {
  try {
    po::store(po::command_line_parser(arguments).options(all).positional(positional).run(), options);
    po::notify(options);
  } catch (const po::error& error) {
    throw UsageError(error.what());
  }
}

bool parse_command(const std::vector<std::string>& arguments, po::options_description& visible, int max_scenarios,
                   po::variables_map& options) {
  visible.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(visible).add_options()("scenario", po::value<std::vector<std::string>>(), "scenario files");
  po::positional_options_description positional;
  positional.add("scenario", max_scenarios);
  parse_options(arguments, all, positional, options);
  Progress::set_quiet(options.count("quiet") > 0);
  if (options.count("help") == 0) return true;
  std::cout << visible << "\n";
  return false;
}

std::vector<std::string> scenario_files(const po::variables_map& options) {
  return options.count("scenario") ? options["scenario"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

runner::RunSettings validated(const runner::RunSettings& settings) {
  try {
    return runner::checked(settings);
  } catch (const runner::InputError& error) {
    throw UsageError(std::string("--") + error.what());
  }
}

void add_format_option(po::options_description& options, std::string& format) {
  options.add_options()("format", po::value<std::string>(&format)->default_value("text"),
                        "text (tables to read) or json (one object on stdout, for scripts)");
}

bool json_format(const std::string& format) {
  if (format != "text" && format != "json") throw UsageError("--format must be text or json, got '" + format + "'");
  return format == "json";
}

void add_quiet_option(po::options_description& options) {
  options.add_options()("quiet,q", "no progress on stderr (errors and warnings still)");
}

void add_output_options(po::options_description& options, const char* what) {
  options.add_options()("output,o", po::value<std::string>(), what)(
      "wait", "if another icsflow is writing the same output, wait for it instead of stopping");
}

std::filesystem::path require_output(const po::variables_map& options, const std::vector<std::string>& inputs) {
  if (!options.count("output")) throw UsageError("no output file given: add -o OUT.h5");
  const std::filesystem::path output = options["output"].as<std::string>();
  try {
    results::check_output(output, {inputs.begin(), inputs.end()});
  } catch (const results::OutputRefused& error) {
    throw UsageError(error.what());
  }
  return output;
}

std::unique_ptr<results::OutputLock> lock_output(const po::variables_map& options,
                                                 const std::filesystem::path& output) {
  try {
    return std::make_unique<results::OutputLock>(output, options.count("wait") > 0);
  } catch (const results::OutputRefused& error) {
    throw UsageError(error.what());
  }
}

}  // namespace icsflow::app
