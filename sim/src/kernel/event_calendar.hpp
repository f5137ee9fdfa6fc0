#pragma once
// Kernel: where a process keeps the queue entries of events due after its horizon.
//
// With millions of pending events, an event is scheduled long before it comes due, and by then the
// memory it was written to has left the cache. A priority queue over every pending event pays for that
// with several dependent main-memory round trips per event. So a process holds in its priority queue
// only the events due before a horizon about one lookahead ahead, and the calendar holds the rest:
// unsorted, appended to lists one "day" wide, as in a calendar or ladder queue. As windows pass, whole
// days are handed over (and sorted by the process). Appending to a day and reading one back touch
// memory in sequence, which the hardware prefetches. Entries beyond the current "year" of kDays days
// wait in an overflow list; each new year's day width is chosen from their spread.
//
// Nothing here decides the event order, which is the (time, key) order of the entries.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "icsflow/sim/time.hpp"

namespace icsflow::sim::kernel {

template <class Entry>  // Entry has a member `Time time`
class EventCalendar {
 public:
  static constexpr std::size_t kDays = 256;

  explicit EventCalendar(Time min_day_width) : min_day_width_(std::max<Time>(1, min_day_width)) { start_year(0); }

  // Every entry earlier than the horizon has been handed over; store() takes only entries at or after it.
  [[nodiscard]] Time horizon() const { return horizon_; }

  void store(const Entry& entry) {
    if (entry.time < year_end_) {
      const auto day = static_cast<std::size_t>((entry.time - year_start_) / day_width_);
      append(days_[day], entry);
      first_day_ = std::min(first_day_, day);
      ++in_days_;
    } else {
      beyond_.push_back(entry);
      beyond_earliest_ = std::min(beyond_earliest_, entry.time);
    }
  }

  // Hands every entry earlier than `end` to take(entry), day by day but unsorted within a day, and
  // moves the horizon to `end` or beyond (to the end of the day holding `end`).
  template <class Take>
  void take_before(Time end, Take&& take) {
    while (horizon_ < end) {
      if (in_days_ == 0) {
        if (beyond_.empty()) {
          start_year(end);  // nothing is stored: start afresh rather than walk through empty days
          return;
        }
        next_day_ = kDays;  // the rest of this year is empty
      }
      if (next_day_ == kDays) {
        start_year(std::max(horizon_, std::min(end, beyond_earliest_)));  // skips empty time at once
        continue;
      }
      hand_over(days_[next_day_], take);
      days_[next_day_] = Day{};
      ++next_day_;
      first_day_ = std::max(first_day_, next_day_);
      horizon_ = next_day_ == kDays ? year_end_ : year_start_ + static_cast<Time>(next_day_) * day_width_;
    }
  }

  // The earliest stored time (kTimeMax if the calendar is empty).
  [[nodiscard]] Time earliest() const {
    if (in_days_ == 0) return beyond_earliest_;
    while (days_[first_day_].head == kNone) ++first_day_;  // no day before first_day_ holds an entry
    return days_[first_day_].earliest;
  }

 private:
  // A day is a list of fixed-size chunks (1 KiB or so) from a pool recycled through a free list, so
  // that a steady state allocates nothing and a partly filled last chunk wastes little.
  static constexpr std::uint32_t kChunkBytes = 1024;
  static constexpr std::uint32_t kChunkEntries = kChunkBytes / sizeof(Entry);
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};
  struct alignas(64) Chunk {
    std::array<Entry, kChunkEntries> entries;
  };
  struct Day {
    std::uint32_t head = kNone;
    std::uint32_t tail = kNone;
    std::uint32_t tail_count = kChunkEntries;  // entries in the tail chunk
    Time earliest = kTimeMax;
  };

  void append(Day& day, const Entry& entry) {
    if (day.tail_count == kChunkEntries) {
      const std::uint32_t chunk = new_chunk();
      (day.tail == kNone ? day.head : next_[day.tail]) = chunk;
      day.tail = chunk;
      day.tail_count = 0;
    }
    chunks_[day.tail].entries[day.tail_count++] = entry;
    day.earliest = std::min(day.earliest, entry.time);
  }

  std::uint32_t new_chunk() {
    std::uint32_t chunk = free_chunks_;
    if (chunk == kNone) {
      chunk = static_cast<std::uint32_t>(chunks_.size());
      chunks_.emplace_back();
      next_.push_back(kNone);
    } else {
      free_chunks_ = next_[chunk];
    }
    next_[chunk] = kNone;
    return chunk;
  }

  template <class Take>
  void hand_over(const Day& day, Take& take) {
    for (std::uint32_t chunk = day.head; chunk != kNone;) {
      const std::uint32_t next = next_[chunk];
      // Chunks are scattered, so the hardware prefetcher would start over at each: ask for the next
      // one whole while this one is read.
      if (next != kNone) {
        const char* bytes = reinterpret_cast<const char*>(&chunks_[next]);
        for (std::size_t line = 0; line < sizeof(Chunk); line += 64) __builtin_prefetch(bytes + line);
      }
      const std::uint32_t count = chunk == day.tail ? day.tail_count : kChunkEntries;
      for (std::uint32_t i = 0; i < count; ++i) take(chunks_[chunk].entries[i]);
      in_days_ -= count;
      next_[chunk] = free_chunks_;
      free_chunks_ = chunk;
      chunk = next;
    }
  }

  // Starts a year at `start` (no earlier than the horizon; every day is empty) and spreads the overflow
  // list over it. The day width follows the overflow entries' spread: a year of kDays days spans about
  // eight times their median distance, so that few overflow again. It never goes below the lookahead,
  // the widest a window can be, so that a window takes at most two days.
  void start_year(Time start) {
    year_start_ = start;
    horizon_ = start;
    next_day_ = 0;
    first_day_ = 0;
    const Time max_width = (kTimeMax - start) / static_cast<Time>(kDays);
    const Time spread = median_distance(start);
    const Time year = spread > kTimeMax / 8 ? kTimeMax : spread * 8;
    day_width_ = std::max(min_day_width_, year / static_cast<Time>(kDays));
    day_width_ = std::max<Time>(1, std::min(day_width_, max_width));
    year_end_ = max_width == 0 ? kTimeMax : start + static_cast<Time>(kDays) * day_width_;

    overflow_.swap(beyond_);  // both lists keep their memory
    beyond_.clear();
    beyond_earliest_ = kTimeMax;
    for (const Entry& entry : overflow_) store(entry);
    overflow_.clear();
  }

  // The median of (time - start) over a sample of the overflow list: cheap, and not thrown off by a
  // few entries in the far future.
  [[nodiscard]] Time median_distance(Time start) const {
    if (beyond_.empty()) return 0;
    constexpr std::size_t kSample = 63;
    std::array<Time, kSample> sample{};
    const std::size_t n = std::min(kSample, beyond_.size());
    const std::size_t stride = beyond_.size() / n;
    for (std::size_t i = 0; i < n; ++i) sample[i] = beyond_[i * stride].time - start;
    const auto middle = sample.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(sample.begin(), middle, sample.begin() + static_cast<std::ptrdiff_t>(n));
    return *middle;
  }

  Time min_day_width_;
  Time day_width_ = 1;
  Time year_start_ = 0;
  Time year_end_ = 0;
  Time horizon_ = 0;
  std::size_t next_day_ = 0;           // the first day not yet handed over
  mutable std::size_t first_day_ = 0;  // no day before it holds an entry (a hint for earliest())
  std::size_t in_days_ = 0;            // entries in days_
  std::array<Day, kDays> days_;
  std::vector<Chunk> chunks_;
  std::vector<std::uint32_t> next_;  // per chunk: the next chunk of its day, or of the free list
  std::uint32_t free_chunks_ = kNone;
  std::vector<Entry> beyond_;    // entries at or after year_end_
  std::vector<Entry> overflow_;  // scratch for start_year()
  Time beyond_earliest_ = kTimeMax;
};

}  // namespace icsflow::sim::kernel
