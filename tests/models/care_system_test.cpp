// The care-system model on the engine: reproducibility, accounting invariants, the warm start.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/care_system.hpp"
#include "icsflow/models/metrics.hpp"

namespace icsflow::models {
namespace {

const ModelParams& baseline() {
  static const ModelParams params = load_embedded_baseline();
  return params;
}

RunSettings small_run(unsigned threads, std::uint64_t seed = 7) {
  RunSettings settings;
  settings.seed = seed;
  settings.scale = 0.01;  // about 18,000 residents
  settings.years = 0.25;
  settings.warmup_days = 30;
  settings.threads = threads;
  return settings;
}

bool identical(const ReplicationResult& a, const ReplicationResult& b) {
  if (a.summary.size() != b.summary.size() || a.daily.size() != b.daily.size()) return false;
  for (std::size_t i = 0; i < a.summary.size(); ++i) {
    if (a.summary[i].year != b.summary[i].year || a.summary[i].residents != b.summary[i].residents ||
        a.summary[i].values != b.summary[i].values)
      return false;
  }
  for (std::size_t i = 0; i < a.daily.size(); ++i) {
    const DailyRow& x = a.daily[i];
    const DailyRow& y = b.daily[i];
    if (x.day != y.day || x.site != y.site || x.beds_occupied != y.beds_occupied ||
        x.beds_occupied_medically_fit != y.beds_occupied_medically_fit || x.beds_available != y.beds_available ||
        x.waiting_for_bed != y.waiting_for_bed || x.outliers != y.outliers ||
        x.elective_beds_occupied != y.elective_beds_occupied) {
      return false;
    }
  }
  if (a.population.size() != b.population.size()) return false;
  for (std::size_t i = 0; i < a.population.size(); ++i) {
    const PopulationRow& x = a.population[i];
    const PopulationRow& y = b.population[i];
    if (x.residents != y.residents || x.births != y.births || x.deaths != y.deaths ||
        x.migration_in != y.migration_in || x.migration_out != y.migration_out) {
      return false;
    }
  }
  return a.elective == b.elective && a.events_executed == b.events_executed && a.messages_sent == b.messages_sent;
}

double total(const ReplicationResult& r, Measure m) {
  double sum = 0;
  for (const SummaryRow& row : r.summary) sum += row[m];
  return sum;
}

TEST(CareSystem, BitIdenticalForAnyThreadCount) {
  const ReplicationResult one = run_replication(baseline(), small_run(1));
  EXPECT_GT(one.events_executed, 20'000U) << "a real run, not an empty one";
  for (const unsigned threads : {2U, 3U, 8U}) {
    EXPECT_TRUE(identical(one, run_replication(baseline(), small_run(threads)))) << threads << " threads";
  }
}

TEST(CareSystem, SameSeedSameResultsOtherSeedOtherResults) {
  EXPECT_TRUE(identical(run_replication(baseline(), small_run(2, 11)), run_replication(baseline(), small_run(2, 11))));
  EXPECT_FALSE(identical(run_replication(baseline(), small_run(2, 11)), run_replication(baseline(), small_run(2, 12))));
}

TEST(CareSystem, AccountingHoldsTogether) {
  const ReplicationResult r = run_replication(baseline(), small_run(2));
  ASSERT_EQ(r.summary.size(), 6U * kQuintiles);
  std::int64_t residents = 0;
  for (const SummaryRow& row : r.summary) {
    residents += row.residents;
    EXPECT_LE(row[Measure::acsc_admissions], row[Measure::emergency_admissions]);
    EXPECT_LE(row[Measure::zero_day_admissions], row[Measure::emergency_admissions]);
    EXPECT_LE(row[Measure::readmissions_30d], row[Measure::emergency_admissions]);
    EXPECT_LE(row[Measure::delayed_discharge_bed_days], row[Measure::bed_days] + 1e-9);
    EXPECT_LE(row[Measure::zero_day_bed_days], row[Measure::bed_days] + 1e-9);
    EXPECT_LE(row[Measure::admissions_avoided_by_ucr], row[Measure::ucr_episodes]);
    for (const double v : row.values) EXPECT_GE(v, 0);
  }
  EXPECT_EQ(residents, r.residents);
  // The population at scale 0.01 of 1,791,282 residents, with per-PCN rounding.
  EXPECT_NEAR(static_cast<double>(residents), 17'913, 40);
  // Zero-day stays last 2 to 20 hours.
  const double zero_day = total(r, Measure::zero_day_admissions);
  ASSERT_GT(zero_day, 0);
  EXPECT_GT(total(r, Measure::zero_day_bed_days) / zero_day, 2.0 / 24 * 0.9);
  EXPECT_LT(total(r, Measure::zero_day_bed_days) / zero_day, 20.0 / 24);
  // Beds never hold more patients than are open.
  for (const DailyRow& d : r.daily) EXPECT_LE(d.beds_occupied, d.beds_available);
}

// Small sites under pressure open and close escalation beds all the time: no bed may be closed while a
// patient is in it (a bug once let a release pass the bed on and then close it).
TEST(CareSystem, EscalationBedsCloseOnlyWhenEmpty) {
  RunSettings settings = small_run(2);
  settings.scale = 0.05;
  settings.years = 0.5;
  const ReplicationResult r = run_replication(baseline(), settings);
  std::size_t escalated_days = 0;
  for (const DailyRow& d : r.daily) {
    EXPECT_LE(d.beds_occupied, d.beds_available) << "day " << d.day << " site " << d.site;
    EXPECT_LE(d.outliers, d.beds_occupied);
    EXPECT_LE(d.elective_beds_occupied + d.outliers, d.elective_beds);
    if (d.waiting_for_bed > 0) ++escalated_days;
  }
  EXPECT_GT(escalated_days, 0U) << "the test needs days under pressure to mean anything";
}

TEST(CareSystem, ResultsPeriodStartsFromAWarmSystem) {
  const ReplicationResult r = run_replication(baseline(), small_run(2));
  std::int64_t occupied = 0;
  std::int64_t available = 0;
  for (const DailyRow& d : r.daily) {
    if (d.day != 0) continue;
    occupied += d.beds_occupied;
    available += d.beds_available;
  }
  ASSERT_GT(available, 0);
  EXPECT_GT(static_cast<double>(occupied) / static_cast<double>(available), 0.75)
      << "the warm-up must fill the beds before the results period begins";
}

// A two-year run has a year 1 and a year 2 row per borough x quintile, and its first year is the one-year run:
// the same events, and the stays still going on at the end of the year counted up to it (split there).
TEST(CareSystem, ATwoYearRunCountsEachYearAndItsFirstYearIsTheOneYearRun) {
  RunSettings settings = small_run(2);
  settings.scale = 0.005;
  settings.years = 2;
  const ReplicationResult two = run_replication(baseline(), settings);
  EXPECT_TRUE(identical(two, run_replication(baseline(), [settings] {
                          RunSettings one_thread = settings;
                          one_thread.threads = 1;
                          return one_thread;
                        }())));
  settings.years = 1;
  const ReplicationResult one = run_replication(baseline(), settings);
  ASSERT_EQ(one.summary.size(), 6U * kQuintiles);
  ASSERT_EQ(two.summary.size(), 2 * one.summary.size());
  for (std::size_t i = 0; i < one.summary.size(); ++i) {
    const SummaryRow& whole_year = one.summary[i];
    const SummaryRow& first = two.summary[i];
    const SummaryRow& second = two.summary[one.summary.size() + i];
    ASSERT_EQ(first.year, 1);
    ASSERT_EQ(second.year, 2);
    EXPECT_EQ(second.borough, first.borough);
    EXPECT_EQ(second.deprivation_quintile, first.deprivation_quintile);
    EXPECT_EQ(first.residents, whole_year.residents) << "year 1: residents at the start of the run";
    for (int m = 0; m < kMeasureCount; ++m) {
      const auto measure = static_cast<Measure>(m);
      // An admitted patient's 4-hour breach counts in the year of the attendance: the one-year run never sees
      // those still waiting for a bed at its end.
      if (measure == Measure::ae_4h_breaches) {
        EXPECT_GE(first[measure], whole_year[measure]);
      } else {
        EXPECT_EQ(first[measure], whole_year[measure]) << metric(measure).name << " row " << i;
      }
    }
  }
  // Both years carry counts, and the whole period is their sum.
  Totals sum;
  for (const int year : {1, 2}) {
    const Totals t = totals(two, {}, year);
    EXPECT_GT(t[Measure::emergency_admissions], 0);
    EXPECT_GT(t[Measure::bed_days], 0);
    for (std::size_t m = 0; m < sum.values.size(); ++m) sum.values[m] += t.values[m];
  }
  const Totals whole = totals(two);
  for (int m = 0; m < kMeasureCount; ++m) {
    const Metric& described = metric(static_cast<Measure>(m));
    EXPECT_EQ(std::llround(whole.values[static_cast<std::size_t>(m)] * described.tally_per_unit),
              std::llround(sum.values[static_cast<std::size_t>(m)] * described.tally_per_unit))
        << described.name;
  }
}

// Residents age, are born, die and move; each year's population is the last one's plus its flows, exactly, and the
// summary's residents are the population's at each year's start. Bit-identical for any thread count.
TEST(CareSystem, ThePopulationChangesYearByYearAndItsBooksBalance) {
  RunSettings settings = small_run(2);
  settings.scale = 0.005;
  settings.years = 3;
  const ReplicationResult r = run_replication(baseline(), settings);
  const std::size_t boroughs = baseline().boroughs.size();
  ASSERT_EQ(r.population.size(), 3 * boroughs * kAgeBands);
  struct Flows {
    std::int64_t residents = 0, births = 0, deaths = 0, in = 0, out = 0;
  };
  std::vector<Flows> by(3 * boroughs);  // year x borough
  for (const PopulationRow& row : r.population) {
    Flows& f = by[static_cast<std::size_t>(row.year - 1) * boroughs + static_cast<std::size_t>(row.borough)];
    f.residents += row.residents;
    f.births += row.births;
    f.deaths += row.deaths;
    f.in += row.migration_in;
    f.out += row.migration_out;
    if (row.age_band > 0) {
      EXPECT_EQ(row.births, 0) << "births are in the first band";
    }
  }
  for (std::size_t b = 0; b < boroughs; ++b) {
    for (std::size_t year = 0; year < 3; ++year) {
      const Flows& f = by[year * boroughs + b];
      EXPECT_GT(f.births, 0);
      EXPECT_GT(f.deaths, 0);
      EXPECT_GT(f.in, 0);
      EXPECT_GT(f.out, 0);
      if (year + 1 < 3) {
        EXPECT_EQ(by[(year + 1) * boroughs + b].residents, f.residents + f.births + f.in - f.deaths - f.out)
            << "borough " << b << " year " << year + 1;
      }
      std::int64_t summary = 0;
      for (const SummaryRow& row : r.summary) {
        if (row.year == static_cast<int>(year) + 1 && row.borough == static_cast<int>(b)) summary += row.residents;
      }
      if (year > 0) {
        EXPECT_EQ(summary, f.residents) << "the summary's residents are the year's";
      }
    }
  }
  RunSettings one_thread = settings;
  one_thread.threads = 1;
  EXPECT_TRUE(identical(r, run_replication(baseline(), one_thread)));
}

// Planned care over a year: the waiting list neither empties nor grows without bound, because clinics are sized for
// the published ratio of clock stops to clock starts (0.853) and the rest of the starts leave the list untreated at
// 3% a month of the list, which balances at the list's published size. The list's random walk over a year is about
// the square root of its flows (some 40,000 pathways at this scale: 1.5% of the list), far inside the 10% allowed.
TEST(CareSystem, TheWaitingListHoldsItsSizeOverAYear) {
  RunSettings settings = small_run(2);
  settings.scale = 0.05;
  settings.years = 1;
  settings.warmup_days = 60;
  const ModelParams& params = baseline();
  const ReplicationResult r = run_replication(params, settings);
  const auto list_at = [&r](int week) {
    std::int64_t sum = 0;
    for (const ElectiveRow& row : r.elective) {
      if (row.week == week) sum += row.waiting_list;
    }
    return static_cast<double>(sum);
  };
  ASSERT_EQ(r.elective.size(), 52U * params.sites.size() * kSpecialties);
  EXPECT_NEAR(list_at(52) / list_at(1), 1.0, 0.1);
  // About the published list (133 per 1,000 residents) after the warm-up.
  EXPECT_NEAR(list_at(1) / (params.elective.list_per_1000 / 1000 * static_cast<double>(r.residents)), 1.0, 0.25);
  // Clock stops are the clinics' capacity, 0.853 of the expected starts: within 0.03 of it (the year's first weeks
  // stop pathways seen before it, its last leave some seen for after it: both about the 6-week mean follow-up).
  const double stops = total(r, Measure::elective_clock_stops), starts = total(r, Measure::elective_referrals);
  EXPECT_NEAR(stops / starts, params.elective.outpatient_capacity_to_demand, 0.03);
  EXPECT_GT(total(r, Measure::elective_stops_within_18w), 0);
  EXPECT_LE(total(r, Measure::elective_stops_within_18w), stops);
}

// Emergency patients take elective beds only where they are not ring-fenced, and the operations those beds were for
// are cancelled.
TEST(CareSystem, EmergencyPressureCancelsOperationsOnlyWhereElectiveBedsAreShared) {
  RunSettings settings = small_run(2);
  settings.scale = 0.05;
  settings.years = 0.5;
  const auto run = [&](double ring_fenced) {
    ModelParams params = baseline();
    params.elective.ring_fenced_share = ring_fenced;
    for (SiteParams& site : params.sites) site.elective_hub_share = 0;
    return run_replication(params, settings);
  };
  const ReplicationResult fenced = run(1), shared = run(0);
  const auto outlier_days = [](const ReplicationResult& r) {
    std::int64_t days = 0;
    for (const DailyRow& d : r.daily) days += d.outliers;
    return days;
  };
  EXPECT_EQ(outlier_days(fenced), 0);
  ASSERT_GT(outlier_days(shared), 0) << "the test needs days when the emergency beds are full";
  EXPECT_GT(total(shared, Measure::elective_cancellations), total(fenced, Measure::elective_cancellations));
}

TEST(CareSystem, RejectsImpossibleSettings) {
  RunSettings settings = small_run(1);
  settings.scale = 0;
  EXPECT_THROW((void)run_replication(baseline(), settings), std::invalid_argument);
  settings = small_run(1);
  settings.years = -1;
  EXPECT_THROW((void)run_replication(baseline(), settings), std::invalid_argument);
}

}  // namespace
}  // namespace icsflow::models
