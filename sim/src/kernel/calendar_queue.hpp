#pragma once
// Kernel: a calendar queue (R. Brown, CACM 31(10), 1988): events hashed by time into a ring of buckets one
// "day" wide; dequeue scans the current day's bucket. The ring doubles or halves as the queue grows
// or shrinks, re-estimating the day width from the spacing of the earliest events, which keeps
// enqueue and dequeue O(1) on average for the hold model's usual increment distributions.
#include <vector>

#include "kernel/event_queue.hpp"

namespace icsflow::sim::kernel {

class CalendarQueue final : public EventQueue {
 public:
  CalendarQueue();
  void push(const QueueEntry& entry) override;
  [[nodiscard]] const QueueEntry& top() const override;
  QueueEntry pop() override;
  [[nodiscard]] bool empty() const override { return size_ == 0; }
  [[nodiscard]] std::size_t size() const override { return size_; }

 private:
  using Bucket = std::vector<QueueEntry>;  // sorted descending: the earliest entry is at the back

  [[nodiscard]] std::size_t bucket_of(Time t) const;
  void insert(const QueueEntry& entry);
  void find_min() const;  // moves the scan position to the bucket holding the earliest entry
  void resize(std::size_t bucket_count);
  void start_year_at(Time t) const;

  std::vector<Bucket> buckets_;
  std::size_t size_ = 0;
  Time width_ = 1;
  // Scan position: the bucket being read and the exclusive upper time bound of its current "day".
  // Mutable because finding the minimum for top() moves it without changing the queue's contents.
  mutable std::size_t current_ = 0;
  mutable Time current_end_ = 1;
};

}  // namespace icsflow::sim::kernel
