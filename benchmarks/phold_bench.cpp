// PHOLD (Fujimoto 1990), the standard benchmark of parallel discrete-event engines: N processes start
// with M events each; every event schedules one new event after the lookahead plus an exponential
// delay, on a random other process with probability p (a message) and otherwise on its own process.
// The number of pending events stays N·M. Reports events/s at 1 and 2 threads and the speed-up.
//
// Parameters (see docs/performance.md): N = 256 processes, M = 256 events each (65,536 pending),
// lookahead 1000 ticks, exponential part with mean 1000 ticks, so that a window holds about half the
// pending events (~33,000); p = 0.25 and 0.5.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "icsflow/sim/random.hpp"
#include "icsflow/sim/simulation.hpp"

namespace icsflow::sim {
namespace {

constexpr Time kLookahead = 1000;
constexpr double kMeanExtraDelay = 1000;
constexpr std::uint64_t kSeed = 2024;

struct Phold {
  std::vector<RandomStream> streams;  // one per process, used only by that process's events
  double remote_probability = 0;
};

struct Event {
  Phold* model;
  void operator()(Process& process) const {
    RandomStream& stream = model->streams[process.id()];
    const auto delay = kLookahead + static_cast<Time>(stream.exponential(1.0 / kMeanExtraDelay));
    const std::uint32_t n = static_cast<std::uint32_t>(model->streams.size());
    if (n > 1 && stream.bernoulli(model->remote_probability)) {
      // A uniformly chosen other process.
      auto to = static_cast<ProcessId>(stream() % (n - 1));
      if (to >= process.id()) ++to;
      process.send(to, delay, *this);
    } else {
      process.schedule(delay, *this);
    }
  }
};

// Events/s of every measured run (all repetitions), by (remote %, threads), for the speed-up lines.
std::map<std::pair<std::int64_t, std::int64_t>, std::vector<double>> g_rates;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void phold(benchmark::State& state) {
  const auto process_count = static_cast<std::uint32_t>(state.range(0));
  const auto events_per_process = static_cast<std::uint32_t>(state.range(1));
  const std::int64_t remote_percent = state.range(2);
  const auto threads = static_cast<unsigned>(state.range(3));

  Phold model;
  model.remote_probability = static_cast<double>(remote_percent) / 100.0;
  for (ProcessId id = 0; id < process_count; ++id) model.streams.emplace_back(kSeed, id, /*purpose=*/0);
  Simulation simulation({.process_count = process_count, .lookahead = kLookahead});
  for (ProcessId id = 0; id < process_count; ++id) {
    Process& process = simulation.process(id);
    RandomStream start(kSeed, id, /*purpose=*/1);
    for (std::uint32_t i = 0; i < events_per_process; ++i) {
      process.schedule(static_cast<Time>(start.exponential(1.0 / kMeanExtraDelay)), Event{&model});
    }
  }
  const RunOptions options{.threads = threads, .on_progress = {}};
  // Each event lives about 2000 ticks, so one iteration (10^5 ticks) runs about 50 events per pending
  // event and some 100 windows.
  constexpr Time kIterationSpan = 100'000;
  simulation.run_until(kIterationSpan / 10, options);  // warm-up

  const std::uint64_t events_before = simulation.stats().events_executed;
  const auto started = std::chrono::steady_clock::now();
  for (auto _ : state) simulation.run_until(simulation.now() + kIterationSpan, options);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  const auto events = static_cast<double>(simulation.stats().events_executed - events_before);
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["events/s/core"] = benchmark::Counter(events / threads, benchmark::Counter::kIsRate);
  g_rates[{remote_percent, threads}].push_back(events / elapsed.count());
}

void phold_arguments(benchmark::internal::Benchmark* benchmark) {
  benchmark->ArgNames({"processes", "events_each", "remote_pct", "threads"});
  for (const std::int64_t remote_percent : {25, 50}) {
    for (const std::int64_t threads : {1, 2}) benchmark->Args({256, 256, remote_percent, threads});
  }
}

BENCHMARK(phold)->Apply(phold_arguments)->Iterations(10)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace icsflow::sim

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  // Google Benchmark runs each configuration once to size it and then once per repetition; the
  // median of those runs is reported.
  using icsflow::sim::g_rates;
  using icsflow::sim::median;
  for (const auto& [key, rates] : g_rates) {
    const auto& [remote_percent, threads] = key;
    const auto single = g_rates.find({remote_percent, 1});
    if (threads == 1 || single == g_rates.end()) continue;
    const double one = median(single->second);
    const double many = median(rates);
    std::printf("PHOLD remote %lld%%: %.2f M events/s on 1 thread, %.2f M on %lld (medians of %zu and %zu runs): "
                "speed-up %.2f\n",
                static_cast<long long>(remote_percent), one / 1e6, many / 1e6, static_cast<long long>(threads),
                single->second.size(), rates.size(), many / one);
  }
  return 0;
}
