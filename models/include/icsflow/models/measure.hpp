#pragma once
// What the model counts: one tally per measure, per borough and deprivation quintile. Their names, units,
// labels and derived forms are in the metrics registry (metrics.hpp), the one place a metric is declared.
#include <array>
#include <cstddef>
#include <utility>

namespace icsflow::models {

// Counts are events in the results period; bed days and costs are the parts of stays and care that fall
// inside it. The order is the order of the summary table's columns.
enum class Measure : int {
  gp_appointments,
  gp_unmet_demand,
  ae_attendances,
  ae_4h_breaches,
  emergency_admissions,
  acsc_admissions,
  zero_day_admissions,
  bed_days,
  zero_day_bed_days,
  delayed_discharge_bed_days,
  readmissions_30d,
  ucr_episodes,
  admissions_avoided_by_ucr,
  virtual_ward_admissions,
  virtual_ward_acsc_admissions,
  mutual_aid_transfers,
  care_packages_started,
  care_home_admissions,
  deaths,
  elective_referrals,        // referral to treatment pathways started (clock starts)
  elective_clock_stops,      // pathways ended: admitted for treatment, or at outpatients
  elective_stops_within_4w,  // of which within 4 weeks of the referral (the points of the waits' distribution)
  elective_stops_within_8w,
  elective_stops_within_13w,
  elective_stops_within_18w,  // the NHS standard's 18 weeks
  elective_stops_within_26w,
  elective_stops_within_39w,
  elective_stops_within_52w,
  elective_weeks_waited,   // weeks from referral to clock stop, summed over the stops (in minutes)
  elective_cancellations,  // operations cancelled on the day for want of a bed
  elective_transfers,      // pathways decided to admit moved to another site's list (pooled lists)
  cost_primary_care_gbp,
  cost_acute_gbp,
  cost_community_gbp,
  cost_social_care_gbp,
  cost_lever_proactive_care_gbp,       // of which (in cost_community_gbp): the lever's programme
  cost_lever_care_home_support_gbp,    // of which (in cost_community_gbp): the lever's programme
  cost_lever_admission_avoidance_gbp,  // of which (in cost_community_gbp): the capacity the lever adds
  cost_lever_prevention_gbp,           // of which (in cost_community_gbp): the lever's programme
  cost_lever_ltc_care_gbp,             // of which (in cost_community_gbp): the lever's programme
  count
};
inline constexpr int kMeasureCount = static_cast<int>(Measure::count);

// The clock stops counted within each number of weeks of the referral: the points of the distribution of waits.
inline constexpr std::array<std::pair<int, Measure>, 7> kStopsWithinWeeks{{{4, Measure::elective_stops_within_4w},
                                                                           {8, Measure::elective_stops_within_8w},
                                                                           {13, Measure::elective_stops_within_13w},
                                                                           {18, Measure::elective_stops_within_18w},
                                                                           {26, Measure::elective_stops_within_26w},
                                                                           {39, Measure::elective_stops_within_39w},
                                                                           {52, Measure::elective_stops_within_52w}}};

[[nodiscard]] constexpr std::size_t index(Measure m) { return static_cast<std::size_t>(m); }

}  // namespace icsflow::models
