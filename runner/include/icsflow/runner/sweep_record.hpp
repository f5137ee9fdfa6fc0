#pragma once
// A sweep's results, whichever way they were run: the design and the points completed so far. Completed
// points go to a journal as they finish (journal.hpp), and the HDF5 file is written whole from the
// journals and any earlier file (sweep_store.hpp) — so an interrupted sweep loses at most its points in
// flight and never leaves a corrupt file.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "icsflow/models/results.hpp"
#include "icsflow/results/table.hpp"
#include "icsflow/sweeps/sweep.hpp"

namespace icsflow::runner {

// What is recorded for each replication of a point: the registry's sweep outputs (models::sweep_outputs()),
// for South East London, counts and spend a year for the whole population.
std::vector<double> sweep_output_values(const models::ReplicationResult& result, double scale, double years);

struct PointResult {
  std::int64_t point = 0;
  std::vector<std::uint64_t> seeds;          // per replication
  std::vector<double> wall_seconds;          // per replication (not part of the results' identity)
  std::vector<std::vector<double>> outputs;  // [replication][output]
};

// Each output's mean over the point's replications.
std::vector<double> mean_outputs(const PointResult& result);

struct SweepRecord {
  std::string name;
  std::string definition;  // Sweep::definition
  std::uint64_t fingerprint = 0;
  std::string sweep_toml;  // the sweep file as given
  std::string design_kind;
  std::int64_t replications = 0;
  std::int64_t master_seed = 0;
  double scale = 1;
  double years = 1;
  std::string base_scenario;
  results::Table parameters;  // key, distribution, low, mode, high, levels, values
  std::vector<std::string> parameter_keys;
  std::vector<sweeps::DesignPoint> design;
  std::map<std::int64_t, PointResult> done;  // by point
};

SweepRecord new_record(const sweeps::Sweep& sweep, const std::vector<sweeps::DesignPoint>& design);

// Adds results, checking that each was run with the sweep's replications and seeds and that a point seen
// twice has the same numbers (it must: seeds come from the master seed). Throws std::runtime_error otherwise.
void add_results(SweepRecord& record, const std::vector<PointResult>& results, const std::string& source);

// Whether every point of the design is done.
[[nodiscard]] bool complete(const SweepRecord& record);

// A sweep's fingerprint as the journal and the file write it (16 hexadecimal digits).
std::string fingerprint_text(std::uint64_t fingerprint);

}  // namespace icsflow::runner
