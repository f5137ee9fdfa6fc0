// One typed suite for every pending-event set implementation: the two priority queues, and the calendar
// of days that holds a process's later events (behind the queue interface, the way a process reads it).
#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "kernel/calendar_queue.hpp"
#include "kernel/event_calendar.hpp"
#include "kernel/quaternary_heap.hpp"

namespace icsflow::sim {
namespace {

using kernel::CalendarQueue;
using kernel::EventCalendar;
using kernel::QuaternaryHeap;
using kernel::QueueEntry;

// EventCalendar as a process uses it (kernel/logical_process.cpp): entries due before the calendar's
// horizon in a priority queue, later ones in the calendar; when the queue runs dry the calendar hands
// over the days up to its earliest entry.
class CalendarOfDays {
 public:
  static constexpr Time kMinDayWidth = 16;  // a process passes its lookahead

  void push(const QueueEntry& entry) {
    if (entry.time < calendar_.horizon()) {
      front_.push(entry);
    } else {
      calendar_.store(entry);
    }
    ++size_;
  }
  [[nodiscard]] const QueueEntry& top() const {
    refill();
    return front_.top();
  }
  QueueEntry pop() {
    refill();
    --size_;
    return front_.pop();
  }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  // Everything in the front queue is earlier than the horizon, everything in the calendar at or after
  // it: the front's top is the earliest entry whenever the front is not empty.
  void refill() const {
    if (!front_.empty()) return;
    calendar_.take_before(calendar_.earliest() + 1, [this](const QueueEntry& entry) { front_.push(entry); });
  }

  mutable EventCalendar<QueueEntry> calendar_{kMinDayWidth};
  mutable QuaternaryHeap front_;
  std::size_t size_ = 0;
};

template <class Queue>
class EventQueueTest : public ::testing::Test {};

using Implementations = ::testing::Types<QuaternaryHeap, CalendarQueue, CalendarOfDays>;
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
