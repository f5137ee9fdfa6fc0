// A site's waiting lists on their own: who is seen and treated first, clock stops, cancellations without a bed,
// pathways leaving untreated, and that every pathway is accounted for.
#include "elective_lists.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "context.hpp"

namespace icsflow::models::detail {
namespace {

ElectiveParams params() {
  ElectiveParams p;
  p.priority_weeks = {4, 13, 26};
  p.rebook_days = 28;
  return p;
}

ElectiveCapacity one_specialty(double outpatients, double theatre) {
  ElectiveCapacity c;
  c.outpatient_per_day[0] = outpatients;
  c.theatre_per_day[0] = theatre;
  return c;
}

Pathway pathway(std::int32_t clock_start, bool urgent = false, bool admitted = false, std::int32_t duration = 0) {
  Pathway p;
  p.clock_start = clock_start;
  p.leaves_at = std::numeric_limits<std::int32_t>::max();
  p.urgent = urgent;
  p.admitted = admitted;
  p.duration = duration;
  p.quintile = 1;
  return p;
}

struct Recorded : ElectiveEvents {
  std::vector<std::pair<std::int32_t, Time>> stopped;  // clock start, stop
  std::vector<bool> stopped_admitted;
  std::vector<std::int32_t> left;
  int beds = 0;  // ordinary cases that can still get a bed
  int cancellations = 0;
  bool offer_elsewhere = false;    // every patient decided to admit takes a shorter wait at another site
  std::vector<Pathway> elsewhere;  // those who did
  void clock_stopped(const Pathway& p, Time at, bool admitted) override {
    stopped.emplace_back(p.clock_start, at);
    stopped_admitted.push_back(admitted);
  }
  void left_list(const Pathway& p) override { left.push_back(p.clock_start); }
  bool admit(const Pathway&, Time) override {
    if (beds == 0) {
      ++cancellations;
      return false;
    }
    --beds;
    return true;
  }
  bool booked_elsewhere(const Pathway& p, Time) override {
    if (offer_elsewhere) elsewhere.push_back(p);
    return offer_elsewhere;
  }
};

TEST(ElectiveLists, UrgentReferralsAreSeenFirstThenInReferralOrder) {
  ElectiveLists lists(one_specialty(2, 0), params());
  lists.join(pathway(1, false, false, 0));
  lists.join(pathway(2, false, false, 0));
  lists.join(pathway(3, true, false, 0));
  Recorded events;
  lists.working_day(kDay, events);  // two slots: the urgent one, then the first routine one; stops due at once
  ASSERT_EQ(events.stopped.size(), 2U);
  EXPECT_EQ(events.stopped[0].first, 3);
  EXPECT_EQ(events.stopped[1].first, 1);
  EXPECT_FALSE(events.stopped_admitted[0]);
  EXPECT_EQ(lists.size(), 1U);
}

TEST(ElectiveLists, ANonAdmittedClockStopsAfterItsFollowUp) {
  ElectiveLists lists(one_specialty(1, 0), params());
  lists.join(pathway(0, false, false, 3 * static_cast<std::int32_t>(kWeek)));
  Recorded events;
  lists.working_day(kDay, events);
  EXPECT_TRUE(events.stopped.empty()) << "seen, the clock still runs";
  (void)lists.census(kDay + 3 * kWeek, events);
  ASSERT_EQ(events.stopped.size(), 1U);
  EXPECT_EQ(events.stopped[0].second, kDay + 3 * kWeek);
}

TEST(ElectiveLists, TheAdmittedListIsBookedByDueDateAndCancelledCasesAreRebooked) {
  ElectiveParams p = params();
  ElectiveLists lists(one_specialty(0, 2), p);
  // Decided earlier with a later due date (P4), and later with an earlier one (P2): the P2 goes first.
  Pathway p4 = pathway(10, false, true, 0);
  p4.due = static_cast<std::int32_t>(26 * kWeek);
  Pathway p2 = pathway(20, false, true, static_cast<std::int32_t>(3 * kDay));  // an ordinary case
  p2.due = static_cast<std::int32_t>(4 * kWeek);
  Pathway p3 = pathway(30, false, true, 0);
  p3.due = static_cast<std::int32_t>(13 * kWeek);
  lists.join_decided(p4);
  lists.join_decided(p2);
  lists.join_decided(p3);
  Recorded events;  // no bed: the ordinary P2 case is cancelled, its slot lost; the P3 day case goes ahead
  lists.working_day(kDay, events);
  EXPECT_EQ(events.cancellations, 1);
  ASSERT_EQ(events.stopped.size(), 1U);
  EXPECT_EQ(events.stopped[0].first, 30);
  EXPECT_TRUE(events.stopped_admitted[0]);
  // Rebooked within 28 days, which is still before the P4's due date: next day it goes first, with a bed.
  events.beds = 1;
  lists.working_day(2 * kDay, events);
  ASSERT_EQ(events.stopped.size(), 3U);
  EXPECT_EQ(events.stopped[1].first, 20);
  EXPECT_EQ(events.stopped[2].first, 10);
  EXPECT_EQ(lists.size(), 0U);
}

// Pooled lists: a patient decided to admit may be booked at another site, with the due date of their priority; the
// weeks to admission are those waiting over the theatre cases of a week.
TEST(ElectiveLists, APatientDecidedToAdmitMayBeBookedElsewhere) {
  ElectiveLists lists(one_specialty(2, 0.5), params());
  Pathway p3 = pathway(0, false, true, 0);
  p3.priority = 1;
  lists.join(p3);
  lists.join(pathway(5, false, true, 0));  // P2
  Recorded events;
  events.offer_elsewhere = true;
  lists.working_day(kDay, events);
  ASSERT_EQ(events.elsewhere.size(), 2U);
  EXPECT_EQ(events.elsewhere[0].clock_start, 0);
  EXPECT_EQ(events.elsewhere[0].due, kDay + 13 * kWeek);
  EXPECT_EQ(events.elsewhere[1].due, kDay + 4 * kWeek);
  EXPECT_EQ(lists.size(), 0U);
  EXPECT_EQ(lists.weeks_to_admission(0), 0);

  for (std::int32_t i = 0; i < 5; ++i) lists.join_decided(pathway(i, false, true, 0));
  EXPECT_DOUBLE_EQ(lists.weeks_to_admission(0), 5 / (0.5 * 5)) << "five waiting, 2.5 cases a week";
  EXPECT_EQ(lists.weeks_to_admission(1), std::numeric_limits<double>::infinity()) << "no theatre capacity";
}

TEST(ElectiveLists, PathwaysLeaveUntreatedAtTheirTimeAndTheCensusCountsTheRest) {
  ElectiveLists lists(one_specialty(0, 0), params());  // no capacity: everyone waits
  for (std::int32_t i = 0; i < 10; ++i) {
    Pathway p = pathway(-static_cast<std::int32_t>(i * 10 * kWeek));  // waited 0, 10, ..., 90 weeks at time 0
    if (i % 2 == 1) p.leaves_at = static_cast<std::int32_t>(kWeek);
    lists.join(p);
  }
  Recorded events;
  const auto counts = lists.census(2 * kWeek, events);
  EXPECT_EQ(events.left.size(), 5U);
  EXPECT_EQ(counts[0].waiting, 5);  // waited 2, 22, 42, 62 and 82 weeks
  EXPECT_EQ(counts[0].over_18_weeks, 4);
  EXPECT_EQ(counts[0].over_52_weeks, 2);
  EXPECT_EQ(lists.size(), 5U);
}

TEST(ElectiveLists, EachSubspecialtyListHasItsOwnClinics) {
  ElectiveParams p = params();
  p.subspecialty_lists = 2;
  p.subspecialty_load_spread = 0.5;  // shares 0.25 and 0.75 of the slots
  ElectiveLists lists(one_specialty(4, 0), p);
  for (std::int32_t i = 0; i < 20; ++i) {
    Pathway q = pathway(i);
    q.sublist = static_cast<std::uint8_t>(i % 2);
    lists.join(q);
  }
  Recorded events;
  lists.working_day(kDay, events);  // list 0 sees 1, list 1 sees 3, each in referral order
  std::vector<std::int32_t> seen;
  for (const auto& stop : events.stopped) seen.push_back(stop.first);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::int32_t>{0, 1, 3, 5}));
}

TEST(ElectiveLists, SubspecialtySlotsAndSettledWaits) {
  ElectiveParams p = params();
  p.outpatient_capacity_to_demand = 0.853;
  p.leaving_per_month = 0.03;
  p.subspecialty_lists = 4;
  p.subspecialty_load_spread = 0.15;
  const std::vector<double> shares = subspecialty_slot_shares(p);
  ASSERT_EQ(shares.size(), 4U);
  EXPECT_NEAR(shares[0], 0.85 / 4, 1e-12);
  EXPECT_NEAR(shares[3], 1.15 / 4, 1e-12);
  EXPECT_NEAR(std::accumulate(shares.begin(), shares.end(), 0.0), 1.0, 1e-12);
  const std::vector<double> weeks = subspecialty_settled_weeks(p);
  const double per_week = 0.03 * 12 / (kMinutesPerYear / static_cast<double>(kWeek));
  EXPECT_NEAR(weeks[0], -std::log(0.853 * 0.85) / per_week, 1e-9);
  EXPECT_GT(weeks[0], weeks[3]) << "fewer slots, longer waits";
  p.subspecialty_load_spread = 0.5;  // the last list has 0.853 x 1.5 slots a referral: nobody waits
  EXPECT_EQ(subspecialty_settled_weeks(p).back(), 0.0);
}

// Queueing check: a list fed at a constant rate, with c slots for every referral and each pathway leaving at an
// exponential time (hazard h), settles where a routine referral waits W with e^(-hW) = c (the fluid limit: the
// pathways ahead of it are either seen or leave). Days stand for working days here. The list fills from empty with
// time constant 1/h (200 days): measured from day 1,200, when it is within e^-6 of settled.
TEST(ElectiveLists, AListSettlesAtTheWaitItsSlotsAndLeavingGive) {
  const double per_day = 50, slots = 0.8, hazard = 0.005;  // hazard a day
  ElectiveLists lists(one_specialty(per_day * slots, 0), params());
  Recorded events;
  sim::RandomStream draw(7, 1, 0);
  for (int day = 0; day < 1400; ++day) {
    const Time now = day * kDay;
    for (int i = 0; i < per_day; ++i) {
      Pathway q = pathway(static_cast<std::int32_t>(now));
      q.leaves_at = static_cast<std::int32_t>(now + std::llround(draw.exponential(hazard) * kDay));
      lists.join(q);
    }
    lists.working_day(now, events);
  }
  double waited = 0;
  int seen = 0;
  for (const auto& [start, stop] : events.stopped) {
    if (start < 1200 * kDay || start >= 1300 * kDay) continue;
    waited += static_cast<double>(stop - start) / kDay;
    ++seen;
  }
  ASSERT_GT(seen, 3000);
  // About 2,000 pathways ahead of each: their leaving is binomial, sd about 20 pathways or 0.5 days; the days
  // themselves are whole: within 2 days.
  EXPECT_NEAR(waited / seen, -std::log(slots) / hazard, 2.0);
}

TEST(ElectiveLists, SomePathwaysStopAtTheFirstAppointmentAndListsShareTheReferrals) {
  ElectiveParams p = params();
  p.admitted_share = 0.2;
  p.discharged_at_first_share = 0.3;
  p.non_admitted_weeks = 6;
  p.subspecialty_lists = 4;
  const int n = 20000;
  int at_first = 0;
  std::array<int, 4> on_list{};
  for (int i = 0; i < n; ++i) {
    sim::RandomStream draw(3, static_cast<std::uint64_t>(i), 0);
    Pathway q;
    draw_course(q, p, draw);
    if (q.duration == 0) ++at_first;
    ASSERT_LT(q.sublist, 4);
    ++on_list[q.sublist];
  }
  // Binomial: 0.3 / 0.8 of those not admitted, within 4 standard deviations.
  const double expected = 0.3 / 0.8;
  EXPECT_NEAR(at_first / static_cast<double>(n), expected, 4 * std::sqrt(expected * (1 - expected) / n));
  for (const int k : on_list) EXPECT_NEAR(k / static_cast<double>(n), 0.25, 4 * std::sqrt(0.25 * 0.75 / n));
}

TEST(ElectiveLists, EveryPathwayIsStoppedLeftOrStillWaiting) {
  ElectiveLists lists(one_specialty(0.7, 0.3), params());
  Recorded events;
  events.beds = 1000;
  int joined = 0;
  for (int day = 0; day < 200; ++day) {
    const Time now = day * kDay;
    for (int k = 0; k < 1 + day % 2; ++k, ++joined) {
      Pathway p = pathway(static_cast<std::int32_t>(now), k == 0 && day % 5 == 0, (day + k) % 3 == 0,
                          static_cast<std::int32_t>((day % 4) * kDay));
      p.leaves_at = static_cast<std::int32_t>(now + (day % 7 + 1) * 20 * kDay);
      lists.join(p);
    }
    events.offer_elsewhere = day % 11 == 0;
    lists.working_day(now, events);
  }
  (void)lists.census(200 * kDay, events);
  EXPECT_GT(events.elsewhere.size(), 0U);
  EXPECT_EQ(static_cast<std::size_t>(joined),
            events.stopped.size() + events.left.size() + events.elsewhere.size() + lists.size());
  EXPECT_GT(events.stopped.size(), 100U);
}

}  // namespace
}  // namespace icsflow::models::detail
