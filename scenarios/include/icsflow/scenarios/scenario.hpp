#pragma once
// Scenario files (TOML) -> frozen, validated model parameters. Nothing reads the TOML afterwards.
//
// A scenario may extend another (`extends = "siloed.toml"`, relative to its own folder): the base is
// loaded first and the scenario's keys override it, table by table. Every key is checked against the
// schema (scenario_keys()): unknown keys (with a suggestion), wrong types and values out of range are
// reported with file:line:column and the key path.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

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
  std::string resolved_toml;  // the scenario after `extends`, as applied (for the results file)
  models::ModelParams params;
};

Scenario load_scenario(const std::filesystem::path& file, const models::ModelParams& baseline);
// The same, from text (`origin` names it in messages; `extends` is resolved against `folder`).
Scenario load_scenario_text(const std::string& text, const std::string& origin, const std::filesystem::path& folder,
                            const models::ModelParams& baseline);

// Sets one key of a loaded scenario, as a sweep point does: a number; 0 or 1 for a true/false key; a fixed
// effect for an effect range. Checked against the key's range and the scenario's consistency rules
// (ScenarioError starting with `origin` otherwise). No TOML is written or read; `resolved_toml` is left as
// it was (the caller records what it set).
void set_value(Scenario& scenario, const std::string& key, double value, const std::string& origin);

// The schema, for documentation: every key a scenario may set.
struct KeyDoc {
  std::string path;
  std::string type;     // "string", "boolean", "number", "effect range", "5 weights"
  std::string allowed;  // e.g. "[0, 1]"
  std::string meaning;
  double min = 0;  // the allowed range of a number, effect range or weight
  double max = 0;
};
std::vector<KeyDoc> scenario_keys();

}  // namespace icsflow::scenarios
