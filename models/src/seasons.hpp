#pragma once
// The time of year: the month-of-year multipliers of demand and stays (SeasonParams) at a time of the run. A run's
// time 0 is the start of the warm-up; the results period starts on the first of params.results_start_month, and
// every year has 365 days (as kYear).
#include <array>
#include <cstddef>
#include <cstdint>

#include "icsflow/models/params.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::models::detail {

enum class Season : std::uint8_t { exacerbation, other_emergency, death, stay };
inline constexpr std::size_t kSeasons = 4;
inline constexpr std::array<int, kMonths> kDaysInMonth{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// The profile with strength s applied (1 + s (m - 1)) and scaled to average one over the year's days.
[[nodiscard]] ByMonth scaled_profile(const ByMonth& profile, double strength);

class Seasons {
 public:
  Seasons() = default;  // an average year: every multiplier one
  Seasons(const SeasonParams& params, sim::Time results_start);

  // The month (0 = January) of time t, a minute of the run.
  [[nodiscard]] std::size_t month_of(sim::Time t) const;
  // The multiplier of `what` at t, and its largest value over the year (the bound at which a rate is drawn
  // before thinning).
  [[nodiscard]] double at(Season what, sim::Time t) const {
    return profiles_[static_cast<std::size_t>(what)][month_of(t)];
  }
  [[nodiscard]] double peak(Season what) const { return peaks_[static_cast<std::size_t>(what)]; }
  [[nodiscard]] bool varies(Season what) const { return peak(what) > 1; }

 private:
  sim::Time results_start_ = 0;
  int start_day_of_year_ = 0;  // of the results period's first day, 0 = 1 January
  std::array<ByMonth, kSeasons> profiles_{kNoSeason, kNoSeason, kNoSeason, kNoSeason};
  std::array<double, kSeasons> peaks_{1, 1, 1, 1};
};

}  // namespace icsflow::models::detail
