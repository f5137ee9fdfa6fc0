#include "icsflow/sweeps/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <boost/math/distributions/triangular.hpp>

#include "icsflow/config/toml_reader.hpp"

namespace icsflow::sweeps {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxPoints = 1'000'000;

[[noreturn]] void raise(const std::string& message) { throw SweepError(message); }

const scenarios::KeyDoc* scenario_key(const std::string& path) {
  static const std::vector<scenarios::KeyDoc> keys = scenarios::scenario_keys();
  const auto found = std::find_if(keys.begin(), keys.end(), [&](const scenarios::KeyDoc& k) { return k.path == path; });
  return found == keys.end() ? nullptr : &*found;
}

Distribution distribution_named(const toml::node& node, const config::TomlReader& in, const std::string& path) {
  const auto* name = node.as_string();
  if (name != nullptr) {
    for (const Distribution d :
         {Distribution::uniform, Distribution::log_uniform, Distribution::triangular, Distribution::list}) {
      if (name->get() == to_string(d)) return d;
    }
  }
  in.fail(node, path, "expected one of \"uniform\", \"log_uniform\", \"triangular\", \"list\"");
}

Parameter read_parameter(const toml::table& table, std::size_t index, DesignKind design, const config::TomlReader& in) {
  const std::string prefix = "parameter[" + std::to_string(index + 1) + "]";
  in.only_keys(table, {"key", "distribution", "low", "mode", "high", "values", "levels"}, prefix);
  Parameter p;
  p.key = in.text(table, "key", prefix);
  if (p.key.empty()) in.fail(table, prefix, "missing 'key' (a scenario key such as \"levers.handoffs.reduction\")");
  const scenarios::KeyDoc* spec = scenario_key(p.key);
  const toml::node& key_node = *table.get("key");
  if (spec == nullptr)
    in.fail(key_node, prefix + ".key", "'" + p.key + "' is not a scenario key (docs/scenarios.md lists them)");
  if (spec->type != "number" && spec->type != "effect range" && spec->type != "boolean") {
    in.fail(key_node, prefix + ".key",
            "'" + p.key + "' is a " + spec->type + " and cannot be swept (numbers, effect ranges and flags can)");
  }
  p.flag = spec->type == "boolean";
  const toml::node* distribution = table.get("distribution");
  if (distribution == nullptr)
    in.fail(table, prefix, "missing 'distribution' (uniform, log_uniform, triangular or list)");
  p.distribution = distribution_named(*distribution, in, prefix + ".distribution");
  if (p.flag && p.distribution != Distribution::list) {
    in.fail(*distribution, prefix + ".distribution",
            "'" + p.key + "' is true/false: use distribution = \"list\" with values = [false, true]");
  }
  const auto in_key_range = [&](const toml::node& node, const std::string& path, double value) {
    if (value < spec->min || value > spec->max) {
      std::ostringstream message;
      message << "value " << value << " is outside " << p.key << "'s allowed range [" << spec->min << ", " << spec->max
              << "]";
      in.fail(node, path, message.str());
    }
    return value;
  };
  const auto bound = [&](const char* name) {
    const toml::node* node = table.get(name);
    if (node == nullptr)
      in.fail(table, prefix,
              std::string("missing '") + name + "' for a " + to_string(p.distribution) + " distribution");
    return in_key_range(*node, prefix + "." + name, in.number(*node, prefix + "." + name));
  };
  const auto not_for_this = [&](const char* name, const std::string& why) {
    if (const toml::node* node = table.get(name)) in.fail(*node, prefix + "." + name, why);
  };
  if (p.distribution == Distribution::list) {
    for (const char* name : {"low", "mode", "high"}) not_for_this(name, "a list has 'values', not low/mode/high");
    not_for_this("levels", "a list's levels are its values");
    const toml::node* values = table.get("values");
    if (values == nullptr || !values->is_array() || values->as_array()->empty()) {
      in.fail(values != nullptr ? *values : static_cast<const toml::node&>(table), prefix + ".values",
              "expected a non-empty list of values");
    }
    for (const toml::node& value : *values->as_array()) {
      if (p.flag) {
        if (!value.is_boolean()) in.fail(value, prefix + ".values", "expected true or false");
        p.values.push_back(value.as_boolean()->get() ? 1.0 : 0.0);
      } else {
        p.values.push_back(in_key_range(value, prefix + ".values", in.number(value, prefix + ".values")));
      }
    }
    return p;
  }
  not_for_this("values", "only a list distribution has 'values'");
  if (p.distribution != Distribution::triangular) not_for_this("mode", "only a triangular distribution has a 'mode'");
  p.low = bound("low");
  p.high = bound("high");
  p.mode = p.distribution == Distribution::triangular ? bound("mode") : p.low;
  if (!(p.low < p.high)) in.fail(*table.get("high"), prefix + ".high", "needs low < high");
  if (p.distribution == Distribution::triangular && !(p.low <= p.mode && p.mode <= p.high)) {
    in.fail(*table.get("mode"), prefix + ".mode", "needs low <= mode <= high");
  }
  if (p.distribution == Distribution::log_uniform && !(p.low > 0))
    in.fail(*table.get("low"), prefix + ".low", "a log-uniform range needs low > 0");
  if (design == DesignKind::grid) {
    if (table.get("levels") == nullptr)
      in.fail(table, prefix, "a grid needs 'levels' (how many values) for a continuous distribution");
    p.levels = in.whole_number_in(table, "levels", prefix, 0, 1, 1000);
  } else {
    not_for_this("levels", "'levels' is for a grid design only");
  }
  return p;
}

void read_design(const toml::table& root, const config::TomlReader& in, Sweep& sweep) {
  const toml::node* node = root.get("design");
  if (node == nullptr) in.fail(root, "", "missing [design] (kind = \"latin_hypercube\", \"grid\" or \"sobol\")");
  if (!node->is_table()) in.fail(*node, "design", "expected a table ([design])");
  const toml::table& design = *node->as_table();
  const std::string kind = in.text(design, "kind", "design");
  if (kind == "latin_hypercube") {
    in.only_keys(design, {"kind", "points"}, "design");
    sweep.design = DesignKind::latin_hypercube;
    if (design.get("points") == nullptr) in.fail(design, "design", "a latin_hypercube needs 'points'");
    sweep.design_size = in.whole_number_in(design, "points", "design", 0, 2, kMaxPoints);
  } else if (kind == "sobol") {
    in.only_keys(design, {"kind", "base_samples"}, "design");
    sweep.design = DesignKind::sobol;
    if (design.get("base_samples") == nullptr)
      in.fail(design, "design", "a sobol design needs 'base_samples' (N; the sweep runs N * (parameters + 2) points)");
    sweep.design_size = in.whole_number_in(design, "base_samples", "design", 0, 2, kMaxPoints);
  } else if (kind == "grid") {
    in.only_keys(design, {"kind"}, "design");
    sweep.design = DesignKind::grid;
  } else {
    in.fail(design.get("kind") != nullptr ? *design.get("kind") : static_cast<const toml::node&>(design), "design.kind",
            "expected \"latin_hypercube\", \"grid\" or \"sobol\"");
  }
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string definition_of(const Sweep& sweep) {
  std::ostringstream out;
  out << "replications = " << sweep.replications << "\nmaster_seed = " << sweep.master_seed
      << "\nscale = " << number_text(sweep.scale) << "\nyears = " << number_text(sweep.years)
      << "\nwarmup_days = " << number_text(sweep.warmup_days) << "\ndesign = " << to_string(sweep.design)
      << "\ndesign_size = " << sweep.design_size << "\n";
  for (const Parameter& p : sweep.parameters) {
    out << "parameter = " << p.key << " " << to_string(p.distribution) << " " << number_text(p.low) << " "
        << number_text(p.mode) << " " << number_text(p.high) << " levels " << p.levels << " values";
    for (const double v : p.values) out << " " << number_text(v);
    out << "\n";
  }
  out << "# base scenario, resolved\n" << sweep.base.resolved_toml << "\n";
  return out.str();
}

// A parameter of a lever the base scenario leaves off changes nothing: say so.
void warn_about_idle_levers(Sweep& sweep) {
  const models::PolicyParams& policy = sweep.base.params.policy;
  const std::pair<const char*, bool> levers[] = {{"handoffs", policy.handoffs.enabled},
                                                 {"proactive_care", policy.proactive_care.enabled},
                                                 {"care_home_support", policy.care_home_support.enabled},
                                                 {"admission_avoidance", policy.admission_avoidance.enabled},
                                                 {"discharge_to_assess", policy.discharge_to_assess.enabled},
                                                 {"mutual_aid", policy.mutual_aid.enabled},
                                                 {"single_pound", policy.single_pound.enabled},
                                                 {"targeting", policy.targeting.enabled}};
  const std::set<std::string> swept = [&] {
    std::set<std::string> keys;
    for (const Parameter& p : sweep.parameters) keys.insert(p.key);
    return keys;
  }();
  for (const auto& [lever, enabled] : levers) {
    const std::string prefix = std::string("levers.") + lever + ".";
    if (enabled || swept.count(prefix + "enabled") > 0) continue;
    for (const std::string& key : swept) {
      if (key.rfind(prefix, 0) == 0) {
        sweep.warnings.push_back(key + " has no effect: the base scenario leaves " + prefix + "enabled false");
      }
    }
  }
}

}  // namespace

const char* to_string(Distribution distribution) {
  switch (distribution) {
    case Distribution::uniform:
      return "uniform";
    case Distribution::log_uniform:
      return "log_uniform";
    case Distribution::triangular:
      return "triangular";
    case Distribution::list:
      return "list";
  }
  return "?";
}

const char* to_string(DesignKind kind) {
  switch (kind) {
    case DesignKind::latin_hypercube:
      return "latin_hypercube";
    case DesignKind::grid:
      return "grid";
    case DesignKind::sobol:
      return "sobol";
  }
  return "?";
}

double Parameter::quantile(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  switch (distribution) {
    case Distribution::uniform:
      return low + u * (high - low);
    case Distribution::log_uniform:
      return std::exp(std::log(low) + u * (std::log(high) - std::log(low)));
    case Distribution::triangular:
      return boost::math::quantile(boost::math::triangular_distribution<double>(low, mode, high), u);
    case Distribution::list: {
      const auto n = values.size();
      return values[std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)))];
    }
  }
  return low;
}

Sweep load_sweep_text(const std::string& text_in, const std::string& origin, const fs::path& folder,
                      const models::ModelParams& baseline) {
  const config::TomlReader in(origin, raise);
  const toml::table root = in.parse(text_in);
  in.only_keys(root,
               {"name", "description", "scenario", "replications", "master_seed", "scale", "years", "warmup_days",
                "design", "parameter"},
               "");
  Sweep sweep;
  sweep.text = text_in;
  sweep.baseline = baseline;
  sweep.name = in.text(root, "name", "");
  if (sweep.name.empty()) sweep.name = fs::path(origin).stem().string();
  sweep.description = in.text(root, "description", "");
  const std::string scenario = in.text(root, "scenario", "");
  if (scenario.empty()) in.fail(root, "", "missing 'scenario' (the base scenario file, relative to the sweep file)");
  sweep.scenario_file = folder / scenario;
  std::error_code error;
  if (!fs::exists(sweep.scenario_file, error)) {
    in.fail(*root.get("scenario"), "scenario", "no such file '" + sweep.scenario_file.string() + "'");
  }
  sweep.base = scenarios::load_scenario(sweep.scenario_file, baseline);
  sweep.replications = in.whole_number_in(root, "replications", "", 1, 1, 10'000);
  if (const toml::node* seed = root.get("master_seed")) {
    if (!seed->is_integer() || seed->as_integer()->get() < 0)
      in.fail(*seed, "master_seed", "expected a whole number >= 0");
    sweep.master_seed = static_cast<std::uint64_t>(seed->as_integer()->get());
  }
  sweep.scale = in.number_in(root, "scale", "", 1.0, 1e-4, 1.0);
  sweep.years = in.number_in(root, "years", "", 1.0, 1.0 / 365, 50);
  sweep.warmup_days = in.number_in(root, "warmup_days", "", 60, 0, 3650);
  read_design(root, in, sweep);

  const toml::node* parameters = root.get("parameter");
  if (parameters == nullptr || !parameters->is_array_of_tables() || parameters->as_array()->empty()) {
    in.fail(parameters != nullptr ? *parameters : static_cast<const toml::node&>(root), "parameter",
            "expected at least one [[parameter]] table");
  }
  std::set<std::string> keys;
  for (const toml::node& node : *parameters->as_array()) {
    Parameter p = read_parameter(*node.as_table(), sweep.parameters.size(), sweep.design, in);
    if (!keys.insert(p.key).second)
      in.fail(*node.as_table()->get("key"), "parameter.key", "'" + p.key + "' is swept twice");
    sweep.parameters.push_back(std::move(p));
  }
  if (sweep.design == DesignKind::grid) {
    double points = 1;
    for (const Parameter& p : sweep.parameters)
      points *= p.distribution == Distribution::list ? static_cast<double>(p.values.size()) : p.levels;
    if (points > kMaxPoints) in.fail(*parameters, "parameter", "the grid has more than 1,000,000 points");
    sweep.design_size = static_cast<int>(points);
  }
  if (sweep.design == DesignKind::sobol &&
      static_cast<double>(sweep.design_size) * static_cast<double>(sweep.parameters.size() + 2) > kMaxPoints) {
    in.fail(*root.get("design"), "design.base_samples",
            "base_samples * (parameters + 2) is more than 1,000,000 points");
  }
  if (sweep.design == DesignKind::latin_hypercube &&
      sweep.design_size <= static_cast<int>(sweep.parameters.size()) + 2) {
    sweep.warnings.push_back("a latin hypercube of " + std::to_string(sweep.design_size) + " points is too small for " +
                             "regression sensitivity with " + std::to_string(sweep.parameters.size()) +
                             " parameters (needs more than parameters + 2)");
  }
  if (sweep.design == DesignKind::sobol && (sweep.design_size & (sweep.design_size - 1)) != 0) {
    sweep.warnings.push_back("sobol base_samples is best a power of 2 (the Sobol sequence is balanced at powers of 2)");
  }
  warn_about_idle_levers(sweep);
  sweep.definition = definition_of(sweep);
  sweep.fingerprint = fnv1a(sweep.definition);
  return sweep;
}

void apply_overrides(Sweep& sweep, const RunOverrides& overrides) {
  const auto check = [](const char* option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      std::ostringstream message;
      message << "--" << option << " must be in [" << min << ", " << max << "], got " << value;
      throw SweepError(message.str());
    }
    return value;
  };
  if (overrides.replications)
    sweep.replications = static_cast<int>(check("replications", *overrides.replications, 1, 10'000));
  if (overrides.scale) sweep.scale = check("scale", *overrides.scale, 1e-4, 1.0);
  if (overrides.years) sweep.years = check("years", *overrides.years, 1.0 / 365, 50);
  if (overrides.master_seed) {
    if (*overrides.master_seed > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw SweepError("--seed must be below 2^63");
    sweep.master_seed = *overrides.master_seed;
  }
  sweep.definition = definition_of(sweep);
  sweep.fingerprint = fnv1a(sweep.definition);
}

Sweep load_sweep(const fs::path& file, const models::ModelParams& baseline) {
  return load_sweep_text(config::read_text_file(file, "sweep file", raise), file.string(), file.parent_path(),
                         baseline);
}

scenarios::Scenario point_scenario(const Sweep& sweep, const std::vector<double>& values, std::size_t point) {
  scenarios::Scenario scenario = sweep.base;
  scenario.name = sweep.base.name + "-point-" + std::to_string(point);
  const std::string origin = sweep.name + " point " + std::to_string(point);
  std::string record = "\n# sweep '" + sweep.name + "', point " + std::to_string(point) + ":\n";
  for (std::size_t j = 0; j < sweep.parameters.size(); ++j) {
    scenarios::set_value(scenario, sweep.parameters[j].key, values[j], origin);
    record += "#   " + sweep.parameters[j].key + " = " + number_text(values[j]) + "\n";
  }
  scenario.resolved_toml += record;
  return scenario;
}

}  // namespace icsflow::sweeps
