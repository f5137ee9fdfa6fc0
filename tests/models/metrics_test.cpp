// The metrics registry: each metric declared once, and the derived values (totals, rates, the deprivation gap
// and ratio, occupancy) computed from a hand-made replication whose answers are worked out below.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "icsflow/models/metrics.hpp"

namespace icsflow::models {
namespace {

TEST(MetricsRegistry, EveryMeasureHasExactlyOneMetricAndNamesAreUnique) {
  std::set<std::string> names;
  int measures = 0;
  for (const Metric& m : metrics()) {
    EXPECT_TRUE(names.insert(std::string(m.name)).second) << m.name;
    EXPECT_FALSE(m.unit.empty()) << m.name;
    EXPECT_FALSE(m.label.empty()) << m.name;
    EXPECT_FALSE(m.description.empty()) << m.name;
    if (m.kind == MetricKind::measure) ++measures;
  }
  EXPECT_EQ(measures, kMeasureCount);
  for (int i = 0; i < kMeasureCount; ++i) {
    const Measure measure = static_cast<Measure>(i);
    EXPECT_EQ(metric(measure).measure, measure);
    EXPECT_EQ(metric(measure).kind, MetricKind::measure);
  }
  EXPECT_TRUE(find_metric("acsc_admissions").has_value());
  EXPECT_FALSE(find_metric("no_such_metric").has_value());
}

TEST(MetricsRegistry, HeadlinesAreNumberedOneToNAndSweepOutputsAreTheMarkedMetrics) {
  const auto headlines = headline_metrics();
  ASSERT_FALSE(headlines.empty());
  for (std::size_t i = 0; i < headlines.size(); ++i) EXPECT_EQ(headlines[i]->headline, static_cast<int>(i) + 1);
  std::size_t marked = 0;
  for (const Metric& m : metrics()) marked += m.sweep != SweepRole::none ? 1 : 0;
  const auto outputs = sweep_outputs();
  EXPECT_EQ(outputs.size(), marked);
  for (const Metric* m : outputs) EXPECT_NE(m->sweep, SweepRole::none) << m->name;
}

// The median weeks waited, interpolated in the distribution's points: 100 clock stops, 20 within 4 weeks, 40 within
// 8 (so the 50th falls a quarter of the way from 8 to 13 weeks: 9.25), all within 13.
TEST(MetricValues, MedianWeeksWaitedIsInterpolatedBetweenThePointsOfTheDistribution) {
  Totals t;
  t.values[index(Measure::elective_clock_stops)] = 100;
  t.values[index(Measure::elective_stops_within_4w)] = 20;
  t.values[index(Measure::elective_stops_within_8w)] = 40;
  for (const auto& [weeks, measure] : kStopsWithinWeeks) {
    if (weeks >= 13) t.values[index(measure)] = 80 + (weeks >= 18 ? 20 : 0);
  }
  EXPECT_DOUBLE_EQ(median_weeks_waited(t), 8 + 5 * (50.0 - 40) / (80 - 40));
  t.values[index(Measure::elective_stops_within_4w)] = 60;  // more than half within 4 weeks
  EXPECT_DOUBLE_EQ(median_weeks_waited(t), 4 * 50.0 / 60);
  for (const auto& [weeks, measure] : kStopsWithinWeeks) t.values[index(measure)] = 10;  // most waited over a year
  EXPECT_TRUE(std::isnan(median_weeks_waited(t)));
  EXPECT_TRUE(std::isnan(median_weeks_waited(Totals{}))) << "no clock stops";
}

// Two quintiles of one borough: 1,000 residents with 30 ACSC admissions (most deprived) and 2,000 with 20
// (least deprived), over half a year, simulated at a tenth of the population.
ReplicationResult two_quintiles() {
  ReplicationResult r;
  SummaryRow most{.borough = 0, .deprivation_quintile = 1, .residents = 1000};
  most.values[index(Measure::acsc_admissions)] = 30;
  most.values[index(Measure::cost_acute_gbp)] = 500;
  most.values[index(Measure::cost_social_care_gbp)] = 100;
  SummaryRow least{.borough = 0, .deprivation_quintile = 5, .residents = 2000};
  least.values[index(Measure::acsc_admissions)] = 20;
  least.values[index(Measure::cost_primary_care_gbp)] = 50;
  r.summary = {most, least};
  r.daily = {{.day = 0, .site = 0, .beds_available = 10, .beds_occupied = 9},
             {.day = 1, .site = 0, .beds_available = 10, .beds_occupied = 6}};
  return r;
}

const Metric& named(std::string_view name) {
  for (const Metric& m : metrics())
    if (m.name == name) return m;
  throw std::out_of_range(std::string(name));
}

TEST(MetricValues, CountsAndSpendAreScaledToAYearOfTheWholePopulation) {
  const ReplicationResult r = two_quintiles();
  const Period half_year_tenth{.years = 0.5, .scale = 0.1};
  EXPECT_DOUBLE_EQ(metric_value(metric(Measure::acsc_admissions), r, {}, half_year_tenth), 50 / 0.1 / 0.5);
  EXPECT_DOUBLE_EQ(metric_value(metric(Measure::acsc_admissions), r, {0, 5}, half_year_tenth), 20 / 0.1 / 0.5);
  const Metric* cost = nullptr;
  for (const Metric& m : metrics())
    if (m.kind == MetricKind::total_cost) cost = &m;
  ASSERT_NE(cost, nullptr);
  EXPECT_DOUBLE_EQ(metric_value(*cost, r, {}, half_year_tenth), 650 / 0.1 / 0.5);
  EXPECT_DOUBLE_EQ(totals(r, {0, 1}).cost_gbp, 600);
}

TEST(MetricValues, RatesGapAndRatioAreBetweenTheDeprivationQuintiles) {
  const ReplicationResult r = two_quintiles();
  const Period period{.years = 0.5, .scale = 0.1};
  // Rates do not depend on the scale: 30 per 1,000 in half a year is 6,000 per 100,000 a year.
  EXPECT_DOUBLE_EQ(metric_value(named("acsc_admissions_per_100k"), r, {0, 1}, period), 6000);
  EXPECT_DOUBLE_EQ(metric_value(named("acsc_admissions_per_100k"), r, {0, 5}, period), 2000);
  EXPECT_DOUBLE_EQ(metric_value(named("acsc_admissions_per_100k"), r, {}, period), 50.0 / 3000 * 1e5 / 0.5);
  EXPECT_DOUBLE_EQ(metric_value(named("acsc_admissions_per_100k_gap_q1_q5"), r, {}, period), 4000);
  EXPECT_DOUBLE_EQ(metric_value(named("acsc_admissions_per_100k_ratio_q1_q5"), r, {}, period), 3);
  EXPECT_DOUBLE_EQ(rate_per_100k(totals(r, {1, 0}), Measure::acsc_admissions, 1), 0);  // no residents
}

TEST(MetricValues, TheRatioIsNotANumberWhenTheLeastDeprivedHaveNone) {
  ReplicationResult r = two_quintiles();
  r.summary[1].values[index(Measure::acsc_admissions)] = 0;
  EXPECT_TRUE(std::isnan(metric_value(named("acsc_admissions_per_100k_ratio_q1_q5"), r, {}, {})));
}

TEST(MetricValues, OccupancyIsOccupiedOverAvailableBedDays) {
  EXPECT_DOUBLE_EQ(metric_value(named("occupancy"), two_quintiles(), {}, {}), 15.0 / 20.0);
  EXPECT_EQ(occupancy(ReplicationResult{}), 0);
}

// Two sites at half scale, four census days: site 0 holds 100 beds (200 at full scale: 200 / 0.92 = 217.4 beds
// needed, 7.8 wards of 28, so 8), site 1 holds 13 then 14 (27 at full scale: 29.3 beds, just over a ward, so 2).
TEST(MetricValues, WardsNeededAreWholeWardsAtThePlanningOccupancyAndCashFollowsThem) {
  ReplicationResult r;
  r.cash = CashTerms{.beds_per_ward = 28, .target_occupancy = 0.92, .ward_year_gbp = 1e6};
  for (int day = 0; day < 4; ++day) {
    r.daily.push_back(DailyRow{.day = day, .site = 0, .beds_available = 110, .beds_occupied = 100});
    r.daily.push_back(DailyRow{.day = day, .site = 1, .beds_available = 20, .beds_occupied = day < 2 ? 13 : 14});
  }
  SummaryRow row;
  row.residents = 1000;
  row.values[index(Measure::cost_community_gbp)] = 2e6;
  row.values[index(Measure::cost_social_care_gbp)] = 3e6;
  row.values[index(Measure::cost_acute_gbp)] = 50e6;  // capacity, not cash
  r.summary.push_back(row);
  const Period half_scale{.years = 1, .scale = 0.5};
  EXPECT_EQ(wards_needed(r, 0.5), 10);
  EXPECT_DOUBLE_EQ(metric_value(named("wards_needed"), r, {}, half_scale), 10);
  EXPECT_DOUBLE_EQ(metric_value(named("cash_wards_needed_gbp"), r, {}, half_scale), 10e6);
  EXPECT_DOUBLE_EQ(metric_value(named("cash_gbp"), r, {}, half_scale), (2e6 + 3e6) / 0.5 + 10e6);
  // One bed fewer at site 0 (99 as simulated, 198 at full scale, 215.2 beds needed) still needs 8 wards: a bed
  // freed is capacity, not cash.
  for (DailyRow& d : r.daily) d.beds_occupied -= d.site == 0 ? 1 : 0;
  EXPECT_EQ(wards_needed(r, 0.5), 10);
  // Twelve fewer (88 -> 176 -> 191.3 beds, 6.8 wards): a ward closes.
  for (DailyRow& d : r.daily) d.beds_occupied -= d.site == 0 ? 11 : 0;
  EXPECT_EQ(wards_needed(r, 0.5), 9);
}

// Wards are needed year by year: one night in year 1 needing 2 wards, three nights in year 2 needing 1; the whole
// run is the years' wards weighted by their nights, not the wards of the whole run's mean.
TEST(MetricValues, WardsOverSeveralYearsAreTheYearsWardsWeightedByNights) {
  ReplicationResult r;
  r.cash = CashTerms{.beds_per_ward = 10, .target_occupancy = 1, .ward_year_gbp = 1};
  r.daily.push_back(DailyRow{.day = 0, .site = 0, .beds_available = 20, .beds_occupied = 15});
  for (int day = 365; day < 368; ++day) {
    r.daily.push_back(DailyRow{.day = day, .site = 0, .beds_available = 20, .beds_occupied = 5});
  }
  EXPECT_EQ(wards_needed(r, 1, 1), 2);
  EXPECT_EQ(wards_needed(r, 1, 2), 1);
  EXPECT_DOUBLE_EQ(wards_needed(r, 1), (2.0 * 1 + 1.0 * 3) / 4) << "the mean night (7.5 beds) would need 1";
}

// Cash in two years, GBP 10m then 20m of community spend (no census: no wards), discounted at 3.5% a year.
TEST(MetricValues, CashIsDiscountedYearByYearAndTheWholePeriodIsTheirMean) {
  ReplicationResult r;
  r.cash.discount_rate = 0.035;
  for (int year = 1; year <= 2; ++year) {
    SummaryRow row;
    row.year = year;
    row.residents = 1000;
    row.values[index(Measure::cost_community_gbp)] = 10e6 * year;
    r.summary.push_back(row);
  }
  const Period whole{.years = 2, .scale = 1};
  const Metric& discounted = named("cash_discounted_gbp");
  EXPECT_DOUBLE_EQ(metric_value(discounted, r, {}, year_period(whole, 1)), 10e6);
  EXPECT_DOUBLE_EQ(metric_value(discounted, r, {}, year_period(whole, 2)), 20e6 / 1.035);
  EXPECT_DOUBLE_EQ(metric_value(discounted, r, {}, whole), (10e6 + 20e6 / 1.035) / 2);
  EXPECT_DOUBLE_EQ(metric_value(named("cash_gbp"), r, {}, whole), 15e6) << "undiscounted, a year";
}

// The same two quintiles over a year and a half: year 1 as above but a whole year, year 2 (half a year) with 10
// and 40 ACSC admissions; the census has a day in each year.
ReplicationResult two_years() {
  ReplicationResult r = two_quintiles();
  for (SummaryRow second : two_quintiles().summary) {
    second.year = 2;
    second.values[index(Measure::acsc_admissions)] = second.deprivation_quintile == 1 ? 10 : 40;
    r.summary.push_back(second);
  }
  r.daily[1].day = 365;
  return r;
}

TEST(MetricValues, EachYearIsItsOwnPeriodWithItsOwnLength) {
  const ReplicationResult r = two_years();
  const Period whole{.years = 1.5, .scale = 0.1};
  const Period first = year_period(whole, 1);
  const Period second = year_period(whole, 2);
  EXPECT_EQ(first.year, 1);
  EXPECT_DOUBLE_EQ(first.years, 1);
  EXPECT_EQ(second.year, 2);
  EXPECT_DOUBLE_EQ(second.years, 183.0 / 365) << "a year and a half is 548 days (547.5 rounded)";
  EXPECT_DOUBLE_EQ(year_period({.years = 2}, 2).years, 1);

  const Metric& acsc = metric(Measure::acsc_admissions);
  EXPECT_DOUBLE_EQ(metric_value(acsc, r, {}, whole), 100 / 0.1 / 1.5);
  EXPECT_DOUBLE_EQ(metric_value(acsc, r, {}, first), 50 / 0.1);
  EXPECT_DOUBLE_EQ(metric_value(acsc, r, {}, second), 50 / 0.1 / (183.0 / 365));
  // Residents are those at the start, whatever the period: counted once over the whole of it.
  EXPECT_DOUBLE_EQ(totals(r).residents, 3000);
  EXPECT_DOUBLE_EQ(totals(r, {}, 2).residents, 3000);
  EXPECT_DOUBLE_EQ(metric_value(named("acsc_admissions_per_100k"), r, {0, 5}, second),
                   40.0 / 2000 * 1e5 / (183.0 / 365));
  EXPECT_DOUBLE_EQ(metric_value(named("acsc_admissions_per_100k_gap_q1_q5"), r, {}, first), 3000 - 1000);
  EXPECT_DOUBLE_EQ(metric_value(named("occupancy"), r, {}, first), 0.9);
  EXPECT_DOUBLE_EQ(metric_value(named("occupancy"), r, {}, second), 0.6);
  EXPECT_DOUBLE_EQ(metric_value(named("occupancy"), r, {}, whole), 0.75);
}

}  // namespace
}  // namespace icsflow::models
