#include "icsflow/runner/scenario_run.hpp"

#include <chrono>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace icsflow::runner {

ScenarioResults run_scenario(const scenarios::Scenario& scenario, const RunSettings& settings,
                             const ProgressFn& progress, std::size_t first_task) {
  const auto count = static_cast<std::size_t>(settings.replications);
  ScenarioResults results{
      scenario, settings, {}, std::vector<models::ReplicationResult>(count), std::vector<double>(count)};
  for (int r = 0; r < settings.replications; ++r)
    results.replication_seeds.push_back(replication_seed(settings.seed, r));
  const auto report = [&progress](std::size_t task, double done) {
    if (progress) progress(task, done);
  };

  // Whole replications in parallel use the cores better than parallel windows inside one; either way
  // the numbers are the same.
  const bool parallel_replications = settings.threads > 1 && count > 1;
  const auto run_one = [&](std::size_t r, unsigned threads) {
    const models::RunSettings one = replication_settings(settings, static_cast<int>(r), threads);
    const auto start = std::chrono::steady_clock::now();
    results.replications[r] = models::run_replication(
        scenario.params, one, [&report, task = first_task + r](double done) { report(task, done); });
    results.wall_seconds[r] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report(first_task + r, 1.0);
  };
  if (parallel_replications) {
    tbb::task_arena arena(static_cast<int>(settings.threads));
    arena.execute([&] { tbb::parallel_for(std::size_t{0}, count, [&](std::size_t r) { run_one(r, 1); }); });
  } else {
    for (std::size_t r = 0; r < count; ++r) run_one(r, std::max(1U, settings.threads));
  }
  return results;
}

}  // namespace icsflow::runner
