// icsflow validate FILE [FILE ...]: checks scenario files without running them.
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/scenarios/scenario.hpp"
#include "options.hpp"

namespace icsflow::app {

namespace po = boost::program_options;

namespace {

std::string levers_on(const models::PolicyParams& p) {
  std::string on;
  const auto add = [&on](bool enabled, const char* name) {
    if (enabled) on += (on.empty() ? "" : ", ") + std::string(name);
  };
  add(p.handoffs.enabled, "handoffs");
  add(p.proactive_care.enabled, "proactive_care");
  add(p.care_home_support.enabled, "care_home_support");
  add(p.admission_avoidance.enabled, "admission_avoidance");
  add(p.discharge_to_assess.enabled, "discharge_to_assess");
  add(p.mutual_aid.enabled, "mutual_aid");
  add(p.single_pound.enabled, "single_pound");
  add(p.targeting.enabled, "targeting");
  return on.empty() ? "none" : on;
}

}  // namespace

int validate_command(const Invocation& invocation) {
  po::options_description visible(
      "Usage: icsflow validate SCENARIO.toml [MORE.toml ...]\n\n"
      "Checks scenario files (and the files they extend) without running anything. Exit code 0 when\n"
      "all are valid, 2 at the first problem, reported with file:line:column and the key.\n\n"
      "Example:\n  icsflow validate scenarios/partnership.toml\n\nOptions");
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, -1, options)) return 0;
  const std::vector<std::string> files = scenario_files(options);
  if (files.empty()) throw UsageError("no scenario file given (see icsflow validate --help)");
  const models::ModelParams baseline = models::load_embedded_baseline();
  for (const std::string& file : files) {
    const scenarios::Scenario scenario = scenarios::load_scenario(file, baseline);
    std::cout << file << ": valid: '" << scenario.name << "', levers on: " << levers_on(scenario.params.policy) << "\n";
  }
  return 0;
}

}  // namespace icsflow::app
