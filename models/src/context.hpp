#pragma once
// What every logical process of one replication reads and none changes: the parameters, the seed, the
// results period, the rates derived from the parameters and the levers' effects as drawn.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "discharge_window.hpp"
#include "icsflow/models/care_system.hpp"
#include "icsflow/models/params.hpp"
#include "icsflow/sim/process.hpp"
#include "icsflow/sim/random.hpp"
#include "icsflow/sim/time.hpp"
#include "seasons.hpp"

namespace icsflow::models::detail {

using sim::Time;

inline constexpr Time kHour = 60;  // the model's tick is one minute
inline constexpr Time kDay = 24 * kHour;
inline constexpr Time kWeek = 7 * kDay;
inline constexpr Time kYear = 365 * kDay;
// Day 0 of a run is a Monday; GP practices, clinics and theatres work Monday to Friday.
[[nodiscard]] inline bool working_day(std::int64_t day) { return day % 7 < 5; }
inline constexpr double kWorkingDaysPerYear = 365.0 * 5 / 7;
// Processes talk only by messages that take at least this long: nobody reaches A&E, or a care package,
// the minute the need arises.
inline constexpr Time kLookahead = kHour;
inline constexpr double kMinutesPerYear = static_cast<double>(kYear);

// What a random draw is for: the `purpose` of RandomStream(seed, resident, purpose, counter).
enum class Purpose : std::uint64_t {
  population = 1,
  next_need,
  gp,  // keyed by the PCN (kGpEntityBase + PCN), not a resident
  emergency,
  ae,
  stay,
  discharge,
  social_care,
  lever_effect,        // keyed by kLeverEntityBase + lever
  reablement_outcome,  // keyed by the resident and the minute their reablement started
  place_sourcing,      // keyed by the resident and the minute the provider's search started
  demography,          // keyed by the resident and the year (moving out), or by kDemographyEntityBase + PCN
  elective,            // the waiting list at the start: keyed by kElectiveEntityBase + site
  pooled_list,         // pooled lists' offers: keyed by kElectiveEntityBase + site and the site's offer count
};

// Random-stream entities of draws that belong to no resident, above every resident id.
inline constexpr std::uint64_t kGpEntityBase = std::uint64_t{1} << 40;          // + PCN
inline constexpr std::uint64_t kLeverEntityBase = std::uint64_t{1} << 41;       // + lever
inline constexpr std::uint64_t kDemographyEntityBase = std::uint64_t{1} << 42;  // + PCN
inline constexpr std::uint64_t kElectiveEntityBase = std::uint64_t{1} << 43;    // + site

// How much each capacity has grown by the start of a year (1 in the first): GP appointments and community and social
// care by borough, acute beds by site (demography.hpp).
struct CapacityGrowth {
  std::vector<double> gp;
  std::vector<double> care;
  std::vector<double> acute;
};

// The levers' effects as drawn for this replication (1 or 0 when a lever is off): see levers.hpp.
struct LeverEffects {
  double handoff_multiplier = 1;
  double proactive_multiplier = 1;
  double care_home_multiplier = 1;
  double virtual_ward_substitution = 0;
  double assessment_moved_share = 0;
  double ucr_referral_share = 0;
  double prevention_reach = 0;             // share of full blood pressure optimisation reached (0: lever off)
  double prevention_multiplier = 1;        // on the other emergencies of those it can help (World, from the population)
  double pooled_list_acceptance = 0;       // of offers of a shorter wait elsewhere (0: lever off)
  double prevention_death_multiplier = 1;  // on the deaths of those the blood pressure lever can help (World)
  double ltc_care_reach = 0;               // share of COPD and diabetes patients reached (0: lever off)
  double ltc_care_multiplier = 1;          // on every exacerbation: COPD's and diabetes' share, reached, changed
};

// Rates derived once from the parameters, in events per minute: see rates.hpp.
struct DerivedRates {
  std::vector<std::array<ByQuintile, kAgeBands>> gp_need;  // by borough: lists differ in registrations per resident
  ByAge other_emergency{};
  ByAge direct_admission{};
  std::array<ByFrailty, kAgeBands> los_frailty{};  // frailty multipliers of stay, averaging one by age
  double acsc_per_ltc = 0;
  std::array<std::array<ByFrailty, kQuintiles>, kAgeBands> death{};
  double relapse = 0;
  std::vector<ByAge> home_care_onset;   // by borough, for independent residents
  std::vector<ByAge> care_home_direct;  // by borough, for independent residents
  double care_home_from_home_care = 0;
  double home_care_exit = 0;
  ByAge out_migration{};  // probability of moving out at a year's end, for a resident at home without care
  std::vector<std::vector<double>> elective_site_shares;  // by borough: share of its referrals to each site
};

struct Context {
  const ModelParams& params;
  std::uint64_t seed = 0;
  Time results_start = 0;
  Time results_end = 0;
  DerivedRates rates;
  LeverEffects effects;
  Time full_effect_after = 0;          // minutes from results_start to the levers' full effect; 0: full throughout
  std::vector<CapacityGrowth> growth;  // by year of the results period (demography.hpp)
  Seasons seasons;                     // the time of year's multipliers of demand and stays

  // The share of a lever's full effect reached at t: rising linearly from 0 at the start of the results
  // period (none during the warm-up) to 1; always 1 without a ramp.
  [[nodiscard]] double ramp(Time t) const {
    if (full_effect_after <= 0) return 1;
    return std::clamp(static_cast<double>(t - results_start) / static_cast<double>(full_effect_after), 0.0, 1.0);
  }
  // A lever's value at t, between its siloed value and its full value.
  [[nodiscard]] double ramped(double siloed, double full, Time t) const {
    return full_effect_after <= 0 ? full : siloed + ramp(t) * (full - siloed);
  }

  [[nodiscard]] sim::RandomStream stream(std::uint64_t entity, Purpose purpose, std::uint64_t counter) const {
    return sim::RandomStream(seed, entity, static_cast<std::uint64_t>(purpose), counter);
  }
  [[nodiscard]] bool in_results(Time t) const { return t >= results_start && t < results_end; }
  // Runs on_new_year(process, year) at the start of each year of the results period after the first (year from 1).
  template <class F>
  void at_each_new_year(sim::Process& p, const F& on_new_year) const {
    for (std::size_t year = 1; year < years(); ++year) {
      p.schedule_at(results_start + static_cast<Time>(year) * kYear,
                    [on_new_year, year](sim::Process& q) { on_new_year(q, year); });
    }
  }
  // The results period's years (SummaryRow::year): 365 days each from its start, the last what is left.
  [[nodiscard]] std::size_t years() const {
    return static_cast<std::size_t>(std::max<Time>(1, (results_end - results_start + kYear - 1) / kYear));
  }
  // Mean days of a discharge hand-off at t: in hospital, and after leaving it (discharge to assess).
  [[nodiscard]] double handoff_days_in_hospital(std::uint8_t pathway, Time t) const {
    return params.social.handoff_days[pathway] * ramped(1, effects.handoff_multiplier, t) *
           (1 - ramped(0, effects.assessment_moved_share, t));
  }
  // Patients leave a bed only in the discharge window: the minutes from t until it is open, 0 inside it.
  [[nodiscard]] Time until_discharge_window(Time t) const { return detail::until_discharge_window(params.social, t); }
  [[nodiscard]] double assessment_days_after_discharge(std::uint8_t pathway, Time t) const {
    return params.social.handoff_days[pathway] * ramped(1, effects.handoff_multiplier, t) *
           ramped(0, effects.assessment_moved_share, t);
  }
};

// The index drawn from shares that sum to one (the last takes any rounding).
template <class Shares>
std::size_t pick(sim::RandomStream& draw, const Shares& shares) {
  double u = draw.uniform();
  for (std::size_t k = 0; k + 1 < shares.size(); ++k) {
    if (u < shares[k]) return k;
    u -= shares[k];
  }
  return shares.size() - 1;
}

// A time stored in 32 bits, as residents and inpatients keep them (World refuses runs past 2^31 minutes).
inline std::int32_t stamp(Time t) { return static_cast<std::int32_t>(t); }
inline double in_days(Time minutes) { return static_cast<double>(minutes) / kDay; }

inline std::int64_t pence(double gbp) { return static_cast<std::int64_t>(gbp * 100.0 + 0.5); }

}  // namespace icsflow::models::detail
