// The engine's parallel guarantees: the same results for any thread count, queue kind and way of
// splitting a run; no message lost or duplicated; exceptions from handlers reach the caller; no state
// shared between Simulation objects.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "icsflow/sim/error.hpp"
#include "icsflow/sim/random.hpp"
#include "icsflow/sim/resource.hpp"
#include "icsflow/sim/simulation.hpp"

namespace icsflow::sim {
namespace {

// ThreadSanitizer slows everything down some twenty times: simulate less under it.
#if defined(__SANITIZE_THREAD__)
constexpr Time kRunLength = 3'000;
#else
constexpr Time kRunLength = 30'000;
#endif

// Order-sensitive: the hash changes if the same events run in another order.
std::uint64_t mix(std::uint64_t hash, std::uint64_t value) {
  std::uint64_t z = hash ^ (value + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;  // splitmix64's finaliser
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// ---------------------------------------------------------------------------------------------------
// "Wanderers": a PHOLD-like model. Entities move between processes. Arriving at a process with a desk
// (a Resource: 2 servers, at most 4 waiting) an entity seizes it; while queued it has a patience
// timeout, which is cancelled if it is served first, and withdraws when it runs out; service ends with
// a release scheduled Priority::early. Processes without a desk just keep it busy for a while. Then the
// entity moves on: usually to another process (a message), otherwise it stays. Delays are multiples of
// 5 ticks so that many events share a time and the tie-break order matters. Every random number is
// RandomStream(seed, entity, purpose, that entity's draw count). Each process hashes what happens on it.

constexpr Time kLookahead = 20;
constexpr std::uint32_t kProcesses = 12;
constexpr std::uint32_t kEntities = 300;

enum Purpose : std::uint64_t { kWork = 1, kPatience, kService, kMove, kDestination, kTravel, kStart };

struct Entity {
  std::uint32_t draws = 0;
  Claim claim;
  EventId timeout;  // pending patience timeout, if any
};

struct Shard {
  std::uint64_t trace = 0;
  std::uint64_t cancelled = 0;  // patience timeouts cancelled because the entity was served first
  std::unique_ptr<Resource> desk;
};

// Entities are touched only by the process they are on, shards only by their own process: handlers on
// different threads never share data (messages cross threads only at window barriers).
struct Wanderers {
  std::uint64_t seed = 0;
  std::vector<Entity> entities;
  std::vector<Shard> shards;

  void trace(const Process& p, std::uint64_t what, std::uint64_t value) {
    std::uint64_t& hash = shards[p.id()].trace;
    hash = mix(mix(mix(hash, static_cast<std::uint64_t>(p.now())), what), value);
  }
  double draw(const Process& p, std::uint32_t entity, Purpose purpose) {
    const double u = RandomStream(seed, entity, purpose, entities[entity].draws++).uniform();
    trace(p, 100 + purpose, std::bit_cast<std::uint64_t>(u));
    return u;
  }
  // A multiple of 5 in [minimum, minimum + spread].
  Time delay(const Process& p, std::uint32_t entity, Purpose purpose, Time minimum, Time spread) {
    return minimum + 5 * static_cast<Time>(draw(p, entity, purpose) * static_cast<double>(spread / 5 + 1));
  }
};

struct Step {
  enum Kind : std::uint32_t { arrive, work_done, patience_out, service_done };
  Wanderers* model;
  std::uint32_t entity;
  Kind kind;
  void operator()(Process& p) const;
};

void move_on(Process& p, Wanderers& model, std::uint32_t entity) {
  if (model.draw(p, entity, kMove) < 0.7) {
    auto to = static_cast<ProcessId>(model.draw(p, entity, kDestination) * (kProcesses - 1));
    if (to >= p.id()) ++to;
    p.send(to, model.delay(p, entity, kTravel, kLookahead, 30), Step{&model, entity, Step::arrive});
  } else {
    p.schedule(model.delay(p, entity, kWork, 0, 20), Step{&model, entity, Step::arrive});
  }
}

struct Served {
  Wanderers* model;
  std::uint32_t entity;
  void operator()(Process& p, Claim claim) const {
    Entity& e = model->entities[entity];
    e.claim = claim;
    model->trace(p, 1, entity);
    if (e.timeout.slot != EventId{}.slot) {
      const bool cancelled = p.cancel(e.timeout);
      model->shards[p.id()].cancelled += cancelled ? 1 : 0;
      model->trace(p, 2, cancelled ? 1 : 0);
      e.timeout = EventId{};
    }
    p.schedule(model->delay(p, entity, kService, 5, 40), Step{model, entity, Step::service_done}, Priority::early);
  }
};

void Step::operator()(Process& p) const {
  Wanderers& m = *model;
  Entity& e = m.entities[entity];
  Resource* desk = m.shards[p.id()].desk.get();
  m.trace(p, 10 + kind, entity);
  switch (kind) {
    case arrive:
      if (desk == nullptr) {
        p.schedule(m.delay(p, entity, kWork, 0, 25), Step{model, entity, work_done});
        return;
      }
      if (const SeizeOutcome outcome = desk->seize(p, Served{model, entity}); outcome.status == SeizeStatus::queued) {
        e.claim = outcome.claim;
        e.timeout = p.schedule(m.delay(p, entity, kPatience, 5, 60), Step{model, entity, patience_out});
      } else if (outcome.status == SeizeStatus::rejected) {
        m.trace(p, 3, entity);
        move_on(p, m, entity);
      }
      return;  // if granted, Served has already run inside seize()
    case patience_out:
      e.timeout = EventId{};
      // At the very time a unit is passed to it, the grant is already decided: then it stays.
      if (desk->withdraw(p, e.claim)) {
        m.trace(p, 4, entity);
        move_on(p, m, entity);
      }
      return;
    case service_done:
      desk->release(p, e.claim);
      move_on(p, m, entity);
      return;
    case work_done:
      move_on(p, m, entity);
      return;
  }
}

struct Outcome {
  std::vector<std::uint64_t> traces;  // per process
  std::vector<std::uint64_t> desks;   // per desk, a hash of its statistics
  std::uint64_t events = 0;
  std::uint64_t messages = 0;
  std::size_t pending = 0;
  std::uint64_t queued = 0;  // these four summed over desks
  std::uint64_t granted_from_queue = 0;
  std::uint64_t withdrawn = 0;
  std::uint64_t rejected = 0;
  std::uint64_t cancelled = 0;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

struct RunSetup {
  unsigned threads = 1;
  QueueKind queue = QueueKind::quaternary_heap;
  std::vector<Time> stops = {kRunLength};  // run_until each of these in turn
  std::uint64_t seed = 42;
};

Outcome run_wanderers(const RunSetup& run) {
  Wanderers model;
  model.seed = run.seed;
  model.entities.resize(kEntities);
  model.shards.resize(kProcesses);
  for (ProcessId id = 0; id < kProcesses; id += 3) {
    model.shards[id].desk = std::make_unique<Resource>("desk " + std::to_string(id), id, 2, QueueDiscipline::fifo, 4);
  }
  Simulation simulation({.process_count = kProcesses, .lookahead = kLookahead, .queue = run.queue});
  for (std::uint32_t entity = 0; entity < kEntities; ++entity) {
    Process& p = simulation.process(entity % kProcesses);
    p.schedule(model.delay(p, entity, kStart, 0, 100), Step{&model, entity, Step::arrive});
  }
  for (const Time stop : run.stops) simulation.run_until(stop, {.threads = run.threads, .on_progress = {}});

  Outcome outcome;
  for (const Shard& shard : model.shards) {
    outcome.traces.push_back(shard.trace);
    outcome.cancelled += shard.cancelled;
    if (!shard.desk) continue;
    const ResourceStats s = shard.desk->stats(simulation.now());
    outcome.queued += s.queued;
    outcome.granted_from_queue += s.granted_from_queue;
    outcome.withdrawn += s.withdrawn;
    outcome.rejected += s.rejected;
    const auto as_bits = [](Time t) { return static_cast<std::uint64_t>(t); };
    std::uint64_t hash = 0;
    for (const std::uint64_t v :
         {s.granted_at_once, s.queued, s.rejected, s.granted_from_queue, s.withdrawn, s.released, as_bits(s.total_wait),
          as_bits(s.busy_unit_time), as_bits(s.queue_length_time)}) {
      hash = mix(hash, v);
    }
    outcome.desks.push_back(hash);
  }
  outcome.events = simulation.stats().events_executed;
  outcome.messages = simulation.stats().messages_sent;
  outcome.pending = simulation.pending_events();
  return outcome;
}

// Guards the tests below against a model that does too little to catch anything.
TEST(Parallel, WanderersModelExercisesEverything) {
  const Outcome outcome = run_wanderers({});
  EXPECT_GT(outcome.events, 10U * kRunLength);
  EXPECT_GT(outcome.messages, outcome.events / 5);
  EXPECT_GT(outcome.queued, 50U * kRunLength / 1000);
  EXPECT_GT(outcome.granted_from_queue, 50U * kRunLength / 1000);
  EXPECT_GT(outcome.withdrawn, 50U * kRunLength / 1000);
  EXPECT_GT(outcome.rejected, 50U * kRunLength / 1000);
  EXPECT_GT(outcome.cancelled, 50U * kRunLength / 1000);
}

TEST(Parallel, ResultsAreIdenticalForAnyThreadCountQueueAndSplit) {
  const Outcome reference = run_wanderers({});
  for (const QueueKind queue : {QueueKind::quaternary_heap, QueueKind::calendar}) {
    for (const unsigned threads : {1U, 2U, 3U, 8U}) {
      SCOPED_TRACE("queue " + std::string(to_string(queue)) + ", " + std::to_string(threads) + " threads");
      EXPECT_EQ(run_wanderers({.threads = threads, .queue = queue}), reference);
      EXPECT_EQ(run_wanderers({.threads = threads, .queue = queue, .stops = {kRunLength / 3, kRunLength}}), reference)
          << "split run";
    }
  }
  EXPECT_NE(run_wanderers({.seed = 43}), reference) << "the outcome must depend on what happens";
}

TEST(Parallel, StoppingAtManyOddTimesChangesNothing) {
  const Outcome reference = run_wanderers({.threads = 2});
  std::vector<Time> stops;
  for (Time t = 7; t < kRunLength; t += kRunLength / 11 + 3) stops.push_back(t);
  stops.push_back(kRunLength);
  EXPECT_EQ(run_wanderers({.threads = 2, .stops = stops}), reference);
}

// ---------------------------------------------------------------------------------------------------
// The pending-event set at its extremes: times from 0 to near the end of the clock (so that the
// calendar of days overflows and skips years), many at the same time, some cancelled. Events must run
// in (time, priority, scheduling order), as a sorted reference says.

TEST(Parallel, EventsFarApartTiedAndCancelledRunInOrder) {
  struct Log {
    std::vector<std::pair<Time, std::uint32_t>> ran;
  };
  for (const QueueKind queue : {QueueKind::quaternary_heap, QueueKind::calendar}) {
    SCOPED_TRACE(std::string(to_string(queue)));
    Simulation simulation({.process_count = 2, .lookahead = 3, .queue = queue});
    Process& p = simulation.process(0);
    Log log;
    std::vector<std::pair<Time, std::uint32_t>> expected;
    RandomStream stream(5, 0, 0);
    const std::vector<Time> scales{1, 1'000, 1'000'000, 1'000'000'000'000, kTimeMax / 4};
    for (std::uint32_t i = 0; i < 3000; ++i) {
      const Time scale = scales[stream() % scales.size()];
      const Time when = static_cast<Time>(stream() % static_cast<std::uint64_t>(scale)) / 7 * 7;  // ties
      const EventId id = p.schedule_at(when, [&log, i](Process& q) { log.ran.emplace_back(q.now(), i); });
      if (stream() % 5 == 0) {
        EXPECT_TRUE(p.cancel(id));
      } else {
        expected.emplace_back(when, i);
      }
    }
    std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    // In pieces, so that some runs end inside a day and others jump over empty years.
    for (const Time stop : {Time{10}, Time{5'000}, Time{1'000'000'000}, kTimeMax / 2, kTimeMax - 1}) {
      simulation.run_until(stop, {.threads = 2, .on_progress = {}});
    }
    EXPECT_EQ(log.ran, expected);
    EXPECT_EQ(simulation.pending_events(), 0U);
  }
}

// ---------------------------------------------------------------------------------------------------
// Messages: every message carries a unique id (sender << 32 | sender's count). Each received message
// is logged by its receiver and, up to a number of hops, answered by a new message to a random process
// (often at exactly the lookahead, so that many arrive at the same time).

struct Courier {
  static constexpr std::uint32_t kHops = 6;
  std::vector<std::vector<std::uint64_t>> received;  // per process
  std::vector<std::uint32_t> sent;                   // per process
  std::uint32_t process_count = 0;

  void send(Process& p, std::uint32_t hop) {
    const std::uint64_t id = (std::uint64_t{p.id()} << 32) | sent[p.id()]++;
    RandomStream stream(7, id, hop);
    const auto to = static_cast<ProcessId>(stream() % process_count);
    const Time delay = stream.bernoulli(0.5) ? kLookahead : kLookahead + static_cast<Time>(stream() % 40);
    p.send(to, delay, Parcel{this, id, hop});
  }

  struct Parcel {
    Courier* courier;
    std::uint64_t id;
    std::uint32_t hop;
    void operator()(Process& p) const {
      courier->received[p.id()].push_back(id);
      if (hop + 1 < kHops) courier->send(p, hop + 1);
    }
  };
};

TEST(Parallel, NoMessageIsLostOrDuplicated) {
  constexpr std::uint32_t kProcessCount = 9;
  constexpr std::uint32_t kStartsPerProcess = 200;
  for (const unsigned threads : {1U, 2U, 3U, 8U}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    Courier courier;
    courier.process_count = kProcessCount;
    courier.received.resize(kProcessCount);
    courier.sent.resize(kProcessCount);
    Simulation simulation({.process_count = kProcessCount, .lookahead = kLookahead});
    for (ProcessId id = 0; id < kProcessCount; ++id) {
      for (std::uint32_t i = 0; i < kStartsPerProcess; ++i) {
        simulation.process(id).schedule(static_cast<Time>(i % 50), [c = &courier](Process& p) { c->send(p, 0); });
      }
    }
    simulation.run_until(kLookahead * 2 * Courier::kHops + 1000, {.threads = threads, .on_progress = {}});

    std::vector<std::uint64_t> all;
    for (const auto& log : courier.received) all.insert(all.end(), log.begin(), log.end());
    std::sort(all.begin(), all.end());
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a message was delivered twice";
    std::vector<std::uint64_t> expected;
    for (ProcessId id = 0; id < kProcessCount; ++id) {
      for (std::uint32_t n = 0; n < courier.sent[id]; ++n) expected.push_back((std::uint64_t{id} << 32) | n);
    }
    EXPECT_EQ(all, expected) << "every message sent is received exactly once";
    EXPECT_EQ(all.size(), std::size_t{kProcessCount} * kStartsPerProcess * Courier::kHops);
    EXPECT_EQ(simulation.stats().messages_sent, all.size());
    EXPECT_EQ(simulation.pending_events(), 0U);
  }
}

// ---------------------------------------------------------------------------------------------------
// Exceptions: a handler that throws during a parallel run makes run_until throw the same exception.

struct ModelFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Every process sends a message to the next every 3 ticks, so that all are busy in every window.
void keep_busy(Simulation& simulation) {
  const std::uint32_t n = simulation.process_count();
  for (ProcessId id = 0; id < n; ++id) {
    for (Time t = 0; t < 400; t += 3) {
      simulation.process(id).schedule(t, [n](Process& p) { p.send((p.id() + 1) % n, kLookahead, [](Process&) {}); });
    }
  }
}

TEST(Parallel, LookaheadViolationInAHandlerReachesTheCaller) {
  for (const unsigned threads : {1U, 2U, 4U}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    Simulation simulation({.process_count = 4, .lookahead = kLookahead});
    keep_busy(simulation);
    simulation.process(2).schedule(200, [](Process& p) { p.send(3, kLookahead - 1, [](Process&) {}); });
    try {
      simulation.run_until(1000, {.threads = threads, .on_progress = {}});
      FAIL() << "expected LookaheadViolation";
    } catch (const LookaheadViolation& e) {
      EXPECT_NE(std::string(e.what()).find("process 2"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("at time 200"), std::string::npos) << e.what();
    }
  }
}

TEST(Parallel, AModelsOwnExceptionReachesTheCallerUnchanged) {
  for (const unsigned threads : {1U, 2U, 4U}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    Simulation simulation({.process_count = 4, .lookahead = kLookahead});
    keep_busy(simulation);
    simulation.process(1).schedule(123, [](Process&) { throw ModelFailure("patient record missing"); });
    EXPECT_THROW(simulation.run_until(1000, {.threads = threads, .on_progress = {}}), ModelFailure);
  }
}

// ---------------------------------------------------------------------------------------------------
// No global state: two simulations on two threads at once give what they give one after the other.

TEST(Parallel, TwoSimulationsSideBySideMatchOneAfterTheOther) {
  const RunSetup first{.threads = 2, .seed = 1};
  const RunSetup second{.threads = 3, .queue = QueueKind::calendar, .seed = 2};
  const Outcome first_alone = run_wanderers(first);
  const Outcome second_alone = run_wanderers(second);
  Outcome first_together;
  Outcome second_together;
  std::thread a([&] { first_together = run_wanderers(first); });
  std::thread b([&] { second_together = run_wanderers(second); });
  a.join();
  b.join();
  EXPECT_EQ(first_together, first_alone);
  EXPECT_EQ(second_together, second_alone);
  EXPECT_NE(first_alone, second_alone);
}

}  // namespace
}  // namespace icsflow::sim
