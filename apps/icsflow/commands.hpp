#pragma once
// The icsflow subcommands. Each returns the process exit code: 0 success, 1 failure while running,
// 2 bad input (options, scenario files, output path) — in which case nothing was written.
#include <stdexcept>
#include <string>
#include <vector>

namespace icsflow::app {

// What a command gets: its own arguments (after the command word) and the whole command line.
struct Invocation {
  std::vector<std::string> arguments;
  std::string command_line;
};

// Bad input: the message is printed as "icsflow <command>: <message>" and the exit code is 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

int run_command(const Invocation& invocation);
int calibrate_command(const Invocation& invocation);
int compare_command(const Invocation& invocation);
int validate_command(const Invocation& invocation);
int report_command(const Invocation& invocation);
int export_command(const Invocation& invocation);
int sweep_command(const Invocation& invocation);
int merge_command(const Invocation& invocation);
int serve_command(const Invocation& invocation);

}  // namespace icsflow::app
