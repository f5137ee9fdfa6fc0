#include "scenario_runner.hpp"

#include <chrono>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "icsflow/models/care_system.hpp"
#include "icsflow/sim/random.hpp"

namespace icsflow::app {

std::uint64_t replication_seed(std::uint64_t master_seed, int replication) {
  constexpr std::uint64_t kReplicationPurpose = 0x7265706c;  // "repl"
  // 63 bits, so that the seed also fits the signed integers of HDF5 tables and R.
  return sim::RandomStream(master_seed, 0, kReplicationPurpose, static_cast<std::uint64_t>(replication))() >> 1;
}

ScenarioResults run_scenario(const scenarios::Scenario& scenario, const RunRequest& request, Progress& progress,
                             std::size_t first_task) {
  const auto count = static_cast<std::size_t>(request.replications);
  ScenarioResults results{
      scenario, request, {}, std::vector<models::ReplicationResult>(count), std::vector<double>(count)};
  for (int r = 0; r < request.replications; ++r) results.replication_seeds.push_back(replication_seed(request.seed, r));

  // Whole replications in parallel use the cores better than parallel windows inside one; either way
  // the numbers are the same.
  const bool parallel_replications = request.threads > 1 && count > 1;
  const auto run_one = [&](std::size_t r, unsigned threads) {
    models::RunSettings settings;
    settings.seed = results.replication_seeds[r];
    settings.scale = request.scale;
    settings.years = request.years;
    settings.warmup_days = request.warmup_days;
    settings.threads = threads;
    const auto start = std::chrono::steady_clock::now();
    results.replications[r] = models::run_replication(
        scenario.params, settings, [&progress, task = first_task + r](double done) { progress.update(task, done); });
    results.wall_seconds[r] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.update(first_task + r, 1.0);
  };
  if (parallel_replications) {
    tbb::task_arena arena(static_cast<int>(request.threads));
    arena.execute([&] { tbb::parallel_for(std::size_t{0}, count, [&](std::size_t r) { run_one(r, 1); }); });
  } else {
    for (std::size_t r = 0; r < count; ++r) run_one(r, request.threads);
  }
  return results;
}

}  // namespace icsflow::app
