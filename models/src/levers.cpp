// The levers' effects as drawn for one replication (see levers.hpp).
#include "levers.hpp"

#include <boost/random/triangle_distribution.hpp>

namespace icsflow::models::detail {

LeverEffects draw_lever_effects(const ModelParams& params, std::uint64_t seed) {
  const auto effect = [seed](std::uint64_t lever, const EffectRange& range) {
    sim::RandomStream draw(seed, kLeverEntityBase + lever, static_cast<std::uint64_t>(Purpose::lever_effect), 0);
    boost::random::triangle_distribution<double> triangle(range.low, range.mode, range.high);
    return range.low == range.high ? range.low : triangle(draw);
  };
  const PolicyParams& policy = params.policy;
  LeverEffects effects;
  if (policy.handoffs.enabled) effects.handoff_multiplier = 1 - effect(0, policy.handoffs.reduction);
  if (policy.proactive_care.enabled) {
    effects.proactive_multiplier = 1 + effect(1, policy.proactive_care.exacerbation_effect);
  }
  if (policy.care_home_support.enabled) {
    effects.care_home_multiplier = 1 + effect(2, policy.care_home_support.emergency_effect);
  }
  // A property of virtual wards, today's and added alike: drawn in every scenario (common random numbers).
  effects.virtual_ward_substitution = effect(3, params.community.virtual_ward_substitution);
  if (policy.discharge_to_assess.enabled) {
    effects.assessment_moved_share = effect(4, policy.discharge_to_assess.assessment_moved_share);
  }
  if (policy.prevention.enabled) effects.prevention_reach = effect(5, policy.prevention.reach);
  if (policy.pooled_lists.enabled) effects.pooled_list_acceptance = effect(6, policy.pooled_lists.acceptance);
  if (policy.ltc_care.enabled) {
    const PolicyParams::LtcCare& ltc = policy.ltc_care;
    effects.ltc_care_reach = effect(7, ltc.reach);
    effects.ltc_care_multiplier =
        1 + effects.ltc_care_reach * (ltc.copd_exacerbation_share * effect(8, ltc.copd_effect) +
                                      ltc.diabetes_exacerbation_share * effect(9, ltc.diabetes_effect));
  }
  effects.ucr_referral_share = policy.admission_avoidance.enabled ? policy.admission_avoidance.ucr_referral_share
                                                                  : params.community.ucr_referral_share;
  return effects;
}

}  // namespace icsflow::models::detail
