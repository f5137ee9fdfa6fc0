#include "icsflow/runner/work.hpp"

#include <atomic>
#include <chrono>
#include <mutex>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "icsflow/models/care_system.hpp"

namespace icsflow::runner {

RunSettings sweep_settings(const sweeps::Sweep& sweep) {
  RunSettings settings;
  settings.seed = sweep.master_seed;
  settings.scale = sweep.scale;
  settings.years = sweep.years;
  settings.warmup_days = sweep.warmup_days;
  settings.replications = sweep.replications;
  settings.threads = 1;
  return settings;
}

PointResult run_point(const sweeps::Sweep& sweep, const sweeps::DesignPoint& point, std::int64_t index) {
  const scenarios::Scenario scenario = sweeps::point_scenario(sweep, point.values, static_cast<std::size_t>(index));
  PointResult result;
  result.point = index;
  const RunSettings run = sweep_settings(sweep);
  for (int r = 0; r < run.replications; ++r) {
    const models::RunSettings settings = replication_settings(run, r, 1);
    const auto start = std::chrono::steady_clock::now();
    const models::ReplicationResult replication = models::run_replication(scenario.params, settings, {});
    result.wall_seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    result.seeds.push_back(settings.seed);
    result.outputs.push_back(sweep_output_values(replication, sweep.scale, sweep.years));
  }
  return result;
}

void run_points(const sweeps::Sweep& sweep, const std::vector<sweeps::DesignPoint>& design, unsigned threads,
                const std::function<std::optional<std::int64_t>()>& next,
                const std::function<void(const PointResult&)>& done) {
  std::mutex mutex;  // `next` and `done` one at a time
  std::atomic<bool> failed{false};
  const auto worker = [&](int) {
    while (!failed.load()) {
      std::optional<std::int64_t> index;
      {
        std::lock_guard lock(mutex);
        index = next();
      }
      if (!index) return;
      try {
        const PointResult result = run_point(sweep, design[static_cast<std::size_t>(*index)], *index);
        std::lock_guard lock(mutex);
        done(result);
      } catch (...) {
        failed.store(true);
        throw;
      }
    }
  };
  tbb::task_arena arena(static_cast<int>(threads));
  arena.execute([&] { tbb::parallel_for(0, static_cast<int>(threads), worker, tbb::simple_partitioner()); });
}

}  // namespace icsflow::runner
