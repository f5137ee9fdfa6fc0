#include "icsflow/sim/resource.hpp"

#include <algorithm>
#include <utility>

#include "icsflow/sim/error.hpp"
#include "kernel/logical_process.hpp"

namespace icsflow::sim {
namespace {

// std::push_heap builds a max-heap; "later" makes the earliest (priority, sequence) the top.
struct ServedLater {
  template <class W>
  bool operator()(const W& a, const W& b) const {
    return a.priority != b.priority ? a.priority > b.priority : a.sequence > b.sequence;
  }
};

}  // namespace

Resource::Resource(std::string name, ProcessId owner, std::int64_t capacity, QueueDiscipline discipline,
                   std::int64_t queue_limit)
    : name_(std::move(name)), owner_(owner), capacity_(capacity), discipline_(discipline), queue_limit_(queue_limit) {
  if (capacity < 0) {
    throw InvalidCapacity("resource '" + name_ + "': capacity must be >= 0, got " + std::to_string(capacity));
  }
  if (queue_limit < 0) {
    throw InvalidCapacity("resource '" + name_ + "': queue limit must be >= 0, got " + std::to_string(queue_limit));
  }
}

void Resource::check_owner(const Process& process, const char* operation) const {
  if (process.id() != owner_) {
    throw InvalidArgument("resource '" + name_ + "' belongs to process " + std::to_string(owner_) + " but " +
                          operation + " was called from process " + std::to_string(process.id()));
  }
}

void Resource::advance_clock(Time now) {
  const Time elapsed = now - last_change_;
  stats_.busy_unit_time += in_use_ * elapsed;
  stats_.queue_length_time += queue_length_ * elapsed;
  last_change_ = now;
}

std::uint32_t Resource::new_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void Resource::free_slot(std::uint32_t slot) {
  slots_[slot].state = SlotState::free;
  ++slots_[slot].generation;
  free_slots_.push_back(slot);
}

bool Resource::is(Claim claim, SlotState state) const {
  return claim.slot < slots_.size() && slots_[claim.slot].generation == claim.generation &&
         slots_[claim.slot].state == state;
}

bool Resource::holds(Claim claim) const { return is(claim, SlotState::held); }

SeizeOutcome Resource::seize(Process& process, GrantHandler on_granted, std::int32_t priority) {
  check_owner(process, "seize");
  advance_clock(process.now());
  if (in_use_ < capacity_) {
    const std::uint32_t slot = new_slot();
    slots_[slot].state = SlotState::held;
    slots_[slot].seized_at = process.now();
    ++in_use_;
    ++stats_.granted_at_once;
    const Claim claim{slot, slots_[slot].generation};
    on_granted(process, claim);
    return {SeizeStatus::granted, claim};
  }
  if (queue_length_ >= queue_limit_) {
    ++stats_.rejected;
    return {SeizeStatus::rejected, Claim{}};
  }
  const std::uint32_t slot = new_slot();
  Slot& s = slots_[slot];
  s.state = SlotState::queued;
  s.seized_at = process.now();
  s.on_granted = on_granted;
  const std::int32_t rank = discipline_ == QueueDiscipline::priority ? priority : 0;
  waiting_.push_back(Waiting{rank, sequence_++, slot, s.generation});
  std::push_heap(waiting_.begin(), waiting_.end(), ServedLater{});
  ++queue_length_;
  ++stats_.queued;
  return {SeizeStatus::queued, Claim{slot, s.generation}};
}

void Resource::grant_waiting(Process& process) {
  while (in_use_ < capacity_ && queue_length_ > 0) {
    std::pop_heap(waiting_.begin(), waiting_.end(), ServedLater{});
    const Waiting next = waiting_.back();
    waiting_.pop_back();
    const Claim claim{next.slot, next.generation};
    if (!is(claim, SlotState::queued)) continue;  // withdrew earlier
    Slot& s = slots_[next.slot];
    s.state = SlotState::held;
    --queue_length_;
    ++in_use_;
    ++stats_.granted_from_queue;
    stats_.total_wait += process.now() - s.seized_at;
    // The grant handler runs as its own event at this time, so that it never runs inside the caller, and
    // before the normal events at this time, so that the holder has its unit before anyone else seizes.
    process.schedule(
        0,
        [this, claim](Process& p) {
          if (holds(claim)) slots_[claim.slot].on_granted(p, claim);
        },
        kernel::kGrantPriority);
  }
}

void Resource::release(Process& process, Claim claim) {
  check_owner(process, "release");
  if (kernel::LogicalProcess::of(process).running_priority() > kernel::kGrantPriority) {
    throw OrderViolation("resource '" + name_ + "': release at time " + std::to_string(process.now()) +
                         " from an event of normal or late priority, which may run after a seize at the same "
                         "time; schedule (or send) the event that releases with Priority::early");
  }
  if (!holds(claim)) {
    throw NotHeld("resource '" + name_ + "': release of a claim that does not hold a unit (never granted, " +
                  "already released, or withdrawn) at time " + std::to_string(process.now()));
  }
  advance_clock(process.now());
  free_slot(claim.slot);
  --in_use_;
  ++stats_.released;
  grant_waiting(process);
}

bool Resource::withdraw(Process& process, Claim claim) {
  check_owner(process, "withdraw");
  if (!is(claim, SlotState::queued)) return false;
  advance_clock(process.now());
  free_slot(claim.slot);
  --queue_length_;
  ++stats_.withdrawn;
  return true;
}

void Resource::set_capacity(Process& process, std::int64_t capacity) {
  check_owner(process, "set_capacity");
  if (capacity < 0) {
    throw InvalidCapacity("resource '" + name_ + "': capacity must be >= 0, got " + std::to_string(capacity));
  }
  advance_clock(process.now());
  capacity_ = capacity;
  grant_waiting(process);
}

ResourceStats Resource::stats(Time now) const {
  ResourceStats result = stats_;
  const Time elapsed = now - last_change_;
  result.busy_unit_time += in_use_ * elapsed;
  result.queue_length_time += queue_length_ * elapsed;
  return result;
}

}  // namespace icsflow::sim
