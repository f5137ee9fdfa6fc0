// Tallies by year of the results period: an event goes to its year; what accrues over an interval (a stay, a
// place held) is split between the years it spans, exactly, whatever the rounding of its amount.
#include "tallies.hpp"

#include <gtest/gtest.h>

#include "recording_routes.hpp"

namespace icsflow::models::detail {
namespace {

constexpr std::size_t kBoroughs = 6;

// A results period of two and a half years after a 10-day warm-up.
Context two_and_a_half_years(const ModelParams& params) {
  Context context = testing::context_for(params);
  context.results_start = 10 * kDay;
  context.results_end = context.results_start + 2 * kYear + 183 * kDay;
  return context;
}

TEST(Tallies, CountsAnEventInItsYear) {
  const Context context = two_and_a_half_years(testing::baseline());
  Tallies tallies(kBoroughs, context);
  ASSERT_EQ(tallies.years(), 3U);
  const Time start = context.results_start;
  tallies.add(start, BoroughId(1), 2, Measure::deaths);
  tallies.add(start + kYear - 1, BoroughId(1), 2, Measure::deaths);
  tallies.add(start + kYear, BoroughId(1), 2, Measure::deaths);
  tallies.add(context.results_end - 1, BoroughId(1), 2, Measure::deaths, 5);
  EXPECT_EQ(tallies.total(Measure::deaths, 0), 2);
  EXPECT_EQ(tallies.total(Measure::deaths, 1), 1);
  EXPECT_EQ(tallies.total(Measure::deaths, 2), 5);
  EXPECT_EQ(tallies.total(Measure::deaths), 8);
  EXPECT_EQ(tallies.cell(1, 1 * kQuintiles + 2)[index(Measure::deaths)], 1) << "borough 1, quintile index 2";
}

TEST(Tallies, SplitsAStayAcrossTheYearBoundaryExactly) {
  const Context context = two_and_a_half_years(testing::baseline());
  Tallies tallies(kBoroughs, context);
  const Time boundary = context.results_start + kYear;
  const Time from = boundary - 2 * kDay - 7;
  const Time to = boundary + 3 * kDay + 11;
  tallies.add_over(from, to, BoroughId(0), 0, Measure::bed_days);
  EXPECT_EQ(tallies.total(Measure::bed_days, 0), 2 * kDay + 7);
  EXPECT_EQ(tallies.total(Measure::bed_days, 1), 3 * kDay + 11);
  EXPECT_EQ(tallies.total(Measure::bed_days, 2), 0);

  // A cost rounded to pence: the years' parts add up to the whole stay's cost, not to a sum of roundings.
  const auto cost = [](Time minutes) { return pence(395.0 * in_days(minutes)); };
  tallies.add_over(from, to, BoroughId(0), 0, Measure::cost_acute_gbp, cost);
  EXPECT_EQ(tallies.total(Measure::cost_acute_gbp), cost(to - from));
  EXPECT_EQ(tallies.total(Measure::cost_acute_gbp, 0), cost(2 * kDay + 7));
}

TEST(Tallies, CountsOnlyThePartOfAnIntervalInsideTheResultsPeriod) {
  const Context context = two_and_a_half_years(testing::baseline());
  Tallies tallies(kBoroughs, context);
  // From the warm-up to after the end: every year whole, the last one half a year (183 days).
  tallies.add_over(0, context.results_end + kDay, BoroughId(5), 4, Measure::delayed_discharge_bed_days);
  EXPECT_EQ(tallies.total(Measure::delayed_discharge_bed_days, 0), kYear);
  EXPECT_EQ(tallies.total(Measure::delayed_discharge_bed_days, 1), kYear);
  EXPECT_EQ(tallies.total(Measure::delayed_discharge_bed_days, 2), 183 * kDay);
  tallies.add_over(0, context.results_start, BoroughId(5), 4, Measure::bed_days);  // all in the warm-up
  EXPECT_EQ(tallies.total(Measure::bed_days), 0);
}

TEST(Tallies, OneYearRunsHaveOneYear) {
  const Context context = testing::context_for(testing::baseline());
  Tallies tallies(kBoroughs, context);
  ASSERT_EQ(tallies.years(), 1U);
  tallies.add_over(kYear - kDay, kYear + kDay, BoroughId(0), 0, Measure::bed_days);
  EXPECT_EQ(tallies.total(Measure::bed_days), kDay) << "clipped at the end of the results period";
}

}  // namespace
}  // namespace icsflow::models::detail
