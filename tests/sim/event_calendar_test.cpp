// The calendar of days on its own (kernel/event_calendar.hpp): what take_before hands over, where the
// horizon goes, and entries far beyond the current year. It also runs in the typed queue suite
// (event_queue_test.cpp) behind the queue interface.
#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "kernel/event_calendar.hpp"
#include "kernel/event_queue.hpp"

namespace icsflow::sim {
namespace {

using kernel::EventCalendar;
using kernel::QueueEntry;

QueueEntry entry(Time time, std::uint64_t key) { return QueueEntry{time, key, static_cast<std::uint32_t>(key), 0}; }

std::vector<QueueEntry> take_before(EventCalendar<QueueEntry>& calendar, Time end) {
  std::vector<QueueEntry> taken;
  calendar.take_before(end, [&taken](const QueueEntry& e) { taken.push_back(e); });
  return taken;
}

TEST(EventCalendar, StartsEmptyAtHorizonZero) {
  EventCalendar<QueueEntry> calendar(10);
  EXPECT_EQ(calendar.horizon(), 0);
  EXPECT_EQ(calendar.earliest(), kTimeMax);
  EXPECT_TRUE(take_before(calendar, 1'000).empty());
  EXPECT_GE(calendar.horizon(), 1'000);
}

TEST(EventCalendar, EarliestIsTheMinimumStored) {
  EventCalendar<QueueEntry> calendar(10);
  calendar.store(entry(500, 0));
  calendar.store(entry(70, 1));
  calendar.store(entry(1'000'000'000, 2));  // far beyond the first year
  EXPECT_EQ(calendar.earliest(), 70);
  take_before(calendar, 71);
  EXPECT_EQ(calendar.earliest(), 500);
  take_before(calendar, 501);
  EXPECT_EQ(calendar.earliest(), 1'000'000'000);
}

// Whatever the spread of times: every entry earlier than `end` is handed over, none at or after the new
// horizon, which is at least `end`; each entry exactly once, with its key and slot intact.
TEST(EventCalendar, HandsOverWholeDaysUpToTheHorizon) {
  for (const Time spread : {Time{1}, Time{100}, Time{1'000'000}, Time{1'000'000'000'000}}) {
    EventCalendar<QueueEntry> calendar(16);
    std::mt19937_64 rng(7);
    std::vector<QueueEntry> stored;
    std::vector<QueueEntry> taken;
    std::uint64_t key = 0;
    Time end = 0;
    for (int round = 0; round < 200; ++round) {
      // Store entries at or after the horizon, as a process does, then advance by a window.
      for (int i = 0; i < 100; ++i) {
        const Time t = calendar.horizon() + static_cast<Time>(rng() % static_cast<std::uint64_t>(spread));
        stored.push_back(entry(t, key++));
        calendar.store(stored.back());
      }
      end = calendar.horizon() + std::max<Time>(1, spread / 50);
      const std::vector<QueueEntry> batch = take_before(calendar, end);
      ASSERT_GE(calendar.horizon(), end);
      for (const QueueEntry& e : batch) ASSERT_LT(e.time, calendar.horizon());
      taken.insert(taken.end(), batch.begin(), batch.end());
      // Everything earlier than `end` is out by now.
      std::vector<bool> out(stored.size());
      for (const QueueEntry& e : taken) out[e.key] = true;
      for (const QueueEntry& e : stored) {
        if (e.time < end) {
          ASSERT_TRUE(out[e.key]);
        }
      }
    }
    const std::vector<QueueEntry> rest = take_before(calendar, kTimeMax);
    taken.insert(taken.end(), rest.begin(), rest.end());
    std::sort(taken.begin(), taken.end(), [](auto& a, auto& b) { return a.key < b.key; });
    ASSERT_EQ(taken.size(), stored.size());
    for (std::size_t i = 0; i < taken.size(); ++i) {
      EXPECT_EQ(taken[i].key, stored[i].key);
      EXPECT_EQ(taken[i].time, stored[i].time);
      EXPECT_EQ(taken[i].slot, stored[i].slot);
    }
  }
}

// A day fuller than one chunk, emptied and refilled many times: chunks go back to the pool and are
// reused, and nothing is lost or handed over twice.
TEST(EventCalendar, RecyclesChunksAcrossDays) {
  EventCalendar<QueueEntry> calendar(100);
  std::uint64_t key = 0;
  for (int round = 0; round < 50; ++round) {
    const Time day = calendar.horizon();
    for (int i = 0; i < 1'000; ++i) calendar.store(entry(day + i % 100, key++));
    const std::vector<QueueEntry> batch = take_before(calendar, day + 100);
    ASSERT_EQ(batch.size(), 1'000U);
    EXPECT_EQ(batch.front().key, key - 1'000);
    EXPECT_EQ(calendar.earliest(), kTimeMax);
  }
}

// Entries years apart: empty time is skipped at once (no walk through empty days), and each is handed
// over by the time the horizon passes it, never before the horizon it leaves behind.
TEST(EventCalendar, SkipsEmptyYears) {
  EventCalendar<QueueEntry> calendar(1);
  const std::vector<Time> times{3, 5'000, 1'000'000'000, 1'000'000'000'000, kTimeMax / 2};
  for (std::size_t i = 0; i < times.size(); ++i) calendar.store(entry(times[i], i));
  std::vector<QueueEntry> taken;
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (taken.size() == i) {
      EXPECT_EQ(calendar.earliest(), times[i]);
    }
    for (const Time end : {times[i], times[i] + 1}) {
      for (const QueueEntry& e : take_before(calendar, end)) {
        EXPECT_LT(e.time, calendar.horizon());
        taken.push_back(e);
      }
    }
    EXPECT_TRUE(std::any_of(taken.begin(), taken.end(), [i](const QueueEntry& e) { return e.key == i; }));
  }
  EXPECT_EQ(taken.size(), times.size());
  EXPECT_EQ(calendar.earliest(), kTimeMax);
}

}  // namespace
}  // namespace icsflow::sim
