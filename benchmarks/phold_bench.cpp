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

#include "interference.hpp"

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

// Every measured run (all repetitions), by (remote %, threads), for the speed-up lines.
struct Measured {
  double rate;    // events/s
  double others;  // CPUs used by other processes meanwhile
};
std::map<std::pair<std::int64_t, std::int64_t>, std::vector<Measured>> g_runs;
// A run during which other processes kept more than this many CPUs busy competed for the machine.
constexpr double kUndisturbed = 0.1;

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
  const bench::Interference interference;
  const auto started = std::chrono::steady_clock::now();
  for (auto _ : state) simulation.run_until(simulation.now() + kIterationSpan, options);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  const auto events = static_cast<double>(simulation.stats().events_executed - events_before);
  const double others = interference.other_cpus();
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["events/s/core"] = benchmark::Counter(events / threads, benchmark::Counter::kIsRate);
  state.counters["others"] = others;
  g_runs[{remote_percent, threads}].push_back({events / elapsed.count(), others});
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
  // The speed-up from the median rates of the undisturbed runs (all runs if fewer than 3 of either).
  using icsflow::sim::g_runs;
  const auto median_rate = [](const std::vector<icsflow::sim::Measured>& runs, std::size_t& used) {
    std::vector<double> undisturbed;
    std::vector<double> all;
    for (const auto& run : runs) {
      all.push_back(run.rate);
      if (run.others < icsflow::sim::kUndisturbed) undisturbed.push_back(run.rate);
    }
    std::vector<double>& rates = undisturbed.size() >= 3 ? undisturbed : all;
    used = rates.size();
    std::sort(rates.begin(), rates.end());
    const std::size_t n = rates.size();
    return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
  };
  for (const auto& [key, runs] : g_runs) {
    const auto& [remote_percent, threads] = key;
    const auto single = g_runs.find({remote_percent, 1});
    if (threads == 1 || single == g_runs.end()) continue;
    std::size_t used_single = 0;
    std::size_t used_many = 0;
    const double one = median_rate(single->second, used_single);
    const double many = median_rate(runs, used_many);
    std::printf(
        "PHOLD remote %lld%%: %.2f M events/s on 1 thread, %.2f M on %lld (medians of %zu of %zu and %zu of "
        "%zu runs, undisturbed ones if 3 or more): speed-up %.2f\n",
        static_cast<long long>(remote_percent), one / 1e6, many / 1e6, static_cast<long long>(threads), used_single,
        single->second.size(), used_many, runs.size(), many / one);
  }
  return 0;
}
