#include "kernel/event_queue.hpp"

#include "icsflow/sim/error.hpp"
#include "kernel/calendar_queue.hpp"
#include "kernel/quaternary_heap.hpp"

namespace icsflow::sim::kernel {

std::unique_ptr<EventQueue> make_event_queue(QueueKind kind) {
  switch (kind) {
    case QueueKind::quaternary_heap:
      return std::make_unique<QuaternaryHeap>();
    case QueueKind::calendar:
      return std::make_unique<CalendarQueue>();
  }
  throw InvalidArgument("unknown event queue kind");
}

}  // namespace icsflow::sim::kernel

namespace icsflow::sim {

std::string_view to_string(QueueKind kind) {
  switch (kind) {
    case QueueKind::quaternary_heap:
      return "quaternary_heap";
    case QueueKind::calendar:
      return "calendar";
  }
  return "unknown";
}

}  // namespace icsflow::sim
