// Borough services on a one-process simulation: the care request (granted, queued, served by priority),
// the end of care, rehab, and urgent community response's daily capacity.
#include "borough_services.hpp"

#include <array>
#include <cmath>

#include <gtest/gtest.h>

#include "recording_routes.hpp"

namespace icsflow::models::detail {
namespace {

using testing::RecordingRoutes;
using testing::Sent;

struct OneBorough : testing::OneProcess<BoroughServices> {
  OneBorough(const ModelParams& params, const BoroughCapacity& capacity)
      : OneProcess(params, BoroughId(0), sim::ProcessId{0}, "test", capacity, params.boroughs.size()),
        borough(process) {}
  BoroughServices& borough;
};

// The baseline without the search for a provider, for the tests of places granted and queued at once.
ModelParams no_search() {
  ModelParams params = testing::baseline();
  params.social.place_sourcing_days = {};
  return params;
}

CareRequest from_bed(std::uint32_t slot, std::uint8_t pathway) {
  return CareRequest{.slot = slot, .site = SiteId(2), .pathway = static_cast<std::uint8_t>(pathway & 0x7f)};
}

TEST(BoroughServices, ACareHomePlaceIsGrantedOrQueuedAndPassesOnWhenAResidentDies) {
  OneBorough one(no_search(), BoroughCapacity{.care_home_places = 1});
  const PatientRef first = testing::patient(10);
  const PatientRef second = testing::patient(11);
  one.at(
      0,
      [&](Process& p, BoroughServices& b) {
        b.on_discharge_referral(p, first, from_bed(5, 3));
        b.on_discharge_referral(p, second, from_bed(6, 3));
      },
      kHour);
  std::vector<Sent> leaving = one.routes.named("ready_to_leave");
  ASSERT_EQ(leaving.size(), 1U) << "one place: the first leaves hospital, the second waits in the bed";
  EXPECT_EQ(leaving[0].site, SiteId(2));
  EXPECT_EQ(leaving[0].number, 5U);
  ASSERT_EQ(one.routes.named("care_started").size(), 1U);
  EXPECT_EQ(one.routes.named("care_started")[0].kind, CareKind::care_home);
  ASSERT_NE(one.borough.holding(CareKind::care_home, second.resident), nullptr);
  EXPECT_TRUE(one.borough.holding(CareKind::care_home, second.resident)->queued);

  one.at(
      10 * kDay, [&](Process& p, BoroughServices& b) { b.on_care_ended(p, first, /*died=*/true); }, 11 * kDay,
      sim::Priority::early);
  leaving = one.routes.named("ready_to_leave");
  ASSERT_EQ(leaving.size(), 2U);
  EXPECT_EQ(leaving[1].number, 6U);
  EXPECT_EQ(leaving[1].at, 10 * kDay) << "the place passes on the minute it is released";
  EXPECT_EQ(one.borough.holding(CareKind::care_home, first.resident), nullptr);
  EXPECT_FALSE(one.borough.holding(CareKind::care_home, second.resident)->queued);
  EXPECT_EQ(one.borough.resource(CareKind::care_home).in_use(), 1);
  EXPECT_GT(one.borough.tallies().total(Measure::cost_social_care_gbp), 0) << "ten days of a care home place";
  EXPECT_EQ(one.borough.tallies().total(Measure::care_home_admissions), 2);
}

// Assessed on the ward: one assessor, two patients. The second waits for the first's assessment; each seeks
// a place after assessment_days, and the hospital hears when a patient must wait for one.
TEST(BoroughServices, WardAssessmentsQueueForTheAssessorsThenSeekAPlace) {
  ModelParams params = no_search();
  params.social.assessment_days = 1;
  OneBorough one(params, BoroughCapacity{.assessors = 1, .care_home_places = 1});
  struct Referral {
    PatientRef who;
    CareRequest request;
  };
  std::array<Referral, 2> referrals{Referral{testing::patient(10), from_bed(5, 3)},
                                    Referral{testing::patient(11), from_bed(6, 3)}};
  for (Referral& r : referrals) r.request.assess_in_hospital = true;
  one.at(
      0,
      [&referrals](Process& p, BoroughServices& b) {
        for (const Referral& r : referrals) b.on_discharge_referral(p, r.who, r.request);
      },
      kHour);
  EXPECT_EQ(one.borough.assessors().in_use(), 1);
  EXPECT_TRUE(one.routes.named("ready_to_leave").empty()) << "nobody leaves before the assessment";

  one.simulation.run_until(kDay + kHour);
  ASSERT_EQ(one.routes.named("ready_to_leave").size(), 1U);
  EXPECT_EQ(one.routes.named("ready_to_leave")[0].at, kDay) << "the first's place, after a day's assessment";
  EXPECT_EQ(one.borough.assessors().in_use(), 1) << "the second is being assessed now";

  one.simulation.run_until(3 * kDay);
  const std::vector<Sent> waiting = one.routes.named("awaiting_place");
  ASSERT_EQ(waiting.size(), 1U) << "the only place is taken: the second waits for one";
  EXPECT_EQ(waiting[0].number, 6U);
  EXPECT_EQ(waiting[0].at, 2 * kDay);
  EXPECT_EQ(waiting[0].reason, NctrReason::care_home);
  EXPECT_EQ(one.borough.assessors().in_use(), 0);
}

// Before a place is sought a provider must be found (days, exponential): meanwhile the patient waits in the bed
// for that kind of place, even with places free; the mean over many patients is the data's.
TEST(BoroughServices, AProviderIsFoundBeforeThePlaceWithThePatientWaitingInTheBed) {
  ModelParams params = testing::baseline();
  params.social.place_sourcing_days = {0, 0, 0, 5.0};
  constexpr std::uint32_t kPatients = 400;
  OneBorough one(params, BoroughCapacity{.care_home_places = kPatients});
  one.at(
      0,
      [&](Process& p, BoroughServices& b) {
        for (std::uint32_t i = 0; i < kPatients; ++i)
          b.on_discharge_referral(p, testing::patient(100 + i), from_bed(i, 3));
      },
      kHour);
  const std::vector<Sent> waiting = one.routes.named("awaiting_place");
  ASSERT_EQ(waiting.size(), kPatients) << "every patient waits for the provider, places free or not";
  EXPECT_EQ(waiting[0].reason, NctrReason::care_home);
  EXPECT_EQ(waiting[0].at, 0);
  EXPECT_TRUE(one.routes.named("ready_to_leave").empty());
  one.simulation.run_until(400 * kDay);
  const std::vector<Sent> leaving = one.routes.named("ready_to_leave");
  ASSERT_EQ(leaving.size(), kPatients);
  double sum = 0;
  double squares = 0;
  for (const Sent& s : leaving) {
    const double days = static_cast<double>(s.at) / kDay;
    sum += days;
    squares += days * days;
  }
  const double mean = sum / kPatients;
  const double sd = std::sqrt(squares / kPatients - mean * mean);
  // Exponential with mean 5: the sample mean is within 3 standard errors (5 / sqrt(400) = 0.25) of 5, and the
  // spread is the mean's (coefficient of variation 1), within a generous 20%.
  EXPECT_NEAR(mean, 5.0, 3 * 5.0 / std::sqrt(kPatients));
  EXPECT_NEAR(sd / mean, 1.0, 0.2);
}

TEST(BoroughServices, HospitalDischargesAreServedBeforePeopleReferredFromHome) {
  OneBorough one(no_search(), BoroughCapacity{.care_home_places = 1});
  const PatientRef holder = testing::patient(1);
  const PatientRef from_home = testing::patient(2);
  const PatientRef from_hospital = testing::patient(3);
  one.at(
      0, [&](Process& p, BoroughServices& b) { b.on_community_care_request(p, holder, CareKind::care_home); }, kHour);
  one.at(
      kHour, [&](Process& p, BoroughServices& b) { b.on_community_care_request(p, from_home, CareKind::care_home); },
      2 * kHour);
  one.at(
      2 * kHour, [&](Process& p, BoroughServices& b) { b.on_discharge_referral(p, from_hospital, from_bed(9, 3)); },
      3 * kHour);
  EXPECT_TRUE(one.routes.named("ready_to_leave").empty());
  one.at(
      kDay, [&](Process& p, BoroughServices& b) { b.on_care_ended(p, holder, true); }, 2 * kDay, sim::Priority::early);
  ASSERT_EQ(one.routes.named("ready_to_leave").size(), 1U);
  EXPECT_EQ(one.routes.named("ready_to_leave")[0].number, 9U) << "the patient in hospital first";
  EXPECT_TRUE(one.borough.holding(CareKind::care_home, from_home.resident)->queued);
}

// The holder of the only place dies, the place passes to the resident waiting, who dies in the same minute
// before the grant runs: the place is given back, not held for ever by someone who has died.
TEST(BoroughServices, APlacePassedToAResidentWhoDiesTheSameMinuteIsGivenBack) {
  OneBorough one(testing::baseline(), BoroughCapacity{.care_home_places = 1});
  const PatientRef holder = testing::patient(1);
  const PatientRef waiting = testing::patient(2);
  one.at(
      0, [&](Process& p, BoroughServices& b) { b.on_community_care_request(p, holder, CareKind::care_home); }, kHour);
  one.at(
      kHour, [&](Process& p, BoroughServices& b) { b.on_community_care_request(p, waiting, CareKind::care_home); },
      2 * kHour);
  ASSERT_TRUE(one.borough.holding(CareKind::care_home, waiting.resident)->queued);
  one.at(
      kDay,
      [&](Process& p, BoroughServices& b) {
        b.on_care_ended(p, holder, true);   // frees the place: passed to the waiting claim, granted later
        b.on_care_ended(p, waiting, true);  // before that grant runs
      },
      2 * kDay, sim::Priority::early);
  EXPECT_EQ(one.borough.resource(CareKind::care_home).in_use(), 0);
  EXPECT_EQ(one.borough.holding(CareKind::care_home, waiting.resident), nullptr);
  for (const auto& sent : one.routes.named("care_started"))
    EXPECT_NE(sent.who.resident, waiting.resident) << "no care starts for a resident who has died";
}

TEST(BoroughServices, RehabEndsWithTheResidentSentHome) {
  const ModelParams params = no_search();
  OneBorough one(params, BoroughCapacity{.intermediate_care_beds = 1});
  const PatientRef who = testing::patient(4);
  one.at(
      0, [&](Process& p, BoroughServices& b) { b.on_discharge_referral(p, who, from_bed(3, 2)); }, kHour);
  ASSERT_EQ(one.routes.named("ready_to_leave").size(), 1U);
  EXPECT_TRUE(one.routes.named("care_started").empty()) << "rehab is not long-term care";
  EXPECT_EQ(one.borough.resource(CareKind::rehab).in_use(), 1);
  one.simulation.run_until(static_cast<Time>(params.community.rehab_los_days * kDay) + kDay);
  ASSERT_EQ(one.routes.named("back_home").size(), 1U);
  EXPECT_TRUE(one.routes.named("back_home")[0].flag);
  EXPECT_EQ(one.borough.resource(CareKind::rehab).in_use(), 0);
  EXPECT_GT(one.borough.tallies().total(Measure::cost_community_gbp), 0);
}

TEST(BoroughServices, UrgentCommunityResponseTakesItsDailyCapacityThenSendsToAe) {
  OneBorough one(testing::baseline(), BoroughCapacity{.ucr_per_day = 1});
  one.at(
      kHour,
      [](Process& p, BoroughServices& b) {
        b.on_urgent_referral(p, testing::patient(1, 6, kFlagAcsc), 0);
        b.on_urgent_referral(p, testing::patient(2, 6, kFlagAcsc), 0);
      },
      2 * kHour);
  EXPECT_EQ(one.borough.tallies().total(Measure::ucr_episodes), 1);
  ASSERT_GE(one.routes.named("ae_arrival").size(), 1U);
  EXPECT_EQ(one.routes.named("ae_arrival").back().who.resident, 2U) << "over capacity: A&E";
  one.at(
      kDay + kHour, [](Process& p, BoroughServices& b) { b.on_urgent_referral(p, testing::patient(3), 0); },
      kDay + 2 * kHour);
  EXPECT_EQ(one.borough.tallies().total(Measure::ucr_episodes), 2) << "a new day, new capacity";
  EXPECT_EQ(one.routes.named("ae_arrival").size() + one.routes.named("back_home").size(), 3U);
}

// Enhanced care home support is paid for each care home resident for as long as they hold their place.
TEST(BoroughServices, CareHomeSupportIsPaidForTheDaysAPlaceIsHeld) {
  ModelParams params = no_search();
  params.policy.care_home_support.enabled = true;
  params.policy.care_home_support.cost_per_resident_year = 365;  // a pound a day
  OneBorough one(params, BoroughCapacity{.care_home_places = 1});
  const PatientRef resident = testing::patient(10);
  one.at(
      0, [&](Process& p, BoroughServices& b) { b.on_discharge_referral(p, resident, from_bed(5, 3)); }, kHour);
  one.at(
      73 * kDay, [&](Process& p, BoroughServices& b) { b.on_care_ended(p, resident, /*died=*/true); }, 74 * kDay,
      sim::Priority::early);
  EXPECT_EQ(one.borough.tallies().total(Measure::cost_lever_care_home_support_gbp), 73 * 100) << "73 days, in pence";
}

// The admission-avoidance lever's cost: the 2-hour responses above today's daily capacity.
TEST(BoroughServices, UrgentResponsesAboveTodaysCapacityAreTheLeversCost) {
  OneBorough one(testing::baseline(), BoroughCapacity{.ucr_per_day = 3, .ucr_per_day_siloed = 1});
  one.at(
      kHour,
      [](Process& p, BoroughServices& b) {
        for (std::uint32_t i = 0; i < 4; ++i) b.on_urgent_referral(p, testing::patient(i, 6, kFlagAcsc), 0);
      },
      2 * kHour);
  const Tallies& tallies = one.borough.tallies();
  EXPECT_EQ(tallies.total(Measure::ucr_episodes), 3);
  const std::int64_t episode = pence(testing::baseline().costs.ucr_episode);
  EXPECT_EQ(tallies.total(Measure::cost_community_gbp), 3 * episode);
  EXPECT_EQ(tallies.total(Measure::cost_lever_admission_avoidance_gbp), 2 * episode);
}

}  // namespace
}  // namespace icsflow::models::detail
