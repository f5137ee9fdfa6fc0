// The sweep results file: /sweep (attributes, parameters, design, runs, points) and /sensitivity, written
// whole and read back into a SweepRecord (docs/sweeps.md).
#include "icsflow/runner/sweep_store.hpp"

#include "icsflow/models/metrics.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/results/hdf5_reader.hpp"
#include "icsflow/runner/results_layout.hpp"
#include "icsflow/runner/settings.hpp"

namespace icsflow::runner {
namespace {

namespace fs = std::filesystem;
using results::Column;
using results::Table;

template <typename T>
const std::vector<T>& column(const Table& table, const std::string& name, const std::string& where) {
  for (const Column& c : table.columns()) {
    if (c.name == name) {
      if (const auto* values = std::get_if<std::vector<T>>(&c.data)) return *values;
      throw results::ResultsError(where + ": column '" + name + "' has an unexpected type");
    }
  }
  throw results::ResultsError(where + ": no column '" + name + "'");
}

}  // namespace

SweepRecord read_sweep_file(const fs::path& path) {
  const results::Hdf5Reader file(path);
  const std::string where = path.string();
  if (!file.has("/sweep") || !file.has_attribute("/sweep", "fingerprint")) {
    throw results::ResultsError(where + ": not a sweep results file (no /sweep)");
  }
  SweepRecord record;
  record.name = file.string_attribute("/sweep", "name");
  record.definition = file.string_attribute("/sweep", "definition");
  record.fingerprint = std::stoull(file.string_attribute("/sweep", "fingerprint"), nullptr, 16);
  record.sweep_toml = file.string_attribute("/sweep", "sweep_toml");
  record.design_kind = file.string_attribute("/sweep", "design");
  record.replications = file.int_attribute("/sweep", "replications");
  record.master_seed = file.int_attribute("/sweep", "master_seed");
  record.scale = file.double_attribute("/sweep", "scale");
  record.years = file.double_attribute("/sweep", "years");
  record.base_scenario = file.string_attribute("/sweep", "base_scenario");
  record.parameters = file.read_table("/sweep/parameters");
  record.parameter_keys = column<std::string>(record.parameters, "key", where + " /sweep/parameters");

  const Table design = file.read_table("/sweep/design");
  const auto& blocks = column<std::string>(design, "block", where + " /sweep/design");
  record.design.resize(blocks.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) record.design[i].block = blocks[i];
  for (const std::string& key : record.parameter_keys) {
    const auto& values = column<double>(design, key, where + " /sweep/design");
    for (std::size_t i = 0; i < values.size(); ++i) record.design[i].values.push_back(values[i]);
  }

  const Table runs = file.read_table("/sweep/runs");
  const std::string runs_where = where + " /sweep/runs";
  const auto& point = column<std::int64_t>(runs, "point", runs_where);
  const auto& seed = column<std::int64_t>(runs, "seed", runs_where);
  const auto& wall = column<double>(runs, "wall_seconds", runs_where);
  std::vector<const std::vector<double>*> outputs;
  for (const models::Metric* output : models::sweep_outputs())
    outputs.push_back(&column<double>(runs, std::string(output->name), runs_where));
  std::vector<PointResult> results;
  for (std::size_t row = 0; row < point.size(); ++row) {
    if (results.empty() || results.back().point != point[row]) results.push_back({point[row], {}, {}, {}});
    PointResult& result = results.back();
    result.seeds.push_back(static_cast<std::uint64_t>(seed[row]));
    result.wall_seconds.push_back(wall[row]);
    result.outputs.emplace_back();
    for (const auto* values : outputs) result.outputs.back().push_back((*values)[row]);
  }
  add_results(record, results, where);
  return record;
}

SweepRecord merge_sweep_files(const std::vector<fs::path>& parts) {
  SweepRecord merged = read_sweep_file(parts.at(0));
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const SweepRecord part = read_sweep_file(parts[i]);
    if (part.fingerprint != merged.fingerprint) {
      throw InputError(parts[i].string() + " is from a different sweep than " + parts.front().string() +
                       " (its definition or base scenario differs): only slices of one sweep can be merged");
    }
    std::vector<PointResult> results;
    for (const auto& [point, result] : part.done) results.push_back(result);
    try {
      add_results(merged, results, parts[i].string());
    } catch (const std::runtime_error& conflict) {
      throw InputError(conflict.what());
    }
  }
  return merged;
}

void write_sweep_file(const fs::path& path, const SweepRecord& record, const Table& sensitivity,
                      const std::string& command_line) {
  results::Hdf5File file(path);
  write_file_header(file, command_line);
  file.set_attribute("/sweep", "name", record.name);
  file.set_attribute("/sweep", "definition", record.definition);
  file.set_attribute("/sweep", "fingerprint", fingerprint_text(record.fingerprint));
  file.set_attribute("/sweep", "sweep_toml", record.sweep_toml);
  file.set_attribute("/sweep", "design", record.design_kind);
  file.set_attribute("/sweep", "replications", record.replications);
  file.set_attribute("/sweep", "master_seed", record.master_seed);
  file.set_attribute("/sweep", "scale", record.scale);
  file.set_attribute("/sweep", "years", record.years);
  file.set_attribute("/sweep", "base_scenario", record.base_scenario);
  file.set_attribute("/sweep", "points", static_cast<std::int64_t>(record.design.size()));
  file.set_attribute("/sweep", "points_complete", static_cast<std::int64_t>(record.done.size()));
  file.write_table("/sweep/parameters", record.parameters);

  const std::size_t k = record.parameter_keys.size();
  std::vector<std::int64_t> design_point;
  std::vector<std::string> design_block;
  std::vector<std::vector<double>> design_values(k);
  for (std::size_t i = 0; i < record.design.size(); ++i) {
    design_point.push_back(static_cast<std::int64_t>(i));
    design_block.push_back(record.design[i].block);
    for (std::size_t j = 0; j < k; ++j) design_values[j].push_back(record.design[i].values[j]);
  }
  Table design;
  design.add({"point", "", design_point});
  design.add({"block", "sobol: A, B or AB:<key>", design_block});
  for (std::size_t j = 0; j < k; ++j) design.add({record.parameter_keys[j], "", design_values[j]});
  file.write_table("/sweep/design", design);

  // One row per replication run, and one per completed point (the mean over its replications).
  const std::size_t m = models::sweep_outputs().size();
  std::vector<std::int64_t> run_point, run_replication, run_seed;
  std::vector<double> run_wall;
  std::vector<std::vector<double>> run_outputs(m);
  std::vector<std::int64_t> point_index;
  std::vector<std::string> point_block;
  std::vector<std::vector<double>> point_values(k), point_means(m);
  for (const auto& [point, result] : record.done) {
    for (std::size_t r = 0; r < result.seeds.size(); ++r) {
      run_point.push_back(point);
      run_replication.push_back(static_cast<std::int64_t>(r));
      run_seed.push_back(static_cast<std::int64_t>(result.seeds[r]));
      run_wall.push_back(result.wall_seconds[r]);
      for (std::size_t o = 0; o < m; ++o) run_outputs[o].push_back(result.outputs[r][o]);
    }
    point_index.push_back(point);
    point_block.push_back(record.design[static_cast<std::size_t>(point)].block);
    for (std::size_t j = 0; j < k; ++j)
      point_values[j].push_back(record.design[static_cast<std::size_t>(point)].values[j]);
    const std::vector<double> means = mean_outputs(result);
    for (std::size_t o = 0; o < m; ++o) point_means[o].push_back(means[o]);
  }
  Table runs, points;
  runs.add({"point", "", run_point});
  runs.add({"replication", "", run_replication});
  runs.add({"seed", "", run_seed});
  runs.add({"wall_seconds", "s", run_wall});
  points.add({"point", "", point_index});
  points.add({"block", "sobol: A, B or AB:<key>", point_block});
  for (std::size_t j = 0; j < k; ++j) points.add({record.parameter_keys[j], "", point_values[j]});
  for (std::size_t o = 0; o < m; ++o) {
    const models::Metric& output = *models::sweep_outputs()[o];
    runs.add({std::string(output.name), std::string(output.unit), run_outputs[o]});
    points.add({std::string(output.name), "mean over replications; " + std::string(output.unit), point_means[o]});
  }
  file.write_table("/sweep/runs", runs);
  file.write_table("/sweep/points", points);
  if (sensitivity.rows() > 0) file.write_table("/sensitivity", sensitivity);
  file.commit();
}

}  // namespace icsflow::runner
