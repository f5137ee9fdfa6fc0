#pragma once
// Rates per minute derived from the published parameters (pure functions).
#include <cstdint>
#include <vector>

#include "context.hpp"
#include "ids.hpp"
#include "patient.hpp"

namespace icsflow::models::detail {

// Hazard per minute of an event with annual probability p (capped at 0.999: at 1 the hazard is infinite).
double hazard_from_annual_probability(double p);

// Every rate but the onset of social care from home, which depends on the population (below).
DerivedRates derive_rates(const ModelParams& params);

// New social-care clients from home are set so that, at the starting stock, arrivals from the community
// replace the community's share of the expected exits (deaths, moves, packages ending); the remaining
// share, published as about one in five (NHS Digital ASC-FR 2023/24), comes from hospital discharges,
// which the model generates itself. The care system thus starts near its steady state.
void derive_community_care_onset(const ModelParams& params, const Populations& populations, DerivedRates& rates);

// Who the prevention lever can help: residents aged 45 or more with a long-term condition (hypertension is rare
// before 45 and comes with other conditions).
inline constexpr std::uint8_t kPreventionFromBand = 4;  // 45-64
[[nodiscard]] inline bool prevention_eligible(const Resident& r) {
  return r.age_band >= kPreventionFromBand && r.ltc_count > 0;
}
// The multiplier on those residents' other emergencies that removes, at the starting population, the heart attacks and
// strokes the lever avoids: reach x events_avoided_per_100k a year per 100,000 residents (1 when reach is 0).
double prevention_multiplier(const ModelParams& params, const Populations& populations, double reach);
// The multiplier on those residents' deaths (at home) that removes reach x deaths_avoided_per_100k a year per 100,000
// residents at the starting population.
double prevention_death_multiplier(const DerivedRates& rates, const ModelParams& params, const Populations& populations,
                                   double reach);

}  // namespace icsflow::models::detail
