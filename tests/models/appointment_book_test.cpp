// The GP appointment book: two pools (on the day, bookable ahead), working days, a rolling window.
#include "appointment_book.hpp"

#include <gtest/gtest.h>

namespace icsflow::models::detail {
namespace {

// Day 0 is a Monday: days 5 and 6 are a weekend.
TEST(AppointmentBook, RoutineNeedsBookAheadAndSkipWeekends) {
  AppointmentBook book(/*slots_per_working_day=*/4, /*same_day_share=*/0.5, /*horizon_days=*/20);
  EXPECT_EQ(book.book_routine(5, 7), 7) << "Saturday's need is seen on Monday";
  EXPECT_EQ(book.book_routine(5, 7), 7);
  EXPECT_EQ(book.book_routine(5, 7), 8) << "Monday's two bookable slots are gone";
}

TEST(AppointmentBook, UrgentNeedsTakeTheDaysOwnSlotsFirstAndCountWorkingDays) {
  AppointmentBook book(4, 0.5, 20);
  EXPECT_EQ(book.book_urgent(4, 1), 4) << "Friday: a same-day slot";
  EXPECT_EQ(book.book_urgent(4, 1), 4);
  EXPECT_EQ(book.book_urgent(4, 1), 7) << "one working day after Friday is Monday: its same-day slots";
  EXPECT_EQ(book.book_urgent(4, 1), 7);
  EXPECT_EQ(book.book_urgent(4, 1), 4) << "then the bookable slots, Friday's first";
}

TEST(AppointmentBook, RoutineFallsBackToTodaysSameDaySlotsThenFails) {
  AppointmentBook book(2, 0.5, 20);  // one slot of each kind a working day
  EXPECT_EQ(book.book_routine(0, 1), 0);
  EXPECT_EQ(book.book_routine(0, 1), 1);
  EXPECT_EQ(book.book_routine(0, 1), 0) << "bookable slots within the wait gone: today's same-day slot";
  EXPECT_EQ(book.book_routine(0, 1), -1) << "nothing left within the wait";
}

TEST(AppointmentBook, TheWindowRollsForward) {
  AppointmentBook book(2, 0.5, 10);
  for (std::int64_t day = 0; day < 60; ++day) {
    const bool working = day % 7 < 5;
    EXPECT_EQ(book.book_routine(day, 0), working ? day : -1) << "day " << day;
  }
}

TEST(AppointmentBook, NoCapacityBooksNothing) {
  AppointmentBook book(0, 0.5, 10);
  EXPECT_EQ(book.book_urgent(0, 2), -1);
  EXPECT_EQ(book.book_routine(0, 5), -1);
}

}  // namespace
}  // namespace icsflow::models::detail
