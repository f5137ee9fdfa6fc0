#pragma once
// Sweep files (TOML): a base scenario, parameters with ranges and distributions, a design, replications
// and a master seed -> a frozen, validated `Sweep` and its design points. Nothing here runs the model.
//
//   scenario = "../scenarios/partnership.toml"      # relative to the sweep file
//   replications = 2
//   master_seed = 20261123
//   [design]
//   kind = "latin_hypercube"                        # or "grid", or "sobol" (Saltelli)
//   points = 40
//   [[parameter]]
//   key = "levers.handoffs.reduction"               # any number, effect range or flag of a scenario
//   distribution = "uniform"                        # log_uniform, triangular (low, mode, high), list
//   low = 0.2
//   high = 0.8
//
// Problems are reported as file:line:column, key path, message (docs/sweeps.md lists every key).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "icsflow/models/params.hpp"
#include "icsflow/scenarios/scenario.hpp"

namespace icsflow::sweeps {

class SweepError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Distribution { uniform, log_uniform, triangular, list };

struct Parameter {
  std::string key;  // a scenario key path, e.g. "levers.handoffs.reduction"
  Distribution distribution = Distribution::uniform;
  double low = 0;
  double mode = 0;  // triangular only
  double high = 0;
  std::vector<double> values;  // list only (flags: 0 and 1)
  bool flag = false;           // the key is true/false: values are written as booleans
  int levels = 0;              // grid only, for the continuous distributions

  // The value at probability u in [0, 1) (the inverse distribution function; a list's values are
  // equally likely).
  [[nodiscard]] double quantile(double u) const;
};

enum class DesignKind { latin_hypercube, grid, sobol };

struct Sweep {
  std::string name;
  std::string description;
  std::string text;  // the sweep file as given
  std::filesystem::path scenario_file;
  models::ModelParams baseline;  // the embedded data the scenarios start from
  scenarios::Scenario base;
  std::vector<Parameter> parameters;
  DesignKind design = DesignKind::latin_hypercube;
  int design_size = 0;  // latin_hypercube: points; sobol: base samples N (N * (k + 2) points); grid: unused
  int replications = 1;
  std::uint64_t master_seed = 1;
  double scale = 1.0;
  double years = 1.0;
  double warmup_days = 60;
  std::vector<std::string> warnings;  // e.g. a parameter of a lever the base scenario leaves off

  // What the results depend on, as canonical text (the base scenario resolved, not its path); two
  // sweeps with the same definition produce the same numbers, and only their results may be merged.
  std::string definition;
  std::uint64_t fingerprint = 0;  // FNV-1a of `definition`
};

Sweep load_sweep(const std::filesystem::path& file, const models::ModelParams& baseline);
// The same from text; the scenario path is resolved against `folder`.
Sweep load_sweep_text(const std::string& text, const std::string& origin, const std::filesystem::path& folder,
                      const models::ModelParams& baseline);

// Run settings given on the command line instead of the file's (sweep --replications --scale --years
// --seed): checked like the file's (SweepError naming the option otherwise); the definition and its
// fingerprint follow, so results of different settings are never mixed.
struct RunOverrides {
  std::optional<int> replications;
  std::optional<double> scale;
  std::optional<double> years;
  std::optional<std::uint64_t> master_seed;
};
void apply_overrides(Sweep& sweep, const RunOverrides& overrides);

// The design: one row of parameter values per point, in a fixed order that depends only on the
// sweep's definition. For sobol, rows are A (N), B (N), then A with column i from B, for each i.
struct DesignPoint {
  std::vector<double> values;
  std::string block;  // "" (latin_hypercube, grid), "A", "B" or "AB:<key>" (sobol)
};
std::vector<DesignPoint> design_points(const Sweep& sweep);

// Where a sobol (Saltelli) design keeps its matrices: the one statement of the layout, used to write the
// design and to read each matrix's outputs back for the Sobol indices.
struct SaltelliLayout {
  std::size_t base_samples = 0;  // N
  std::size_t parameters = 0;    // k

  [[nodiscard]] std::size_t points() const { return base_samples * (parameters + 2); }
  [[nodiscard]] std::size_t a(std::size_t sample) const { return sample; }
  [[nodiscard]] std::size_t b(std::size_t sample) const { return base_samples + sample; }
  // A with parameter j's column from B.
  [[nodiscard]] std::size_t ab(std::size_t parameter, std::size_t sample) const {
    return (2 + parameter) * base_samples + sample;
  }
};
// The layout of a sobol design of `points` points over `parameters` parameters; std::invalid_argument when
// `points` is not N (k + 2).
SaltelliLayout saltelli_layout(std::size_t points, std::size_t parameters);

// The base scenario with a point's values set (each checked against the scenario schema; a value out
// of a key's range throws ScenarioError).
scenarios::Scenario point_scenario(const Sweep& sweep, const std::vector<double>& values, std::size_t point);

const char* to_string(Distribution distribution);
const char* to_string(DesignKind kind);

}  // namespace icsflow::sweeps
