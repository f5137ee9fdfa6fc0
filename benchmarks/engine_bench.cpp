// The whole engine on the hold model: 2·10^6 pending events spread over P processes, each event
// rescheduling itself on its own process after an exponential delay drawn from the process's random
// stream (a Philox block every four events and a logarithm each, as a model would). Measures what one event
// costs end to end: the pending-event set, the handler, the random draw and the window barriers,
// single-threaded and on 2 threads, with either queue kind.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "interference.hpp"

#include "icsflow/sim/random.hpp"
#include "icsflow/sim/simulation.hpp"

namespace icsflow::sim {
namespace {

constexpr std::int64_t kPendingEvents = 2'000'000;
// A mean delay of 10^6 ticks keeps equal event times rare; a lookahead of a tenth of it puts about
// 2·10^5 events in each window, so the barriers cost little next to the events.
constexpr double kMeanDelay = 1e6;
constexpr Time kLookahead = 100'000;
// One benchmark iteration advances the clock by the mean delay: about one event per pending event.
constexpr Time kIterationSpan = static_cast<Time>(kMeanDelay);

struct Shard {
  RandomStream stream;
};

void hold(Process& process, Shard* shard) {
  const auto delay = static_cast<Time>(shard->stream.exponential(1.0 / kMeanDelay));
  process.schedule(delay, [shard](Process& p) { hold(p, shard); });
}

void engine_hold(benchmark::State& state) {
  const auto process_count = static_cast<std::uint32_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  const auto queue = static_cast<QueueKind>(state.range(2));
  state.SetLabel(std::string(to_string(queue)));

  Simulation simulation({.process_count = process_count, .lookahead = kLookahead, .queue = queue});
  std::vector<Shard> shards;
  shards.reserve(process_count);
  for (ProcessId id = 0; id < process_count; ++id) shards.push_back(Shard{RandomStream(/*seed=*/1, id, 0)});
  for (std::int64_t i = 0; i < kPendingEvents; ++i) {
    const auto id = static_cast<ProcessId>(i % process_count);
    hold(simulation.process(id), &shards[id]);
  }
  const RunOptions options{.threads = threads, .on_progress = {}};
  simulation.run_until(2 * kIterationSpan, options);  // warm-up: reach the hold model's steady state

  const std::uint64_t events_before = simulation.stats().events_executed;
  const bench::Interference interference;
  for (auto _ : state) simulation.run_until(simulation.now() + kIterationSpan, options);
  const auto events = static_cast<double>(simulation.stats().events_executed - events_before);
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["events/s/core"] = benchmark::Counter(events / threads, benchmark::Counter::kIsRate);
  state.counters["others"] = interference.other_cpus();  // CPUs used by other processes meanwhile
}

void engine_arguments(benchmark::internal::Benchmark* benchmark) {
  benchmark->ArgNames({"processes", "threads", "queue"});
  for (const auto queue : {QueueKind::quaternary_heap, QueueKind::calendar}) {
    for (const std::int64_t processes : {64, 128, 256}) {
      for (const std::int64_t threads : {1, 2}) benchmark->Args({processes, threads, static_cast<std::int64_t>(queue)});
    }
  }
}

BENCHMARK(engine_hold)->Apply(engine_arguments)->Iterations(5)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace icsflow::sim
