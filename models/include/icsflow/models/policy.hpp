#pragma once
// The levers by name, for attribution: which ones a scenario switches on, and one lever's settings moved
// from one scenario's policy to another's (the lever alone on the base, the bundle without it).
#include <span>
#include <string_view>

#include "icsflow/models/params.hpp"

namespace icsflow::models {

// "handoffs", "proactive_care", "care_home_support", "admission_avoidance", "discharge_to_assess",
// "mutual_aid", "single_pound", "targeting": the scenario files' [levers.<name>] tables, in that order.
std::span<const std::string_view> lever_names();
// std::invalid_argument for a name not in lever_names().
[[nodiscard]] bool lever_enabled(const PolicyParams& policy, std::string_view lever);
void copy_lever(PolicyParams& into, const PolicyParams& from, std::string_view lever);

}  // namespace icsflow::models
