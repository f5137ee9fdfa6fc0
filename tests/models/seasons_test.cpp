// The time of year: which month a minute of the run falls in, and profiles scaled to average one.
#include "seasons.hpp"

#include <numeric>

#include <gtest/gtest.h>

#include "context.hpp"

namespace icsflow::models::detail {
namespace {

TEST(Seasons, TheResultsPeriodStartsOnTheFirstOfItsMonth) {
  SeasonParams params;
  params.results_start_month = 4;  // April
  const Time results_start = 60 * kDay;
  const Seasons seasons(params, results_start);
  EXPECT_EQ(seasons.month_of(results_start), 3u);                  // 1 April
  EXPECT_EQ(seasons.month_of(results_start + 30 * kDay - 1), 3u);  // 30 April, a minute before midnight
  EXPECT_EQ(seasons.month_of(results_start + 30 * kDay), 4u);      // 1 May
  EXPECT_EQ(seasons.month_of(results_start + 275 * kDay), 0u);     // 1 January
  EXPECT_EQ(seasons.month_of(results_start + 365 * kDay), 3u);     // 1 April the next year
  EXPECT_EQ(seasons.month_of(results_start - 1), 2u);              // 31 March, in the warm-up
  EXPECT_EQ(seasons.month_of(results_start - 31 * kDay), 2u);      // 1 March
  EXPECT_EQ(seasons.month_of(results_start - 31 * kDay - 1), 1u);  // 28 February
  EXPECT_EQ(seasons.month_of(0), 0u);                              // 60 days before 1 April: 31 January
}

TEST(Seasons, ProfilesAverageOneOverTheYearsDaysWhateverTheirStrength) {
  ByMonth winter = kNoSeason;
  winter[0] = 2;
  winter[11] = 1.5;
  for (const double strength : {0.0, 0.5, 1.0}) {
    const ByMonth scaled = scaled_profile(winter, strength);
    double mean = 0;
    for (std::size_t m = 0; m < kMonths; ++m) mean += scaled[m] * kDaysInMonth[m] / 365.0;
    EXPECT_NEAR(mean, 1.0, 1e-12) << strength;
    EXPECT_NEAR(scaled[0] / scaled[5], 1 + strength, 1e-12) << "January against June, strength " << strength;
  }
  SeasonParams params;
  params.death = winter;
  const Seasons seasons(params, 0);
  EXPECT_DOUBLE_EQ(seasons.peak(Season::death), scaled_profile(winter, 1)[0]);
  EXPECT_TRUE(seasons.varies(Season::death));
  EXPECT_FALSE(seasons.varies(Season::stay)) << "an average year";
  EXPECT_DOUBLE_EQ(seasons.at(Season::stay, 123 * kDay), 1.0);
}

}  // namespace
}  // namespace icsflow::models::detail
