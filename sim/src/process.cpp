// The public face of a logical process: scheduling, cancelling, sending, and its checks. Where its
// events go is the kernel's (kernel/logical_process.cpp).
#include "icsflow/sim/process.hpp"

#include <string>

#include "icsflow/sim/error.hpp"
#include "kernel/logical_process.hpp"

namespace icsflow::sim {

Process::Process(ProcessId id, Time lookahead, ProcessId process_count)
    : id_(id), lookahead_(lookahead), process_count_(process_count) {
  if (id >= (std::uint32_t{1} << kOriginBits)) {
    throw InvalidArgument("process id " + std::to_string(id) + " exceeds the limit of 2^20");
  }
}

Process::~Process() = default;

std::uint32_t Process::new_slot() {
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

EventId Process::schedule(Time delay, Handler handler, Priority priority) {
  check_delay(delay);
  return schedule_at(now_ + delay, handler, priority);
}

EventId Process::schedule_at(Time when, Handler handler, Priority priority) {
  const std::uint64_t key = key_at(when, priority);
  const std::uint32_t slot = take_slot();
  slots_[slot].handler = handler;
  return place(when, key, slot);
}

void Process::throw_invalid_delay(Time delay) const {
  if (delay < 0) {
    throw InvalidDelay("process " + std::to_string(id_) + ": negative delay " + std::to_string(delay) + " at time " +
                       std::to_string(now_));
  }
  throw InvalidDelay("process " + std::to_string(id_) + ": delay " + std::to_string(delay) +
                     " overflows the clock at time " + std::to_string(now_));
}

void Process::throw_in_the_past(Time when) const {
  throw InvalidDelay("process " + std::to_string(id_) + ": event at time " + std::to_string(when) +
                     " is before the current time " + std::to_string(now_));
}

void Process::throw_sequence_exhausted() const {
  throw Error("process " + std::to_string(id_) + " has scheduled more than 2^40 events");
}

bool Process::cancel(EventId event) {
  if (event.slot >= slots_.size() || slots_[event.slot].generation != event.generation) return false;
  ++slots_[event.slot].generation;  // the queue entry no longer matches and is skipped when reached
  free_slots_.push_back(event.slot);
  --live_events_;
  return true;
}

void Process::send(ProcessId to, Time delay, Handler handler, Priority priority) {
  new_message(to, delay, priority) = handler;
}

std::size_t Process::pending_events() const { return kernel::LogicalProcess::of(*this).pending_events(); }

}  // namespace icsflow::sim
