#include "elective_lists.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "context.hpp"

namespace icsflow::models::detail {
namespace {

// Heap orders (std::push_heap keeps the largest first, so these say "later than").
bool stops_later(const Pathway& a, const Pathway& b) { return a.due > b.due; }
bool booked_later(const Pathway& a, const Pathway& b) {
  return a.due != b.due ? a.due > b.due : a.clock_start > b.clock_start;
}

Pathway pop(std::vector<Pathway>& heap, bool (*later)(const Pathway&, const Pathway&)) {
  std::pop_heap(heap.begin(), heap.end(), later);
  const Pathway top = heap.back();
  heap.pop_back();
  return top;
}

void push(std::vector<Pathway>& heap, const Pathway& pathway, bool (*later)(const Pathway&, const Pathway&)) {
  heap.push_back(pathway);
  std::push_heap(heap.begin(), heap.end(), later);
}

// Slots a day carried to the next: whole slots unused are lost, a fraction is kept (a specialty with under one
// slot a day books one every few days).
double carried(double credit, double per_day) { return std::min(credit, std::max(1.0, per_day)); }

}  // namespace

void draw_course(Pathway& pathway, const ElectiveParams& params, sim::RandomStream& draw) {
  if (pathway.admitted) {
    pathway.priority = static_cast<std::uint8_t>(pick(draw, params.priority_shares));
    if (!draw.bernoulli(params.day_case_share)) {
      boost::random::normal_distribution<double> normal;
      const double sigma = params.ordinary_los_sigma;
      const double days = params.ordinary_los_days * std::exp(sigma * normal(draw) - sigma * sigma / 2);
      pathway.duration = static_cast<std::int32_t>(std::max<Time>(kHour, std::llround(days * kDay)));
    }
  } else {
    // Of the pathways not admitted, those discharged at the first appointment (a share of all pathways).
    const double at_first =
        params.admitted_share < 1 ? params.discharged_at_first_share / (1 - params.admitted_share) : 0;
    if (!draw.bernoulli(at_first) && params.non_admitted_weeks > 0) {
      const double minutes = draw.exponential(1 / (params.non_admitted_weeks * static_cast<double>(kWeek)));
      pathway.duration = static_cast<std::int32_t>(std::llround(std::min(minutes, static_cast<double>(kNever))));
    }
  }
  const auto lists = static_cast<std::uint32_t>(params.subspecialty_lists);
  pathway.sublist = static_cast<std::uint8_t>(std::min(lists - 1, static_cast<std::uint32_t>(draw.uniform() * lists)));
}

std::vector<double> subspecialty_slot_shares(const ElectiveParams& params) {
  const int n = params.subspecialty_lists;
  std::vector<double> shares;
  for (int j = 0; j < n; ++j) {
    const double position = n > 1 ? 2.0 * j / (n - 1) - 1 : 0;  // -1 (fewest slots) to 1 (most)
    shares.push_back((1 + params.subspecialty_load_spread * position) / n);
  }
  return shares;
}

std::vector<double> subspecialty_settled_weeks(const ElectiveParams& params) {
  const double leaving_per_week = params.leaving_per_month * 12 / (kMinutesPerYear / static_cast<double>(kWeek));
  std::vector<double> weeks;
  for (const double share : subspecialty_slot_shares(params)) {
    const double slots_per_referral = params.outpatient_capacity_to_demand * share * params.subspecialty_lists;
    if (slots_per_referral >= 1) {
      weeks.push_back(0);
    } else {
      weeks.push_back(leaving_per_week > 0 ? -std::log(slots_per_referral) / leaving_per_week
                                           : std::numeric_limits<double>::infinity());
    }
  }
  return weeks;
}

ElectiveLists::ElectiveLists(ElectiveCapacity capacity, const ElectiveParams& params)
    : capacity_(capacity),
      clinic_shares_(subspecialty_slot_shares(params)),
      rebook_minutes_(std::llround(params.rebook_days * kDay)) {
  for (std::size_t k = 0; k < kElectivePriorities; ++k)
    priority_minutes_[k] = std::llround(params.priority_weeks[k] * static_cast<double>(kWeek));
  for (Lists& lists : lists_) lists.clinics.resize(clinic_shares_.size());
}

void ElectiveLists::join(const Pathway& pathway) {
  Clinic& clinic = lists_[pathway.specialty].clinics.at(pathway.sublist);
  (pathway.urgent ? clinic.urgent : clinic.routine).push_back(pathway);
}

void ElectiveLists::join_decided(const Pathway& pathway) {
  push(lists_[pathway.specialty].decided, pathway, booked_later);
}

void ElectiveLists::working_day(Time now, ElectiveEvents& events) {
  for (std::size_t k = 0; k < kSpecialties; ++k) {
    for (std::size_t j = 0; j < clinic_shares_.size(); ++j)
      clinic(lists_[k].clinics[j], capacity_.outpatient_per_day[k] * clinic_shares_[j], now, lists_[k], events);
    stop_seen(lists_[k], now, events);
    theatre(lists_[k], k, now, events);
  }
}

// First outpatient appointments of one sub-specialty list: the urgent first, then in referral order. A pathway seen
// either waits for its non-admitted clock stop (now, if discharged at the appointment) or, decided to admit, joins the
// specialty's admitted list with the due date of its priority.
void ElectiveLists::clinic(Clinic& clinic, double slots_per_day, Time now, Lists& lists, ElectiveEvents& events) {
  clinic.credit += slots_per_day;
  while (clinic.credit >= 1 && (!clinic.urgent.empty() || !clinic.routine.empty())) {
    std::deque<Pathway>& queue = clinic.urgent.empty() ? clinic.routine : clinic.urgent;
    Pathway pathway = queue.front();
    queue.pop_front();
    if (pathway.leaves_at <= now) {
      events.left_list(pathway);
      continue;
    }
    clinic.credit -= 1;
    if (pathway.admitted) {
      pathway.due = static_cast<std::int32_t>(now + priority_minutes_[pathway.priority]);
      if (!events.booked_elsewhere(pathway, now)) push(lists.decided, pathway, booked_later);
    } else {
      pathway.due = static_cast<std::int32_t>(now + pathway.duration);
      push(lists.seen, pathway, stops_later);
    }
  }
  clinic.credit = carried(clinic.credit, slots_per_day);
}

void ElectiveLists::stop_seen(Lists& lists, Time now, ElectiveEvents& events) {
  while (!lists.seen.empty() && lists.seen.front().due <= now) {
    const Pathway pathway = pop(lists.seen, stops_later);
    if (pathway.leaves_at <= pathway.due) {
      events.left_list(pathway);
    } else {
      events.clock_stopped(pathway, pathway.due, false);
    }
  }
}

// Theatre lists: the admitted list in order of due date. An ordinary case without a bed is cancelled on the day and
// rebooked within rebook_days; its slot is lost.
void ElectiveLists::theatre(Lists& lists, std::size_t specialty, Time now, ElectiveEvents& events) {
  lists.theatre_credit += capacity_.theatre_per_day[specialty];
  std::vector<Pathway> rebooked;
  while (lists.theatre_credit >= 1 && !lists.decided.empty()) {
    Pathway pathway = pop(lists.decided, booked_later);
    if (pathway.leaves_at <= now) {
      events.left_list(pathway);
      continue;
    }
    lists.theatre_credit -= 1;
    if (pathway.duration > 0 && !events.admit(pathway, now)) {
      pathway.due = static_cast<std::int32_t>(now + rebook_minutes_);
      rebooked.push_back(pathway);  // not today: back on the list after today's cases
      continue;
    }
    events.clock_stopped(pathway, now, true);
  }
  for (const Pathway& pathway : rebooked) push(lists.decided, pathway, booked_later);
  lists.theatre_credit = carried(lists.theatre_credit, capacity_.theatre_per_day[specialty]);
}

std::array<ListCensus, kSpecialties> ElectiveLists::census(Time now, ElectiveEvents& events) {
  std::array<ListCensus, kSpecialties> counts{};
  for (std::size_t k = 0; k < kSpecialties; ++k) {
    Lists& lists = lists_[k];
    stop_seen(lists, now, events);
    ListCensus& count = counts[k];
    // Keeps the pathways still on the list, counting them; the others have left.
    const auto keep = [&](const Pathway& pathway) {
      if (pathway.leaves_at <= now) {
        events.left_list(pathway);
        return false;
      }
      ++count.waiting;
      if (now - pathway.clock_start > 18 * kWeek) ++count.over_18_weeks;
      if (now - pathway.clock_start > 52 * kWeek) ++count.over_52_weeks;
      return true;
    };
    const auto filter = [&](auto& container) {
      container.erase(std::remove_if(container.begin(), container.end(), [&](const Pathway& p) { return !keep(p); }),
                      container.end());
    };
    for (Clinic& clinic : lists.clinics) {
      filter(clinic.urgent);
      filter(clinic.routine);
    }
    filter(lists.seen);
    filter(lists.decided);
    std::make_heap(lists.seen.begin(), lists.seen.end(), stops_later);
    std::make_heap(lists.decided.begin(), lists.decided.end(), booked_later);
  }
  return counts;
}

double ElectiveLists::weeks_to_admission(std::size_t specialty) const {
  const double per_week = capacity_.theatre_per_day[specialty] * 5;
  const auto waiting = static_cast<double>(lists_[specialty].decided.size());
  return per_week > 0 ? waiting / per_week : std::numeric_limits<double>::infinity();
}

std::size_t ElectiveLists::size() const {
  std::size_t n = 0;
  for (const Lists& lists : lists_) {
    for (const Clinic& clinic : lists.clinics) n += clinic.urgent.size() + clinic.routine.size();
    n += lists.seen.size() + lists.decided.size();
  }
  return n;
}

}  // namespace icsflow::models::detail
