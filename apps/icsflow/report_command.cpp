// icsflow report OUT.h5 -o report.html: the HTML report, drawn by analysis/icsflow_report (Python, matplotlib).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.hpp"

namespace icsflow::app {

int report_command(const Invocation& invocation) {
  // The package ships with the sources and runs as a folder (its __main__.py); ICSFLOW_REPORT_SCRIPT points
  // elsewhere if it was moved.
  const char* overridden = std::getenv("ICSFLOW_REPORT_SCRIPT");
  const std::string script = overridden != nullptr ? overridden : ICSFLOW_SOURCE_DIR "/analysis/icsflow_report";
  if (!std::filesystem::exists(script))
    throw UsageError("report script not found: " + script + " (set ICSFLOW_REPORT_SCRIPT)");
  std::vector<std::string> arguments{"/usr/bin/python3", script};
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

}  // namespace icsflow::app
