#pragma once
// The levers' effects for one replication: each drawn from the evidence's range (the same draw in every
// scenario of the replication, since the stream depends only on the seed and the lever).
#include "context.hpp"

namespace icsflow::models::detail {

LeverEffects draw_lever_effects(const ModelParams& params, std::uint64_t seed);

}  // namespace icsflow::models::detail
