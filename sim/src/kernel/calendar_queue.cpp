#include "kernel/calendar_queue.hpp"

#include <algorithm>
#include <cassert>

namespace icsflow::sim::kernel {
namespace {

constexpr std::size_t kMinBuckets = 16;
constexpr std::size_t kWidthSample = 25;  // earliest events sampled to estimate the day width (Brown)

bool later(const QueueEntry& a, const QueueEntry& b) { return b < a; }

Time floor_div(Time a, Time b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

}  // namespace

CalendarQueue::CalendarQueue() : buckets_(kMinBuckets) {}

std::size_t CalendarQueue::bucket_of(Time t) const {
  return static_cast<std::size_t>(floor_div(t, width_)) & (buckets_.size() - 1);
}

void CalendarQueue::start_year_at(Time t) const {
  current_ = bucket_of(t);
  current_end_ = (floor_div(t, width_) + 1) * width_;
}

void CalendarQueue::insert(const QueueEntry& entry) {
  Bucket& bucket = buckets_[bucket_of(entry.time)];
  bucket.insert(std::upper_bound(bucket.begin(), bucket.end(), entry, later), entry);
}

void CalendarQueue::push(const QueueEntry& entry) {
  // An entry earlier than the scanned day (possible after top() scanned ahead) moves the scan back.
  if (size_ == 0 || entry.time < current_end_ - width_) start_year_at(entry.time);
  insert(entry);
  ++size_;
  if (size_ > 2 * buckets_.size()) resize(buckets_.size() * 2);
}

void CalendarQueue::find_min() const {
  assert(size_ > 0);
  const std::size_t mask = buckets_.size() - 1;
  for (std::size_t scanned = 0; scanned < buckets_.size(); ++scanned) {
    const Bucket& bucket = buckets_[current_];
    if (!bucket.empty() && bucket.back().time < current_end_) return;
    current_ = (current_ + 1) & mask;
    current_end_ += width_;
  }
  // A whole year without an event due: jump straight to the earliest one.
  const QueueEntry* earliest = nullptr;
  for (const Bucket& bucket : buckets_) {
    if (!bucket.empty() && (earliest == nullptr || bucket.back() < *earliest)) earliest = &bucket.back();
  }
  start_year_at(earliest->time);
}

const QueueEntry& CalendarQueue::top() const {
  find_min();
  return buckets_[current_].back();
}

QueueEntry CalendarQueue::pop() {
  find_min();
  Bucket& bucket = buckets_[current_];
  const QueueEntry result = bucket.back();
  bucket.pop_back();
  --size_;
  if (buckets_.size() > kMinBuckets && size_ < buckets_.size() / 2) resize(buckets_.size() / 2);
  return result;
}

void CalendarQueue::resize(std::size_t bucket_count) {
  std::vector<QueueEntry> all;
  all.reserve(size_);
  for (Bucket& bucket : buckets_) all.insert(all.end(), bucket.begin(), bucket.end());

  // New day width: three times the mean gap between the earliest events, as Brown recommends.
  const std::size_t sample = std::min(all.size(), kWidthSample);
  if (sample >= 2) {
    std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(sample - 1), all.end());
    std::sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(sample));
    const Time span = all[sample - 1].time - all[0].time;
    width_ = std::max<Time>(1, 3 * span / static_cast<Time>(sample - 1));
  }

  buckets_.assign(bucket_count, Bucket{});
  for (const QueueEntry& entry : all) insert(entry);
  if (!all.empty()) {
    const auto earliest = std::min_element(all.begin(), all.end());
    start_year_at(earliest->time);
  }
}

}  // namespace icsflow::sim::kernel
