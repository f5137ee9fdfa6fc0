#pragma once
// Runs a scenario's replications (whole replications in parallel when there are threads to spare) and
// keeps the results.
#include <cstdint>
#include <vector>

#include "icsflow/models/results.hpp"
#include "icsflow/runner/settings.hpp"
#include "icsflow/scenarios/scenario.hpp"

namespace icsflow::runner {

struct ScenarioResults {
  scenarios::Scenario scenario;
  RunSettings settings;
  std::vector<std::uint64_t> replication_seeds;
  std::vector<models::ReplicationResult> replications;
  std::vector<double> wall_seconds;
};

// `settings` as checked(); progress tasks [first_task, first_task + replications) are updated.
ScenarioResults run_scenario(const scenarios::Scenario& scenario, const RunSettings& settings,
                             const ProgressFn& progress = {}, std::size_t first_task = 0);

}  // namespace icsflow::runner
