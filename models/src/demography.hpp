#pragma once
// The population a run expects, year by year, and the capacities that follow it. A deterministic cohort-component
// projection with the run's own rates (the simulated population is one random path around it): each year people die
// at their band's mean mortality, at its end everyone ages a year, people move out at their age's rate and the
// year's births and in-migrants join. Services are planned from it as planners use ONS's projection: each capacity
// grows with the demand its users' ages imply (capacity_follows_demography of that growth), the same in every
// scenario.
#include <array>
#include <vector>

#include "context.hpp"

namespace icsflow::models::detail {

// Weights of each single year of age within each band (up to 20 years): the density of the age pyramid drawn as
// straight lines within a band, from the density at its lower edge to that at its upper edge, each edge's density the
// mean of the per-year densities of the bands either side. An assumption: single years of age are not in the data,
// and a uniform density would send a 20-year band's last year (64, say) to the next band far too fast.
inline constexpr std::size_t kWidestBand = 20;
using AgeWeights = std::array<std::array<double, kWidestBand>, kAgeBands>;
AgeWeights age_weights(const ByAge& shares);
[[nodiscard]] inline int band_width(std::size_t band) { return kAgeBandBounds[band + 1] - kAgeBandBounds[band]; }

// Expected residents of each borough by age band at the start of each year of the results period (full scale).
using Projection = std::vector<std::vector<ByAge>>;  // [year][borough]
Projection project_population(const ModelParams& params, const DerivedRates& rates, std::size_t years);

// CapacityGrowth (context.hpp) by year.
std::vector<CapacityGrowth> capacity_growth(const ModelParams& params, const Projection& projection);  // by year

}  // namespace icsflow::models::detail
