#include "icsflow/scenarios/scenario.hpp"

#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace icsflow::scenarios {
namespace {

std::string location(const std::filesystem::path& file, const toml::source_region& source) {
  std::ostringstream out;
  out << file.string() << ':' << source.begin.line << ':' << source.begin.column;
  return out.str();
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& file, const models::ModelParams& baseline) {
  std::ifstream in(file);
  if (!in) throw ScenarioError(file.string() + ": cannot open scenario file");
  std::stringstream text;
  text << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(text.str(), file.string());
  } catch (const toml::parse_error& error) {
    throw ScenarioError(location(file, error.source()) + ": " + std::string(error.description()));
  }
  Scenario scenario;
  scenario.params = baseline;
  for (const auto& [key, node] : root) {
    if (key == "name") {
      const auto* name = node.as_string();
      if (name == nullptr || name->get().empty()) {
        throw ScenarioError(location(file, node.source()) + ": name: expected a non-empty string");
      }
      scenario.name = name->get();
    } else if (key == "description") {
      const auto* description = node.as_string();
      if (description == nullptr) throw ScenarioError(location(file, node.source()) + ": description: expected a string");
      scenario.description = description->get();
    } else {
      throw ScenarioError(location(file, node.source()) + ": unknown key '" + std::string(key.str()) + "'");
    }
  }
  if (scenario.name.empty()) scenario.name = file.stem().string();
  std::ostringstream resolved;
  resolved << root;
  scenario.resolved_toml = resolved.str();
  return scenario;
}

}  // namespace icsflow::scenarios
