#pragma once
// Kernel: a Process with what the public class does not show: its pending-event set (a calendar of
// days, the days handed over, and a priority queue) and its mail. Simulation makes every process as a
// LogicalProcess; the out-of-line members of Process reach these parts through a static_cast, which
// costs nothing (no pointer to follow on the hot path).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "icsflow/sim/process.hpp"
#include "icsflow/sim/queue_kind.hpp"
#include "kernel/event_calendar.hpp"
#include "kernel/event_queue.hpp"

namespace icsflow::sim::kernel {

// A message between processes, from the moment it is sent to the moment its receiver files it.
struct Message {
  Time time;
  std::uint64_t key;
  ProcessId to;
  Handler handler;
};
using MailBags = std::vector<std::vector<Message>>;  // by destination group

// The priority of the events that hand a queued claim its unit: after the early events at a time (which
// release), before the normal ones (which seize). Not a Priority a model can name.
inline constexpr Priority kGrantPriority = static_cast<Priority>(1);

class LogicalProcess final : public Process {
 public:
  LogicalProcess(ProcessId id, Time lookahead, QueueKind queue_kind, ProcessId process_count);
  ~LogicalProcess();

  static LogicalProcess& of(Process& process) { return static_cast<LogicalProcess&>(process); }
  static const LogicalProcess& of(const Process& process) { return static_cast<const LogicalProcess&>(process); }

  // For Process's out-of-line members.
  EventId place(Time time, std::uint64_t key, std::uint32_t slot);
  Handler& new_message(ProcessId to, Time delay, Priority priority);
  [[nodiscard]] std::size_t pending_events() const {
    return live_events_ + inbox_.size() + outbox_.size() + sent_in_window_;
  }

  // The priority of the event running now; early outside events (between runs, before the first),
  // which come before every event at their time.
  [[nodiscard]] Priority running_priority() const { return running_priority_; }

  // For the Engine. Executes every event earlier than `end`; messages sent meanwhile wait for the next
  // window.
  void run_until(Time end);
  void set_clock(Time now) { now_ = now; }
  [[nodiscard]] Time next_event_time() const;
  // Files a message sent to this process among its pending events.
  void accept(const Message& message);
  void receive(const Message& message) { inbox_.push_back(message); }
  // Messages sent outside a run (to be delivered by the engine before the next).
  std::vector<Message>& outbox() { return outbox_; }
  // A window's mail: messages go straight into the bags of this process's group, one per destination
  // group (see Engine::run_group); null outside a run.
  void open_window(MailBags* group_mail) {
    group_mail_ = group_mail;
    sent_in_window_ = 0;
    earliest_sent_ = kTimeMax;
  }
  // After a handler threw: nothing may be filed into bags no window will collect.
  void close_mail() { group_mail_ = nullptr; }
  // After the engine has delivered every message sent (before and after a run).
  void mail_delivered() {
    group_mail_ = nullptr;
    sent_in_window_ = 0;
  }
  void set_groups(const std::uint32_t* group_of) { group_of_ = group_of; }
  // The earliest arrival among the messages sent in this window.
  [[nodiscard]] Time earliest_sent() const { return earliest_sent_; }

 private:
  void take_due(Time end);
  template <class Queue>
  void run_events(Queue& queue, Time end);
  void execute(const QueueEntry& entry);
  void accept_inbox();

  // The queue entries of pending events are in one of three places, read together in (time, key) order:
  //  - calendar_: those due at or after its horizon (about one lookahead ahead), by day, unsorted;
  //  - due_: days the calendar has handed over, sorted; due_[due_next_] is the earliest left;
  //  - queue_: those scheduled before the horizon after their day was handed over.
  // The queue is small and stays cached; see event_calendar.hpp for why.
  EventCalendar<QueueEntry> calendar_;
  std::vector<QueueEntry> due_;
  std::size_t due_next_ = 0;
  QueueKind queue_kind_;
  std::unique_ptr<EventQueue> queue_;  // called through its concrete type on the hot path, see the .cpp
  // Messages sent. Outside a run they wait in outbox_. During a run they go straight into the mail
  // bags of this process's group, one bag per destination group.
  std::vector<Message> outbox_;
  MailBags* group_mail_ = nullptr;           // during a run
  const std::uint32_t* group_of_ = nullptr;  // destination -> group, during a run
  std::size_t sent_in_window_ = 0;           // counted in pending_events() until the receiver takes them
  Time earliest_sent_ = kTimeMax;            // earliest arrival among messages sent in this window
  std::vector<Message> inbox_;
  Priority running_priority_ = Priority::early;
};

}  // namespace icsflow::sim::kernel
