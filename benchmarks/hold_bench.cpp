// The classic hold model on one pending-event set: pop the earliest entry, push it back at its time plus
// a random increment, with the queue size held constant. One benchmark iteration is one hold (a pop and
// a push); items/s is holds per second on one core.
//
// The concrete final classes are used so that the calls are direct, as they are inside the engine.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "interference.hpp"

#include "icsflow/sim/random.hpp"
#include "kernel/calendar_queue.hpp"
#include "kernel/quaternary_heap.hpp"

namespace icsflow::sim {
namespace {

using kernel::CalendarQueue;
using kernel::QuaternaryHeap;
using kernel::QueueEntry;

// Exponential increments with a mean of 10^9 ticks, so that equal times are rare whatever the queue
// size (integer time would otherwise pile millions of entries onto a few thousand distinct times).
// They are drawn up front: the benchmark measures the queue, not the random number generator.
class Increments {
 public:
  Increments() : values_(kCount) {
    RandomStream stream(/*seed=*/1, /*entity=*/0, /*purpose=*/0);
    for (Time& value : values_) value = static_cast<Time>(stream.exponential(1.0 / kMean));
  }
  Time next() { return values_[next_++ & (kCount - 1)]; }

 private:
  static constexpr std::size_t kCount = std::size_t{1} << 16;
  static constexpr double kMean = 1e9;
  std::vector<Time> values_;
  std::size_t next_ = 0;
};

template <class Queue>
void hold_model(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  Increments increments;
  Queue queue;
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < pending; ++i) queue.push(QueueEntry{increments.next(), key++, 0, 0});
  const auto hold = [&] {
    QueueEntry entry = queue.pop();
    entry.time += increments.next();
    entry.key = key++;
    queue.push(entry);
  };
  // Warm up until the time distribution in the queue is the steady state of the hold model, not the
  // initial one.
  for (std::size_t i = 0; i < std::min<std::size_t>(2 * pending, 4'000'000); ++i) hold();

  const bench::Interference interference;
  for (auto _ : state) hold();
  benchmark::DoNotOptimize(queue.top());
  state.SetItemsProcessed(state.iterations());
  state.counters["others"] = interference.other_cpus();  // CPUs used by other processes meanwhile
}

BENCHMARK_TEMPLATE(hold_model, QuaternaryHeap)->Arg(1'000)->Arg(100'000)->Arg(2'000'000);
BENCHMARK_TEMPLATE(hold_model, CalendarQueue)->Arg(1'000)->Arg(100'000)->Arg(2'000'000);

}  // namespace
}  // namespace icsflow::sim
