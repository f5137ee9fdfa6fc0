// Residents at home: their competing risks, GP appointments, and the start of urgent pathways.
#include <algorithm>
#include <cmath>

#include "world.hpp"

namespace icsflow::models::detail {

namespace {

// Day 0 is a Monday; practices are open Monday to Friday.
bool working_day(std::int64_t day) { return day % 7 < 5; }

}  // namespace

AppointmentBook::AppointmentBook(std::int32_t slots_per_working_day, double same_day_share, std::int32_t horizon_days) {
  same_day_.per_working_day = static_cast<std::int32_t>(std::lround(slots_per_working_day * same_day_share));
  bookable_.per_working_day = slots_per_working_day - same_day_.per_working_day;
  for (Pool* pool : {&same_day_, &bookable_}) {
    pool->free.resize(static_cast<std::size_t>(horizon_days));
    for (std::int64_t day = 0; day < horizon_days; ++day) {
      pool->free[static_cast<std::size_t>(day)] = working_day(day) ? pool->per_working_day : 0;
    }
  }
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

PatientRef World::ref(const Shard& shard, std::uint32_t local, std::uint8_t flags) const {
  const Resident& r = shard.residents[local];
  if (r.care == CareStatus::home_care) flags |= kFlagHomeCare;
  if (r.care == CareStatus::care_home) flags |= kFlagCareHome;
  return PatientRef{r.id,
                    local,
                    static_cast<std::uint16_t>(&shard - shards_.data()),
                    static_cast<std::uint8_t>(shard.borough),
                    r.quintile,
                    r.age_band,
                    r.frailty,
                    flags};
}

void World::schedule_next_need(Process& p, Shard& shard, std::uint32_t local) {
  Resident& r = shard.residents[local];
  const Time now = p.now();
  const HealthParams& health = params_.health;
  const bool unmet = now < r.unmet_need_until;
  const bool recently_discharged =
      now < r.discharged_at + static_cast<Time>(params_.acute.readmission_window_days * kDay);
  const bool independent = r.care == CareStatus::independent && !r.awaiting_care;
  const bool home_care = r.care == CareStatus::home_care && !r.awaiting_care;

  std::array<double, 9> rate{};
  // Lever effects: proactive care on the exacerbations of those enrolled, enhanced care-home support on
  // every emergency of care home residents.
  const double care_home = r.care == CareStatus::care_home ? effects_.care_home_multiplier : 1.0;
  const double proactive = r.proactive ? effects_.proactive_multiplier : 1.0;
  rate[static_cast<int>(Need::exacerbation)] =
      rates_.acsc_per_ltc * r.ltc_count * health.acsc_frailty_multiplier[r.frailty] *
      health.acsc_deprivation_multiplier[r.quintile] * (unmet ? health.unmet_gp_need_exacerbation_multiplier : 1.0) *
      proactive * care_home;
  rate[static_cast<int>(Need::other_emergency)] = rates_.other_emergency[r.age_band] * care_home;
  rate[static_cast<int>(Need::direct_admission)] = rates_.direct_admission[r.age_band] * care_home;
  rate[static_cast<int>(Need::relapse)] = recently_discharged ? rates_.relapse : 0.0;
  rate[static_cast<int>(Need::death)] = rates_.death[r.age_band][r.quintile][r.frailty];
  rate[static_cast<int>(Need::home_care_onset)] = independent ? rates_.home_care_onset[shard.borough][r.age_band] : 0.0;
  rate[static_cast<int>(Need::care_home_move)] =
      home_care ? rates_.care_home_from_home_care
                : (independent ? rates_.care_home_direct[shard.borough][r.age_band] : 0.0);
  rate[static_cast<int>(Need::home_care_exit)] = home_care ? rates_.home_care_exit : 0.0;
  double total = 0;
  for (const double x : rate) total += x;

  sim::RandomStream draw = stream(r.id, Purpose::next_need, r.draws++);
  const double wait = draw.exponential(total);
  // Rates are constant until the next risk window closes; past it, draw again (exact, by memorylessness).
  Time window_closes = sim::kTimeMax;
  if (unmet) window_closes = r.unmet_need_until;
  if (recently_discharged) {
    window_closes = std::min<Time>(window_closes,
                                   r.discharged_at + static_cast<Time>(params_.acute.readmission_window_days * kDay));
  }
  Need need = Need::reassess;
  Time delay = window_closes - now;
  if (wait < static_cast<double>(delay)) {
    delay = static_cast<Time>(std::llround(wait));
    double pick = draw.uniform() * total;
    need = Need::home_care_exit;
    for (int k = 1; k < static_cast<int>(rate.size()); ++k) {
      if (pick < rate[static_cast<std::size_t>(k)]) {
        need = static_cast<Need>(k);
        break;
      }
      pick -= rate[static_cast<std::size_t>(k)];
    }
  }
  const auto s = static_cast<std::uint32_t>(&shard - shards_.data());
  r.next_need = p.schedule(delay, [this, s, local, need](Process& q) { on_need(q, s, local, need); });
}

void World::on_need(Process& p, std::uint32_t s, std::uint32_t local, Need need) {
  Shard& shard = shards_[s];
  Resident& r = shard.residents[local];
  const Borough& borough = boroughs_[static_cast<std::size_t>(shard.borough)];
  switch (need) {
    case Need::reassess:
      break;
    case Need::exacerbation:
    case Need::other_emergency:
    case Need::direct_admission:
    case Need::relapse:
      emergency(p, shard, local, need);
      return;
    case Need::death:
      die_at_home(p, shard, local);
      return;
    case Need::home_care_onset:
    case Need::care_home_move: {
      r.awaiting_care = true;
      const CareKind kind = need == Need::home_care_onset ? CareKind::home_care : CareKind::care_home;
      const PatientRef who = ref(shard, local, 0);
      p.send(borough.process, kLookahead, [this, who, kind](Process& q) { on_community_care_request(q, who, kind); });
      break;
    }
    case Need::home_care_exit: {
      r.care = CareStatus::independent;
      const PatientRef who = ref(shard, local, 0);
      p.send(borough.process, kLookahead, [this, who](Process& q) { on_care_ended(q, who, false); });
      break;
    }
  }
  schedule_next_need(p, shard, local);
}

void World::schedule_next_gp_need(Process& p, Shard& shard) {
  if (shard.gp_total_rate <= 0) return;
  sim::RandomStream draw = stream(kGpEntityBase + static_cast<std::uint64_t>(shard.pcn), Purpose::gp, shard.gp_draws);
  const Time delay = std::llround(draw.exponential(shard.gp_total_rate));
  const auto s = static_cast<std::uint32_t>(&shard - shards_.data());
  p.schedule(delay, [this, s](Process& q) { on_gp_need(q, s); });
}

void World::on_gp_need(Process& p, std::uint32_t s) {
  Shard& shard = shards_[s];
  // The stream that timed this need (its first number) also says whose need it is and what happens.
  sim::RandomStream draw = stream(kGpEntityBase + static_cast<std::uint64_t>(shard.pcn), Purpose::gp, shard.gp_draws++);
  draw();
  double pick = draw.uniform() * shard.gp_total_rate;
  const GpClass* chosen = &shard.gp_classes.back();
  for (const GpClass& c : shard.gp_classes) {
    if (pick < c.weight) {
      chosen = &c;
      break;
    }
    pick -= c.weight;
  }
  const auto member = std::min(chosen->size - 1, static_cast<std::uint32_t>(draw.uniform() * chosen->size));
  const std::uint32_t local = chosen->begin + member;
  if (shard.at_home[local] != 0) handle_gp_need(p, shard, local, chosen->quintile, draw);
  schedule_next_gp_need(p, shard);
}

void World::handle_gp_need(Process& p, Shard& shard, std::uint32_t local, std::uint8_t quintile,
                           sim::RandomStream& draw) {
  const PrimaryCareParams& gp = params_.primary;
  const bool urgent = draw.bernoulli(gp.urgent_need_share);
  const std::int64_t today = p.now() / kDay;
  const auto urgent_wait = static_cast<std::int64_t>(gp.urgent_max_wait_days);
  const auto routine_wait = static_cast<std::int64_t>(gp.routine_max_wait_days);
  const bool count = in_results(p.now());

  // An urgent need first looks for a slot within the urgent wait; failing that, some go to A&E.
  std::int64_t day = urgent ? shard.book.book_urgent(today, urgent_wait) : shard.book.book_routine(today, routine_wait);
  if (day < 0 && urgent) {
    if (draw.bernoulli(gp.ae_instead_if_no_slot_probability)) {
      emergency(p, shard, local, Need::other_emergency);
      return;
    }
    day = shard.book.book_routine(today, routine_wait);
  }
  if (day < 0) {
    // No appointment within the routine wait: the need goes unmet, and the risk of an exacerbation rises.
    Resident& r = shard.residents[local];
    r.unmet_need_until =
        static_cast<std::int32_t>(p.now() + static_cast<Time>(params_.health.unmet_gp_need_effect_days * kDay));
    if (count) shard.tallies.add(shard.borough, quintile, kGpUnmet);
    redraw_need(p, shard, local);
    return;
  }
  if (count) {
    shard.tallies.add(shard.borough, quintile, kGpAppointments);
    shard.tallies.add(shard.borough, quintile, kPrimaryPence, pence(params_.costs.gp_appointment));
  }
}

void World::set_whereabouts(Shard& shard, std::uint32_t local, Whereabouts where) {
  shard.residents[local].whereabouts = where;
  shard.at_home[local] = where == Whereabouts::home ? 1 : 0;
}

// The resident's rates changed while at home: replace the pending event (exact, by memorylessness).
void World::redraw_need(Process& p, Shard& shard, std::uint32_t local) {
  p.cancel(shard.residents[local].next_need);
  schedule_next_need(p, shard, local);
}

void World::leave_home(Process& p, Shard& shard, std::uint32_t local) {
  // Harmless when the pending event is the one running now: its id is already stale.
  p.cancel(shard.residents[local].next_need);
  set_whereabouts(shard, local, Whereabouts::away);
}

void World::emergency(Process& p, Shard& shard, std::uint32_t local, Need need) {
  Resident& r = shard.residents[local];
  leave_home(p, shard, local);
  std::uint8_t flags = 0;
  if (need == Need::exacerbation) flags |= kFlagAcsc;
  if (need == Need::relapse) flags |= kFlagRelapse;
  if (need == Need::direct_admission) flags |= kFlagDirect;
  if (p.now() < r.discharged_at + static_cast<Time>(params_.acute.readmission_window_days * kDay)) {
    flags |= kFlagRecentDischarge;
  }
  const PatientRef who = ref(shard, local, flags);
  const std::uint32_t episode = r.draws++;
  sim::RandomStream draw = stream(r.id, Purpose::emergency, episode);
  if (need == Need::exacerbation && draw.bernoulli(effects_.ucr_referral_share)) {
    const sim::ProcessId borough = boroughs_[static_cast<std::size_t>(shard.borough)].process;
    p.send(borough, kLookahead, [this, who, episode](Process& q) { on_urgent_referral(q, who, episode); });
    return;
  }
  go_to_ae(p, who, episode);
}

void World::go_to_ae(Process& p, const PatientRef& who, std::uint32_t episode) {
  sim::RandomStream draw = stream(who.resident, Purpose::ae, episode);
  const std::vector<double>& shares = params_.boroughs[who.borough].site_shares;
  double pick = draw.uniform();
  int site = static_cast<int>(shares.size()) - 1;
  for (int k = 0; k < static_cast<int>(shares.size()); ++k) {
    if (pick < shares[static_cast<std::size_t>(k)]) {
      site = k;
      break;
    }
    pick -= shares[static_cast<std::size_t>(k)];
  }
  p.send(sites_[static_cast<std::size_t>(site)].process, kLookahead,
         [this, site, who, episode](Process& q) { on_ae_arrival(q, site, who, episode); });
}

void World::on_back_home(Process& p, const PatientRef& who, bool was_admitted) {
  Shard& shard = shard_of(who);
  Resident& r = shard.residents[who.local];
  set_whereabouts(shard, who.local, Whereabouts::home);
  if (was_admitted) r.discharged_at = static_cast<std::int32_t>(p.now() - kLookahead);
  schedule_next_need(p, shard, who.local);
}

void World::notify_borough_of_death(Process& p, const Shard& shard, std::uint32_t local) {
  const Resident& r = shard.residents[local];
  if (r.care == CareStatus::independent && !r.awaiting_care) return;
  const PatientRef who = ref(shard, local, 0);
  p.send(boroughs_[static_cast<std::size_t>(shard.borough)].process, kLookahead,
         [this, who](Process& q) { on_care_ended(q, who, true); });
}

void World::die_at_home(Process& p, Shard& shard, std::uint32_t local) {
  Resident& r = shard.residents[local];
  set_whereabouts(shard, local, Whereabouts::dead);
  if (in_results(p.now())) shard.tallies.add(shard.borough, r.quintile, kDeaths);
  notify_borough_of_death(p, shard, local);
}

void World::on_died_away(Process& p, const PatientRef& who) {
  Shard& shard = shard_of(who);
  set_whereabouts(shard, who.local, Whereabouts::dead);
  notify_borough_of_death(p, shard, who.local);
}

void World::on_care_started(Process& p, const PatientRef& who, CareKind kind) {
  Shard& shard = shard_of(who);
  Resident& r = shard.residents[who.local];
  if (r.whereabouts == Whereabouts::dead) return;  // the borough learns of the death by message
  r.care = kind == CareKind::care_home ? CareStatus::care_home : CareStatus::home_care;
  r.awaiting_care = false;
  if (r.whereabouts == Whereabouts::home) redraw_need(p, shard, who.local);  // rates change with care status
}

}  // namespace icsflow::models::detail
