#pragma once
// Options shared by the commands that run scenarios (run, compare), and their validation.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "icsflow/results/output.hpp"
#include "icsflow/runner/settings.hpp"

namespace icsflow::app {

void add_run_options(boost::program_options::options_description& options, runner::RunSettings& settings,
                     int default_replications = runner::kDefaultReplications);

// Parses, turning Boost's errors (unknown option, bad value) into UsageError.
void parse_options(const std::vector<std::string>& arguments, const boost::program_options::options_description& all,
                   const boost::program_options::positional_options_description& positional,
                   boost::program_options::variables_map& options);

// Parses a command's options plus its positional scenario files (`max_scenarios` of them, -1 for any
// number), adding --help. Returns false when --help was asked for (the help has then been printed).
bool parse_command(const std::vector<std::string>& arguments, boost::program_options::options_description& visible,
                   int max_scenarios, boost::program_options::variables_map& options);
std::vector<std::string> scenario_files(const boost::program_options::variables_map& options);

// The settings checked by the runner, a setting out of range reported as a UsageError naming its option.
runner::RunSettings validated(const runner::RunSettings& settings);

// --format text|json: what the command prints on stdout (json: one object, for scripts). Returns whether
// json was asked for, once parsed; UsageError for another value.
void add_format_option(boost::program_options::options_description& options, std::string& format);
[[nodiscard]] bool json_format(const std::string& format);
// --quiet: no progress lines.
void add_quiet_option(boost::program_options::options_description& options);
// -o (required) and --wait.
void add_output_options(boost::program_options::options_description& options, const char* what);
// The -o path, checked before any work is done: a regular file or a new path in a writable folder, and
// none of the command's `inputs`.
std::filesystem::path require_output(const boost::program_options::variables_map& options,
                                     const std::vector<std::string>& inputs);
// The output locked for as long as the returned lock lives (another writer: UsageError, or wait with --wait).
std::unique_ptr<results::OutputLock> lock_output(const boost::program_options::variables_map& options,
                                                 const std::filesystem::path& output);

}  // namespace icsflow::app
