#pragma once
// The settings of a run, for every command that runs scenarios: how much of the population, how long,
// how many replications, from which master seed, on how many threads. Each replication's model settings
// (models::RunSettings) are derived from them, so that replication r of every scenario and of every sweep
// point gets the same seed (common random numbers).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>

#include "icsflow/models/care_system.hpp"

namespace icsflow::runner {

struct RunSettings {
  std::uint64_t seed = 1;   // master seed, below 2^63
  double scale = 1.0;       // fraction of the population (and of every capacity) simulated, in [1e-4, 1]
  double years = 1.0;       // length of the results period, in [1/365, 50]: at least a day
  double warmup_days = 60;  // simulated first and left out of the results, in [0, 3650]
  unsigned threads = 0;     // 0 = every core, else 1..kMaxThreads; never changes the results
  int replications = 1;     // 1..10000
};

// Limits shared by every command (and by sweep files): below a ten-thousandth of SEL (190 residents) the
// groups the results are given for are empty; more threads than this is a typing error.
inline constexpr double kMinScale = 1e-4;
inline constexpr double kMinYears = 1.0 / 365;
inline constexpr unsigned kMaxThreads = 1024;
// Replications when a command is not told: the same for run, compare, calibrate and scripts/run (enough for
// intervals that separate the levers' effects from noise at full scale, about 25 s a scenario on 2 cores).
inline constexpr int kDefaultReplications = 10;

// Bad input to a run: a setting out of its range (the message names it: "scale must be in [0.0001, 1], got 2"),
// an output that holds another sweep's results. Nothing has been run or written.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The settings checked (InputError otherwise), with threads 0 resolved to the machine's cores.
RunSettings checked(RunSettings settings);

// Threads asked for (0 = every core), checked: InputError above kMaxThreads.
unsigned checked_threads(unsigned threads);

// Replication r of every scenario run with the same master seed gets the same seed.
std::uint64_t replication_seed(std::uint64_t master_seed, int replication);
models::RunSettings replication_settings(const RunSettings& settings, int replication, unsigned threads);

// Told the fraction (0..1) of task `task` done; called from worker threads.
using ProgressFn = std::function<void(std::size_t task, double fraction)>;

}  // namespace icsflow::runner
