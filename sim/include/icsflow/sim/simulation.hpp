#pragma once
// A simulation: a fixed set of logical processes advanced in conservative time windows.
//
// Every process runs its events in [t, t + lookahead) in parallel with the others (TBB); messages sent
// in the window cannot arrive before the window ends, so they are handed over at the barrier. Because
// the event order (time, priority, origin process, origin sequence) does not depend on which thread
// ran what, results are bit-identical for any thread count. A Simulation is an ordinary object: several
// can run side by side.
#include <array>
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
  // The priority queue each process keeps its soonest events in (those due within about a lookahead;
  // later ones wait in a calendar of days, see event_calendar.hpp). The results do not depend on it.
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

class Simulation {
 public:
  explicit Simulation(const SimulationConfig& config);

  [[nodiscard]] std::uint32_t process_count() const { return static_cast<std::uint32_t>(processes_.size()); }
  [[nodiscard]] Process& process(ProcessId id);
  [[nodiscard]] Time now() const { return now_; }
  [[nodiscard]] Time lookahead() const { return lookahead_; }

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
  struct GroupTask;
  void run_windows(Time end, const RunOptions& options, unsigned threads);
  void form_groups(unsigned threads);
  // One group's part of a window: collect the messages sent to it in the previous window (those filed
  // under the other parity), then run its processes up to window_end. The addresses are for
  // ThreadSanitizer (null when serial).
  void run_group(std::size_t group, Time window_end, unsigned parity, char* window_opens, char* window_closes);
  // Moves every message not yet taken in to its receiver's inbox (before and after a run).
  void deliver_all();

  Time lookahead_;
  Time now_ = 0;
  std::uint64_t windows_ = 0;
  std::vector<std::unique_ptr<Process>> processes_;
  // During run_until, processes are run in groups (contiguous ranges of ids), a few per thread.
  static constexpr std::size_t kGroupsPerThread = 4;
  std::vector<std::size_t> group_begin_;  // group g is [group_begin_[g], group_begin_[g + 1])
  std::vector<std::uint32_t> group_of_;   // per process
  // Messages sent in a window, by window parity, source group and destination group: sent into one
  // parity, taken in by their destination group in the next window while the other fills.
  using MailBags = std::vector<std::vector<Process::Message>>;  // by destination group
  std::array<std::vector<MailBags>, 2> mail_;                   // [parity][source group]
  std::vector<Time> next_times_;  // per process: the earliest time anything happens next because of it
};

}  // namespace icsflow::sim
