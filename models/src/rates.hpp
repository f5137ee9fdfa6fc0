#pragma once
// Rates per minute derived from the published parameters (pure functions).
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

}  // namespace icsflow::models::detail
