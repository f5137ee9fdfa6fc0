#pragma once
// Options shared by the commands that run scenarios (run, compare), and their validation.
#include <filesystem>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "scenario_runner.hpp"

namespace icsflow::app {

struct RunOptionValues {
  std::uint64_t seed = 1;
  unsigned threads = 0;
  double years = 1.0;
  double scale = 1.0;
  int replications = 1;
  double warmup_days = 60;
  std::string output;
};

void add_run_options(boost::program_options::options_description& options, RunOptionValues& values,
                     int default_replications = 1);

// Parses, turning Boost's errors (unknown option, bad value) into UsageError.
void parse_options(const std::vector<std::string>& arguments, const boost::program_options::options_description& all,
                   const boost::program_options::positional_options_description& positional,
                   boost::program_options::variables_map& options);

RunRequest validated_request(const RunOptionValues& values, const boost::program_options::variables_map& options);

// The -o path, checked to be writable before any work is done.
std::filesystem::path require_output(const boost::program_options::variables_map& options);

}  // namespace icsflow::app
