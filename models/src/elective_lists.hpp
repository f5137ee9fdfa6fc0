#pragma once
// One acute site's waiting lists for planned care (referral to treatment, RTT), by specialty: pathways waiting for a
// first outpatient appointment on one of the specialty's sub-specialty lists (each with its own clinics; urgent
// referrals first, then in referral order), pathways seen and waiting for a
// non-admitted clock stop (diagnostics, a follow-up), and pathways waiting for admission, booked by due date. Each
// working day the site's clinics and theatre lists take from them; an ordinary (overnight) case needs an elective bed
// or is cancelled on the day and rebooked. Pathways leave the list untreated at their own time (validation, death,
// moving away). Knows nothing of the engine: times are minutes passed in, and what happens goes to ElectiveEvents.
#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

#include "icsflow/models/params.hpp"
#include "icsflow/sim/random.hpp"
#include "icsflow/sim/time.hpp"

namespace icsflow::models::detail {

// A referral to treatment pathway, drawn whole at the referral from the GP need's random stream (so every scenario
// gets the same pathway for the same need). Times are minutes of the run.
struct Pathway {
  std::int32_t clock_start = 0;  // the referral: the RTT clock starts
  std::int32_t leaves_at = 0;    // when it leaves the list untreated, if still on it
  std::int32_t due = 0;          // waiting for admission: book by then; seen, not admitted: the clock stops then
  // Before the first outpatient appointment: minutes from it to the clock stop (not admitted), or of the stay
  // (admitted: 0 for a day case).
  std::int32_t duration = 0;
  std::uint8_t borough = 0;
  std::uint8_t quintile = 0;  // 1..5
  std::uint8_t specialty = 0;
  std::uint8_t priority = 0;  // admitted pathways: 0 = P2, 1 = P3, 2 = P4
  std::uint8_t sublist = 0;   // the sub-specialty list it waits on for its first outpatient appointment
  bool urgent = false;        // an urgent referral, seen first
  bool admitted = false;      // ends in an admission for treatment
};

static_assert(sizeof(Pathway) == 24, "a Pathway travels inside a 32-byte event with its site");
inline constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::max();

// How a pathway goes once seen, drawn at its referral (`admitted` already set): an admitted pathway's priority and its
// day case or ordinary stay; a non-admitted pathway's clock stop at the first appointment or its follow-up before it;
// and the sub-specialty list it waits on (uniformly: each list has an equal share of the referrals).
void draw_course(Pathway& pathway, const ElectiveParams& params, sim::RandomStream& draw);

// Each sub-specialty list's share of its specialty's outpatient slots (summing to 1): unequal by the load spread, so
// that some lists have more slots than referrals and others fewer (params.hpp).
std::vector<double> subspecialty_slot_shares(const ElectiveParams& params);
// Weeks a routine referral waits on each sub-specialty list once the list has settled: first in, first out with
// c slots for every referral and a hazard h of leaving untreated, a list keeps the pathways of the last W weeks
// with e^(-hW) = c (everyone seen when c >= 1; infinite when nobody leaves and c < 1).
std::vector<double> subspecialty_settled_weeks(const ElectiveParams& params);

// Slots a working day, by specialty.
struct ElectiveCapacity {
  BySpecialty outpatient_per_day{};
  BySpecialty theatre_per_day{};
};

struct ListCensus {
  std::int64_t waiting = 0;
  std::int64_t over_18_weeks = 0;
  std::int64_t over_52_weeks = 0;
};

class ElectiveEvents {
 public:
  virtual ~ElectiveEvents() = default;
  virtual void clock_stopped(const Pathway& pathway, sim::Time at, bool admitted) = 0;
  virtual void left_list(const Pathway& pathway) = 0;
  // An ordinary case on the day of its operation: true if it has a bed; false: cancelled (it is rebooked).
  virtual bool admit(const Pathway& pathway, sim::Time now) = 0;
  // Just decided to admit (`due` set): true if the patient takes a shorter wait at another site (pooled lists).
  virtual bool booked_elsewhere(const Pathway& pathway, sim::Time now) = 0;
};

class ElectiveLists {
 public:
  ElectiveLists(ElectiveCapacity capacity, const ElectiveParams& params);

  // A pathway joins: a referral (its clock starts) or, at the warm start, one already waiting. Waiting for
  // outpatients, pathways are seen in the order they join (urgent ones first).
  void join(const Pathway& pathway);
  void join_decided(const Pathway& pathway);  // waiting for admission, `due` set
  // A working day at `now`: first outpatient appointments, the clock stops due, then theatre lists.
  void working_day(sim::Time now, ElectiveEvents& events);
  // The lists at `now` by specialty, after the clock stops due and the pathways that have left.
  std::array<ListCensus, kSpecialties> census(sim::Time now, ElectiveEvents& events);
  [[nodiscard]] std::size_t size() const;
  // Weeks a pathway decided to admit now would wait at the theatre lists' pace: those already waiting for admission
  // over the specialty's cases a week (infinite without theatre capacity).
  [[nodiscard]] double weeks_to_admission(std::size_t specialty) const;
  void set_capacity(const ElectiveCapacity& capacity) { capacity_ = capacity; }

 private:
  struct Clinic {                         // a sub-specialty list and its clinics
    std::deque<Pathway> urgent, routine;  // waiting for a first outpatient appointment
    double credit = 0;                    // slots carried over (fractions of a slot)
  };
  struct Lists {
    std::vector<Clinic> clinics;   // by sub-specialty list
    std::vector<Pathway> seen;     // heap by due: not admitted, waiting for the clock stop
    std::vector<Pathway> decided;  // heap by (due, clock start): waiting for admission
    double theatre_credit = 0;
  };
  void clinic(Clinic& clinic, double slots_per_day, sim::Time now, Lists& lists, ElectiveEvents& events);
  void stop_seen(Lists& lists, sim::Time now, ElectiveEvents& events);
  void theatre(Lists& lists, std::size_t specialty, sim::Time now, ElectiveEvents& events);

  ElectiveCapacity capacity_;
  std::vector<double> clinic_shares_;  // subspecialty_slot_shares
  std::array<sim::Time, kElectivePriorities> priority_minutes_{};
  sim::Time rebook_minutes_ = 0;
  std::array<Lists, kSpecialties> lists_;
};

}  // namespace icsflow::models::detail
