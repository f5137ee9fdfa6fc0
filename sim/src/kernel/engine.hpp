#pragma once
// Kernel: what runs a Simulation. Owns the logical processes and advances them in conservative time
// windows, in parallel groups, passing the messages of one window to their receivers in the next
// through mail bags (see simulation.hpp for the guarantees).
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "icsflow/sim/simulation.hpp"
#include "kernel/logical_process.hpp"

namespace icsflow::sim::kernel {

class Engine {
 public:
  explicit Engine(const SimulationConfig& config);

  [[nodiscard]] std::uint32_t process_count() const { return static_cast<std::uint32_t>(processes_.size()); }
  [[nodiscard]] Process& process(ProcessId id);
  [[nodiscard]] Time now() const { return now_; }
  [[nodiscard]] Time lookahead() const { return lookahead_; }
  void run_until(Time end, const RunOptions& options);
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
  std::vector<std::unique_ptr<LogicalProcess>> processes_;
  // During run_until, processes are run in groups (contiguous ranges of ids), a few per thread.
  static constexpr std::size_t kGroupsPerThread = 4;
  std::vector<std::size_t> group_begin_;  // group g is [group_begin_[g], group_begin_[g + 1])
  std::vector<std::uint32_t> group_of_;   // per process
  // Messages sent in a window, by window parity, source group and destination group: sent into one
  // parity, taken in by their destination group in the next window while the other fills.
  std::array<std::vector<MailBags>, 2> mail_;  // [parity][source group]
  std::vector<Time> next_times_;               // per process: the earliest time anything happens next because of it
};

}  // namespace icsflow::sim::kernel
