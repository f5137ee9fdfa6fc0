// icsflow validate FILE [FILE ...]: checks scenario files without running them.
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/policy.hpp"
#include "icsflow/scenarios/scenario.hpp"
#include "json.hpp"
#include "options.hpp"

namespace icsflow::app {

namespace po = boost::program_options;

namespace {

std::vector<std::string> levers_on(const models::PolicyParams& policy) {
  std::vector<std::string> on;
  for (const std::string_view lever : models::lever_names()) {
    if (models::lever_enabled(policy, lever)) on.emplace_back(lever);
  }
  return on;
}

}  // namespace

int validate_command(const Invocation& invocation) {
  po::options_description visible(
      "Usage: icsflow validate SCENARIO.toml [MORE.toml ...]\n\n"
      "Checks scenario files (and the files they extend) without running anything. Exit code 0 when\n"
      "all are valid, 2 at the first problem, reported with file:line:column and the key.\n\n"
      "Example:\n  icsflow validate scenarios/partnership.toml\n\nOptions");
  std::string format;
  add_format_option(visible, format);
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, -1, options)) return 0;
  const std::vector<std::string> files = scenario_files(options);
  if (files.empty()) throw UsageError("no scenario file given (see icsflow validate --help)");
  const bool json = json_format(format);
  const models::ModelParams baseline = models::load_embedded_baseline();
  std::string listing;
  for (const std::string& file : files) {
    const scenarios::Scenario scenario = scenarios::load_scenario(file, baseline);
    const std::vector<std::string> on = levers_on(scenario.params.policy);
    std::string names, quoted;
    for (const std::string& lever : on) {
      names += (names.empty() ? "" : ", ") + lever;
      quoted += (quoted.empty() ? "" : ", ") + json_string(lever);
    }
    if (json) {
      listing += std::string(listing.empty() ? "" : ", ") + "{\"file\": " + json_string(file) +
                 ", \"scenario\": " + json_string(scenario.name) + ", \"levers_on\": [" + quoted + "]}";
    } else {
      std::cout << file << ": valid: '" << scenario.name << "', levers on: " << (names.empty() ? "none" : names)
                << "\n";
    }
  }
  if (json) std::cout << "{\"valid\": true, \"files\": [" << listing << "]}\n";
  return 0;
}

}  // namespace icsflow::app
