#include "schema.hpp"

namespace icsflow::scenarios::detail {
namespace {

using models::ByQuintile;
using models::EffectRange;

KeySpec flag(std::string path, std::string meaning, std::function<void(ModelParams&, bool)> set) {
  return KeySpec{std::move(path), 0, 1, std::move(meaning), std::move(set)};
}
KeySpec number(std::string path, double min, double max, std::string meaning,
               std::function<void(ModelParams&, double)> set) {
  return KeySpec{std::move(path), min, max, std::move(meaning), std::move(set)};
}
KeySpec effect(std::string path, double min, double max, std::string meaning,
               std::function<void(ModelParams&, const EffectRange&)> set) {
  return KeySpec{std::move(path), min, max, std::move(meaning), std::move(set)};
}
KeySpec weights(std::string path, double min, double max, std::string meaning,
                std::function<void(ModelParams&, const ByQuintile&)> set) {
  return KeySpec{std::move(path), min, max, std::move(meaning), std::move(set)};
}

std::vector<KeySpec> build() {
  constexpr double kMaxMultiplier = 10;
  std::vector<KeySpec> keys;
  const auto capacity = [&keys](const std::string& key, const std::string& what,
                                double models::CapacityMultipliers::*field) {
    keys.push_back(number("capacity." + key, 0, kMaxMultiplier, "multiplier on the baseline " + what,
                          [field](ModelParams& p, double v) { p.capacity.*field = v; }));
  };
  capacity("ga_beds", "general & acute beds open to emergency patients", &models::CapacityMultipliers::ga_beds);
  capacity("escalation_beds", "escalation beds a site can open", &models::CapacityMultipliers::escalation_beds);
  capacity("gp_appointments", "GP appointments per working day", &models::CapacityMultipliers::gp_appointments);
  capacity("urgent_community_response", "urgent community response referrals per day",
           &models::CapacityMultipliers::urgent_community_response);
  capacity("reablement", "reablement places", &models::CapacityMultipliers::reablement);
  capacity("discharge_assessment", "hospital discharge assessments a day (social work, therapy)",
           &models::CapacityMultipliers::discharge_assessment);
  capacity("intermediate_care_beds", "intermediate care (rehab) beds",
           &models::CapacityMultipliers::intermediate_care_beds);
  capacity("home_care_packages", "long-term home care packages", &models::CapacityMultipliers::home_care_packages);
  capacity("care_home_places", "care home places", &models::CapacityMultipliers::care_home_places);
  capacity("virtual_ward_beds", "virtual ward beds", &models::CapacityMultipliers::virtual_ward_beds);

  keys.push_back(flag("levers.handoffs.enabled", "shared records and trusted assessors shorten hand-offs",
                      [](ModelParams& p, bool v) { p.policy.handoffs.enabled = v; }));
  keys.push_back(effect("levers.handoffs.reduction", 0, 1, "share of the siloed hand-off days removed",
                        [](ModelParams& p, const EffectRange& v) { p.policy.handoffs.reduction = v; }));

  keys.push_back(flag("levers.proactive_care.enabled",
                      "multidisciplinary proactive care for the highest-risk residents",
                      [](ModelParams& p, bool v) { p.policy.proactive_care.enabled = v; }));
  keys.push_back(number("levers.proactive_care.target_share", 0, 0.5, "share of residents enrolled, by predicted risk",
                        [](ModelParams& p, double v) { p.policy.proactive_care.target_share = v; }));
  keys.push_back(effect("levers.proactive_care.exacerbation_effect", -1, 1,
                        "relative change in the exacerbation rate of enrolled residents",
                        [](ModelParams& p, const EffectRange& v) { p.policy.proactive_care.exacerbation_effect = v; }));
  keys.push_back(number("levers.proactive_care.cost_per_resident_year", 0, 1e5, "GBP a year per enrolled resident",
                        [](ModelParams& p, double v) { p.policy.proactive_care.cost_per_resident_year = v; }));

  keys.push_back(flag("levers.care_home_support.enabled", "enhanced health in care homes",
                      [](ModelParams& p, bool v) { p.policy.care_home_support.enabled = v; }));
  keys.push_back(effect("levers.care_home_support.emergency_effect", -1, 1,
                        "relative change in care home residents' emergencies",
                        [](ModelParams& p, const EffectRange& v) { p.policy.care_home_support.emergency_effect = v; }));
  keys.push_back(number("levers.care_home_support.cost_per_resident_year", 0, 1e5, "GBP a year per care home resident",
                        [](ModelParams& p, double v) { p.policy.care_home_support.cost_per_resident_year = v; }));

  keys.push_back(flag("levers.admission_avoidance.enabled",
                      "urgent community response and virtual wards instead of admission",
                      [](ModelParams& p, bool v) { p.policy.admission_avoidance.enabled = v; }));
  keys.push_back(number("levers.admission_avoidance.ucr_referral_share", 0, 1,
                        "share of exacerbations referred to urgent community response first",
                        [](ModelParams& p, double v) { p.policy.admission_avoidance.ucr_referral_share = v; }));
  keys.push_back(number("levers.admission_avoidance.ucr_capacity_multiplier", 0, kMaxMultiplier,
                        "multiplier on urgent community response capacity",
                        [](ModelParams& p, double v) { p.policy.admission_avoidance.ucr_capacity_multiplier = v; }));
  keys.push_back(number("levers.admission_avoidance.virtual_ward_beds_per_100k", 0, 500,
                        "virtual ward beds per 100,000 registered population (today 20.1)",
                        [](ModelParams& p, double v) { p.policy.admission_avoidance.virtual_ward_beds_per_100k = v; }));

  keys.push_back(number("levers.timing.years_to_full_effect", 0, 20,
                        "years from the start of the results period to each lever's full effect and added "
                        "capacity (linear ramp; 0 = full at once)",
                        [](ModelParams& p, double v) { p.policy.timing.years_to_full_effect = v; }));

  // Today's services, in every scenario (not levers).
  keys.push_back(effect("services.virtual_ward_substitution", 0, 1,
                        "admissions avoided per virtual-ward admission, today's beds and added ones",
                        [](ModelParams& p, const EffectRange& v) { p.community.virtual_ward_substitution = v; }));
  keys.push_back(number("services.capacity_follows_demography", 0, 1,
                        "share of the projected growth in demand that capacities follow from year to year (1: "
                        "services planned for the projected population; 0: held at today's)",
                        [](ModelParams& p, double v) { p.demography.capacity_follows_demography = v; }));
  keys.push_back(number("services.seasons", 0, 1,
                        "strength of the seasons: how far demand and stays vary by month of the year from the "
                        "year's average (1: as published; 0: an average year all year)",
                        [](ModelParams& p, double v) { p.seasons.strength = v; }));

  keys.push_back(flag("levers.discharge_to_assess.enabled", "assessment after discharge, not in the bed",
                      [](ModelParams& p, bool v) { p.policy.discharge_to_assess.enabled = v; }));
  keys.push_back(
      effect("levers.discharge_to_assess.assessment_moved_share", 0, 1,
             "share of today's in-hospital hand-off and ward assessment moved to after leaving hospital",
             [](ModelParams& p, const EffectRange& v) { p.policy.discharge_to_assess.assessment_moved_share = v; }));

  keys.push_back(flag("levers.mutual_aid.enabled", "acute sites take patients waiting for a bed at another site",
                      [](ModelParams& p, bool v) { p.policy.mutual_aid.enabled = v; }));
  keys.push_back(number("levers.mutual_aid.wait_hours_before_transfer", 1, 72,
                        "hours waiting for a bed before a transfer",
                        [](ModelParams& p, double v) { p.policy.mutual_aid.wait_hours_before_transfer = v; }));
  keys.push_back(number("levers.mutual_aid.transfer_hours", 1, 24, "hours a transfer takes",
                        [](ModelParams& p, double v) { p.policy.mutual_aid.transfer_hours = v; }));

  keys.push_back(flag("levers.pooled_lists.enabled",
                      "the acute collaborative pools its waiting lists: patients decided to admit are offered a "
                      "shorter wait at another of its sites",
                      [](ModelParams& p, bool v) { p.policy.pooled_lists.enabled = v; }));
  keys.push_back(effect("levers.pooled_lists.acceptance", 0, 1,
                        "share of patients offered a shorter wait at another site who take it",
                        [](ModelParams& p, const EffectRange& v) { p.policy.pooled_lists.acceptance = v; }));
  keys.push_back(number("levers.pooled_lists.min_weeks_shorter", 0, 52,
                        "weeks shorter another site's wait must be for the offer to be made",
                        [](ModelParams& p, double v) { p.policy.pooled_lists.min_weeks_shorter = v; }));

  keys.push_back(flag("levers.elective_ring_fence.enabled",
                      "elective beds protected from emergency pressure: fewer emergency patients in them",
                      [](ModelParams& p, bool v) { p.policy.elective_ring_fence.enabled = v; }));
  keys.push_back(number("levers.elective_ring_fence.ring_fenced_share", 0, 1,
                        "share of the elective beds outside hubs closed to emergency patients (today 0.4)",
                        [](ModelParams& p, double v) { p.policy.elective_ring_fence.ring_fenced_share = v; }));

  keys.push_back(flag("levers.single_pound.enabled", "one budget: money moved between sectors at equal total spend",
                      [](ModelParams& p, bool v) { p.policy.single_pound.enabled = v; }));
  keys.push_back(number("levers.single_pound.escalation_budget_moved_share", 0, 1,
                        "share of the escalation beds' budget moved to community and social care",
                        [](ModelParams& p, double v) { p.policy.single_pound.escalation_budget_moved_share = v; }));
  keys.push_back(number("levers.single_pound.to_home_care_share", 0, 1,
                        "share of the money moved that buys home care (the rest, intermediate care beds)",
                        [](ModelParams& p, double v) { p.policy.single_pound.to_home_care_share = v; }));

  keys.push_back(flag("levers.targeting.enabled", "borough partnerships direct proactive care by deprivation",
                      [](ModelParams& p, bool v) { p.policy.targeting.enabled = v; }));
  keys.push_back(weights("levers.targeting.deprivation_weights", 0, 100,
                         "relative priority for proactive care by deprivation quintile (1 = most deprived first)",
                         [](ModelParams& p, const ByQuintile& v) { p.policy.targeting.deprivation_weights = v; }));

  keys.push_back(flag("levers.prevention.enabled",
                      "blood pressure optimisation: more people with hypertension treated to target",
                      [](ModelParams& p, bool v) { p.policy.prevention.enabled = v; }));
  keys.push_back(effect("levers.prevention.reach", 0, 1,
                        "share of full optimisation reached, over today's treatment (0: none, 1: everyone above "
                        "target treated to target)",
                        [](ModelParams& p, const EffectRange& v) { p.policy.prevention.reach = v; }));
  keys.push_back(number("levers.prevention.events_avoided_per_100k", 0, 1000,
                        "heart attacks and strokes avoided a year per 100,000 residents at full optimisation",
                        [](ModelParams& p, double v) { p.policy.prevention.events_avoided_per_100k = v; }));
  keys.push_back(number("levers.prevention.patients_per_100k", 0, 1e5,
                        "residents with hypertension above target per 100,000 (those full optimisation treats)",
                        [](ModelParams& p, double v) { p.policy.prevention.patients_per_100k = v; }));
  keys.push_back(number("levers.prevention.cost_per_patient_year", 0, 1e5,
                        "GBP a year for each patient brought to target",
                        [](ModelParams& p, double v) { p.policy.prevention.cost_per_patient_year = v; }));
  keys.push_back(number("levers.prevention.deaths_avoided_per_100k", 0, 1000,
                        "deaths avoided a year per 100,000 residents at full optimisation",
                        [](ModelParams& p, double v) { p.policy.prevention.deaths_avoided_per_100k = v; }));

  keys.push_back(flag("levers.ltc_care.enabled",
                      "better care of COPD and diabetes in general practice: fewer exacerbations",
                      [](ModelParams& p, bool v) { p.policy.ltc_care.enabled = v; }));
  keys.push_back(effect("levers.ltc_care.reach", 0, 1,
                        "share of the patients with COPD or diabetes reached, over today's care",
                        [](ModelParams& p, const EffectRange& v) { p.policy.ltc_care.reach = v; }));
  keys.push_back(number("levers.ltc_care.copd_exacerbation_share", 0, 1,
                        "COPD's share of the exacerbations of long-term conditions (chronic ACSC admissions)",
                        [](ModelParams& p, double v) { p.policy.ltc_care.copd_exacerbation_share = v; }));
  keys.push_back(number("levers.ltc_care.diabetes_exacerbation_share", 0, 1,
                        "diabetes complications' share of the exacerbations of long-term conditions",
                        [](ModelParams& p, double v) { p.policy.ltc_care.diabetes_exacerbation_share = v; }));
  keys.push_back(effect("levers.ltc_care.copd_effect", -1, 1,
                        "relative change in the COPD exacerbations of the patients reached",
                        [](ModelParams& p, const EffectRange& v) { p.policy.ltc_care.copd_effect = v; }));
  keys.push_back(effect("levers.ltc_care.diabetes_effect", -1, 1,
                        "relative change in the diabetes complications of the patients reached",
                        [](ModelParams& p, const EffectRange& v) { p.policy.ltc_care.diabetes_effect = v; }));
  keys.push_back(number("levers.ltc_care.copd_patients_per_100k", 0, 1e5, "residents with COPD per 100,000",
                        [](ModelParams& p, double v) { p.policy.ltc_care.copd_patients_per_100k = v; }));
  keys.push_back(number("levers.ltc_care.diabetes_patients_per_100k", 0, 1e5, "residents with diabetes per 100,000",
                        [](ModelParams& p, double v) { p.policy.ltc_care.diabetes_patients_per_100k = v; }));
  keys.push_back(number("levers.ltc_care.cost_per_copd_patient_year", 0, 1e5,
                        "GBP a year for each patient with COPD reached",
                        [](ModelParams& p, double v) { p.policy.ltc_care.cost_per_copd_patient_year = v; }));
  keys.push_back(number("levers.ltc_care.cost_per_diabetes_patient_year", 0, 1e5,
                        "GBP a year for each patient with diabetes reached",
                        [](ModelParams& p, double v) { p.policy.ltc_care.cost_per_diabetes_patient_year = v; }));
  return keys;
}

}  // namespace

const std::vector<KeySpec>& schema() {
  static const std::vector<KeySpec> keys = build();
  return keys;
}

}  // namespace icsflow::scenarios::detail
