#pragma once
// A logical process: a set of entities (a shard) or a shared service, with its own event queue. Event
// handlers receive the process they run on and use it to read the clock, schedule local events and
// send timestamped messages to other processes.
#include <cstdint>
#include <memory>
#include <vector>

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

  [[nodiscard]] std::size_t pending_events() const { return live_events_ + inbox_.size() + outbox_.size(); }
  [[nodiscard]] std::uint64_t events_executed() const { return events_executed_; }
  [[nodiscard]] std::uint64_t messages_sent() const { return messages_sent_; }

 private:
  friend class Simulation;

  struct Slot {
    Handler handler;
    std::uint32_t generation = 0;
  };
  struct Message {
    Time time;
    std::uint64_t key;
    ProcessId to;
    Handler handler;
  };

  [[nodiscard]] std::uint64_t next_key(Priority priority);
  void enqueue(Time time, std::uint64_t key, const Handler& handler, EventId* id);
  // Executes every event earlier than `end`; messages sent meanwhile wait in the outbox.
  void run_until(Time end);
  void accept_inbox();
  [[nodiscard]] Time next_event_time() const;

  ProcessId id_;
  Time lookahead_;
  Time now_ = 0;
  std::uint64_t sequence_ = 0;
  std::unique_ptr<EventQueue> queue_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_events_ = 0;
  std::vector<Message> outbox_;
  std::vector<Message> inbox_;
  std::uint64_t events_executed_ = 0;
  std::uint64_t messages_sent_ = 0;
  ProcessId process_count_ = 0;  // set by Simulation, to validate message destinations
};

}  // namespace icsflow::sim
