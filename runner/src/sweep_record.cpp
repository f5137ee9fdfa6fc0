#include "icsflow/runner/sweep_record.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "icsflow/models/metrics.hpp"
#include "icsflow/runner/settings.hpp"

namespace icsflow::runner {
namespace {

bool same_numbers(const PointResult& a, const PointResult& b) {
  if (a.seeds != b.seeds || a.outputs.size() != b.outputs.size()) return false;
  for (std::size_t r = 0; r < a.outputs.size(); ++r) {
    if (a.outputs[r].size() != b.outputs[r].size()) return false;
    // Bit for bit (NaN included).
    if (std::memcmp(a.outputs[r].data(), b.outputs[r].data(), a.outputs[r].size() * sizeof(double)) != 0) return false;
  }
  return true;
}

}  // namespace

std::string fingerprint_text(std::uint64_t fingerprint) {
  char text[24];
  std::snprintf(text, sizeof text, "%016" PRIx64, fingerprint);
  return text;
}

std::vector<double> sweep_output_values(const models::ReplicationResult& result, double scale, double years) {
  std::vector<double> values;
  for (const models::Metric* output : models::sweep_outputs())
    values.push_back(models::metric_value(*output, result, {}, {years, scale}));
  return values;
}

std::vector<double> mean_outputs(const PointResult& result) {
  std::vector<double> means(models::sweep_outputs().size(), 0.0);
  for (const auto& outputs : result.outputs) {
    for (std::size_t o = 0; o < means.size(); ++o) means[o] += outputs[o];
  }
  for (double& mean : means) mean /= static_cast<double>(result.outputs.size());
  return means;
}

SweepRecord new_record(const sweeps::Sweep& sweep, const std::vector<sweeps::DesignPoint>& design) {
  SweepRecord record;
  record.name = sweep.name;
  record.definition = sweep.definition;
  record.fingerprint = sweep.fingerprint;
  record.sweep_toml = sweep.text;
  record.design_kind = sweeps::to_string(sweep.design);
  record.replications = sweep.replications;
  record.master_seed = static_cast<std::int64_t>(sweep.master_seed);
  record.scale = sweep.scale;
  record.years = sweep.years;
  record.base_scenario = sweep.base.name;
  record.design = design;
  std::vector<std::string> key, distribution, values;
  std::vector<double> low, mode, high;
  std::vector<std::int64_t> levels;
  for (const sweeps::Parameter& p : sweep.parameters) {
    record.parameter_keys.push_back(p.key);
    key.push_back(p.key);
    distribution.push_back(sweeps::to_string(p.distribution));
    const bool list = p.distribution == sweeps::Distribution::list;
    low.push_back(list ? std::nan("") : p.low);
    mode.push_back(p.distribution == sweeps::Distribution::triangular ? p.mode : std::nan(""));
    high.push_back(list ? std::nan("") : p.high);
    levels.push_back(p.levels);
    std::ostringstream text;
    for (std::size_t i = 0; i < p.values.size(); ++i) text << (i > 0 ? " " : "") << p.values[i];
    values.push_back(text.str());
  }
  record.parameters.add({"key", "scenario key path", key});
  record.parameters.add({"distribution", "", distribution});
  record.parameters.add({"low", "", low});
  record.parameters.add({"mode", "triangular only", mode});
  record.parameters.add({"high", "", high});
  record.parameters.add({"levels", "grid only", levels});
  record.parameters.add({"values", "list only; flags as 0/1", values});
  return record;
}

void add_results(SweepRecord& record, const std::vector<PointResult>& results, const std::string& source) {
  for (const PointResult& result : results) {
    if (result.point < 0 || result.point >= static_cast<std::int64_t>(record.design.size())) {
      throw std::runtime_error(source + ": point " + std::to_string(result.point) + " is not in the design");
    }
    bool seeds_match = result.seeds.size() == static_cast<std::size_t>(record.replications);
    for (std::size_t r = 0; seeds_match && r < result.seeds.size(); ++r) {
      seeds_match =
          result.seeds[r] == replication_seed(static_cast<std::uint64_t>(record.master_seed), static_cast<int>(r));
    }
    if (!seeds_match) {
      throw std::runtime_error(source + ": point " + std::to_string(result.point) +
                               " was not run with this sweep's replications and seeds");
    }
    const auto [existing, inserted] = record.done.emplace(result.point, result);
    if (!inserted && !same_numbers(existing->second, result)) {
      throw std::runtime_error(source + ": point " + std::to_string(result.point) +
                               " has different numbers from an earlier result of the same sweep");
    }
  }
}

bool complete(const SweepRecord& record) { return record.done.size() == record.design.size(); }

}  // namespace icsflow::runner
