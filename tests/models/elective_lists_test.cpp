// A site's waiting lists on their own: who is seen and treated first, clock stops, cancellations without a bed,
// pathways leaving untreated, and that every pathway is accounted for.
#include "elective_lists.hpp"

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
