// The care-system model on the engine: reproducibility, accounting invariants, the warm start.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/care_system.hpp"

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
    if (a.summary[i].residents != b.summary[i].residents || a.summary[i].values != b.summary[i].values) return false;
  }
  for (std::size_t i = 0; i < a.daily.size(); ++i) {
    const DailyRow& x = a.daily[i];
    const DailyRow& y = b.daily[i];
    if (x.day != y.day || x.site != y.site || x.beds_occupied != y.beds_occupied ||
        x.beds_occupied_medically_fit != y.beds_occupied_medically_fit || x.beds_available != y.beds_available ||
        x.waiting_for_bed != y.waiting_for_bed) {
      return false;
    }
  }
  return a.events_executed == b.events_executed && a.messages_sent == b.messages_sent;
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
