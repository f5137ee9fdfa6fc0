#pragma once
// Simulation time: a signed 64-bit count of ticks. The model chooses what a tick is (the care model
// uses minutes); integer time keeps the event order total and exact, with no tolerance comparisons.
#include <cstdint>
#include <limits>

namespace icsflow::sim {

using Time = std::int64_t;

inline constexpr Time kTimeMax = std::numeric_limits<Time>::max();

}  // namespace icsflow::sim
