#include "icsflow/scenarios/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <sstream>

#include "icsflow/config/toml_reader.hpp"
#include "schema.hpp"

namespace icsflow::scenarios {
namespace {

namespace fs = std::filesystem;
using detail::KeySpec;

[[noreturn]] void raise(const std::string& message) { throw ScenarioError(message); }

// Values of `from` replace those of `into`; tables are merged key by key.
void merge(toml::table& into, const toml::table& from) {
  for (const auto& [key, node] : from) {
    toml::node* existing = into.get(key);
    if (existing != nullptr && existing->is_table() && node.is_table()) {
      merge(*existing->as_table(), *node.as_table());
    } else {
      into.insert_or_assign(key, node);
    }
  }
}

toml::table load_chain(const std::string& text, const std::string& origin, const fs::path& folder,
                       std::vector<std::string>& chain);
void apply_table(const toml::table& table, const std::string& prefix, const config::TomlReader& in, Scenario& scenario);

toml::table load_file(const fs::path& file, std::vector<std::string>& chain) {
  std::error_code error;
  const std::string id = fs::weakly_canonical(file, error).string();
  if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
    std::string cycle;
    for (const std::string& link : chain) cycle += fs::path(link).filename().string() + " -> ";
    throw ScenarioError(file.string() + ": circular 'extends': " + cycle + file.filename().string());
  }
  const std::string text = config::read_text_file(file, "scenario file", raise);
  chain.push_back(id);
  toml::table table = load_chain(text, file.string(), file.parent_path(), chain);
  chain.pop_back();
  return table;
}

toml::table load_chain(const std::string& text, const std::string& origin, const fs::path& folder,
                       std::vector<std::string>& chain) {
  const config::TomlReader in(origin, raise);
  toml::table table = in.parse(text);
  // Each file is checked on its own first, while its nodes still know their file, line and column
  // (merging copies them without their positions).
  Scenario scratch;
  apply_table(table, "", in, scratch);
  if (const toml::node* extends = table.get("extends")) {
    const auto* base_name = extends->as_string();
    if (base_name == nullptr || base_name->get().empty()) in.fail(*extends, "extends", "expected a file name");
    const fs::path base_file = folder / base_name->get();
    std::error_code error;
    if (!fs::exists(base_file, error)) {
      in.fail(*extends, "extends", "no such file '" + base_file.string() + "'");
    }
    toml::table base = load_file(base_file, chain);
    base.erase("name");  // a scenario's name and description are its own
    base.erase("description");
    merge(base, table);
    table = std::move(base);
  }
  table.erase("extends");
  return table;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The keys allowed directly under `prefix` ("" for the top level).
std::set<std::string> keys_under(const std::string& prefix) {
  std::set<std::string> keys;
  if (prefix.empty()) keys = {"name", "description", "extends"};
  const std::string start = prefix.empty() ? "" : prefix + ".";
  for (const KeySpec& spec : detail::schema()) {
    if (spec.path.rfind(start, 0) != 0) continue;
    const std::string rest = spec.path.substr(start.size());
    keys.insert(rest.substr(0, rest.find('.')));
  }
  return keys;
}

std::string suggestion(const std::string& prefix, const std::string& key) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const std::string& candidate : keys_under(prefix)) {
    const std::size_t d = edit_distance(key, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  if (!best.empty()) return " (did you mean '" + best + "'?)";
  std::string known;
  for (const std::string& k : keys_under(prefix)) known += (known.empty() ? "" : ", ") + k;
  return " (allowed here: " + known + ")";
}

models::EffectRange effect_range(const toml::node& node, const config::TomlReader& in, const std::string& path,
                                 const KeySpec& spec) {
  if (!node.is_table()) {
    const double fixed = in.number_in(node, path, spec.min, spec.max);
    return {fixed, fixed, fixed};
  }
  const toml::table& table = *node.as_table();
  for (const auto& [key, value] : table) {
    if (key != "low" && key != "mode" && key != "high") {
      in.fail(value, path + "." + std::string(key.str()),
              "unknown key '" + std::string(key.str()) + "' (an effect range has low, mode and high)");
    }
  }
  const auto part = [&](const char* key) {
    const toml::node* value = table.get(key);
    if (value == nullptr)
      in.fail(node, path, std::string("missing '") + key + "' (an effect range has low, mode and high)");
    return in.number_in(*value, path + "." + key, spec.min, spec.max);
  };
  const models::EffectRange range{part("low"), part("mode"), part("high")};
  if (!(range.low <= range.mode && range.mode <= range.high)) in.fail(node, path, "needs low <= mode <= high");
  return range;
}

models::ByQuintile quintile_weights(const toml::node& node, const config::TomlReader& in, const std::string& path,
                                    const KeySpec& spec) {
  const toml::array* array = node.as_array();
  if (array == nullptr || array->size() != models::kQuintiles) {
    in.fail(node, path, "expected a list of 5 numbers (quintile 1, most deprived, to 5)");
  }
  models::ByQuintile weights{};
  double total = 0;
  for (std::size_t q = 0; q < weights.size(); ++q) {
    weights[q] = in.number_in(*array->get(q), path, spec.min, spec.max);
    total += weights[q];
  }
  if (total <= 0) in.fail(node, path, "the weights cannot all be zero");
  return weights;
}

void apply_value(const KeySpec& spec, const toml::node& node, const config::TomlReader& in,
                 models::ModelParams& params) {
  const std::string& path = spec.path;
  switch (spec.set.index()) {
    case 0: {
      const auto* flag = node.as_boolean();
      if (flag == nullptr) in.fail(node, path, "expected true or false");
      std::get<0>(spec.set)(params, flag->get());
      return;
    }
    case 1:
      std::get<1>(spec.set)(params, in.number_in(node, path, spec.min, spec.max));
      return;
    case 2:
      std::get<2>(spec.set)(params, effect_range(node, in, path, spec));
      return;
    default:
      std::get<3>(spec.set)(params, quintile_weights(node, in, path, spec));
      return;
  }
}

void apply_table(const toml::table& table, const std::string& prefix, const config::TomlReader& in,
                 Scenario& scenario) {
  for (const auto& [key_name, node] : table) {
    const std::string key(key_name.str());
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (prefix.empty() && key == "extends") continue;  // resolved by load_chain
    if (prefix.empty() && (key == "name" || key == "description")) {
      const auto* text = node.as_string();
      if (text == nullptr) in.fail(node, path, "expected a string");
      (key == "name" ? scenario.name : scenario.description) = text->get();
      continue;
    }
    const auto& keys = detail::schema();
    const auto spec = std::find_if(keys.begin(), keys.end(), [&path](const KeySpec& s) { return s.path == path; });
    if (spec != keys.end()) {
      apply_value(*spec, node, in, scenario.params);
    } else if (!keys_under(path).empty()) {
      if (!node.is_table()) in.fail(node, path, "expected a table ([" + path + "])");
      apply_table(*node.as_table(), path, in, scenario);
    } else {
      in.fail(key_name.source(), path, "unknown key '" + key + "'" + suggestion(prefix, key));
    }
  }
}

// Values fine one by one that do not go together.
struct Inconsistency {
  std::string key;
  std::string message;
};
std::optional<Inconsistency> inconsistency(const models::ModelParams& params) {
  const models::PolicyParams& policy = params.policy;
  if (policy.targeting.enabled && !policy.proactive_care.enabled)
    return Inconsistency{"levers.targeting.enabled",
                         "targeting directs proactive care: switch on levers.proactive_care too"};
  return std::nullopt;
}

Scenario build(toml::table table, const std::string& origin, const std::string& default_name,
               const models::ModelParams& baseline) {
  const config::TomlReader in(origin, raise);
  Scenario scenario;
  scenario.params = baseline;
  apply_table(table, "", in, scenario);
  if (scenario.name.empty()) scenario.name = default_name;
  // The name becomes an HDF5 group (/scenarios/<name>): "." and ".." are not names.
  const bool valid_name = !scenario.name.empty() && scenario.name.find_first_not_of('.') != std::string::npos &&
                          std::all_of(scenario.name.begin(), scenario.name.end(), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
                          });
  if (!valid_name) {
    const toml::node* name = table.get("name");
    const std::string message =
        "'" + scenario.name + "' is not a valid scenario name (letters, digits, _ - . only, not only dots)";
    if (name != nullptr) in.fail(*name, "name", message);
    throw ScenarioError(origin + ": " + message);
  }
  if (const auto problem = inconsistency(scenario.params)) {
    const toml::node* node = table.at_path(problem->key).node();
    in.fail(node != nullptr ? *node : static_cast<const toml::node&>(table), problem->key, problem->message);
  }
  std::ostringstream resolved;
  table.insert_or_assign("name", scenario.name);
  resolved << table;
  scenario.resolved_toml = resolved.str();
  return scenario;
}

}  // namespace

Scenario load_scenario(const fs::path& file, const models::ModelParams& baseline) {
  std::vector<std::string> chain;
  toml::table table = load_file(file, chain);
  return build(std::move(table), file.string(), file.stem().string(), baseline);
}

Scenario load_scenario_text(const std::string& text, const std::string& origin, const fs::path& folder,
                            const models::ModelParams& baseline) {
  std::vector<std::string> chain;
  toml::table table = load_chain(text, origin, folder, chain);
  return build(std::move(table), origin, fs::path(origin).stem().string(), baseline);
}

void set_value(Scenario& scenario, const std::string& key, double value, const std::string& origin) {
  const auto& keys = detail::schema();
  const auto spec = std::find_if(keys.begin(), keys.end(), [&key](const KeySpec& s) { return s.path == key; });
  const auto fail = [&](const std::string& message) { throw ScenarioError(origin + ": " + key + ": " + message); };
  if (spec == keys.end()) fail("not a scenario key");
  const bool flag = spec->set.index() == 0;
  if (flag && value != 0 && value != 1) fail("expected 0 or 1 (false or true)");
  if (!flag && (!std::isfinite(value) || value < spec->min || value > spec->max)) {
    std::ostringstream message;
    message << "value " << value << " is outside the allowed range [" << spec->min << ", " << spec->max << "]";
    fail(message.str());
  }
  switch (spec->set.index()) {
    case 0:
      std::get<0>(spec->set)(scenario.params, value != 0);
      break;
    case 1:
      std::get<1>(spec->set)(scenario.params, value);
      break;
    case 2:
      std::get<2>(spec->set)(scenario.params, models::EffectRange{value, value, value});
      break;
    default:
      fail("five weights cannot be set from one value");
  }
  if (const auto problem = inconsistency(scenario.params)) {
    throw ScenarioError(origin + ": " + problem->key + ": " + problem->message);
  }
}

std::vector<KeyDoc> scenario_keys() {
  std::vector<KeyDoc> docs{
      {"name", "string", "letters, digits, _ - .", "the scenario's name (default: the file name); the results group"},
      {"description", "string", "", "one line shown in reports"},
      {"extends", "string", "a file", "a scenario to start from, relative to this file; its keys are overridden here"},
  };
  for (const KeySpec& spec : detail::schema()) {
    static const char* kTypes[] = {"boolean", "number", "effect range", "5 weights"};
    std::ostringstream allowed;
    if (spec.set.index() != 0) allowed << "[" << spec.min << ", " << spec.max << "]";
    docs.push_back({spec.path, kTypes[spec.set.index()], allowed.str(), spec.meaning, spec.min, spec.max});
  }
  return docs;
}

}  // namespace icsflow::scenarios
