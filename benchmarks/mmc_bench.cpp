// The M/M/c model end to end, as icsflow-mmc runs it: per patient an arrival, a service and a departure
// event, a seize and a release, and two counter-based random draws. One iteration is one replication of
// kPatients patients; the patients_per_s counter is the model's throughput on one core.
#include <cstdint>

#include <benchmark/benchmark.h>

#include "mmc_model.hpp"

namespace icsflow::mmc {
namespace {

constexpr std::uint64_t kPatients = 1'000'000;

// Argument: the number of servers c, with lambda chosen for 90% utilisation (mu = 1).
void mmc_replication(benchmark::State& state) {
  const std::int64_t servers = state.range(0);
  MmcParameters parameters{.arrival_rate = 0.9 * static_cast<double>(servers),
                           .service_rate = 1.0,
                           .servers = servers,
                           .patients = kPatients,
                           .warmup_patients = kPatients / 10};
  // The result feeds a counter, so the run cannot be optimised away. (No DoNotOptimize on a double:
  // with GCC 12 and Google Benchmark 1.7.1 it garbled the value.)
  double mean_wait = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const MmcResult result = run_mmc(parameters);
    mean_wait = result.mean_wait;
    events += result.events_executed;
    ++parameters.seed;
  }
  const auto patients = static_cast<double>(kPatients * static_cast<std::uint64_t>(state.iterations()));
  state.counters["patients_per_s"] = benchmark::Counter(patients, benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["mean_wait"] = mean_wait;
}
BENCHMARK(mmc_replication)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace icsflow::mmc
