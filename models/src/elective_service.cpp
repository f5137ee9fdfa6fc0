#include "elective_service.hpp"

#include <algorithm>
#include <cmath>

namespace icsflow::models::detail {
namespace {

constexpr Time kClinicsOpen = 8 * kHour;

std::int32_t saturated(Time t) {
  return static_cast<std::int32_t>(std::clamp<Time>(t, std::numeric_limits<std::int32_t>::min(), kNever));
}

}  // namespace

ElectiveService::ElectiveService(SiteId site, sim::ProcessId process, const std::string& name,
                                 const ElectiveSetup& setup, std::size_t sites, std::size_t boroughs,
                                 const Context& context, Routes& routes)
    : site_(site),
      context_(context),
      routes_(routes),
      tallies_(boroughs, context),
      first_capacity_(setup.capacity),
      first_beds_(setup.beds),
      first_ring_fenced_(setup.ring_fenced_beds),
      first_ring_fenced_lever_(setup.ring_fenced_beds_lever),
      ring_fenced_(setup.ring_fenced_beds),
      ring_fenced_lever_(setup.ring_fenced_beds_lever),
      warm_list_(setup.warm_list),
      borough_shares_(setup.borough_shares),
      lists_(setup.capacity, context.params.elective),
      beds_(std::make_unique<sim::Resource>(name + " elective beds", process, setup.beds)),
      waits_elsewhere_(sites, [] {
        std::array<float, kSpecialties> unknown{};
        unknown.fill(std::numeric_limits<float>::infinity());
        return unknown;
      }()) {}

void ElectiveService::start(Process& p) {
  warm_start();
  p.schedule_at(kClinicsOpen, [this](Process& q) { run_day(q); });
  context_.at_each_new_year(p, [this](Process& q, std::size_t year) { grow(q, year); });
  if (context_.params.policy.pooled_lists.enabled && context_.params.sites[site_.index()].in_acute_collaborative) {
    p.schedule(
        0, [this](Process& q) { share_waits(q); }, sim::Priority::late);
  }
  for (int week = 0; context_.results_start + week * kWeek <= context_.results_end; ++week) {
    p.schedule_at(
        context_.results_start + week * kWeek, [this, week](Process& q) { census(q, week); }, sim::Priority::late);
  }
}

// The list at the start, as published: its size (warm_list), the weeks its pathways have waited, the share already
// decided to admit. Those still to be seen at outpatients are seen in the order they were referred, each on a
// sub-specialty list it could have waited that long on once settled (any such list alike: the referrals are shared
// equally), so that the lists start near where their slots keep them; the longest waiters on the slowest list.
void ElectiveService::warm_start() {
  const ElectiveParams& e = context_.params.elective;
  const Time now = 0;
  const std::vector<double> settled_weeks = subspecialty_settled_weeks(e);
  std::vector<Pathway> to_be_seen;
  for (std::int64_t i = 0; i < warm_list_; ++i) {
    sim::RandomStream draw =
        context_.stream(kElectiveEntityBase + site_.index(), Purpose::elective, static_cast<std::uint64_t>(i));
    Pathway pathway;
    pathway.specialty = static_cast<std::uint8_t>(pick(draw, e.specialty_shares));
    const std::size_t band = pick(draw, e.list_wait_shares);
    const double weeks = kWaitBandWeeks[band] + (kWaitBandWeeks[band + 1] - kWaitBandWeeks[band]) * draw.uniform();
    pathway.clock_start = saturated(now - std::llround(weeks * static_cast<double>(kWeek)));
    const double leaving = e.leaving_per_month * 12 / kMinutesPerYear;
    pathway.leaves_at = leaving > 0 ? saturated(now + std::llround(draw.exponential(leaving))) : kNever;
    pathway.borough = static_cast<std::uint8_t>(pick(draw, borough_shares_));
    pathway.quintile =
        static_cast<std::uint8_t>(pick(draw, context_.params.boroughs[pathway.borough].deprivation_shares));
    const bool decided = draw.bernoulli(e.list_admitted_share);
    pathway.admitted = decided || draw.bernoulli(e.admitted_share);
    draw_course(pathway, e, draw);
    if (decided) {
      // Decided to admit at some point of the wait so far; booked by its priority's due date from then.
      const Time decision =
          pathway.clock_start + std::llround(draw.uniform() * static_cast<double>(now - pathway.clock_start));
      pathway.due = saturated(decision + std::llround(e.priority_weeks[pathway.priority] * static_cast<double>(kWeek)));
      lists_.join_decided(pathway);
    } else {
      const auto longer = static_cast<std::size_t>(std::count_if(settled_weeks.begin(), settled_weeks.end(),
                                                                 [weeks](double settled) { return settled >= weeks; }));
      // The lists are ordered from the fewest slots (the longest wait) up: those long enough come first.
      pathway.sublist = static_cast<std::uint8_t>(
          longer == 0 ? 0
                      : std::min(longer - 1, static_cast<std::size_t>(draw.uniform() * static_cast<double>(longer))));
      to_be_seen.push_back(pathway);
    }
  }
  std::stable_sort(to_be_seen.begin(), to_be_seen.end(),
                   [](const Pathway& a, const Pathway& b) { return a.clock_start < b.clock_start; });
  for (const Pathway& pathway : to_be_seen) lists_.join(pathway);
}

void ElectiveService::on_referral(Process& p, Pathway pathway) {
  pathway.clock_start = stamp(p.now());
  if (pathway.leaves_at != kNever) pathway.leaves_at = saturated(p.now() + pathway.leaves_at);
  lists_.join(pathway);
  if (context_.in_results(p.now()))
    tallies_.add(p.now(), BoroughId(pathway.borough), pathway.quintile, Measure::elective_referrals);
}

// Clinics, theatre lists and elective beds grow with the GP appointments of the boroughs that refer here
// (demography.hpp): referrals are made at those appointments.
void ElectiveService::grow(Process& p, std::size_t year) {
  double growth = 0;
  for (std::size_t b = 0; b < borough_shares_.size(); ++b) growth += borough_shares_[b] * context_.growth[year].gp[b];
  ElectiveCapacity capacity = first_capacity_;
  for (std::size_t k = 0; k < kSpecialties; ++k) {
    capacity.outpatient_per_day[k] *= growth;
    capacity.theatre_per_day[k] *= growth;
  }
  lists_.set_capacity(capacity);
  beds_->set_capacity(p, std::llround(static_cast<double>(first_beds_) * growth));
  ring_fenced_ = std::llround(static_cast<double>(first_ring_fenced_) * growth);
  ring_fenced_lever_ = std::llround(static_cast<double>(first_ring_fenced_lever_) * growth);
}

// The ring-fenced beds are today's or, with the ring-fence lever, rise to the lever's as its effect ramps up.
bool ElectiveService::lend_bed(Process& p) {
  sim::Resource& beds = *beds_;
  const std::int64_t ring_fenced = context_.params.policy.elective_ring_fence.enabled
                                       ? std::llround(context_.ramped(static_cast<double>(ring_fenced_),
                                                                      static_cast<double>(ring_fenced_lever_), p.now()))
                                       : ring_fenced_;
  if (beds.in_use() >= beds.capacity() || lent() >= beds.capacity() - ring_fenced) return false;
  lent_.push_back(beds.seize(p, [](Process&, sim::Claim) {}).claim);
  return true;
}

void ElectiveService::take_back_bed(Process& p) {
  beds_->release(p, lent_.back());
  lent_.pop_back();
}

// Pooled lists: each week this site tells the others of the collaborative how long a patient decided to admit now
// would wait here, by specialty.
void ElectiveService::share_waits(Process& p) {
  for (std::size_t k = 0; k < kSpecialties; ++k) {
    const auto weeks = static_cast<float>(lists_.weeks_to_admission(k));
    for (const SiteId other : waits_elsewhere_.ids()) {
      if (other != site_ && context_.params.sites[other.index()].in_acute_collaborative)
        routes_.site(other).elective_wait(p, site_, static_cast<std::uint8_t>(k), weeks);
    }
  }
  p.schedule(
      kWeek, [this](Process& q) { share_waits(q); }, sim::Priority::late);
}

// Pooled lists: a patient just decided to admit is offered the site with the shortest wait for the specialty, when
// it is shorter than here by at least min_weeks_shorter; they take it with the lever's acceptance (ramped up). The
// booking keeps the due date of their priority and their clock.
bool ElectiveService::booked_elsewhere(const Pathway& pathway, Time now) {
  const PolicyParams::PooledLists& pooled = context_.params.policy.pooled_lists;
  if (!pooled.enabled) return false;
  const std::size_t k = pathway.specialty;
  SiteId best = site_;
  double best_weeks = lists_.weeks_to_admission(k) - pooled.min_weeks_shorter;
  for (const SiteId other : waits_elsewhere_.ids()) {
    if (other != site_ && waits_elsewhere_[other][k] < best_weeks) {
      best = other;
      best_weeks = waits_elsewhere_[other][k];
    }
  }
  if (best == site_) return false;
  sim::RandomStream draw = context_.stream(kElectiveEntityBase + site_.index(), Purpose::pooled_list, offers_++);
  if (!draw.bernoulli(context_.ramped(0, context_.effects.pooled_list_acceptance, now))) return false;
  routes_.site(best).elective_transfer(*today_, pathway);
  if (context_.in_results(now))
    tallies_.add(now, BoroughId(pathway.borough), pathway.quintile, Measure::elective_transfers);
  return true;
}

void ElectiveService::on_transfer(Process&, const Pathway& pathway) { lists_.join_decided(pathway); }

void ElectiveService::finish() { (void)lists_.census(context_.results_end, *this); }

void ElectiveService::run_day(Process& p) {
  if (working_day(p.now() / kDay)) {
    today_ = &p;
    lists_.working_day(p.now(), *this);
    today_ = nullptr;
  }
  p.schedule(kDay, [this](Process& q) { run_day(q); });
}

void ElectiveService::clock_stopped(const Pathway& pathway, Time at, bool) {
  if (!context_.in_results(at)) return;
  ++week_stops_[pathway.specialty];
  const BoroughId borough(pathway.borough);
  const Time waited = at - pathway.clock_start;
  tallies_.add(at, borough, pathway.quintile, Measure::elective_clock_stops);
  tallies_.add(at, borough, pathway.quintile, Measure::elective_weeks_waited, waited);
  for (const auto& [weeks, measure] : kStopsWithinWeeks) {
    if (waited <= weeks * kWeek) tallies_.add(at, borough, pathway.quintile, measure);
  }
}

// An ordinary case takes an elective bed for its stay, if one is free (not taken by another elective patient or an
// emergency one); otherwise the operation is cancelled.
bool ElectiveService::admit(const Pathway& pathway, Time now) {
  sim::Resource& beds = *beds_;
  if (beds.in_use() >= beds.capacity()) {
    if (context_.in_results(now)) {
      ++week_cancellations_[pathway.specialty];
      tallies_.add(now, BoroughId(pathway.borough), pathway.quintile, Measure::elective_cancellations);
    }
    return false;
  }
  Process& p = *today_;
  const sim::Claim bed = beds.seize(p, [](Process&, sim::Claim) {}).claim;
  p.schedule(
      pathway.duration, [this, bed](Process& q) { beds_->release(q, bed); }, sim::Priority::early);
  return true;
}

// The lists at the end of each week of the results period (week 0: the start, which only opens the counts).
void ElectiveService::census(Process& p, int week) {
  const std::array<ListCensus, kSpecialties> counts = lists_.census(p.now(), *this);
  if (week > 0) {
    for (std::size_t k = 0; k < kSpecialties; ++k) {
      rows_.push_back(ElectiveRow{week, static_cast<int>(site_.index()), static_cast<int>(k), counts[k].waiting,
                                  counts[k].over_18_weeks, counts[k].over_52_weeks, week_stops_[k],
                                  week_cancellations_[k]});
    }
  }
  week_stops_.fill(0);
  week_cancellations_.fill(0);
}

}  // namespace icsflow::models::detail
