#pragma once
// Runs a scenario's replications (in parallel when there are threads to spare) and keeps the results.
#include <cstdint>
#include <vector>

#include "icsflow/models/results.hpp"
#include "icsflow/scenarios/scenario.hpp"
#include "progress.hpp"

namespace icsflow::app {

struct RunRequest {
  std::uint64_t seed = 1;
  double scale = 1.0;
  double years = 1.0;
  double warmup_days = 60;
  unsigned threads = 1;
  int replications = 1;
};

struct ScenarioResults {
  scenarios::Scenario scenario;
  RunRequest request;
  std::vector<std::uint64_t> replication_seeds;
  std::vector<models::ReplicationResult> replications;
  std::vector<double> wall_seconds;
};

// Replication r of every scenario run with the same master seed gets the same seed: common random numbers.
std::uint64_t replication_seed(std::uint64_t master_seed, int replication);

// `progress` tasks [first_task, first_task + replications) are updated.
ScenarioResults run_scenario(const scenarios::Scenario& scenario, const RunRequest& request, Progress& progress,
                             std::size_t first_task = 0);

}  // namespace icsflow::app
