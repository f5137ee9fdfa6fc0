// The GP appointment book: two pools of slots over a rolling window of days.
#include "appointment_book.hpp"

#include <algorithm>
#include <cmath>

#include "context.hpp"

namespace icsflow::models::detail {

AppointmentBook::AppointmentBook(std::int32_t slots_per_working_day, double same_day_share, std::int32_t horizon_days)
    : same_day_share_(same_day_share) {
  set_slots_per_working_day(slots_per_working_day);
  for (Pool* pool : {&same_day_, &bookable_}) {
    pool->free.resize(static_cast<std::size_t>(horizon_days));
    for (std::int64_t day = 0; day < horizon_days; ++day) {
      pool->free[static_cast<std::size_t>(day)] = working_day(day) ? pool->per_working_day : 0;
    }
  }
}

void AppointmentBook::set_slots_per_working_day(std::int32_t slots) {
  same_day_.per_working_day = static_cast<std::int32_t>(std::lround(slots * same_day_share_));
  bookable_.per_working_day = slots - same_day_.per_working_day;
}

void AppointmentBook::advance_to(std::int64_t today) {
  const auto horizon = static_cast<std::int64_t>(bookable_.free.size());
  for (; first_day_ < today; ++first_day_) {
    // The day leaving the window is reused for the day entering it.
    const std::int64_t entering = first_day_ + horizon;
    for (Pool* pool : {&same_day_, &bookable_}) {
      pool->free[static_cast<std::size_t>(first_day_ % horizon)] = working_day(entering) ? pool->per_working_day : 0;
    }
  }
}

std::int64_t AppointmentBook::last_day(std::int64_t today, std::int64_t max_wait_days) const {
  return std::min(today + max_wait_days, first_day_ + static_cast<std::int64_t>(bookable_.free.size()) - 1);
}

// Slots are only taken until a day leaves the window, and days enter after it, so a day once full stays
// full: the scan starts at the first day not known to be full. `from` is always today, which never goes
// back, so days before it need no tracking.
std::int64_t AppointmentBook::Pool::take(std::int64_t from, std::int64_t last) {
  const auto horizon = static_cast<std::int64_t>(free.size());
  std::int64_t day = std::max(from, first_open);
  while (day <= last && free[static_cast<std::size_t>(day % horizon)] == 0) ++day;
  first_open = day;
  if (day > last) return -1;
  --free[static_cast<std::size_t>(day % horizon)];
  return day;
}

std::int64_t AppointmentBook::book_urgent(std::int64_t today, std::int64_t max_wait_days) {
  advance_to(today);
  // The urgent wait counts working days: a need on Saturday can still be seen on Monday.
  std::int64_t calendar_days = 0;
  for (std::int64_t working = 0; working < max_wait_days;) {
    ++calendar_days;
    if (working_day(today + calendar_days)) ++working;
  }
  const std::int64_t last = last_day(today, calendar_days);
  const std::int64_t day = same_day_.take(today, last);
  return day >= 0 ? day : bookable_.take(today, last);
}

std::int64_t AppointmentBook::book_routine(std::int64_t today, std::int64_t max_wait_days) {
  advance_to(today);
  const std::int64_t day = bookable_.take(today, last_day(today, max_wait_days));
  return day >= 0 ? day : same_day_.take(today, today);
}

}  // namespace icsflow::models::detail
