#pragma once
// A logical process: a set of entities (a shard) or a shared service, with its own event queue. Event
// handlers receive the process they run on and use it to read the clock, schedule local events and
// send timestamped messages to other processes.
//
// Processes are made by a Simulation and live as long as it does. How their pending events are kept,
// ordered and delivered is the kernel's business (sim/src/kernel/): this header shows only what a
// handler needs, plus the inline fast path that builds an event in place.
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "icsflow/sim/inplace_function.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::sim {

class Process;

namespace kernel {
class LogicalProcess;
}  // namespace kernel

using ProcessId = std::uint32_t;

// What an event does. Captures up to 32 bytes of ids and pointers (see InplaceFunction).
using Handler = InplaceFunction<void(Process&), 32>;

// Order among events at the same time. A Resource relies on it to hand out units released at time t
// before anyone seizes at t: release only from `early` events (else OrderViolation), seize from
// `normal` or `late` ones. Between early and normal the kernel runs the grants of queued claims (the
// value 1, which no model event can take), so a unit passed on at t is held before normal events at t.
enum class Priority : std::uint8_t { early = 0, normal = 2, late = 3 };

// A lambda or other callable to run as an event, other than a Handler itself.
template <class F>
concept EventCallable = !std::is_same_v<std::decay_t<F>, Handler> && std::is_invocable_v<std::decay_t<F>&, Process&>;

// Identifies a scheduled local event so that it can be cancelled.
struct EventId {
  std::uint32_t slot = ~std::uint32_t{0};
  std::uint32_t generation = 0;
};

class Process {
 public:
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&&) = delete;
  Process& operator=(Process&&) = delete;

  [[nodiscard]] ProcessId id() const { return id_; }
  [[nodiscard]] Time now() const { return now_; }
  [[nodiscard]] Time lookahead() const { return lookahead_; }

  // Runs `handler` on this process `delay` ticks from now (delay >= 0, else InvalidDelay).
  EventId schedule(Time delay, Handler handler, Priority priority = Priority::normal);
  // Runs `handler` on this process at absolute time `when` (when >= now(), else InvalidDelay).
  EventId schedule_at(Time when, Handler handler, Priority priority = Priority::normal);
  // Cancels a pending local event. Returns false if it already ran or was cancelled.
  bool cancel(EventId event);

  // Runs `handler` on process `to` after `delay` ticks. The delay must be at least the lookahead
  // (else LookaheadViolation): that is what lets processes advance in parallel windows.
  void send(ProcessId to, Time delay, Handler handler, Priority priority = Priority::normal);

  // The same for a lambda: it is built straight into the event's storage instead of into a Handler
  // that is then copied, which saves a stall on every event.
  template <EventCallable F>
  EventId schedule(Time delay, F&& f, Priority priority = Priority::normal) {
    check_delay(delay);
    return schedule_at(now_ + delay, std::forward<F>(f), priority);
  }
  template <EventCallable F>
  EventId schedule_at(Time when, F&& f, Priority priority = Priority::normal) {
    const std::uint64_t key = key_at(when, priority);
    const std::uint32_t slot = take_slot();
    slots_[slot].handler.emplace(std::forward<F>(f));
    return place(when, key, slot);
  }
  template <EventCallable F>
  void send(ProcessId to, Time delay, F&& f, Priority priority = Priority::normal) {
    new_message(to, delay, priority).emplace(std::forward<F>(f));
  }

  [[nodiscard]] std::size_t pending_events() const;
  [[nodiscard]] std::uint64_t events_executed() const { return events_executed_; }
  [[nodiscard]] std::uint64_t messages_sent() const { return messages_sent_; }

 private:
  // Only the kernel makes processes: a kernel::LogicalProcess is a Process with its pending-event set
  // and mail, which is what the out-of-line members below reach.
  friend class kernel::LogicalProcess;
  Process(ProcessId id, Time lookahead, ProcessId process_count);
  ~Process();

  // A pending event's handler. Slots are reused last-freed-first, so the slot of the event running now
  // is usually the one the events it schedules get: still cached. One cache line each.
  struct alignas(64) Slot {
    Handler handler;
    std::uint32_t generation = 0;
  };

  // Scheduling, split so that the common path is inline and the error reporting is not.
  void check_delay(Time delay) const {
    if (delay < 0 || delay > kTimeMax - now_) [[unlikely]]
      throw_invalid_delay(delay);
  }
  [[nodiscard]] std::uint64_t key_at(Time when, Priority priority) {
    if (when < now_) [[unlikely]]
      throw_in_the_past(when);
    if (sequence_ > kMaxSequence) [[unlikely]]
      throw_sequence_exhausted();
    return (std::uint64_t{static_cast<std::uint8_t>(priority)} << (kOriginBits + kSequenceBits)) |
           (std::uint64_t{id_} << kSequenceBits) | sequence_++;
  }
  [[nodiscard]] std::uint32_t take_slot() {
    if (free_slots_.empty()) [[unlikely]]
      return new_slot();
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  [[nodiscard]] std::uint32_t new_slot();
  // Files an event (its handler in `slot`) in the kernel's pending-event set.
  EventId place(Time time, std::uint64_t key, std::uint32_t slot);
  // Files a message in the kernel's mail; the caller writes its handler into the reference returned.
  Handler& new_message(ProcessId to, Time delay, Priority priority);
  [[noreturn]] void throw_invalid_delay(Time delay) const;
  [[noreturn]] void throw_in_the_past(Time when) const;
  [[noreturn]] void throw_sequence_exhausted() const;

  // The tie-break key: priority (4 bits), origin process (20 bits), origin sequence number (40 bits).
  static constexpr int kOriginBits = 20;
  static constexpr int kSequenceBits = 40;
  static constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << kSequenceBits) - 1;

  ProcessId id_;
  Time lookahead_;
  Time now_ = 0;
  std::uint64_t sequence_ = 0;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_events_ = 0;
  std::uint64_t events_executed_ = 0;
  std::uint64_t messages_sent_ = 0;
  ProcessId process_count_;  // to validate message destinations
};

}  // namespace icsflow::sim
