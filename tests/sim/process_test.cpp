#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "icsflow/sim/error.hpp"
#include "icsflow/sim/simulation.hpp"

namespace icsflow::sim {
namespace {

struct Log {
  std::vector<std::pair<Time, int>> entries;
};

TEST(Process, RunsEventsInTimeOrderAndFifoAtEqualTimes) {
  Simulation simulation({.process_count = 1, .lookahead = 10});
  Log log;
  Process& p = simulation.process(0);
  for (int i = 0; i < 3; ++i) p.schedule(5, [&log, i](Process& q) { log.entries.emplace_back(q.now(), i); });
  p.schedule(2, [&log](Process& q) { log.entries.emplace_back(q.now(), 9); });
  simulation.run_until(100);
  const std::vector<std::pair<Time, int>> expected{{2, 9}, {5, 0}, {5, 1}, {5, 2}};
  EXPECT_EQ(log.entries, expected);
  EXPECT_EQ(simulation.now(), 100);
  EXPECT_EQ(simulation.stats().events_executed, 4U);
}

TEST(Process, PriorityOrdersEventsAtEqualTimes) {
  Simulation simulation({.process_count = 1, .lookahead = 10});
  Log log;
  Process& p = simulation.process(0);
  p.schedule(
      5, [&log](Process& q) { log.entries.emplace_back(q.now(), 2); }, Priority::late);
  p.schedule(5, [&log](Process& q) { log.entries.emplace_back(q.now(), 1); });
  p.schedule(
      5, [&log](Process& q) { log.entries.emplace_back(q.now(), 0); }, Priority::early);
  simulation.run_until(6);
  const std::vector<std::pair<Time, int>> expected{{5, 0}, {5, 1}, {5, 2}};
  EXPECT_EQ(log.entries, expected);
}

TEST(Process, EventsAtTheEndTimeStayPendingForTheNextRun) {
  Simulation simulation({.process_count = 1, .lookahead = 10});
  int runs = 0;
  simulation.process(0).schedule(50, [&runs](Process&) { ++runs; });
  simulation.run_until(50);
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(simulation.pending_events(), 1U);
  simulation.run_until(51);
  EXPECT_EQ(runs, 1);
}

TEST(Process, CancelledEventsDoNotRun) {
  Simulation simulation({.process_count = 1, .lookahead = 10});
  int runs = 0;
  Process& p = simulation.process(0);
  const EventId first = p.schedule(5, [&runs](Process&) { runs += 1; });
  p.schedule(6, [&runs](Process&) { runs += 10; });
  EXPECT_TRUE(p.cancel(first));
  EXPECT_FALSE(p.cancel(first)) << "a second cancel must report that nothing was pending";
  EXPECT_EQ(p.pending_events(), 1U);
  simulation.run_until(100);
  EXPECT_EQ(runs, 10);
}

TEST(Process, CancelAfterRunAndSlotReuseDoNotCancelAnotherEvent) {
  Simulation simulation({.process_count = 1, .lookahead = 10});
  int runs = 0;
  Process& p = simulation.process(0);
  const EventId old_event = p.schedule(1, [&runs](Process&) { ++runs; });
  simulation.run_until(2);
  p.schedule(1, [&runs](Process&) { ++runs; });  // reuses the slot of the event that ran
  EXPECT_FALSE(p.cancel(old_event));
  simulation.run_until(10);
  EXPECT_EQ(runs, 2);
}

TEST(Process, HandlersCanScheduleAndCancelFromInsideAnEvent) {
  Simulation simulation({.process_count = 1, .lookahead = 10});
  struct Chain {
    int count = 0;
    EventId doomed;
  } chain;
  Process& p = simulation.process(0);
  p.schedule(1, [&chain](Process& q) {
    chain.doomed = q.schedule(5, [&chain](Process&) { chain.count += 100; });
    q.schedule(2, [&chain](Process& r) {
      chain.count += 1;
      r.cancel(chain.doomed);
    });
  });
  simulation.run_until(100);
  EXPECT_EQ(chain.count, 1);
}

TEST(Process, MisuseRaisesTypedErrors) {
  Simulation simulation({.process_count = 2, .lookahead = 10});
  Process& p = simulation.process(0);
  EXPECT_THROW(p.schedule(-1, [](Process&) {}), InvalidDelay);
  EXPECT_THROW(p.send(1, 9, [](Process&) {}), LookaheadViolation);
  EXPECT_THROW(p.send(2, 10, [](Process&) {}), InvalidArgument);
  EXPECT_THROW((void)simulation.process(2), InvalidArgument);
  EXPECT_THROW(Simulation({.process_count = 0}), InvalidArgument);
  EXPECT_THROW(Simulation({.process_count = 1, .lookahead = 0}), InvalidArgument);
  simulation.run_until(20);
  EXPECT_THROW(simulation.run_until(19), InvalidDelay);
  EXPECT_THROW(p.schedule_at(19, [](Process&) {}), InvalidDelay);
  EXPECT_THROW(p.schedule(kTimeMax, [](Process&) {}), InvalidDelay) << "now + delay overflows";
}

TEST(Process, LookaheadViolationMessageNamesTheValues) {
  Simulation simulation({.process_count = 2, .lookahead = 30});
  try {
    simulation.process(0).send(1, 5, [](Process&) {});
    FAIL() << "expected LookaheadViolation";
  } catch (const LookaheadViolation& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("delay 5"), std::string::npos) << what;
    EXPECT_NE(what.find("lookahead of 30"), std::string::npos) << what;
  }
}

TEST(Process, MessagesArriveAtTheirTimeOnTheTargetProcess) {
  Simulation simulation({.process_count = 3, .lookahead = 10});
  std::vector<std::pair<Time, ProcessId>> received;
  simulation.process(0).schedule(3, [&received](Process& p) {
    p.send(2, 10, [&received](Process& q) { received.emplace_back(q.now(), q.id()); });
    p.send(1, 25, [&received](Process& q) {
      received.emplace_back(q.now(), q.id());
      q.send(0, 10, [&received](Process& r) { received.emplace_back(r.now(), r.id()); });
    });
  });
  simulation.run_until(1000);
  const std::vector<std::pair<Time, ProcessId>> expected{{13, 2}, {28, 1}, {38, 0}};
  EXPECT_EQ(received, expected);
  EXPECT_EQ(simulation.stats().messages_sent, 3U);
}

TEST(Process, ProgressIsReportedAndMonotone) {
  Simulation simulation({.process_count = 2, .lookahead = 10});
  for (Time t = 0; t < 100; t += 7) simulation.process(1).schedule(t, [](Process&) {});
  std::vector<Time> progress;
  simulation.run_until(100, {.threads = 2, .on_progress = [&progress](Time t) { progress.push_back(t); }});
  ASSERT_FALSE(progress.empty());
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_LE(progress.back(), 100);
}

}  // namespace
}  // namespace icsflow::sim
