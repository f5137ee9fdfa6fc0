#pragma once
// Which priority queue each process keeps its soonest events in. The results do not depend on it.
#include <string_view>

namespace icsflow::sim {

enum class QueueKind { quaternary_heap, calendar };

std::string_view to_string(QueueKind kind);

}  // namespace icsflow::sim
