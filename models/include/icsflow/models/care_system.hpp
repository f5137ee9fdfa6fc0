#pragma once
// The South East London care-system model: runs one replication on the engine and returns its results.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "icsflow/models/params.hpp"
#include "icsflow/models/results.hpp"

namespace icsflow::models {

struct RunSettings {
  std::uint64_t seed = 1;
  double scale = 1.0;       // fraction of the population (and of every capacity) simulated
  double years = 1.0;       // length of the results period
  double warmup_days = 60;  // simulated before the results period and excluded from it
  unsigned threads = 1;     // never changes the results
  std::uint32_t pcn_shards_per_pcn = 1;
};

// Called with the fraction of simulated time done (0..1), from the calling thread.
using ProgressCallback = std::function<void(double)>;

ReplicationResult run_replication(const ModelParams& params, const RunSettings& settings,
                                  const ProgressCallback& progress = {});

}  // namespace icsflow::models
