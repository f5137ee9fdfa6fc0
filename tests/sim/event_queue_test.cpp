// One typed suite for every pending-event set implementation.
#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "icsflow/sim/calendar_queue.hpp"
#include "icsflow/sim/quaternary_heap.hpp"

namespace icsflow::sim {
namespace {

template <class Queue>
class EventQueueTest : public ::testing::Test {};

using Implementations = ::testing::Types<QuaternaryHeap, CalendarQueue>;
TYPED_TEST_SUITE(EventQueueTest, Implementations);

QueueEntry entry(Time time, std::uint64_t key) { return QueueEntry{time, key, static_cast<std::uint32_t>(key), 0}; }

TYPED_TEST(EventQueueTest, StartsEmpty) {
  TypeParam queue;
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.size(), 0U);
}

TYPED_TEST(EventQueueTest, PopsInTimeThenKeyOrder) {
  TypeParam queue;
  queue.push(entry(5, 2));
  queue.push(entry(3, 9));
  queue.push(entry(5, 1));
  queue.push(entry(0, 4));
  ASSERT_EQ(queue.size(), 4U);
  EXPECT_EQ(queue.top().time, 0);
  const std::vector<std::pair<Time, std::uint64_t>> expected{{0, 4}, {3, 9}, {5, 1}, {5, 2}};
  for (const auto& [time, key] : expected) {
    const QueueEntry e = queue.pop();
    EXPECT_EQ(e.time, time);
    EXPECT_EQ(e.key, key);
  }
  EXPECT_TRUE(queue.empty());
}

// The hold model with random increments, checked step by step against a sorted reference.
TYPED_TEST(EventQueueTest, MatchesReferenceUnderHoldModel) {
  for (const Time max_increment : {Time{1}, Time{100}, Time{1'000'000}}) {
    TypeParam queue;
    std::vector<QueueEntry> reference;
    std::mt19937_64 rng(42);
    std::uint64_t key = 0;
    const auto push = [&](Time t) {
      const QueueEntry e = entry(t, key++);
      queue.push(e);
      reference.push_back(e);
      std::push_heap(reference.begin(), reference.end(), [](auto& a, auto& b) { return b < a; });
    };
    for (int i = 0; i < 5000; ++i) push(static_cast<Time>(rng() % static_cast<std::uint64_t>(max_increment)));
    for (int step = 0; step < 50'000; ++step) {
      ASSERT_EQ(queue.top().time, reference.front().time);
      ASSERT_EQ(queue.top().key, reference.front().key);
      const QueueEntry got = queue.pop();
      std::pop_heap(reference.begin(), reference.end(), [](auto& a, auto& b) { return b < a; });
      reference.pop_back();
      // Grow, shrink and hold in turn so that resizing is exercised both ways.
      const int phase = (step / 5000) % 3;
      const int pushes = phase == 0 ? 2 : (phase == 1 ? 0 : 1);
      for (int p = 0; p < pushes; ++p)
        push(got.time + static_cast<Time>(rng() % static_cast<std::uint64_t>(max_increment)));
      if (queue.empty()) push(got.time);
      ASSERT_EQ(queue.size(), reference.size());
    }
  }
}

// A push earlier than the front (allowed: not earlier than the last pop) becomes the new front.
TYPED_TEST(EventQueueTest, PushBeforeTopAfterPeek) {
  TypeParam queue;
  for (Time t = 0; t < 100; ++t) queue.push(entry(1000 + t * 50, static_cast<std::uint64_t>(t)));
  EXPECT_EQ(queue.pop().time, 1000);
  EXPECT_EQ(queue.top().time, 1050);
  queue.push(entry(1001, 500));
  EXPECT_EQ(queue.top().time, 1001);
  EXPECT_EQ(queue.pop().key, 500U);
  EXPECT_EQ(queue.pop().time, 1050);
}

TYPED_TEST(EventQueueTest, HandlesSparseFarApartTimes) {
  TypeParam queue;
  const std::vector<Time> times{1, 1'000'000'000, 7, 1'000'000'000'000, 500};
  for (std::size_t i = 0; i < times.size(); ++i) queue.push(entry(times[i], i));
  std::vector<Time> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  for (const Time t : sorted) EXPECT_EQ(queue.pop().time, t);
}

}  // namespace
}  // namespace icsflow::sim
