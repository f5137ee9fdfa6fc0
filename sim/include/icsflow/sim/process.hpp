#pragma once
// A logical process: a set of entities (a shard) or a shared service, with its own event queue. Event
// handlers receive the process they run on and use it to read the clock, schedule local events and
// send timestamped messages to other processes.
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "icsflow/sim/event_calendar.hpp"
#include "icsflow/sim/event_queue.hpp"
#include "icsflow/sim/inplace_function.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::sim {

class Process;
class Simulation;

using ProcessId = std::uint32_t;

// What an event does. Captures up to 32 bytes of ids and pointers (see InplaceFunction).
using Handler = InplaceFunction<void(Process&), 32>;

// Order among events at the same time. `early` exists so that a resource release at time t is handled
// before a seize at time t: schedule the event that releases with Priority::early.
enum class Priority : std::uint8_t { early = 0, normal = 1, late = 2 };

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
  Process(ProcessId id, Time lookahead, QueueKind queue_kind);
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&&) = delete;
  Process& operator=(Process&&) = delete;
  ~Process();

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
    new_message(to, delay, priority).handler.emplace(std::forward<F>(f));
  }

  [[nodiscard]] std::size_t pending_events() const;
  [[nodiscard]] std::uint64_t events_executed() const { return events_executed_; }
  [[nodiscard]] std::uint64_t messages_sent() const { return messages_sent_; }

 private:
  friend class Simulation;

  // A pending event's handler. Slots are reused last-freed-first, so the slot of the event running now
  // is usually the one the events it schedules get: still cached. One cache line each.
  struct alignas(64) Slot {
    Handler handler;
    std::uint32_t generation = 0;
  };
  struct Message {
    Time time;
    std::uint64_t key;
    ProcessId to;
    Handler handler;
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
  EventId place(Time time, std::uint64_t key, std::uint32_t slot);
  Message& new_message(ProcessId to, Time delay, Priority priority);
  [[noreturn]] void throw_invalid_delay(Time delay) const;
  [[noreturn]] void throw_in_the_past(Time when) const;
  [[noreturn]] void throw_sequence_exhausted() const;

  // The tie-break key: priority (4 bits), origin process (20 bits), origin sequence number (40 bits).
  static constexpr int kOriginBits = 20;
  static constexpr int kSequenceBits = 40;
  static constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << kSequenceBits) - 1;

  // Executes every event earlier than `end`; messages sent meanwhile wait for the next window.
  void run_until(Time end);
  void take_due(Time end);
  template <class Queue>
  void run_events(Queue& queue, Time end);
  void execute(const QueueEntry& entry);
  void accept_inbox();
  void accept(const Message& message);
  [[nodiscard]] Time next_event_time() const;

  ProcessId id_;
  Time lookahead_;
  Time now_ = 0;
  std::uint64_t sequence_ = 0;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_events_ = 0;
  // The queue entries of pending events are in one of three places, read together in (time, key) order:
  //  - calendar_: those due at or after its horizon (about one lookahead ahead), by day, unsorted;
  //  - due_: days the calendar has handed over, sorted; due_[due_next_] is the earliest left;
  //  - queue_: those scheduled before the horizon after their day was handed over.
  // The queue is small and stays cached; see event_calendar.hpp for why.
  detail::EventCalendar<QueueEntry> calendar_;
  std::vector<QueueEntry> due_;
  std::size_t due_next_ = 0;
  QueueKind queue_kind_;
  std::unique_ptr<EventQueue> queue_;  // called through its concrete type on the hot path, see process.cpp
  // Messages sent. Outside a run they wait in outbox_. During a run they go straight into the mail
  // bags of this process's group, one bag per destination group (see Simulation::run_group).
  std::vector<Message> outbox_;
  std::vector<std::vector<Message>>* group_mail_ = nullptr;  // during a run
  const std::uint32_t* group_of_ = nullptr;                  // destination -> group, during a run
  std::size_t sent_in_window_ = 0;  // counted in pending_events() until the receiver takes them
  Time earliest_sent_ = kTimeMax;   // earliest arrival among messages sent in this window
  std::vector<Message> inbox_;
  std::uint64_t events_executed_ = 0;
  std::uint64_t messages_sent_ = 0;
  ProcessId process_count_ = 0;  // set by Simulation, to validate message destinations
};

}  // namespace icsflow::sim
