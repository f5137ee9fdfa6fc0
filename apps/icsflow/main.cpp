// icsflow: the South East London integrated-care simulator's command line.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/results/output.hpp"
#include "icsflow/runner/results_layout.hpp"
#include "icsflow/runner/settings.hpp"
#include "icsflow/scenarios/scenario.hpp"
#include "icsflow/sim/error.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: icsflow COMMAND [options]\n\n"
    "Commands:\n"
    "  run SCENARIO.toml -o OUT.h5             run one scenario and write its results\n"
    "  compare BASE.toml ALT.toml -o OUT.h5    run scenarios with common random numbers and compare them\n"
    "  validate SCENARIO.toml ...              check scenario files without running them\n"
    "  report OUT.h5 -o report.html            write the HTML report of a results file\n"
    "  export OUT.h5 --format F -o PATH       the results as tidy tables: csv, json or xlsx (Excel)\n"
    "  sweep SWEEP.toml -o OUT.h5              run a parameter sweep (threads, mpirun or --shard) with\n"
    "                                          its sensitivity analysis\n"
    "  merge PART.h5 ... -o OUT.h5             join the slices of a sweep run as a Slurm array\n"
    "  calibrate                               compare the baseline with published figures\n"
    "  serve [--port 8080]                     the scenario explorer in a browser: build scenarios, run\n"
    "                                          comparisons, read and download results\n"
    "  (icsflow COMMAND --help for each)\n\n"
    "Other options:\n"
    "  --help      this text\n"
    "  --version   the program's version\n\n"
    "Example:\n"
    "  icsflow compare scenarios/siloed.toml scenarios/partnership.toml -o comparison.h5\n"
    "  icsflow report comparison.h5 -o report.html\n";

int dispatch(const std::string& command, const icsflow::app::Invocation& invocation) {
  if (command == "run") return icsflow::app::run_command(invocation);
  if (command == "calibrate") return icsflow::app::calibrate_command(invocation);
  if (command == "compare") return icsflow::app::compare_command(invocation);
  if (command == "validate") return icsflow::app::validate_command(invocation);
  if (command == "report") return icsflow::app::report_command(invocation);
  if (command == "export") return icsflow::app::export_command(invocation);
  if (command == "sweep") return icsflow::app::sweep_command(invocation);
  if (command == "merge") return icsflow::app::merge_command(invocation);
  if (command == "serve") return icsflow::app::serve_command(invocation);
  throw icsflow::app::UsageError(
      "unknown command '" + command +
      "' (commands: run, compare, validate, report, export, calibrate, sweep, merge, serve; see icsflow --help)");
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  std::string command_line = "icsflow";
  for (const std::string& a : arguments) command_line += " " + a;
  if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h") {
    std::cout << kUsage;
    return arguments.empty() ? 2 : 0;
  }
  if (arguments[0] == "--version") {
    std::cout << "icsflow " << icsflow::runner::version() << "\n";
    return 0;
  }
  icsflow::results::remove_temporaries_on_signals();
  const std::string& command = arguments[0];
  const icsflow::app::Invocation invocation{{arguments.begin() + 1, arguments.end()}, command_line};
  try {
    return dispatch(command, invocation);
  } catch (const icsflow::app::UsageError& error) {
    std::cerr << "icsflow " << command << ": " << error.what() << "\n";
    return 2;
  } catch (const icsflow::scenarios::ScenarioError& error) {
    std::cerr << "icsflow " << command << ": " << error.what() << "\n";
    return 2;
  } catch (const icsflow::results::OutputRefused& error) {
    std::cerr << "icsflow " << command << ": " << error.what() << "\n";
    return 2;
  } catch (const icsflow::runner::InputError& error) {
    std::cerr << "icsflow " << command << ": " << error.what() << "\n";
    return 2;
  } catch (const icsflow::models::DataError& error) {
    std::cerr << "icsflow " << command << ": embedded data: " << error.what() << "\n";
    return 1;
  } catch (const icsflow::results::ResultsError& error) {
    std::cerr << "icsflow " << command << ": " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "icsflow " << command << ": error: " << error.what() << "\n";
    return 1;
  }
}
