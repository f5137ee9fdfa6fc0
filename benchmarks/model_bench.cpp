// The South East London model end to end: one replication of the siloed baseline at several scales,
// reporting engine events per second and residents simulated per second. Run in Release:
//   build/icsflow_model_bench --benchmark_min_time=1
// The whole-run figures (wall time, peak memory, scaling with residents and years) come from
// scripts/bench-model; both are written up in docs/performance.md.
#include <benchmark/benchmark.h>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/care_system.hpp"

namespace {

void BM_SelYear(benchmark::State& state) {
  const icsflow::models::ModelParams params = icsflow::models::load_embedded_baseline();
  icsflow::models::RunSettings settings;
  settings.scale = static_cast<double>(state.range(0)) / 100.0;
  settings.threads = static_cast<unsigned>(state.range(1));
  settings.years = 1;
  std::uint64_t events = 0;
  std::int64_t residents = 0;
  for (auto _ : state) {
    const icsflow::models::ReplicationResult result = icsflow::models::run_replication(params, settings);
    events += result.events_executed;
    residents += result.residents;
    ++settings.seed;
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["resident_years_per_s"] =
      benchmark::Counter(static_cast<double>(residents), benchmark::Counter::kIsRate);
}

// Arguments: scale in percent, threads.
BENCHMARK(BM_SelYear)
    ->Args({10, 1})
    ->Args({25, 1})
    ->Args({100, 1})
    ->Args({100, 2})
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
