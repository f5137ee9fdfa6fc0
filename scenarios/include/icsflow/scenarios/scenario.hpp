#pragma once
// Scenario files (TOML) -> frozen, validated model parameters. Nothing reads the TOML afterwards.
#include <filesystem>
#include <stdexcept>
#include <string>

#include "icsflow/models/params.hpp"

namespace icsflow::scenarios {

// A problem in a scenario file: the message starts with file:line:column and names the key path.
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string resolved_toml;  // the scenario as applied, for the results file
  models::ModelParams params;
};

Scenario load_scenario(const std::filesystem::path& file, const models::ModelParams& baseline);

}  // namespace icsflow::scenarios
