// An acute site on a one-process simulation: bed seize, release and escalation, the discharge referral of
// a medically fit patient, the virtual ward's eligibility. Other processes are replaced by RecordingRoutes.
#include "acute_site.hpp"

#include <gtest/gtest.h>

#include "recording_routes.hpp"

namespace icsflow::models::detail {
namespace {

using testing::RecordingRoutes;

// Every patient who survives to be medically fit needs a care home (pathway 3), and nobody dies or
// leaves the same day: each admission ends in a discharge referral and a delayed discharge.
ModelParams care_home_discharges() {
  ModelParams params = testing::baseline();
  for (ByPathway& shares : params.social.pathway_shares) shares = ByPathway{0, 0, 0, 1};
  params.acute.in_hospital_death_probability = ByAge{};
  params.acute.zero_day_stay_share = ByAge{};
  params.social.discharge_window_start_hour = 0;  // patients may leave at any hour
  params.social.discharge_window_end_hour = 24;
  return params;
}

struct OneSite : testing::OneProcess<AcuteSite> {
  OneSite(const ModelParams& params, SiteBeds beds)
      : OneProcess(params, SiteId(0), sim::ProcessId{0}, "test", beds, std::size_t{1}, params.boroughs.size()),
        site(process) {}
  AcuteSite& site;
};

// A patient still waiting in A&E at the end of the run, more than 4 hours after arriving, has breached.
TEST(AcuteSite, APatientStillInAandEAtTheEndAfterFourHoursIsABreach) {
  ModelParams params = care_home_discharges();
  params.acute.ae_admission_probability.fill(1);
  params.acute.ae_decision_median_hours = 0.5;
  params.acute.ae_decision_sigma = 0;
  OneSite one(params, SiteBeds{.base = 1, .escalation = 0, .virtual_ward = 0});
  one.at(
      0,
      [](Process& p, AcuteSite& s) {
        for (std::uint32_t i = 0; i < 2; ++i) s.on_ae_arrival(p, testing::patient(i, 5, 0), i);
      },
      10 * kHour);
  ASSERT_EQ(one.site.waiting_for_bed(), 1) << "the second waits for the only bed";
  EXPECT_EQ(one.site.tallies().total(Measure::ae_4h_breaches), 0) << "not counted until they leave";
  one.site.finish();
  EXPECT_EQ(one.site.tallies().total(Measure::ae_4h_breaches), 1) << "the first left A&E within 4 hours";
}

TEST(AcuteSite, OpensAnEscalationBedThenQueuesThenClosesItWhenEmpty) {
  const ModelParams params = care_home_discharges();
  OneSite one(params, SiteBeds{.base = 1, .escalation = 1, .virtual_ward = 0});
  const AcuteSite& site = one.site;
  // Three direct admissions (no A&E): one base bed, one escalation bed, one waits.
  one.at(
      0,
      [](Process& p, AcuteSite& s) {
        for (std::uint32_t i = 0; i < 3; ++i) s.on_ae_arrival(p, testing::patient(i, 5, kFlagDirect), i);
      },
      kHour);
  EXPECT_EQ(site.beds().capacity(), 2);
  EXPECT_EQ(site.beds().in_use(), 2);
  EXPECT_EQ(site.waiting_for_bed(), 1);
  EXPECT_EQ(site.tallies().total(Measure::emergency_admissions), 2);

  // Medically fit: the bed stays occupied while the borough is asked for a care home place.
  one.simulation.run_until(300 * kDay);
  const std::vector<testing::Sent> referrals = one.routes.named("discharge_referral");
  ASSERT_EQ(referrals.size(), 2U);
  for (const testing::Sent& referral : referrals) {
    EXPECT_EQ(referral.request.site, SiteId(0));
    EXPECT_EQ(referral.request.pathway, 3);
    EXPECT_GE(referral.delay, kLookahead);
  }
  EXPECT_EQ(site.medically_fit(), 2);
  EXPECT_EQ(site.waiting_for_bed(), 1);

  // A place is ready: the bed passes to the patient waiting, and the first goes home.
  const Time now = 300 * kDay;
  one.at(
      now, [&](Process& p, AcuteSite& s) { s.on_ready_to_leave(p, referrals[0].request.slot); }, now + kHour,
      sim::Priority::early);
  EXPECT_EQ(site.beds().in_use(), 2);
  EXPECT_EQ(site.waiting_for_bed(), 0);
  EXPECT_EQ(site.medically_fit(), 1);
  EXPECT_EQ(site.tallies().total(Measure::emergency_admissions), 3);
  ASSERT_EQ(one.routes.named("back_home").size(), 1U);
  EXPECT_EQ(one.routes.named("back_home")[0].who.resident, referrals[0].who.resident);
  EXPECT_TRUE(one.routes.named("back_home")[0].flag) << "was admitted";
  EXPECT_GT(site.tallies().total(Measure::delayed_discharge_bed_days), 0);

  // The second leaves too: an escalation bed stands empty and closes.
  one.at(
      now + kHour, [&](Process& p, AcuteSite& s) { s.on_ready_to_leave(p, referrals[1].request.slot); },
      now + 2 * kHour, sim::Priority::early);
  EXPECT_EQ(site.beds().in_use(), 1);
  EXPECT_EQ(site.beds().capacity(), 1);
}

// With its emergency and escalation beds full, a site puts emergency patients in the elective beds that are not
// ring-fenced (outliers), then queues them; as beds free, the outliers move back first, then escalation beds close.
TEST(AcuteSite, WhenFullPutsEmergenciesInElectiveBedsNotRingFencedAndMovesThemBackFirst) {
  const ModelParams params = care_home_discharges();
  const Context context = testing::context_for(params);
  RecordingRoutes routes;
  sim::Simulation simulation = testing::simulation_of(1);
  const ElectiveSetup elective{
      .capacity = {}, .beds = 3, .ring_fenced_beds = 1, .warm_list = 0, .borough_shares = {1.0}};
  AcuteSite site(SiteId(0), sim::ProcessId{0}, "test", SiteBeds{.base = 1, .escalation = 1}, 1, params.boroughs.size(),
                 context, routes, elective);
  simulation.process(0).schedule_at(0, [&](Process& p) {
    for (std::uint32_t i = 0; i < 5; ++i) site.on_ae_arrival(p, testing::patient(i, 5, kFlagDirect), i);
  });
  simulation.run_until(300 * kDay);  // all five medically fit, waiting for care home places
  EXPECT_EQ(site.beds().in_use(), 4) << "a base bed, an escalation bed and two elective beds";
  EXPECT_EQ(site.elective().lent(), 2);
  EXPECT_EQ(site.elective().beds().in_use(), 2);
  EXPECT_EQ(site.waiting_for_bed(), 1) << "the ring-fenced elective bed is not taken";

  const std::vector<testing::Sent> referrals = routes.named("discharge_referral");
  ASSERT_EQ(referrals.size(), 4U);
  const auto leaves = [&](std::size_t k) {
    const Time now = simulation.now();
    simulation.process(0).schedule_at(
        now, [&, k](Process& p) { site.on_ready_to_leave(p, referrals[k].request.slot); }, sim::Priority::early);
    simulation.run_until(now + kHour);
  };
  leaves(0);
  EXPECT_EQ(site.waiting_for_bed(), 0) << "the bed passes to the patient waiting";
  EXPECT_EQ(site.elective().lent(), 2);
  leaves(1);
  EXPECT_EQ(site.elective().lent(), 1) << "an outlier moves back into the bed freed";
  EXPECT_EQ(site.elective().beds().in_use(), 1);
  EXPECT_EQ(site.beds().capacity(), 3);
  leaves(2);
  EXPECT_EQ(site.elective().lent(), 0);
  EXPECT_EQ(site.beds().capacity(), 2) << "the escalation bed stays open while it is needed";
  leaves(3);
  EXPECT_EQ(site.beds().capacity(), 1) << "then closes";
  EXPECT_EQ(site.elective().beds().in_use(), 0);
}

TEST(AcuteSite, NonAdmittedAttendancesGoHomeAfterTheirTimeInTheDepartment) {
  ModelParams params = testing::baseline();
  params.acute.ae_admission_probability = ByAge{};
  OneSite one(params, SiteBeds{.base = 5, .escalation = 0, .virtual_ward = 0});
  one.at(
      0, [](Process& p, AcuteSite& s) { s.on_ae_arrival(p, testing::patient(1, 3), 0); }, kDay);
  const std::vector<testing::Sent> home = one.routes.named("back_home");
  ASSERT_EQ(home.size(), 1U);
  EXPECT_FALSE(home[0].flag) << "not admitted";
  EXPECT_GT(home[0].delay, 0) << "time in the department";
  EXPECT_EQ(one.site.tallies().total(Measure::ae_attendances), 1);
  EXPECT_EQ(one.site.beds().in_use(), 0);
}

TEST(AcuteSite, VirtualWardTakesExacerbationsAndTheFrailOnly) {
  const ModelParams params = care_home_discharges();
  OneSite one(params, SiteBeds{.base = 5, .escalation = 0, .virtual_ward = 5});
  const auto frail = static_cast<std::uint8_t>(params.community.virtual_ward_min_frailty);
  const auto with_frailty = [](PatientRef who, std::uint8_t frailty) {
    who.frailty = frailty;
    return who;
  };
  one.at(
      0,
      [&](Process& p, AcuteSite& s) {
        s.on_ae_arrival(p, with_frailty(testing::patient(0, 7, kFlagDirect), frail), 0);
        s.on_ae_arrival(p, with_frailty(testing::patient(1, 7, kFlagDirect), frail - 1), 1);  // old, not frail enough
        s.on_ae_arrival(p, testing::patient(2, 2, kFlagDirect | kFlagAcsc), 2);               // an exacerbation
      },
      kHour);
  EXPECT_EQ(one.site.tallies().total(Measure::virtual_ward_admissions), 2);
  EXPECT_EQ(one.site.beds().in_use(), 1);
}

// Home with no new support (pathway 0): the bed is held, under one of the hospital's own reasons, until
// those steps are done and the discharge window is open.
// With as many beds added by the admission-avoidance lever as today's, half the virtual wards' cost is the lever's.
TEST(AcuteSite, TheAddedVirtualWardBedsShareOfTheCostIsTheLevers) {
  const ModelParams params = care_home_discharges();
  OneSite one(params, SiteBeds{.base = 5, .escalation = 0, .virtual_ward = 1, .virtual_ward_added = 1});
  one.at(
      0,
      [](Process& p, AcuteSite& s) {
        s.on_ae_arrival(p, testing::patient(0, 2, kFlagDirect | kFlagAcsc), 0);  // today's bed
        s.on_ae_arrival(p, testing::patient(1, 2, kFlagDirect | kFlagAcsc), 1);  // the added bed
      },
      100 * kDay);
  const Tallies& tallies = one.site.tallies();
  EXPECT_EQ(tallies.total(Measure::virtual_ward_admissions), 2);
  ASSERT_GT(tallies.total(Measure::cost_community_gbp), 0);
  EXPECT_EQ(2 * tallies.total(Measure::cost_lever_admission_avoidance_gbp), tallies.total(Measure::cost_community_gbp))
      << "one of the two beds open is the lever's";
}

TEST(AcuteSite, PathwayZeroWaitsForTheHospitalsStepsAndTheDischargeWindow) {
  ModelParams params = testing::baseline();
  for (ByPathway& shares : params.social.pathway_shares) shares = ByPathway{1, 0, 0, 0};
  params.acute.in_hospital_death_probability = ByAge{};
  params.acute.zero_day_stay_share = ByAge{};
  params.social.discharge_window_start_hour = 8;
  params.social.discharge_window_end_hour = 20;
  OneSite one(params, SiteBeds{.base = 200, .escalation = 0, .virtual_ward = 0});
  one.at(
      0,
      [](Process& p, AcuteSite& s) {
        for (std::uint32_t i = 0; i < 200; ++i) s.on_ae_arrival(p, testing::patient(i, 6, kFlagDirect), i);
      },
      kHour);
  // Snapshots every half hour for 60 days: whoever is medically fit waits for a discharge summary,
  // medicines or transport, and nobody leaves outside the window.
  std::int64_t fit_seen = 0;
  for (Time t = kHour; t < 60 * kDay; t += 30) {
    one.simulation.run_until(t);
    const AcuteSite& site = one.site;
    const std::int64_t hospital_steps = site.waiting_for(NctrReason::discharge_summary) +
                                        site.waiting_for(NctrReason::medicines) +
                                        site.waiting_for(NctrReason::transport);
    ASSERT_EQ(hospital_steps, site.medically_fit()) << "at minute " << t;
    fit_seen += site.medically_fit();
  }
  EXPECT_GT(fit_seen, 0);
  const std::vector<testing::Sent> home = one.routes.named("back_home");
  ASSERT_EQ(home.size(), 200U) << "everyone goes home within 60 days";
  for (const testing::Sent& left : home) {
    const Time minute = left.at % kDay;
    EXPECT_GE(minute, 8 * kHour);
    EXPECT_LT(minute, 20 * kHour);
  }
  EXPECT_GT(one.site.tallies().total(Measure::delayed_discharge_bed_days), 0);
}

TEST(AcuteSite, AReadyPatientOutsideTheWindowLeavesWhenItOpensAndWaitsForTransport) {
  ModelParams params = care_home_discharges();
  params.social.discharge_window_start_hour = 8;
  params.social.discharge_window_end_hour = 20;
  OneSite one(params, SiteBeds{.base = 1, .escalation = 0, .virtual_ward = 0});
  one.at(
      0, [](Process& p, AcuteSite& s) { s.on_ae_arrival(p, testing::patient(0, 7, kFlagDirect), 0); }, 300 * kDay);
  const std::vector<testing::Sent> referrals = one.routes.named("discharge_referral");
  ASSERT_EQ(referrals.size(), 1U);
  const std::uint32_t slot = referrals[0].request.slot;
  EXPECT_EQ(one.site.waiting_for(NctrReason::referral) + one.site.waiting_for(NctrReason::assessment), 1);

  // No care home place free yet: the borough says so.
  const Time evening = 300 * kDay + 22 * kHour;
  one.at(
      evening - kHour, [&](Process&, AcuteSite& s) { s.on_awaiting_place(slot, NctrReason::care_home); }, evening);
  EXPECT_EQ(one.site.waiting_for(NctrReason::care_home), 1);

  // A place at 22:00: the patient waits for transport until 08:00.
  one.at(
      evening, [&](Process& p, AcuteSite& s) { s.on_ready_to_leave(p, slot); }, evening + kHour, sim::Priority::early);
  EXPECT_EQ(one.site.waiting_for(NctrReason::transport), 1);
  EXPECT_TRUE(one.routes.named("back_home").empty());
  one.simulation.run_until(302 * kDay);
  ASSERT_EQ(one.routes.named("back_home").size(), 1U);
  EXPECT_EQ(one.routes.named("back_home")[0].at, 301 * kDay + 8 * kHour);
  EXPECT_EQ(one.site.medically_fit(), 0);
  EXPECT_EQ(one.site.waiting_for(NctrReason::transport), 0);
}

TEST(DischargeWindow, MinutesUntilItOpens) {
  SocialCareParams social;
  social.discharge_window_start_hour = 8;
  social.discharge_window_end_hour = 20;
  EXPECT_EQ(until_discharge_window(social, 0), 8 * 60);
  EXPECT_EQ(until_discharge_window(social, 8 * 60), 0);
  EXPECT_EQ(until_discharge_window(social, 20 * 60 - 1), 0);
  EXPECT_EQ(until_discharge_window(social, 20 * 60), 12 * 60);
  EXPECT_EQ(until_discharge_window(social, 3 * 24 * 60 + 23 * 60), 9 * 60);
}

// A stay that crosses from one year of the results period into the next: its bed days and cost are split at the
// boundary, and the two parts add up to the whole stay.
TEST(AcuteSite, AStayAcrossTheYearBoundaryCountsInBothYears) {
  ModelParams params = testing::baseline();
  for (ByPathway& shares : params.social.pathway_shares) shares = ByPathway{1, 0, 0, 0};  // home when fit
  params.acute.in_hospital_death_probability = ByAge{};
  params.acute.zero_day_stay_share = ByAge{};
  Context context = testing::context_for(params);
  context.results_end = 2 * kYear;
  RecordingRoutes routes;
  sim::Simulation simulation = testing::simulation_of(1);
  AcuteSite site(SiteId(0), sim::ProcessId{0}, "test", SiteBeds{.base = 1}, 1, params.boroughs.size(), context, routes);
  const Time admitted = kYear - 6 * kHour;
  simulation.process(0).schedule_at(admitted,
                                    [&](Process& p) { site.on_ae_arrival(p, testing::patient(1, 5, kFlagDirect), 0); });
  simulation.run_until(kYear + 90 * kDay);

  const std::vector<testing::Sent> home = routes.named("back_home");
  ASSERT_EQ(home.size(), 1U);
  const Time stay = home[0].at - admitted;
  ASSERT_GE(stay, kDay) << "stays of a day or more: the test needs one that crosses the boundary";
  const Tallies& tallies = site.tallies();
  EXPECT_EQ(tallies.total(Measure::emergency_admissions, 0), 1);
  EXPECT_EQ(tallies.total(Measure::emergency_admissions, 1), 0);
  EXPECT_EQ(tallies.total(Measure::bed_days, 0), 6 * kHour);
  EXPECT_EQ(tallies.total(Measure::bed_days, 1), stay - 6 * kHour);
  EXPECT_GT(tallies.total(Measure::cost_acute_gbp, 0), 0);
  EXPECT_GT(tallies.total(Measure::cost_acute_gbp, 1), 0);
  EXPECT_EQ(tallies.total(Measure::cost_acute_gbp), pence(params.costs.bed_day * static_cast<double>(stay) / kDay));
}

}  // namespace
}  // namespace icsflow::models::detail
