#pragma once
// A PCN's GP appointment book for the next `horizon` days, in two pools as practices run them: slots held
// for the day itself (urgent needs) and slots that can be booked ahead (routine needs).
#include <cstdint>
#include <vector>

namespace icsflow::models::detail {

class AppointmentBook {
 public:
  AppointmentBook(std::int32_t slots_per_working_day, double same_day_share, std::int32_t horizon_days);
  // Urgent: an on-the-day slot today or within max_wait_days working days, else a bookable slot then.
  // Routine: a bookable slot within max_wait_days, else an on-the-day slot left today.
  // Each returns the day booked, or -1 if none.
  std::int64_t book_urgent(std::int64_t today, std::int64_t max_wait_days);
  std::int64_t book_routine(std::int64_t today, std::int64_t max_wait_days);
  // Capacity changes: days entering the window from now on get `slots` (same-day share as before).
  void set_slots_per_working_day(std::int32_t slots);
  [[nodiscard]] std::int32_t slots_per_working_day() const {
    return same_day_.per_working_day + bookable_.per_working_day;
  }

 private:
  struct Pool {
    std::int32_t per_working_day = 0;
    std::vector<std::int32_t> free;  // ring indexed by day % horizon
    std::int64_t first_open = 0;     // every day before it is fully booked
    std::int64_t take(std::int64_t from, std::int64_t last);
  };
  void advance_to(std::int64_t today);
  [[nodiscard]] std::int64_t last_day(std::int64_t today, std::int64_t max_wait_days) const;

  Pool same_day_;
  Pool bookable_;
  double same_day_share_ = 0;
  std::int64_t first_day_ = 0;  // the rings cover [first_day_, first_day_ + horizon)
};

}  // namespace icsflow::models::detail
