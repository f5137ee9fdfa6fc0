#include "kernel/logical_process.hpp"

#include <algorithm>
#include <string>

#include "icsflow/sim/error.hpp"
#include "kernel/calendar_queue.hpp"
#include "kernel/quaternary_heap.hpp"
#include "kernel/sort_entries.hpp"

namespace icsflow::sim::kernel {
namespace {

// How many events ahead of its turn an event's slot is fetched: enough to cover a main-memory round
// trip (about 200 ns on the machine in docs/performance.md) with the events in between.
constexpr std::size_t kPrefetchDistance = 16;

// The queue is called through its concrete (final) class so that the calls are direct and the 4-ary
// heap's are inlined; `kind` says which class it is.
template <class F>
decltype(auto) with_queue(QueueKind kind, EventQueue& queue, F&& f) {
  if (kind == QueueKind::calendar) return f(static_cast<CalendarQueue&>(queue));
  return f(static_cast<QuaternaryHeap&>(queue));
}

}  // namespace

LogicalProcess::LogicalProcess(ProcessId id, Time lookahead, QueueKind queue_kind, ProcessId process_count)
    : Process(id, lookahead, process_count),
      calendar_(lookahead),
      queue_kind_(queue_kind),
      queue_(make_event_queue(queue_kind)) {}

LogicalProcess::~LogicalProcess() = default;

EventId LogicalProcess::place(Time time, std::uint64_t key, std::uint32_t slot) {
  const QueueEntry entry{time, key, slot, slots_[slot].generation};
  if (time < calendar_.horizon()) {
    with_queue(queue_kind_, *queue_, [&entry](auto& queue) { queue.push(entry); });
  } else {
    calendar_.store(entry);
  }
  ++live_events_;
  return EventId{slot, entry.generation};
}

Handler& LogicalProcess::new_message(ProcessId to, Time delay, Priority priority) {
  if (to >= process_count_) {
    throw InvalidArgument("process " + std::to_string(id_) + ": message to unknown process " + std::to_string(to) +
                          " (there are " + std::to_string(process_count_) + ")");
  }
  if (delay < lookahead_) {
    throw LookaheadViolation("process " + std::to_string(id_) + ": message to process " + std::to_string(to) +
                             " at time " + std::to_string(now_) + " with delay " + std::to_string(delay) +
                             " is inside the lookahead of " + std::to_string(lookahead_));
  }
  if (delay > kTimeMax - now_) {
    throw InvalidDelay("process " + std::to_string(id_) + ": message delay " + std::to_string(delay) +
                       " overflows the clock");
  }
  const std::uint64_t key = key_at(now_ + delay, priority);
  ++messages_sent_;
  const Message message{now_ + delay, key, to, Handler{}};
  if (group_mail_ == nullptr) return outbox_.emplace_back(message).handler;
  ++sent_in_window_;
  earliest_sent_ = std::min(earliest_sent_, message.time);
  return (*group_mail_)[group_of_[to]].emplace_back(message).handler;
}

void LogicalProcess::accept(const Message& message) {
  const std::uint32_t slot = take_slot();
  slots_[slot].handler = message.handler;
  place(message.time, message.key, slot);
}

void LogicalProcess::accept_inbox() {
  for (const Message& message : inbox_) accept(message);
  inbox_.clear();
}

Time LogicalProcess::next_event_time() const {
  Time next = with_queue(queue_kind_, *queue_, [](auto& queue) { return queue.empty() ? kTimeMax : queue.top().time; });
  if (due_next_ < due_.size()) next = std::min(next, due_[due_next_].time);
  next = std::min(next, calendar_.earliest());
  for (const Message& message : inbox_) next = std::min(next, message.time);
  return next;
}

void LogicalProcess::run_until(Time end) {
  accept_inbox();
  take_due(end);
  with_queue(queue_kind_, *queue_, [this, end](auto& queue) { run_events(queue, end); });
  running_priority_ = Priority::early;
}

void LogicalProcess::take_due(Time end) {
  if (end <= calendar_.horizon()) return;
  // Working memory per thread, not per process: a thread runs many processes' windows one after the
  // other, and a buffer they share stays cached.
  thread_local std::vector<QueueEntry> batch;
  thread_local std::vector<QueueEntry> scratch;
  batch.clear();
  calendar_.take_before(end, [](const QueueEntry& entry) { batch.push_back(entry); });
  sort_entries(batch, scratch);
  // Everything handed over now is due at or after the calendar's old horizon, so after everything
  // still in due_: appending the sorted batch keeps due_ sorted.
  due_.erase(due_.begin(), due_.begin() + static_cast<std::ptrdiff_t>(due_next_));
  due_next_ = 0;
  due_.insert(due_.end(), batch.begin(), batch.end());
}

template <class Queue>
void LogicalProcess::run_events(Queue& queue, Time end) {
  for (;;) {
    const bool due = due_next_ < due_.size() && due_[due_next_].time < end;
    const bool queued = !queue.empty() && queue.top().time < end;
    if (due && !(queued && queue.top() < due_[due_next_])) {
      // The slot was written when the event was scheduled, long ago, and has left the cache: ask for
      // it well before its turn so that the main-memory round trips overlap. (Written out here rather
      // than in a helper: GCC deletes calls to a function that only prefetches.)
      if (due_next_ + kPrefetchDistance < due_.size()) {
        __builtin_prefetch(&slots_[due_[due_next_ + kPrefetchDistance].slot]);
      }
      execute(due_[due_next_++]);
    } else if (queued) {
      execute(queue.pop());
    } else {
      break;
    }
  }
}

void LogicalProcess::execute(const QueueEntry& entry) {
  Slot& slot = slots_[entry.slot];
  if (slot.generation != entry.generation) return;  // cancelled
  Handler handler = slot.handler;                   // copied: the handler may reuse the slot
  ++slot.generation;
  free_slots_.push_back(entry.slot);
  --live_events_;
  now_ = entry.time;
  running_priority_ = static_cast<Priority>(entry.key >> (kOriginBits + kSequenceBits));
  ++events_executed_;
  handler(*this);
}

}  // namespace icsflow::sim::kernel

namespace icsflow::sim {

// Defined here, next to what they forward to, so that the forwarding is inlined.
EventId Process::place(Time time, std::uint64_t key, std::uint32_t slot) {
  return kernel::LogicalProcess::of(*this).place(time, key, slot);
}

Handler& Process::new_message(ProcessId to, Time delay, Priority priority) {
  return kernel::LogicalProcess::of(*this).new_message(to, delay, priority);
}

}  // namespace icsflow::sim
