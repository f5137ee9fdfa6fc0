#include "seasons.hpp"

#include <algorithm>

#include "context.hpp"

namespace icsflow::models::detail {

ByMonth scaled_profile(const ByMonth& profile, double strength) {
  ByMonth out{};
  double day_weighted = 0;
  for (std::size_t m = 0; m < kMonths; ++m) {
    out[m] = 1 + strength * (profile[m] - 1);
    day_weighted += out[m] * kDaysInMonth[m];
  }
  const double mean = day_weighted / 365.0;
  for (double& x : out) x /= mean;
  return out;
}

Seasons::Seasons(const SeasonParams& params, Time results_start) : results_start_(results_start) {
  for (int m = 0; m + 1 < params.results_start_month; ++m) start_day_of_year_ += kDaysInMonth[m];
  const std::array<const ByMonth*, kSeasons> given{&params.exacerbation, &params.other_emergency, &params.death,
                                                   &params.stay};
  for (std::size_t s = 0; s < kSeasons; ++s) {
    profiles_[s] = scaled_profile(*given[s], params.strength);
    peaks_[s] = *std::max_element(profiles_[s].begin(), profiles_[s].end());
  }
}

std::size_t Seasons::month_of(Time t) const {
  const Time since = t - results_start_;
  const Time day = (since >= 0 ? since / kDay : -((-since + kDay - 1) / kDay)) + start_day_of_year_;
  int day_of_year = static_cast<int>(((day % 365) + 365) % 365);
  std::size_t month = 0;
  while (day_of_year >= kDaysInMonth[month]) day_of_year -= kDaysInMonth[month++];
  return month;
}

}  // namespace icsflow::models::detail
