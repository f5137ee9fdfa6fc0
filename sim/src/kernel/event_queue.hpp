#pragma once
// Kernel: the pending-event set of one logical process, behind one interface with interchangeable
// implementations (a 4-ary heap and a calendar queue), all run through one typed test suite.
#include <cstdint>
#include <memory>

#include "icsflow/sim/queue_kind.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::sim::kernel {

// One pending event as the queue sees it. The order is total: by time, then by `key`, which the engine
// builds from (priority, origin process, origin sequence number) — never from pointers, threads or the
// order in which messages happened to arrive.
struct QueueEntry {
  Time time = 0;
  std::uint64_t key = 0;
  std::uint32_t slot = 0;        // where the event's callable is stored
  std::uint32_t generation = 0;  // lets a cancelled event be recognised when it reaches the front

  friend constexpr bool operator<(const QueueEntry& a, const QueueEntry& b) {
    return a.time < b.time || (a.time == b.time && a.key < b.key);
  }
};

class EventQueue {
 public:
  virtual ~EventQueue() = default;
  virtual void push(const QueueEntry& entry) = 0;
  // Precondition for top() and pop(): !empty().
  [[nodiscard]] virtual const QueueEntry& top() const = 0;
  virtual QueueEntry pop() = 0;
  [[nodiscard]] virtual bool empty() const = 0;
  [[nodiscard]] virtual std::size_t size() const = 0;
};

std::unique_ptr<EventQueue> make_event_queue(QueueKind kind);

}  // namespace icsflow::sim::kernel
