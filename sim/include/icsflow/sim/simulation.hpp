#pragma once
// A simulation: a fixed set of logical processes advanced in conservative time windows.
//
// Every process runs its events in [t, t + lookahead) in parallel with the others (TBB); messages sent
// in the window cannot arrive before the window ends, so they are handed over at the barrier. Because
// the event order (time, priority, origin process, origin sequence) does not depend on which thread
// ran what, results are bit-identical for any thread count. A Simulation is an ordinary object: several
// can run side by side.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "icsflow/sim/process.hpp"
#include "icsflow/sim/queue_kind.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::sim {

namespace kernel {
class Engine;
}  // namespace kernel

struct SimulationConfig {
  std::uint32_t process_count = 1;  // fixed by the model, never by the thread count
  Time lookahead = 1;               // minimum delay of a message between processes, >= 1 tick
  // The priority queue each process keeps its soonest events in (those due within about a lookahead;
  // later ones wait in a calendar of days, see kernel/event_calendar.hpp). The results do not depend on it.
  QueueKind queue = QueueKind::quaternary_heap;
};

struct RunOptions {
  // Threads to run windows on; the results do not depend on it. More threads than cores are allowed
  // (TBB's process-wide cap is raised for the run), which only helps testing.
  unsigned threads = 1;
  // Called on the calling thread between windows with the time reached; for progress bars.
  std::function<void(Time)> on_progress;
};

struct SimulationStats {
  std::uint64_t events_executed = 0;
  std::uint64_t messages_sent = 0;
  std::uint64_t windows = 0;
};

// The public handle of a simulation; the kernel's Engine does the work (sim/src/kernel/engine.hpp).
class Simulation {
 public:
  explicit Simulation(const SimulationConfig& config);
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;
  ~Simulation();

  [[nodiscard]] std::uint32_t process_count() const;
  // The process with this id (InvalidArgument if there is none). It lives as long as the Simulation.
  [[nodiscard]] Process& process(ProcessId id);
  [[nodiscard]] Time now() const;
  [[nodiscard]] Time lookahead() const;

  // Runs every event earlier than `end`, then leaves all clocks at `end`. May be called again to go on;
  // where a run is split makes no difference to the results.
  //
  // If a handler throws, run_until rethrows that exception, of its own type, once the window it was
  // thrown in has stopped (with several threads, processes running at the same time finish their
  // current stretch; if more than one throws, one exception is rethrown). The simulation is then in an
  // unspecified state: the event that threw is gone, some processes have moved on past its time and
  // others not, and the model's state is whatever the handler left. Discard the simulation and the
  // model; do not call run_until on it again.
  void run_until(Time end, const RunOptions& options = {});

  [[nodiscard]] SimulationStats stats() const;
  [[nodiscard]] std::size_t pending_events() const;

 private:
  std::unique_ptr<kernel::Engine> engine_;
};

}  // namespace icsflow::sim
