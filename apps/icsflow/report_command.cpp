// icsflow report OUT.h5 -o report.html: the HTML report, drawn by analysis/icsflow_report (Python, matplotlib);
// icsflow export: the same package writes the tables for spreadsheets and scripts.
#include <vector>

#include "commands.hpp"
#include "icsflow/runner/report_package.hpp"

namespace icsflow::app {

namespace {

// The package with `first` (if any) before the command's arguments; its exit status is ours.
int run_package(const Invocation& invocation, const std::vector<std::string>& first) {
  std::vector<std::string> arguments = first;
  arguments.insert(arguments.end(), invocation.arguments.begin(), invocation.arguments.end());
  return runner::run_report_package(arguments);
}

}  // namespace

int report_command(const Invocation& invocation) { return run_package(invocation, {}); }

// icsflow export RESULTS.h5 --format csv|json|xlsx -o PATH: the same package's exporter (export.py).
int export_command(const Invocation& invocation) { return run_package(invocation, {"--export"}); }

}  // namespace icsflow::app
