#include "options.hpp"

#include <cmath>
#include <iostream>
#include <limits>
#include <thread>

#include "commands.hpp"
#include "icsflow/results/hdf5_file.hpp"

namespace icsflow::app {

namespace po = boost::program_options;

void add_run_options(po::options_description& options, RunOptionValues& values, int default_replications) {
  values.replications = default_replications;
  options.add_options()("output,o", po::value<std::string>(&values.output), "HDF5 results file to write (required)")(
      "seed", po::value<std::uint64_t>(&values.seed)->default_value(1), "master random seed; same seed, same results")(
      "threads", po::value<unsigned>(&values.threads)->default_value(0),
      "worker threads (0 = all cores); never changes the results")(
      "years", po::value<double>(&values.years)->default_value(1.0), "simulated years after the warm-up")(
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
  if (options.count("help") == 0) return true;
  std::cout << visible << "\n";
  return false;
}

std::vector<std::string> scenario_files(const po::variables_map& options) {
  return options.count("scenario") ? options["scenario"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

RunRequest validated_request(const RunOptionValues& values, const po::variables_map& /*options*/) {
  if (!(values.scale > 0 && values.scale <= 1)) {
    throw UsageError("--scale must be in (0, 1], got " + std::to_string(values.scale));
  }
  if (!(values.years > 0 && values.years <= 50)) {
    throw UsageError("--years must be in (0, 50], got " + std::to_string(values.years));
  }
  if (values.replications < 1 || values.replications > 10000) {
    throw UsageError("--replications must be between 1 and 10000, got " + std::to_string(values.replications));
  }
  if (!(values.warmup_days >= 0 && values.warmup_days <= 3650)) {
    throw UsageError("--warmup-days must be in [0, 3650], got " + std::to_string(values.warmup_days));
  }
  if (values.seed > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw UsageError("--seed must be below 2^63");
  }
  RunRequest request;
  request.seed = values.seed;
  request.scale = values.scale;
  request.years = values.years;
  request.warmup_days = values.warmup_days;
  request.replications = values.replications;
  request.threads = values.threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : values.threads;
  return request;
}

std::filesystem::path require_output(const po::variables_map& options) {
  if (!options.count("output")) throw UsageError("no output file given: add -o OUT.h5");
  const std::filesystem::path output = options["output"].as<std::string>();
  try {
    results::check_writable(output);
  } catch (const results::ResultsError& error) {
    throw UsageError(error.what());
  }
  return output;
}

}  // namespace icsflow::app
