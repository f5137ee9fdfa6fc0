#pragma once
// A resource with a number of identical units (servers, beds, slots) owned by one logical process.
//
// seize() has three explicit outcomes: granted at once, queued (FIFO, or by priority then FIFO), or
// rejected (the queue is full — a loss system when the queue limit is zero). Each seize returns a
// Claim; the holder releases exactly that claim. A holder may keep claims on several resources at once
// (a bed while waiting for a care package). Claims carry a generation, so releasing a claim twice, or
// one that was never granted, raises NotHeld instead of corrupting the count.
//
// At equal times a release is handled before a seize, and the resource sees to it: release() must be
// called from an event of Priority::early (or from a grant handler, or outside a run), else it throws
// OrderViolation; a unit it passes to a queued claim is granted in an event between the early and the
// normal ones. So a seize from a normal or late event at time t sees every unit freed at t. (A seize
// from an early event is ordered among the releases at its time by the event key only, and a capacity
// increase takes effect when called.)
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "icsflow/sim/inplace_function.hpp"
#include "icsflow/sim/process.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::sim {

enum class SeizeStatus : std::uint8_t { granted, queued, rejected };
enum class QueueDiscipline : std::uint8_t { fifo, priority };

struct Claim {
  std::uint32_t slot = ~std::uint32_t{0};
  std::uint32_t generation = 0;
};

struct SeizeOutcome {
  SeizeStatus status;
  Claim claim;  // meaningful unless rejected
};

// Runs when a claim is granted: inside seize() if a unit is free, otherwise as an event at the time of
// the release (or capacity increase) that frees a unit for it, after the early events at that time and
// before the normal ones.
using GrantHandler = InplaceFunction<void(Process&, Claim), 32>;

struct ResourceStats {
  std::uint64_t granted_at_once = 0;
  std::uint64_t queued = 0;
  std::uint64_t rejected = 0;
  std::uint64_t granted_from_queue = 0;
  std::uint64_t withdrawn = 0;
  std::uint64_t released = 0;
  Time total_wait = 0;         // sum over grants from the queue of (grant time - seize time)
  Time busy_unit_time = 0;     // integral of units in use over time
  Time queue_length_time = 0;  // integral of queue length over time
};

class Resource {
 public:
  static constexpr std::int64_t kUnlimitedQueue = std::numeric_limits<std::int64_t>::max();

  Resource(std::string name, ProcessId owner, std::int64_t capacity, QueueDiscipline discipline = QueueDiscipline::fifo,
           std::int64_t queue_limit = kUnlimitedQueue);

  // `priority`: lower is served first (only with QueueDiscipline::priority).
  SeizeOutcome seize(Process& process, GrantHandler on_granted, std::int32_t priority = 0);
  // Returns the unit; if someone is waiting, the unit passes to them at once. Only from an early event
  // (or a grant handler, or outside a run): else OrderViolation.
  void release(Process& process, Claim claim);
  // Leaves the queue. Returns false if the claim is not waiting (granted, withdrawn or stale).
  bool withdraw(Process& process, Claim claim);
  // Capacity may go below the units in use: no one is evicted, releases just stop passing units on.
  void set_capacity(Process& process, std::int64_t capacity);

  [[nodiscard]] bool holds(Claim claim) const;
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::int64_t capacity() const { return capacity_; }
  [[nodiscard]] std::int64_t in_use() const { return in_use_; }
  [[nodiscard]] std::int64_t queue_length() const { return queue_length_; }
  // Statistics with the time integrals brought up to `now`.
  [[nodiscard]] ResourceStats stats(Time now) const;

 private:
  enum class SlotState : std::uint8_t { free, queued, held };
  struct Slot {
    GrantHandler on_granted;
    Time seized_at = 0;
    std::uint32_t generation = 0;
    SlotState state = SlotState::free;
  };
  struct Waiting {
    std::int32_t priority;
    std::uint64_t sequence;
    std::uint32_t slot;
    std::uint32_t generation;
  };

  void check_owner(const Process& process, const char* operation) const;
  void advance_clock(Time now);
  std::uint32_t new_slot();
  void free_slot(std::uint32_t slot);
  [[nodiscard]] bool is(Claim claim, SlotState state) const;
  void grant_waiting(Process& process);

  std::string name_;
  ProcessId owner_;
  std::int64_t capacity_;
  QueueDiscipline discipline_;
  std::int64_t queue_limit_;
  std::int64_t in_use_ = 0;
  std::int64_t queue_length_ = 0;  // live waiters; withdrawn ones stay in waiting_ until they surface
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<Waiting> waiting_;  // a binary heap ordered by (priority, sequence)
  std::uint64_t sequence_ = 0;
  Time last_change_ = 0;
  ResourceStats stats_;
};

}  // namespace icsflow::sim
