#pragma once
// Sorting a batch of queue entries into (time, key) order: what a process does with each day of events
// the calendar hands over.
//
// A least-significant-digit radix sort on the time, then an insertion pass for equal times (rare).
// It beats std::sort several times over here, and not only on paper: std::sort's final insertion sort
// shifts elements with memmove, whose reads of just-written memory cannot be forwarded from the store
// buffer and so wait behind the engine's many stores to cold memory. The radix passes only ever read
// what an earlier pass wrote in the same way.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

#include "kernel/event_queue.hpp"

namespace icsflow::sim::kernel {

// Sorts `entries`; `scratch` is working memory, kept by the caller so that it stays allocated.
inline void sort_entries(std::vector<QueueEntry>& entries, std::vector<QueueEntry>& scratch) {
  const std::size_t n = entries.size();
  if (n < 2) return;
  const auto earlier = [](const QueueEntry& a, const QueueEntry& b) { return a.time < b.time; };
  const auto [lowest, highest] = std::minmax_element(entries.begin(), entries.end(), earlier);
  const Time base = lowest->time;
  const auto span = static_cast<std::uint64_t>(highest->time - base);
  const auto bits = static_cast<int>(std::bit_width(span));
  // About as many buckets as entries (between 2^4 and 2^11): clearing and summing the counts then
  // costs no more than moving the entries.
  const int digit_bits = std::clamp(static_cast<int>(std::bit_width(n)), 4, 11);
  const std::uint64_t digit_mask = (std::uint64_t{1} << digit_bits) - 1;

  scratch.resize(n);
  std::array<std::uint32_t, 2048> start;
  for (int shift = 0; shift < bits; shift += digit_bits) {
    const auto digit = [base, shift, digit_mask](const QueueEntry& e) {
      return (static_cast<std::uint64_t>(e.time - base) >> shift) & digit_mask;
    };
    std::fill_n(start.begin(), digit_mask + 1, 0U);
    for (const QueueEntry& e : entries) ++start[digit(e)];
    std::uint32_t sum = 0;
    for (std::uint64_t d = 0; d <= digit_mask; ++d) sum += std::exchange(start[d], sum);
    for (const QueueEntry& e : entries) scratch[start[digit(e)]++] = e;
    entries.swap(scratch);
  }

  // Equal times: order by key.
  for (std::size_t i = 1; i < entries.size(); ++i) {
    if (!(entries[i] < entries[i - 1])) continue;
    const QueueEntry moving = entries[i];
    std::size_t j = i;
    for (; j > 0 && moving < entries[j - 1]; --j) entries[j] = entries[j - 1];
    entries[j] = moving;
  }
}

}  // namespace icsflow::sim::kernel
