#pragma once
// A simulation: a fixed set of logical processes advanced in conservative time windows.
//
// Every process runs its events in [t, t + lookahead) in parallel with the others (TBB); messages sent
// in the window cannot arrive before the window ends, so they are handed over at the barrier. Because
// the event order (time, priority, origin process, origin sequence) does not depend on which thread
// ran what, results are bit-identical for any thread count. A Simulation is an ordinary object: several
// can run side by side.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "icsflow/sim/event_queue.hpp"
#include "icsflow/sim/process.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::sim {

struct SimulationConfig {
  std::uint32_t process_count = 1;  // fixed by the model, never by the thread count
  Time lookahead = 1;               // minimum delay of a message between processes, >= 1 tick
  QueueKind queue = QueueKind::quaternary_heap;
};

struct RunOptions {
  unsigned threads = 1;
  // Called on the calling thread between windows with the time reached; for progress bars.
  std::function<void(Time)> on_progress;
};

struct SimulationStats {
  std::uint64_t events_executed = 0;
  std::uint64_t messages_sent = 0;
  std::uint64_t windows = 0;
};

class Simulation {
 public:
  explicit Simulation(const SimulationConfig& config);

  [[nodiscard]] std::uint32_t process_count() const { return static_cast<std::uint32_t>(processes_.size()); }
  [[nodiscard]] Process& process(ProcessId id);
  [[nodiscard]] Time now() const { return now_; }
  [[nodiscard]] Time lookahead() const { return lookahead_; }

  // Runs every event earlier than `end`, then leaves all clocks at `end`. May be called again to go on.
  void run_until(Time end, const RunOptions& options = {});

  [[nodiscard]] SimulationStats stats() const;
  [[nodiscard]] std::size_t pending_events() const;

 private:
  void run_windows(Time end, const RunOptions& options, unsigned threads);
  void exchange_messages();
  [[nodiscard]] Time next_event_time() const;

  Time lookahead_;
  Time now_ = 0;
  std::uint64_t windows_ = 0;
  std::vector<std::unique_ptr<Process>> processes_;
};

}  // namespace icsflow::sim
