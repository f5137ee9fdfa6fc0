#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "icsflow/sim/error.hpp"
#include "icsflow/sim/resource.hpp"
#include "icsflow/sim/simulation.hpp"

namespace icsflow::sim {
namespace {

struct Fixture {
  Simulation simulation{{.process_count = 2, .lookahead = 5}};
  Process& p = simulation.process(0);
};

TEST(Resource, GrantsQueuesAndRejects) {
  Fixture f;
  Resource beds("beds", 0, 1, QueueDiscipline::fifo, 1);
  int granted = 0;
  const SeizeOutcome a = beds.seize(f.p, [&granted](Process&, Claim) { ++granted; });
  EXPECT_EQ(a.status, SeizeStatus::granted);
  EXPECT_EQ(granted, 1) << "an immediate grant runs the handler inside seize()";
  const SeizeOutcome b = beds.seize(f.p, [&granted](Process&, Claim) { ++granted; });
  EXPECT_EQ(b.status, SeizeStatus::queued);
  EXPECT_EQ(beds.seize(f.p, [](Process&, Claim) {}).status, SeizeStatus::rejected);
  EXPECT_EQ(beds.in_use(), 1);
  EXPECT_EQ(beds.queue_length(), 1);
  beds.release(f.p, a.claim);
  EXPECT_EQ(beds.in_use(), 1) << "the unit passes straight to the waiting claim";
  EXPECT_TRUE(beds.holds(b.claim));
  EXPECT_FALSE(beds.holds(a.claim));
  EXPECT_EQ(granted, 1) << "a grant from the queue runs as its own event";
  f.simulation.run_until(1);
  EXPECT_EQ(granted, 2);
  const ResourceStats stats = beds.stats(1);
  EXPECT_EQ(stats.granted_at_once, 1U);
  EXPECT_EQ(stats.queued, 1U);
  EXPECT_EQ(stats.granted_from_queue, 1U);
  EXPECT_EQ(stats.rejected, 1U);
  EXPECT_EQ(stats.released, 1U);
}

TEST(Resource, ZeroQueueLimitIsALossSystem) {
  Fixture f;
  Resource lines("lines", 0, 2, QueueDiscipline::fifo, 0);
  EXPECT_EQ(lines.seize(f.p, [](Process&, Claim) {}).status, SeizeStatus::granted);
  EXPECT_EQ(lines.seize(f.p, [](Process&, Claim) {}).status, SeizeStatus::granted);
  EXPECT_EQ(lines.seize(f.p, [](Process&, Claim) {}).status, SeizeStatus::rejected);
  EXPECT_EQ(lines.queue_length(), 0);
}

struct Served {
  Resource* resource;
  std::vector<int>* order;
};

TEST(Resource, PriorityQueueServesLowestValueFirstThenFifo) {
  Fixture f;
  Resource theatre("theatre", 0, 1, QueueDiscipline::priority);
  std::vector<int> order;
  const Claim blocker = theatre.seize(f.p, [](Process&, Claim) {}).claim;
  Served served{&theatre, &order};
  for (const auto& [who, priority] : std::vector<std::pair<int, int>>{{1, 5}, {2, 1}, {3, 5}, {4, 0}}) {
    theatre.seize(
        f.p,
        [s = &served, who](Process& q, Claim c) {
          s->order->push_back(who);
          s->resource->release(q, c);
        },
        priority);
  }
  theatre.release(f.p, blocker);
  f.simulation.run_until(1);
  EXPECT_EQ(order, (std::vector<int>{4, 2, 1, 3}));
  EXPECT_EQ(theatre.in_use(), 0);
}

TEST(Resource, FifoIgnoresPriority) {
  Fixture f;
  Resource desk("desk", 0, 1, QueueDiscipline::fifo);
  std::vector<int> order;
  const Claim blocker = desk.seize(f.p, [](Process&, Claim) {}).claim;
  Served served{&desk, &order};
  for (int who = 1; who <= 3; ++who) {
    desk.seize(
        f.p,
        [s = &served, who](Process& q, Claim c) {
          s->order->push_back(who);
          s->resource->release(q, c);
        },
        -who);
  }
  desk.release(f.p, blocker);
  f.simulation.run_until(1);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

// At equal times a release (scheduled early) comes before a seize, whatever order they were scheduled in.
TEST(Resource, ReleaseBeforeSeizeAtEqualTimes) {
  for (const bool seize_scheduled_first : {true, false}) {
    Fixture f;
    Resource bed("bed", 0, 1, QueueDiscipline::fifo, 0);
    const Claim held = bed.seize(f.p, [](Process&, Claim) {}).claim;
    SeizeStatus status = SeizeStatus::rejected;
    struct Context {
      Resource* bed;
      Claim held;
      SeizeStatus* status;
    } context{&bed, held, &status};
    const auto seize = [c = &context](Process& q) { *c->status = c->bed->seize(q, [](Process&, Claim) {}).status; };
    const auto release = [c = &context](Process& q) { c->bed->release(q, c->held); };
    if (seize_scheduled_first) f.p.schedule(10, seize);
    f.p.schedule(10, release, Priority::early);
    if (!seize_scheduled_first) f.p.schedule(10, seize);
    f.simulation.run_until(11);
    EXPECT_EQ(status, SeizeStatus::granted) << "seize scheduled first: " << seize_scheduled_first;
  }
}

// The resource guarantees that order itself: a release from an event that may run after a seize at the
// same time (normal or late priority) is refused, with a message that says what to do.
TEST(Resource, ReleaseFromANormalOrLateEventThrowsOrderViolation) {
  for (const Priority priority : {Priority::normal, Priority::late}) {
    Fixture f;
    Resource bed("bed", 0, 1);
    const Claim held = bed.seize(f.p, [](Process&, Claim) {}).claim;
    struct Context {
      Resource* bed;
      Claim held;
    } context{&bed, held};
    f.p.schedule(
        10, [c = &context](Process& q) { c->bed->release(q, c->held); }, priority);
    try {
      f.simulation.run_until(11);
      ADD_FAILURE() << "no OrderViolation";
    } catch (const OrderViolation& e) {
      EXPECT_NE(std::string(e.what()).find("'bed'"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("Priority::early"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(bed.holds(held)) << "the refused release left the unit held";
  }
}

// Outside a run (setting up, between runs) nothing runs before the caller at its time: a release is
// allowed there, even after a run whose last event was a normal one.
TEST(Resource, ReleaseOutsideARunIsAllowed) {
  Fixture f;
  Resource bed("bed", 0, 1);
  const Claim held = bed.seize(f.p, [](Process&, Claim) {}).claim;
  f.p.schedule(3, [](Process&) {});
  f.simulation.run_until(5);
  EXPECT_NO_THROW(bed.release(f.p, held));
  EXPECT_EQ(bed.in_use(), 0);
}

// A unit released at time t and passed to a queued claim is granted after the early events at t and
// before the normal ones, even those scheduled long before: whoever seizes at t sees it taken, and the
// holder's grant handler has run.
TEST(Resource, GrantsRunBetweenEarlyAndNormalEventsAtTheirTime) {
  Fixture f;
  Resource desk("desk", 0, 1);
  std::vector<std::string> order;
  const Claim blocker = desk.seize(f.p, [](Process&, Claim) {}).claim;
  struct Context {
    Resource* desk;
    Claim blocker;
    std::vector<std::string>* order;
  } context{&desk, blocker, &order};
  f.p.schedule(10, [c = &context](Process&) { c->order->push_back("normal"); });
  f.p.schedule(
      10, [c = &context](Process&) { c->order->push_back("late"); }, Priority::late);
  desk.seize(f.p, [c = &context](Process& q, Claim claim) {
    c->order->push_back("grant");
    c->desk->release(q, claim);  // a grant handler runs before the seizes at its time: it may release
  });
  f.p.schedule(
      10,
      [c = &context](Process& q) {
        c->order->push_back("release");
        c->desk->release(q, c->blocker);
      },
      Priority::early);
  f.p.schedule(
      10, [c = &context](Process&) { c->order->push_back("early"); }, Priority::early);
  f.simulation.run_until(11);
  EXPECT_EQ(order, (std::vector<std::string>{"release", "early", "grant", "normal", "late"}));
  EXPECT_EQ(desk.in_use(), 0);
}

TEST(Resource, OneHolderHoldsSeveralResourcesAndAccountingBalances) {
  Fixture f;
  Resource bed("bed", 0, 2);
  Resource care_package("care_package", 0, 1);
  const Claim bed_a = bed.seize(f.p, [](Process&, Claim) {}).claim;
  const Claim package_a = care_package.seize(f.p, [](Process&, Claim) {}).claim;
  const SeizeOutcome package_b = care_package.seize(f.p, [](Process&, Claim) {});
  const Claim bed_b = bed.seize(f.p, [](Process&, Claim) {}).claim;
  EXPECT_EQ(package_b.status, SeizeStatus::queued);
  EXPECT_EQ(bed.in_use(), 2);
  // b waits for a care package while holding a bed; a leaves hospital and frees both.
  f.simulation.run_until(10);
  bed.release(f.p, bed_a);
  care_package.release(f.p, package_a);
  EXPECT_TRUE(care_package.holds(package_b.claim));
  f.simulation.run_until(20);
  bed.release(f.p, bed_b);
  care_package.release(f.p, package_b.claim);
  EXPECT_EQ(bed.in_use(), 0);
  EXPECT_EQ(care_package.in_use(), 0);
  EXPECT_THROW(bed.release(f.p, bed_b), NotHeld);
  EXPECT_THROW(care_package.release(f.p, package_a), NotHeld);
  const ResourceStats bed_stats = bed.stats(20);
  EXPECT_EQ(bed_stats.busy_unit_time, 10 + 20);  // a held 10 ticks, b held 20
  const ResourceStats package_stats = care_package.stats(20);
  EXPECT_EQ(package_stats.total_wait, 10);
  EXPECT_EQ(package_stats.queue_length_time, 10);
}

TEST(Resource, WithdrawLeavesTheQueueAndIsNeverGranted) {
  Fixture f;
  Resource slot("gp_slot", 0, 1);
  int granted = 0;
  const Claim first = slot.seize(f.p, [](Process&, Claim) {}).claim;
  const Claim gave_up = slot.seize(f.p, [&granted](Process&, Claim) { granted += 100; }).claim;
  const Claim stayed = slot.seize(f.p, [&granted](Process&, Claim) { granted += 1; }).claim;
  EXPECT_TRUE(slot.withdraw(f.p, gave_up));
  EXPECT_FALSE(slot.withdraw(f.p, gave_up));
  EXPECT_EQ(slot.queue_length(), 1);
  EXPECT_THROW(slot.release(f.p, gave_up), NotHeld);
  slot.release(f.p, first);
  f.simulation.run_until(1);
  EXPECT_EQ(granted, 1);
  EXPECT_TRUE(slot.holds(stayed));
  EXPECT_FALSE(slot.withdraw(f.p, stayed)) << "a granted claim is released, not withdrawn";
}

TEST(Resource, CapacityChangesGrantWaitersButNeverEvict) {
  Fixture f;
  Resource beds("escalation", 0, 1);
  const Claim a = beds.seize(f.p, [](Process&, Claim) {}).claim;
  const Claim b = beds.seize(f.p, [](Process&, Claim) {}).claim;
  beds.set_capacity(f.p, 2);
  EXPECT_TRUE(beds.holds(b));
  beds.set_capacity(f.p, 0);
  EXPECT_EQ(beds.in_use(), 2);
  const SeizeOutcome c = beds.seize(f.p, [](Process&, Claim) {});
  EXPECT_EQ(c.status, SeizeStatus::queued);
  beds.release(f.p, a);
  EXPECT_FALSE(beds.holds(c.claim)) << "over capacity: a release must not pass the unit on";
  EXPECT_EQ(beds.in_use(), 1);
  EXPECT_THROW(beds.set_capacity(f.p, -1), InvalidCapacity);
}

TEST(Resource, MisuseRaisesTypedErrors) {
  Fixture f;
  EXPECT_THROW(Resource("bad", 0, -1), InvalidCapacity);
  EXPECT_THROW(Resource("bad", 0, 1, QueueDiscipline::fifo, -2), InvalidCapacity);
  Resource beds("beds", 0, 1);
  EXPECT_THROW(beds.release(f.p, Claim{}), NotHeld);
  EXPECT_THROW(beds.release(f.p, Claim{0, 0}), NotHeld);
  EXPECT_THROW(beds.seize(f.simulation.process(1), [](Process&, Claim) {}), InvalidArgument)
      << "a resource is used only from the process that owns it";
}

}  // namespace
}  // namespace icsflow::sim
