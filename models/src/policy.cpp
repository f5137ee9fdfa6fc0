#include "icsflow/models/policy.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace icsflow::models {
namespace {

constexpr std::array<std::string_view, 12> kLevers{
    "handoffs",   "proactive_care",     "care_home_support", "admission_avoidance", "discharge_to_assess",
    "mutual_aid", "pooled_lists",       "single_pound",      "targeting",           "prevention",
    "ltc_care",   "elective_ring_fence"};

// Calls f with the lever's settings in each of the policies given (all of the same lever).
template <class F, class... Policies>
void with_lever(std::string_view lever, F f, Policies&... policies) {
  if (lever == "handoffs") return f(policies.handoffs...);
  if (lever == "proactive_care") return f(policies.proactive_care...);
  if (lever == "care_home_support") return f(policies.care_home_support...);
  if (lever == "admission_avoidance") return f(policies.admission_avoidance...);
  if (lever == "discharge_to_assess") return f(policies.discharge_to_assess...);
  if (lever == "mutual_aid") return f(policies.mutual_aid...);
  if (lever == "pooled_lists") return f(policies.pooled_lists...);
  if (lever == "elective_ring_fence") return f(policies.elective_ring_fence...);
  if (lever == "single_pound") return f(policies.single_pound...);
  if (lever == "targeting") return f(policies.targeting...);
  if (lever == "prevention") return f(policies.prevention...);
  if (lever == "ltc_care") return f(policies.ltc_care...);
  throw std::invalid_argument("no lever named '" + std::string(lever) + "'");
}

}  // namespace

std::span<const std::string_view> lever_names() { return kLevers; }

bool lever_enabled(const PolicyParams& policy, std::string_view lever) {
  bool enabled = false;
  with_lever(
      lever, [&enabled](const auto& settings) { enabled = settings.enabled; }, policy);
  return enabled;
}

void copy_lever(PolicyParams& into, const PolicyParams& from, std::string_view lever) {
  with_lever(
      lever, [](auto& to, const auto& settings) { to = settings; }, into, from);
}

}  // namespace icsflow::models
