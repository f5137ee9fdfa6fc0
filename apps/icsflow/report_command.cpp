// icsflow report OUT.h5 -o report.html: the HTML report, drawn by analysis/icsflow_report (Python, matplotlib);
// icsflow export: the same package writes the tables for spreadsheets and scripts.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.hpp"

namespace icsflow::app {

namespace {

// The report package (run as a folder, its __main__.py): ICSFLOW_REPORT_SCRIPT if set; next to an installed
// icsflow, <prefix>/share/icsflow/icsflow_report; else the sources this icsflow was built from.
std::string report_package() {
  if (const char* overridden = std::getenv("ICSFLOW_REPORT_SCRIPT")) return overridden;
  std::error_code error;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path installed = program.parent_path().parent_path() / "share/icsflow/icsflow_report";
    if (std::filesystem::exists(installed / "__main__.py", error)) return installed.string();
  }
  return ICSFLOW_SOURCE_DIR "/analysis/icsflow_report";
}

// Runs the report package with `first` (if any) before the command's arguments; its exit status is ours.
int run_report_package(const Invocation& invocation, const std::vector<std::string>& first) {
  const std::string script = report_package();
  if (!std::filesystem::exists(script))
    throw UsageError("report package not found: " + script + " (set ICSFLOW_REPORT_SCRIPT to its folder)");
  std::vector<std::string> arguments{"/usr/bin/python3", script};
  arguments.insert(arguments.end(), first.begin(), first.end());
  arguments.insert(arguments.end(), invocation.arguments.begin(), invocation.arguments.end());
  std::vector<char*> argv;
  for (std::string& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  if (child < 0 || ::waitpid(child, &status, 0) < 0) throw std::runtime_error("could not start /usr/bin/python3");
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    throw std::runtime_error("could not run /usr/bin/python3 (python3-matplotlib, python3-h5py)");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

int report_command(const Invocation& invocation) { return run_report_package(invocation, {}); }

// icsflow export RESULTS.h5 --format csv|json|xlsx -o PATH: the same package's exporter (export.py).
int export_command(const Invocation& invocation) { return run_report_package(invocation, {"--export"}); }

}  // namespace icsflow::app
