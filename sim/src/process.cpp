#include "icsflow/sim/process.hpp"

#include <algorithm>
#include <string>

#include "icsflow/sim/error.hpp"

namespace icsflow::sim {
namespace {

// The tie-break key: priority (4 bits), origin process (20 bits), origin sequence number (40 bits).
constexpr int kOriginBits = 20;
constexpr int kSequenceBits = 40;
constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << kSequenceBits) - 1;

}  // namespace

inline constexpr std::uint32_t kMaxProcesses = std::uint32_t{1} << kOriginBits;

Process::Process(ProcessId id, Time lookahead, QueueKind queue_kind)
    : id_(id), lookahead_(lookahead), queue_(make_event_queue(queue_kind)) {
  if (id >= kMaxProcesses) throw InvalidArgument("process id " + std::to_string(id) + " exceeds the limit of 2^20");
}

Process::~Process() = default;

std::uint64_t Process::next_key(Priority priority) {
  if (sequence_ > kMaxSequence) {
    throw Error("process " + std::to_string(id_) + " has scheduled more than 2^40 events");
  }
  return (std::uint64_t{static_cast<std::uint8_t>(priority)} << (kOriginBits + kSequenceBits)) |
         (std::uint64_t{id_} << kSequenceBits) | sequence_++;
}

void Process::enqueue(Time time, std::uint64_t key, const Handler& handler, EventId* id) {
  std::uint32_t slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  Slot& s = slots_[slot];
  s.handler = handler;
  queue_->push(QueueEntry{time, key, slot, s.generation});
  ++live_events_;
  if (id != nullptr) *id = EventId{slot, s.generation};
}

EventId Process::schedule(Time delay, Handler handler, Priority priority) {
  if (delay < 0) {
    throw InvalidDelay("process " + std::to_string(id_) + ": negative delay " + std::to_string(delay) +
                       " at time " + std::to_string(now_));
  }
  if (delay > kTimeMax - now_) {
    throw InvalidDelay("process " + std::to_string(id_) + ": delay " + std::to_string(delay) +
                       " overflows the clock at time " + std::to_string(now_));
  }
  return schedule_at(now_ + delay, handler, priority);
}

EventId Process::schedule_at(Time when, Handler handler, Priority priority) {
  if (when < now_) {
    throw InvalidDelay("process " + std::to_string(id_) + ": event at time " + std::to_string(when) +
                       " is before the current time " + std::to_string(now_));
  }
  EventId id;
  enqueue(when, next_key(priority), handler, &id);
  return id;
}

bool Process::cancel(EventId event) {
  if (event.slot >= slots_.size() || slots_[event.slot].generation != event.generation) return false;
  ++slots_[event.slot].generation;  // the queue entry no longer matches and is skipped when reached
  free_slots_.push_back(event.slot);
  --live_events_;
  return true;
}

void Process::send(ProcessId to, Time delay, Handler handler, Priority priority) {
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
  outbox_.push_back(Message{now_ + delay, next_key(priority), to, handler});
  ++messages_sent_;
}

void Process::accept_inbox() {
  for (const Message& message : inbox_) enqueue(message.time, message.key, message.handler, nullptr);
  inbox_.clear();
}

Time Process::next_event_time() const {
  Time next = queue_->empty() ? kTimeMax : queue_->top().time;
  for (const Message& message : inbox_) next = std::min(next, message.time);
  return next;
}

void Process::run_until(Time end) {
  accept_inbox();
  while (!queue_->empty() && queue_->top().time < end) {
    const QueueEntry entry = queue_->pop();
    Slot& slot = slots_[entry.slot];
    if (slot.generation != entry.generation) continue;  // cancelled
    Handler handler = slot.handler;  // copied: the handler may reuse the slot
    ++slot.generation;
    free_slots_.push_back(entry.slot);
    --live_events_;
    now_ = entry.time;
    ++events_executed_;
    handler(*this);
  }
}

}  // namespace icsflow::sim
