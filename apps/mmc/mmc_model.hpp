#pragma once
// The M/M/c(/K) queue as an icsflow model: Poisson arrivals, exponential service, c identical servers
// and a FIFO queue that is unlimited, limited to K places, or absent (K = 0: the M/M/c/c loss system).
//
// It is the engine's reference model: small enough that queueing theory gives the exact answer, so the
// validation tests can compare the two, and cheap enough per patient to measure the engine's overhead.
#include <cstdint>
#include <optional>
#include <string>

#include "icsflow/sim/queue_kind.hpp"
#include "icsflow/sim/resource.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::mmc {

inline constexpr std::int64_t kUnlimitedQueue = sim::Resource::kUnlimitedQueue;

struct MmcParameters {
  double arrival_rate = 0.9;                   // lambda: patients per time unit
  double service_rate = 1.0;                   // mu: patients per time unit per busy server
  std::int64_t servers = 1;                    // c
  std::int64_t queue_limit = kUnlimitedQueue;  // places to wait; 0 makes a loss system
  std::uint64_t patients = 100'000;            // arrivals simulated, warm-up included
  std::uint64_t seed = 1;
  // The first patients are simulated but left out of every statistic except the exact sample-path totals:
  // the queue starts empty, which is not a typical state of the steady state being estimated.
  std::uint64_t warmup_patients = 0;
  // Time is an integer count of ticks. With a million ticks per time unit, rounding an exponential time to
  // the nearest tick changes it by at most 5e-7 time units and its mean by far less, far below the
  // statistical error of any run; the 64-bit clock still leaves room for runs of ~1e12 time units.
  sim::Time ticks_per_time_unit = 1'000'000;
  sim::QueueKind event_queue = sim::QueueKind::quaternary_heap;
};

struct MmcResult {
  // Estimates over the patients after the warm-up. Waits are those of the patients who were served.
  double mean_wait = 0;          // in queue, in time units
  double fraction_rejected = 0;  // of the arrivals after the warm-up
  // Time averages over the observation window: from the arrival of the first patient after the warm-up to
  // the arrival of the last patient (after that, arrivals stop and the system drains, which is not steady
  // state). From the integrals the Resource keeps.
  double mean_in_queue = 0;
  double mean_in_system = 0;
  double observed_time = 0;    // length of that window, in time units
  std::uint64_t arrivals = 0;  // after the warm-up, as are served and rejected
  std::uint64_t served = 0;
  std::uint64_t rejected = 0;

  // The whole run, warm-up included, until the last departure.
  double simulated_time = 0;  // in time units
  std::uint64_t events_executed = 0;
  // Exact sample-path totals in ticks, for checking Little's law without statistics: once the system has
  // drained, the integral of the queue length equals the sum of the waits, and the integral of busy
  // servers equals the sum of the service times.
  sim::Time total_wait_ticks = 0;             // measured by the model: grant time - arrival time, summed
  sim::Time total_service_ticks = 0;          // measured by the model
  sim::Time queue_length_integral_ticks = 0;  // kept by the Resource
  sim::Time busy_servers_integral_ticks = 0;  // kept by the Resource
};

// Returns what is wrong with the parameters, in one sentence naming the parameter, or nothing if they can
// be simulated. An unlimited queue needs lambda < c·mu: otherwise it grows without bound and there is no
// steady state to estimate.
std::optional<std::string> find_parameter_problem(const MmcParameters& parameters);

// The clock's resolution for these rates: a million ticks per time unit, or more (a power of ten) so that
// the shorter mean time, 1 / max(lambda, mu), spans at least kTicksPerShortestMean ticks.
inline constexpr double kTicksPerShortestMean = 1e5;
sim::Time resolution_for(double arrival_rate, double service_rate);
// More servers than this is a typing error (and Erlang C's sum would take minutes).
inline constexpr std::int64_t kMaxServers = 1'000'000;

// Simulates one replication. Throws std::invalid_argument with find_parameter_problem's message.
MmcResult run_mmc(const MmcParameters& parameters);

}  // namespace icsflow::mmc
