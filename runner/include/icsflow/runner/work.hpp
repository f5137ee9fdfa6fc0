#pragma once
// Runs sweep points: each point's replications one after another on one thread, several points at
// once on TBB worker threads. Which thread or process runs a point never changes its numbers.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "icsflow/runner/settings.hpp"
#include "icsflow/runner/sweep_record.hpp"
#include "icsflow/sweeps/sweep.hpp"

namespace icsflow::runner {

// A sweep's run settings: its master seed, scale, years, warm-up and replications; one thread a point.
RunSettings sweep_settings(const sweeps::Sweep& sweep);

// One point, every replication (seeds: replication_seed(master_seed, r), common to all points).
PointResult run_point(const sweeps::Sweep& sweep, const sweeps::DesignPoint& point, std::int64_t index);

// `threads` workers take points from `next` until it has none (or one worker fails: the others stop
// taking points, and the failure is rethrown once they are done); `done` is called one at a time.
void run_points(const sweeps::Sweep& sweep, const std::vector<sweeps::DesignPoint>& design, unsigned threads,
                const std::function<std::optional<std::int64_t>()>& next,
                const std::function<void(const PointResult&)>& done);

}  // namespace icsflow::runner
