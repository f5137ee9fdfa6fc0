// Residents at home: their competing risks, GP appointments, and the start of urgent pathways.
#include "resident_shard.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace icsflow::models::detail {

AppointmentBook pcn_appointment_book(const PrimaryCareParams& gp, double gp_need_rate) {
  // The book covers today and the routine wait, plus room for an urgent wait counted in working days (two
  // working days can span four calendar days). Not a model constant: a longer window changes no booking.
  const auto horizon = static_cast<std::int32_t>(gp.routine_max_wait_days) + 8;
  const double slots_per_day = gp.capacity_to_demand_ratio * gp_need_rate * kMinutesPerYear / gp.working_days_per_year;
  return AppointmentBook(static_cast<std::int32_t>(std::llround(slots_per_day)), gp.same_day_share, horizon);
}

ResidentShard::ResidentShard(PcnId id, BoroughId borough, sim::ProcessId process, std::vector<Resident> residents,
                             std::size_t boroughs, std::vector<Entrants> entrants, const Context& context,
                             Routes& routes)
    : id_(id),
      borough_(borough),
      process_(process),
      context_(context),
      routes_(routes),
      residents_(std::move(residents)),
      gp_(gp_demand(residents_, {}, context.rates.gp_need[borough.index()])),
      at_home_(residents_.size(), true),
      entrants_(std::move(entrants)),
      population_(context.years()),
      book_(pcn_appointment_book(context.params.primary, gp_.total_rate)),
      gp_slots_(book_.slots_per_working_day()),
      tallies_(boroughs, context) {}

void ResidentShard::start(Process& p) {
  for (std::uint32_t local = 0; local < residents_.size(); ++local) schedule_next_need(p, local);
  schedule_next_gp_need(p);
  p.schedule_at(context_.results_start, [this](Process&) { count_residents(0); });
  context_.at_each_new_year(p, [this](Process& q, std::size_t year) { end_year(&q, year - 1); });
}

void ResidentShard::finish() {
  for (const Resident& r : residents_) {
    if (r.present()) charge_proactive_care(r, context_.results_end);
  }
  // The last year ends with the run: its moves and newcomers are counted for the population table, not simulated
  // (none after a part year).
  if (entrants_.size() == population_.size()) end_year(nullptr, population_.size() - 1);
}

// --- demography (population.hpp): at each year's end, birthdays, moves out, then the year's newcomers

// The census of a year's start: from then on, deaths count in that year.
void ResidentShard::count_residents(std::size_t year) {
  counting_year_ = static_cast<int>(year);
  PopulationCounts& counts = population_[year];
  for (const Resident& r : residents_) {
    if (!r.present()) continue;
    ++counts.residents[r.age_band];
    ++counts.residents_by_quintile[r.quintile];
  }
  charge_prevention(year);
  charge_ltc_care(year);
}

// The prevention lever's programme for the year ahead: its patients at a cost a year each, in community spend (new
// cash, as the other levers' programmes: reviews by pharmacists and nurses, drugs) and its own column.
void ResidentShard::charge_prevention(std::size_t year) {
  const PolicyParams::Prevention& prevention = context_.params.policy.prevention;
  charge_patients(year, context_.effects.prevention_reach, prevention.patients_per_100k,
                  prevention.cost_per_patient_year, Measure::cost_lever_prevention_gbp);
}

// The ltc_care lever's programme for the year ahead: the COPD and diabetes patients it reaches, each at their cost.
void ResidentShard::charge_ltc_care(std::size_t year) {
  const PolicyParams::LtcCare& ltc = context_.params.policy.ltc_care;
  const double gbp_per_100k = ltc.copd_patients_per_100k * ltc.cost_per_copd_patient_year +
                              ltc.diabetes_patients_per_100k * ltc.cost_per_diabetes_patient_year;
  charge_patients(year, context_.effects.ltc_care_reach, gbp_per_100k, 1.0, Measure::cost_lever_ltc_care_gbp);
}

// A programme for `year` of the results period: reach x per_100k patients per 100,000 of each quintile's residents at
// the year's start, at gbp_each a year each (nothing when reach is 0).
void ResidentShard::charge_patients(std::size_t year, double reach, double per_100k, double gbp_each, Measure lever) {
  if (reach <= 0) return;
  const Time from = context_.results_start + static_cast<Time>(year) * kYear;
  const Time to = std::min(context_.results_end, from + kYear);
  for (std::size_t q = 0; q < kQuintiles; ++q) {
    const double patients = static_cast<double>(population_[year].residents_by_quintile[q]) * reach * per_100k / 1e5;
    charge_programme(from, to, static_cast<int>(q), patients * gbp_each, lever);
  }
}

// A lever's programme at `gbp_a_year` over [from, until): in community spend and in the lever's own column, each year
// its share.
void ResidentShard::charge_programme(Time from, Time until, int quintile, double gbp_a_year, Measure lever) {
  const auto accrued = [gbp_a_year](Time minutes) {
    return pence(gbp_a_year * (static_cast<double>(minutes) / kYear));
  };
  tallies_.add_over(from, until, borough_, quintile, Measure::cost_community_gbp, accrued);
  tallies_.add_over(from, until, borough_, quintile, lever, accrued);
}

// `p` is null at the run's end (finish): then this only counts.
void ResidentShard::end_year(Process* p, std::size_t year) {
  const HealthParams& health = context_.params.health;
  PopulationCounts& counts = population_[year];
  const std::size_t residents = residents_.size();
  for (std::uint32_t local = 0; local < residents; ++local) {
    Resident& r = residents_[local];
    if (!r.present()) continue;
    sim::RandomStream draw = context_.stream(r.id, Purpose::demography, year);
    const bool new_band = age_a_year(r, health, draw);
    const bool may_move = r.whereabouts == Whereabouts::home && r.care == CareStatus::independent && !r.awaiting_care;
    if (may_move && draw.bernoulli(context_.rates.out_migration[r.age_band])) {
      ++counts.moved_out[r.age_band];
      if (p != nullptr) move_out(*p, local);
    } else if (new_band && p != nullptr && r.whereabouts == Whereabouts::home) {
      redraw_need(*p, local);  // rates change with age (away, they are drawn on coming home)
    }
  }
  const Entrants& entrants = entrants_[year];
  free_from_ = 0;
  if (p != nullptr) {
    // Room for the newcomers without free places, exactly: a vector left to grow by itself would double.
    const auto present = static_cast<std::size_t>(
        std::count_if(residents_.begin(), residents_.end(), [](const Resident& r) { return r.present(); }));
    residents_.reserve(present + entrants.births + entrants.migrants);
  }
  for (std::uint32_t k = 0; k < entrants.births + entrants.migrants; ++k) {
    const bool newborn = k < entrants.births;
    const Resident r = synthesise_entrant(context_, borough_, entrants.first_id + k, newborn);
    ++(newborn ? counts.births : counts.moved_in)[r.age_band];
    if (p != nullptr) welcome(*p, r);
  }
  if (p == nullptr) return;
  keep_proactive_caseload(*p, year + 1);
  rebuild_gp_demand(*p);
  count_residents(year + 1);
  const double grown = static_cast<double>(gp_slots_) * context_.growth[year + 1].gp[borough_.index()];
  book_.set_slots_per_working_day(static_cast<std::int32_t>(std::llround(grown)));
}

void ResidentShard::move_out(Process& p, std::uint32_t local) {
  p.cancel(residents_[local].next_need);
  charge_proactive_care(residents_[local], p.now());
  set_whereabouts(local, Whereabouts::moved);
}

// A newcomer takes the place of someone dead or moved away (no message can reach those: see on_care_started), the
// first such after the last place taken (free_from_), or a new one.
void ResidentShard::welcome(Process& p, const Resident& r) {
  while (free_from_ < residents_.size() && residents_[free_from_].present()) ++free_from_;
  // (at_home_ follows in rebuild_gp_demand, in the same event.)
  if (free_from_ == residents_.size()) {
    residents_.push_back(r);
  } else {
    residents_[free_from_] = r;
  }
  schedule_next_need(p, free_from_++);
}

// The programme replaces those it lost (deaths, moves) with the highest-risk residents not enrolled, from `year`.
void ResidentShard::keep_proactive_caseload(Process& p, std::size_t year) {
  const auto enrolled = static_cast<std::size_t>(std::count_if(
      residents_.begin(), residents_.end(), [](const Resident& r) { return r.present() && r.proactive; }));
  if (enrolled >= proactive_caseload_) return;
  for (const std::uint32_t local : proactive_care_top_up(context_.params, residents_, proactive_caseload_ - enrolled)) {
    Resident& r = residents_[local];
    r.proactive = true;
    r.proactive_from_year = static_cast<std::uint8_t>(std::min<std::size_t>(year, 255));
    if (r.whereabouts == Whereabouts::home) redraw_need(p, local);  // the programme lowers their exacerbations
  }
}

// Classes change size at a year's end: rebuild them and redraw the PCN's next need at the new rate (memoryless).
void ResidentShard::rebuild_gp_demand(Process& p) {
  class_order(residents_, gp_order_);
  gp_position_.assign(residents_.size(), 0);  // the absent have no position; nothing asks for theirs
  at_home_.reserve(gp_order_.size());         // exactly, as class_order
  at_home_.resize(gp_order_.size());
  for (std::uint32_t position = 0; position < gp_order_.size(); ++position) {
    const std::uint32_t local = gp_order_[position];
    gp_position_[local] = position;
    at_home_[position] = residents_[local].whereabouts == Whereabouts::home;
  }
  gp_ = gp_demand(residents_, gp_order_, context_.rates.gp_need[borough_.index()]);
  p.cancel(gp_next_);
  ++gp_draws_;
  schedule_next_gp_need(p);
}

// The proactive-care programme for an enrolled resident, from their enrolment (the start, or the year's end the
// programme took them on) until `until` (their death, move or the end): in community spend and in the lever's own
// column, each year its share. (The care-home support programme is charged with each care home place,
// BoroughServices::charge_holding.)
void ResidentShard::charge_proactive_care(const Resident& r, Time until) {
  if (!r.proactive) return;
  const Time from = context_.results_start + static_cast<Time>(r.proactive_from_year) * kYear;
  charge_programme(from, until, r.quintile, context_.params.policy.proactive_care.cost_per_resident_year,
                   Measure::cost_lever_proactive_care_gbp);
}

PatientRef ResidentShard::ref(std::uint32_t local, std::uint8_t flags) const {
  const Resident& r = residents_[local];
  if (r.care == CareStatus::home_care) flags |= kFlagHomeCare;
  if (r.care == CareStatus::care_home) flags |= kFlagCareHome;
  return PatientRef{r.id, local, id_, borough_, r.quintile, r.age_band, r.frailty, flags};
}

Time ResidentShard::readmission_window_end(const Resident& r) const {
  return r.discharged_at + static_cast<Time>(context_.params.acute.readmission_window_days * kDay);
}

void ResidentShard::schedule_next_need(Process& p, std::uint32_t local) {
  Resident& r = residents_[local];
  const Time now = p.now();
  const HealthParams& health = context_.params.health;
  const DerivedRates& rates = context_.rates;
  const LeverEffects& effects = context_.effects;
  const bool unmet = now < r.unmet_need_until;
  const bool recently_discharged = now < readmission_window_end(r);
  const bool independent = r.care == CareStatus::independent && !r.awaiting_care;
  const bool home_care = r.care == CareStatus::home_care && !r.awaiting_care;
  const std::size_t b = borough_.index();

  std::array<double, 9> rate{};
  const auto set = [&rate](Need need, double value) { rate[static_cast<std::size_t>(need)] = value; };
  // Rates that change with time — the levers' effects while they ramp up (proactive care on the exacerbations
  // of those enrolled, enhanced care-home support on every emergency of care home residents, prevention and better
  // care of COPD and diabetes), and the seasons — are drawn at a bound (their largest value) and thinned below
  // (exact for any rate under the bound). Without a ramp the full effect is drawn directly.
  const bool ramping = context_.full_effect_after > 0;
  const Seasons& seasons = context_.seasons;
  const auto bound = [ramping](double full) { return ramping ? std::max(1.0, full) : full; };
  const double care_home_full = r.care == CareStatus::care_home ? effects.care_home_multiplier : 1.0;
  const double proactive_full = r.proactive ? effects.proactive_multiplier : 1.0;
  const double prevention_full = prevention_eligible(r) ? effects.prevention_multiplier : 1.0;
  const double prevention_death_full = prevention_eligible(r) ? effects.prevention_death_multiplier : 1.0;
  // Each need's part that changes with time: at its bound, or at time t.
  const auto varying = [&](Need need, std::optional<Time> t) {
    const auto lever = [&](double full) { return t ? context_.ramped(1, full, *t) : bound(full); };
    const auto season = [&](Season what) { return t ? seasons.at(what, *t) : seasons.peak(what); };
    switch (need) {
      case Need::exacerbation:
        return lever(care_home_full) * lever(proactive_full) * lever(effects.ltc_care_multiplier) *
               season(Season::exacerbation);
      case Need::other_emergency:
        return lever(care_home_full) * lever(prevention_full) * season(Season::other_emergency);
      case Need::direct_admission:
        return lever(care_home_full) * season(Season::other_emergency);
      case Need::death:
        return lever(prevention_death_full) * season(Season::death);
      default:
        return 1.0;
    }
  };
  const std::nullopt_t at_bound = std::nullopt;
  set(Need::exacerbation, rates.acsc_per_ltc * r.ltc_count * health.acsc_frailty_multiplier[r.frailty] *
                              health.acsc_deprivation_multiplier[r.quintile] *
                              (unmet ? health.unmet_gp_need_exacerbation_multiplier : 1.0) *
                              varying(Need::exacerbation, at_bound));
  set(Need::other_emergency, rates.other_emergency[r.age_band] * varying(Need::other_emergency, at_bound));
  set(Need::direct_admission, rates.direct_admission[r.age_band] * varying(Need::direct_admission, at_bound));
  set(Need::relapse, recently_discharged ? rates.relapse : 0.0);
  set(Need::death, rates.death[r.age_band][r.quintile][r.frailty] * varying(Need::death, at_bound));
  set(Need::home_care_onset, independent ? rates.home_care_onset[b][r.age_band] : 0.0);
  set(Need::care_home_move,
      home_care ? rates.care_home_from_home_care : (independent ? rates.care_home_direct[b][r.age_band] : 0.0));
  set(Need::home_care_exit, home_care ? rates.home_care_exit : 0.0);
  double total = 0;
  for (const double x : rate) total += x;

  sim::RandomStream draw = context_.stream(r.id, Purpose::next_need, r.draws++);
  const double wait = draw.exponential(total);
  // Rates are constant until the next risk window closes; past it, draw again (exact, by memorylessness).
  Time window_closes = sim::kTimeMax;
  if (unmet) window_closes = r.unmet_need_until;
  if (recently_discharged) window_closes = std::min<Time>(window_closes, readmission_window_end(r));
  Need need = Need::reassess;
  Time delay = window_closes - now;
  if (wait < static_cast<double>(delay)) {
    delay = static_cast<Time>(std::llround(wait));
    double pick = draw.uniform() * total;
    need = Need::home_care_exit;
    for (std::size_t k = 1; k < rate.size(); ++k) {
      if (pick < rate[k]) {
        need = static_cast<Need>(k);
        break;
      }
      pick -= rate[k];
    }
    // Thinning: a need whose rate was drawn at its bound happens with probability (its rate at that
    // time) / (the bound); otherwise the resident is reassessed then.
    const double drawn = varying(need, at_bound);
    if (drawn != 1.0) {
      const double actual = varying(need, now + delay);
      if (actual < drawn && draw.uniform() * drawn >= actual) need = Need::reassess;
    }
  }
  r.next_need = p.schedule(delay, [this, local, need](Process& q) { on_need(q, local, need); });
}

void ResidentShard::on_need(Process& p, std::uint32_t local, Need need) {
  Resident& r = residents_[local];
  switch (need) {
    case Need::reassess:
      break;
    case Need::exacerbation:
    case Need::other_emergency:
    case Need::direct_admission:
    case Need::relapse:
      emergency(p, local, need);
      return;
    case Need::death:
      die_at_home(p, local);
      return;
    case Need::home_care_onset:
    case Need::care_home_move: {
      r.awaiting_care = true;
      const CareKind kind = need == Need::home_care_onset ? CareKind::home_care : CareKind::care_home;
      const PatientRef who = ref(local, 0);
      routes_.borough_of(who).community_care_request(p, who, kind);
      break;
    }
    case Need::home_care_exit: {
      r.care = CareStatus::independent;
      const PatientRef who = ref(local, 0);
      routes_.borough_of(who).care_ended(p, who, false);
      break;
    }
  }
  schedule_next_need(p, local);
}

void ResidentShard::schedule_next_gp_need(Process& p) {
  if (gp_.total_rate <= 0) return;
  sim::RandomStream draw = context_.stream(kGpEntityBase + id_.index(), Purpose::gp, gp_draws_);
  const Time delay = std::llround(draw.exponential(gp_.total_rate));
  gp_next_ = p.schedule(delay, [this](Process& q) { on_gp_need(q); });
}

void ResidentShard::on_gp_need(Process& p) {
  // The stream that timed this need (its first number) also says whose need it is and what happens.
  sim::RandomStream draw = context_.stream(kGpEntityBase + id_.index(), Purpose::gp, gp_draws_++);
  draw();
  // The first class whose running total exceeds the pick (compared, not subtracted: no chain of dependent
  // subtractions through the scan).
  const double pick = draw.uniform() * gp_.total_rate;
  const GpClass* chosen = &gp_.classes.back();
  for (const GpClass& c : gp_.classes) {
    if (pick < c.until) {
      chosen = &c;
      break;
    }
  }
  const auto member = std::min(chosen->size - 1, static_cast<std::uint32_t>(draw.uniform() * chosen->size));
  const std::uint32_t position = chosen->begin + member;
  if (at_home_[position]) handle_gp_need(p, position, chosen->quintile, draw);
  schedule_next_gp_need(p);
}

void ResidentShard::handle_gp_need(Process& p, std::uint32_t position, std::uint8_t quintile, sim::RandomStream& draw) {
  // Whose need it is matters only when it is not met: the order is read then (a cache miss spared otherwise).
  const auto local = [this, position] { return gp_order_.empty() ? position : gp_order_[position]; };
  const PrimaryCareParams& gp = context_.params.primary;
  const bool urgent = draw.bernoulli(gp.urgent_need_share);
  const std::int64_t today = p.now() / kDay;
  const auto urgent_wait = static_cast<std::int64_t>(gp.urgent_max_wait_days);
  const auto routine_wait = static_cast<std::int64_t>(gp.routine_max_wait_days);
  const bool count = context_.in_results(p.now());

  // An urgent need first looks for a slot within the urgent wait; failing that, some go to A&E.
  std::int64_t day = urgent ? book_.book_urgent(today, urgent_wait) : book_.book_routine(today, routine_wait);
  if (day < 0 && urgent) {
    if (draw.bernoulli(gp.ae_instead_if_no_slot_probability)) {
      emergency(p, local(), Need::other_emergency);
      return;
    }
    day = book_.book_routine(today, routine_wait);
  }
  if (day < 0) {
    // No appointment within the routine wait: the need goes unmet, and the risk of an exacerbation rises.
    Resident& r = residents_[local()];
    r.unmet_need_until = stamp(p.now() + static_cast<Time>(context_.params.health.unmet_gp_need_effect_days * kDay));
    if (count) tallies_.add(p.now(), borough_, quintile, Measure::gp_unmet_demand);
    redraw_need(p, local());
    return;
  }
  if (count) {
    tallies_.add(p.now(), borough_, quintile, Measure::gp_appointments);
    tallies_.add(p.now(), borough_, quintile, Measure::cost_primary_care_gbp,
                 pence(context_.params.costs.gp_appointment));
  }
  refer(p, day, quintile, draw);
}

// The appointment on `day` may start a referral to treatment pathway: drawn whole from the need's own stream (the
// same in every scenario) and sent to a site of the borough's planned care, arriving on the appointment's day.
void ResidentShard::refer(Process& p, std::int64_t day, std::uint8_t quintile, sim::RandomStream& draw) {
  const ElectiveParams& e = context_.params.elective;
  if (!draw.bernoulli(e.clock_starts_per_gp_appointment)) return;
  Pathway pathway;
  pathway.borough = static_cast<std::uint8_t>(borough_.index());
  pathway.quintile = quintile;
  pathway.specialty = static_cast<std::uint8_t>(pick(draw, e.specialty_shares));
  pathway.urgent = draw.bernoulli(e.urgent_referral_share);
  pathway.admitted = draw.bernoulli(e.admitted_share);
  draw_course(pathway, e, draw);
  // Minutes after the referral at which it leaves the list untreated; the site makes it a time.
  const double leaving = e.leaving_per_month * 12 / kMinutesPerYear;
  pathway.leaves_at = leaving > 0 ? static_cast<std::int32_t>(std::min(draw.exponential(leaving), 1e9)) : kNever;
  const SiteId site(pick(draw, context_.rates.elective_site_shares[borough_.index()]));
  const Time at_appointment = day * kDay + 9 * kHour;
  routes_.site(site).elective_referral(p, std::max(kLookahead, at_appointment - p.now()), pathway);
}

void ResidentShard::set_whereabouts(std::uint32_t local, Whereabouts where) {
  residents_[local].whereabouts = where;
  at_home_[gp_position_.empty() ? local : gp_position_[local]] = where == Whereabouts::home;
}

// The resident's rates changed while at home: replace the pending event (exact, by memorylessness).
void ResidentShard::redraw_need(Process& p, std::uint32_t local) {
  p.cancel(residents_[local].next_need);
  schedule_next_need(p, local);
}

void ResidentShard::leave_home(Process& p, std::uint32_t local) {
  // Harmless when the pending event is the one running now: its id is already stale.
  p.cancel(residents_[local].next_need);
  set_whereabouts(local, Whereabouts::away);
}

// An emergency: an exacerbation may go first to urgent community response; everything else to A&E.
void ResidentShard::emergency(Process& p, std::uint32_t local, Need need) {
  Resident& r = residents_[local];
  leave_home(p, local);
  std::uint8_t flags = 0;
  if (need == Need::exacerbation) flags |= kFlagAcsc;
  if (need == Need::relapse) flags |= kFlagRelapse;
  if (need == Need::direct_admission) flags |= kFlagDirect;
  if (p.now() < readmission_window_end(r)) flags |= kFlagRecentDischarge;
  const PatientRef who = ref(local, flags);
  const std::uint32_t episode = r.draws++;
  sim::RandomStream draw = context_.stream(r.id, Purpose::emergency, episode);
  const double ucr_share =
      context_.ramped(context_.params.community.ucr_referral_share, context_.effects.ucr_referral_share, p.now());
  if (need == Need::exacerbation && draw.bernoulli(ucr_share)) {
    routes_.borough_of(who).urgent_referral(p, who, episode);
    return;
  }
  routes_.site(ae_site_for(context_, who, episode)).ae_arrival(p, who, episode);
}

void ResidentShard::on_back_home(Process& p, const PatientRef& who, bool was_admitted) {
  Resident& r = residents_[who.local];
  set_whereabouts(who.local, Whereabouts::home);
  if (was_admitted) r.discharged_at = stamp(p.now() - kLookahead);
  schedule_next_need(p, who.local);
}

void ResidentShard::notify_borough_of_death(Process& p, std::uint32_t local) {
  charge_proactive_care(residents_[local], p.now());
  const Resident& r = residents_[local];
  if (r.care == CareStatus::independent && !r.awaiting_care) return;
  const PatientRef who = ref(local, 0);
  routes_.borough_of(who).care_ended(p, who, true);
}

void ResidentShard::count_death(const Resident& r) {
  if (counting_year_ >= 0) ++population_[static_cast<std::size_t>(counting_year_)].deaths[r.age_band];
}

void ResidentShard::die_at_home(Process& p, std::uint32_t local) {
  Resident& r = residents_[local];
  set_whereabouts(local, Whereabouts::dead);
  if (context_.in_results(p.now())) tallies_.add(p.now(), borough_, r.quintile, Measure::deaths);
  count_death(r);
  notify_borough_of_death(p, local);
}

void ResidentShard::on_died_away(Process& p, const PatientRef& who) {
  set_whereabouts(who.local, Whereabouts::dead);
  count_death(residents_[who.local]);
  notify_borough_of_death(p, who.local);
}

void ResidentShard::on_care_started(Process& p, const PatientRef& who, CareKind kind) {
  Resident& r = residents_[who.local];
  // The borough learns of a death by message, so a place may still come for someone who died at home meanwhile,
  // and whose place in the shard a newcomer may since have taken.
  if (r.id != who.resident || r.whereabouts == Whereabouts::dead) return;
  r.care = kind == CareKind::care_home ? CareStatus::care_home : CareStatus::home_care;
  r.awaiting_care = false;
  if (r.whereabouts == Whereabouts::home) redraw_need(p, who.local);  // rates change with care status
}

}  // namespace icsflow::models::detail
