// The partnership levers: each one's mechanism, switched on alone against the baseline with the same seed
// (common random numbers), and the single SEL pound's equal spend. Mechanism tests use strong, fixed
// effects so that the direction is unmistakable; they check the wiring, not the size of any effect.
#include <cmath>

#include <gtest/gtest.h>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/capacity.hpp"
#include "icsflow/models/care_system.hpp"
#include "icsflow/models/metrics.hpp"

namespace icsflow::models {
namespace {

const ModelParams& baseline() {
  static const ModelParams params = load_embedded_baseline();
  return params;
}

RunSettings settings(double scale = 0.03) {
  RunSettings s;
  s.seed = 99;
  s.scale = scale;
  s.years = 0.5;
  s.warmup_days = 30;
  s.threads = 2;
  return s;
}

double total(const ReplicationResult& r, Measure m, int quintile = 0) {
  double sum = 0;
  for (const SummaryRow& row : r.summary) {
    if (quintile == 0 || row.deprivation_quintile == quintile) sum += row[m];
  }
  return sum;
}

EffectRange fixed(double v) { return {v, v, v}; }

TEST(SinglePound, MovesMoneyAtEqualTotalSpend) {
  ModelParams params = baseline();
  const CapacityPlan before = plan_capacity(params, 1.0);
  params.policy.single_pound.enabled = true;
  params.policy.single_pound.escalation_budget_moved_share = 0.5;
  params.policy.single_pound.to_home_care_share = 0.5;
  const CapacityPlan after = plan_capacity(params, 1.0);
  const double spend_before = movable_budget_gbp_per_year(before, params.costs);
  const double spend_after = movable_budget_gbp_per_year(after, params.costs);
  ASSERT_GT(after.moved_gbp_per_year, 0);
  // Equal spend: what is now spent plus what could not buy a whole unit equals what was spent.
  EXPECT_NEAR(spend_after + after.unspent_gbp_per_year, spend_before, 1e-6 * spend_before);
  // Whole units only: the unspent remainder is less than one intermediate care bed-year.
  EXPECT_LT(after.unspent_gbp_per_year, params.costs.intermediate_care_bed_day * 365);
  std::int64_t escalation_before = 0, escalation_after = 0, packages_before = 0, packages_after = 0;
  for (std::size_t s = 0; s < before.sites.size(); ++s) {
    escalation_before += before.sites[s].escalation_beds;
    escalation_after += after.sites[s].escalation_beds;
  }
  for (std::size_t b = 0; b < before.boroughs.size(); ++b) {
    packages_before += before.boroughs[b].home_care_packages;
    packages_after += after.boroughs[b].home_care_packages;
  }
  EXPECT_LT(escalation_after, escalation_before);
  EXPECT_GT(packages_after, packages_before);
}

TEST(Levers, ALeverWithNoEffectChangesNothing) {
  ModelParams params = baseline();
  params.policy.handoffs.enabled = true;
  params.policy.handoffs.reduction = fixed(0.0);
  params.policy.care_home_support.enabled = true;
  params.policy.care_home_support.emergency_effect = fixed(0.0);
  params.policy.pooled_lists.enabled = true;  // nobody accepts an offer
  params.policy.pooled_lists.acceptance = fixed(0.0);
  params.policy.elective_ring_fence.enabled = true;  // today's ring fence
  params.policy.elective_ring_fence.ring_fenced_share = params.elective.ring_fenced_share;
  const ReplicationResult base = run_replication(baseline(), settings());
  const ReplicationResult lever = run_replication(params, settings());
  for (std::size_t i = 0; i < base.summary.size(); ++i) {
    for (int m = 0; m < kMeasureCount; ++m) {
      if (static_cast<Measure>(m) == Measure::cost_community_gbp) continue;  // the lever's programme cost
      EXPECT_EQ(base.summary[i].values[static_cast<std::size_t>(m)],
                lever.summary[i].values[static_cast<std::size_t>(m)])
          << metric(static_cast<Measure>(m)).name << " row " << i;
    }
  }
}

// Delays are hand-offs plus queueing for a place downstream; at small scale the queueing is a large part,
// and discharge to assess lengthens placements (the assessment happens there), so the cuts are partial.
TEST(Levers, ShorterHandoffsAndDischargeToAssessCutDelayedDischarges) {
  const double base = total(run_replication(baseline(), settings()), Measure::delayed_discharge_bed_days);
  ModelParams handoffs = baseline();
  handoffs.policy.handoffs.enabled = true;
  handoffs.policy.handoffs.reduction = fixed(1.0);
  EXPECT_LT(total(run_replication(handoffs, settings()), Measure::delayed_discharge_bed_days), 0.85 * base);
  ModelParams d2a = baseline();
  d2a.policy.discharge_to_assess.enabled = true;
  d2a.policy.discharge_to_assess.assessment_moved_share = fixed(0.9);
  EXPECT_LT(total(run_replication(d2a, settings()), Measure::delayed_discharge_bed_days), 0.9 * base);
}

TEST(Levers, ProactiveCareAndTargetingActOnExacerbationsOfThoseEnrolled) {
  ModelParams proactive = baseline();
  proactive.policy.proactive_care.enabled = true;
  proactive.policy.proactive_care.target_share = 0.1;
  proactive.policy.proactive_care.exacerbation_effect = fixed(-0.9);
  const ReplicationResult base = run_replication(baseline(), settings(0.05));
  const ReplicationResult untargeted = run_replication(proactive, settings(0.05));
  EXPECT_LT(total(untargeted, Measure::acsc_admissions), 0.85 * total(base, Measure::acsc_admissions));
  ModelParams targeted = proactive;
  targeted.policy.targeting.enabled = true;
  targeted.policy.targeting.deprivation_weights = {100, 1, 1, 1, 0.01};
  const ReplicationResult aimed = run_replication(targeted, settings(0.05));
  // Aimed at quintile 1: fewer ACSC admissions there, more in quintile 5, than untargeted.
  EXPECT_LT(total(aimed, Measure::acsc_admissions, 1), total(untargeted, Measure::acsc_admissions, 1));
  EXPECT_GT(total(aimed, Measure::acsc_admissions, 5), total(untargeted, Measure::acsc_admissions, 5));
}

TEST(Levers, CareHomeSupportAndAdmissionAvoidanceCutAdmissions) {
  const ReplicationResult base = run_replication(baseline(), settings());
  ModelParams care_homes = baseline();
  care_homes.policy.care_home_support.enabled = true;
  care_homes.policy.care_home_support.emergency_effect = fixed(-0.9);
  EXPECT_LT(total(run_replication(care_homes, settings()), Measure::emergency_admissions),
            total(base, Measure::emergency_admissions));
  ModelParams avoidance = baseline();
  avoidance.policy.admission_avoidance.enabled = true;
  avoidance.policy.admission_avoidance.ucr_referral_share = 0.5;
  avoidance.policy.admission_avoidance.ucr_capacity_multiplier = 3;
  avoidance.policy.admission_avoidance.virtual_ward_beds_per_100k = 200;
  const ReplicationResult avoided = run_replication(avoidance, settings());
  EXPECT_GT(total(avoided, Measure::virtual_ward_admissions), total(base, Measure::virtual_ward_admissions));
  EXPECT_GT(total(avoided, Measure::ucr_episodes), total(base, Measure::ucr_episodes));
  EXPECT_LT(total(avoided, Measure::emergency_admissions), total(base, Measure::emergency_admissions));
  EXPECT_GT(total(base, Measure::virtual_ward_admissions), 0) << "today's virtual wards are in the baseline";
}

// Prevention removes the heart attacks and strokes it avoids from the A&E arrivals of those it can help (at least the
// expected number less four Poisson standard deviations: their emergencies avoided also avoid the relapses that
// follow) and pays for its patients a year, in community spend.
TEST(Levers, PreventionCutsEmergenciesAndPaysForItsPatients) {
  const RunSettings run = settings();
  const ReplicationResult base = run_replication(baseline(), run);
  ModelParams prevention = baseline();
  prevention.policy.prevention.enabled = true;
  prevention.policy.prevention.reach = fixed(1);
  prevention.policy.prevention.events_avoided_per_100k = 1000;
  prevention.policy.prevention.patients_per_100k = 2000;
  prevention.policy.prevention.cost_per_patient_year = 100;
  const ReplicationResult helped = run_replication(prevention, run);
  double residents = 0;  // at the start of the results period, as the programme counts them
  for (const PopulationRow& row : helped.population) residents += static_cast<double>(row.residents);
  const double years = static_cast<double>(results_days(run.years)) / kDaysPerYear;
  const double expected = 1000 * residents / 1e5 * years;
  const double fewer = total(base, Measure::ae_attendances) - total(helped, Measure::ae_attendances);
  EXPECT_GT(fewer, expected - 4 * std::sqrt(expected)) << "expected about " << expected;
  EXPECT_NEAR(total(helped, Measure::cost_lever_prevention_gbp), residents * 2000 / 1e5 * 100 * years, 1.0)
      << "a pound at most of rounding";
  // In community spend, less what the emergencies avoided no longer use of the community's urgent services.
  const double community = total(helped, Measure::cost_community_gbp) - total(base, Measure::cost_community_gbp);
  EXPECT_GT(community, 0.5 * total(helped, Measure::cost_lever_prevention_gbp));
  EXPECT_LE(community, total(helped, Measure::cost_lever_prevention_gbp));
  EXPECT_EQ(total(base, Measure::cost_lever_prevention_gbp), 0);
}

TEST(Levers, MutualAidMovesPatientsWhenASiteIsFull) {
  ModelParams aid = baseline();
  aid.policy.mutual_aid.enabled = true;
  // At this small scale sites are often full; some always have room somewhere else.
  const ReplicationResult base = run_replication(baseline(), settings(0.05));
  const ReplicationResult shared = run_replication(aid, settings(0.05));
  EXPECT_EQ(total(base, Measure::mutual_aid_transfers), 0);
  EXPECT_GT(total(shared, Measure::mutual_aid_transfers), 0);
  EXPECT_LT(total(shared, Measure::ae_4h_breaches), total(base, Measure::ae_4h_breaches));
}

// Prevention's deaths avoided come off the deaths at home of those it can help: at least the expected number less four
// Poisson standard deviations (every other death is drawn as before, common random numbers).
TEST(Levers, PreventionAvoidsDeaths) {
  const RunSettings run = settings();
  ModelParams prevention = baseline();
  prevention.policy.prevention.enabled = true;
  prevention.policy.prevention.reach = fixed(1);
  prevention.policy.prevention.events_avoided_per_100k = 0;
  prevention.policy.prevention.deaths_avoided_per_100k = 200;
  const ReplicationResult helped = run_replication(prevention, run);
  double residents = 0;
  for (const PopulationRow& row : helped.population) residents += static_cast<double>(row.residents);
  const double expected = 200 * residents / 1e5 * static_cast<double>(results_days(run.years)) / kDaysPerYear;
  const double fewer = total(run_replication(baseline(), run), Measure::deaths) - total(helped, Measure::deaths);
  EXPECT_GT(fewer, expected - 4 * std::sqrt(expected)) << "expected about " << expected;
  EXPECT_LT(fewer, expected + 4 * std::sqrt(expected)) << "expected about " << expected;
}

// Better COPD and diabetes care lowers everyone's exacerbations by COPD's and diabetes' shares of them times the
// effect on those reached, and pays for the patients it reaches.
TEST(Levers, LtcCareCutsExacerbationsAndPaysForItsPatients) {
  const RunSettings run = settings();
  ModelParams ltc = baseline();
  PolicyParams::LtcCare& care = ltc.policy.ltc_care;
  care.enabled = true;
  care.reach = fixed(1);
  care.copd_exacerbation_share = 0.5;
  care.copd_effect = fixed(-0.5);  // exacerbations x 0.75
  care.diabetes_exacerbation_share = 0.1;
  care.diabetes_effect = fixed(0);
  care.copd_patients_per_100k = 1000;
  care.cost_per_copd_patient_year = 100;
  care.diabetes_patients_per_100k = 5000;
  care.cost_per_diabetes_patient_year = 10;
  const ReplicationResult base = run_replication(baseline(), run);
  const ReplicationResult helped = run_replication(ltc, run);
  EXPECT_LT(total(helped, Measure::acsc_admissions), 0.85 * total(base, Measure::acsc_admissions));
  EXPECT_GT(total(helped, Measure::acsc_admissions), 0.6 * total(base, Measure::acsc_admissions));
  double residents = 0;  // at the start of the results period, as the programme counts them
  for (const PopulationRow& row : helped.population) residents += static_cast<double>(row.residents);
  const double years = static_cast<double>(results_days(run.years)) / kDaysPerYear;
  EXPECT_NEAR(total(helped, Measure::cost_lever_ltc_care_gbp), residents * (1000 * 100 + 5000 * 10) / 1e5 * years, 1.0)
      << "a pound at most of rounding";
  EXPECT_EQ(total(base, Measure::cost_lever_ltc_care_gbp), 0);
}

// Pooled lists: patients decided to admit move to a shorter list at another site of the collaborative, never when
// no site's wait is that much shorter.
TEST(Levers, PooledListsMovePatientsToShorterListsOnly) {
  ModelParams pooled = baseline();
  pooled.policy.pooled_lists.enabled = true;
  pooled.policy.pooled_lists.acceptance = fixed(1.0);
  pooled.policy.pooled_lists.min_weeks_shorter = 0;
  const ReplicationResult base = run_replication(baseline(), settings(0.05));
  const ReplicationResult moved = run_replication(pooled, settings(0.05));
  EXPECT_EQ(total(base, Measure::elective_transfers), 0);
  EXPECT_GT(total(moved, Measure::elective_transfers), 0);
  pooled.policy.pooled_lists.min_weeks_shorter = 52;  // longer than any site's wait for admission
  EXPECT_EQ(total(run_replication(pooled, settings(0.05)), Measure::elective_transfers), 0);
}

// The elective ring fence: with every elective bed closed to emergency patients there are no outliers, and without
// them fewer operations are cancelled.
TEST(Levers, TheElectiveRingFenceKeepsEmergencyPatientsOutOfElectiveBeds) {
  ModelParams fenced = baseline();
  fenced.policy.elective_ring_fence.enabled = true;
  fenced.policy.elective_ring_fence.ring_fenced_share = 1;
  const auto outliers = [](const ReplicationResult& r) {
    std::int64_t nights = 0;
    for (const DailyRow& d : r.daily) nights += d.outliers;
    return nights;
  };
  const ReplicationResult base = run_replication(baseline(), settings(0.05));
  const ReplicationResult lever = run_replication(fenced, settings(0.05));
  ASSERT_GT(outliers(base), 0) << "the test needs emergency patients in elective beds at baseline";
  EXPECT_EQ(outliers(lever), 0);
  EXPECT_LT(total(lever, Measure::elective_cancellations), total(base, Measure::elective_cancellations));
}

// Time to effect: with a ramp, a lever's effect in the first months is a fraction of its full effect
// (proactive care through the thinned exacerbation rate, discharge to assess through the hand-off), and
// the baseline, which has no lever to ramp, is the same number for number.
TEST(Levers, ARampedLeverActsLessInItsFirstMonthsAndTheBaselineIsUntouched) {
  ModelParams ramped_base = baseline();
  ramped_base.policy.timing.years_to_full_effect = 1;
  const ReplicationResult base = run_replication(baseline(), settings(0.05));
  const ReplicationResult base_ramped = run_replication(ramped_base, settings(0.05));
  for (std::size_t i = 0; i < base.summary.size(); ++i)
    EXPECT_EQ(base.summary[i].values, base_ramped.summary[i].values);

  ModelParams full = baseline();
  full.policy.proactive_care.enabled = true;
  full.policy.proactive_care.target_share = 0.1;
  full.policy.proactive_care.exacerbation_effect = fixed(-0.9);
  full.policy.discharge_to_assess.enabled = true;
  full.policy.discharge_to_assess.assessment_moved_share = fixed(0.9);
  ModelParams ramped = full;
  ramped.policy.timing.years_to_full_effect = 1;  // half a year of results: about a quarter of the effect
  const ReplicationResult at_once = run_replication(full, settings(0.05));
  const ReplicationResult rising = run_replication(ramped, settings(0.05));
  for (const Measure m : {Measure::acsc_admissions, Measure::delayed_discharge_bed_days}) {
    const double whole = total(base, m) - total(at_once, m);
    const double part = total(base, m) - total(rising, m);
    EXPECT_GT(whole, 0) << metric(m).name;
    EXPECT_GT(part, 0.1 * whole) << metric(m).name;
    EXPECT_LT(part, 0.5 * whole) << metric(m).name;
  }
}

}  // namespace
}  // namespace icsflow::models
