// icsflow merge PART.h5 [PART.h5 ...] -o OUT.h5: joins the slices of one sweep (--shard runs, or files
// of interrupted runs) into one results file, with the sensitivity analysis once every point is there.
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "console.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/runner/sweep_record.hpp"
#include "icsflow/runner/sweep_store.hpp"
#include "options.hpp"

namespace icsflow::app {

namespace po = boost::program_options;

int merge_command(const Invocation& invocation) {
  po::options_description visible(
      "Usage: icsflow merge PART.h5 [PART.h5 ...] -o OUT.h5\n\n"
      "Joins the results files of one sweep (the slices of a Slurm array run with --shard k/N) into\n"
      "OUT.h5 and, when every point is there, adds the sensitivity analysis. The parts must come from\n"
      "the same sweep definition; a point in two parts must have the same numbers.\n\n"
      "Example:\n  icsflow merge part-1.h5 part-2.h5 part-3.h5 part-4.h5 -o sweep.h5\n\nOptions");
  add_output_options(visible, "the joined results file (HDF5)");
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, -1, options)) return 0;
  const std::vector<std::string> parts = scenario_files(options);
  if (parts.empty()) throw UsageError("give the sweep results files to join (see icsflow merge --help)");
  const std::filesystem::path output = require_output(options, parts);
  const auto lock = lock_output(options, output);

  std::error_code error;
  for (const std::string& part : parts) {
    if (!std::filesystem::exists(part, error)) throw UsageError(part + ": no such file");
  }
  runner::SweepRecord merged;
  try {
    merged = runner::merge_sweep_files({parts.begin(), parts.end()});
  } catch (const runner::InputError& problem) {
    throw UsageError(problem.what());
  } catch (const results::ResultsError& unreadable) {  // an input that is not a sweep results file
    throw UsageError(unreadable.what());
  }
  const runner::Sensitivity sensitivity = runner::sweep_sensitivity(merged);
  runner::write_sweep_file(output, merged, runner::sensitivity_table(sensitivity), invocation.command_line);
  print_sensitivity(std::cout, sensitivity);
  std::cout << "\n"
            << parts.size() << " file(s) joined: " << merged.done.size() << " of " << merged.design.size()
            << " points complete"
            << (runner::complete(merged) ? ""
                                         : " (run the missing shards, or icsflow sweep -o on this file to finish it)")
            << ". Written to " << output.string() << "\n";
  return 0;
}

}  // namespace icsflow::app
