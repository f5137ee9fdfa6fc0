// Acute sites: A&E, admission to a general & acute bed, length of stay, and discharge — including the
// days a medically fit patient keeps the bed while the next setting has no room (delayed discharge).
#include "acute_site.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/normal_distribution.hpp>

namespace icsflow::models::detail {

SiteId ae_site_for(const Context& context, const PatientRef& who, std::uint32_t episode) {
  sim::RandomStream draw = context.stream(who.resident, Purpose::ae, episode);
  return SiteId(pick(draw, context.params.boroughs[who.borough.index()].site_shares));
}

AcuteSite::AcuteSite(SiteId id, sim::ProcessId process, const std::string& name, SiteBeds beds, std::size_t sites,
                     std::size_t boroughs, const Context& context, Routes& routes, const ElectiveSetup& elective)
    : id_(id),
      process_(process),
      context_(context),
      routes_(routes),
      first_base_beds_(beds.base),
      first_escalation_beds_(beds.escalation),
      base_beds_(beds.base),
      escalation_beds_(beds.escalation),
      beds_(std::make_unique<sim::Resource>(name + " G&A beds", process, beds.base)),
      virtual_ward_(std::make_unique<sim::Resource>(
          name + " virtual ward", process,
          beds.virtual_ward + (context.full_effect_after > 0 ? 0 : beds.virtual_ward_added))),
      virtual_ward_today_(beds.virtual_ward),
      virtual_ward_added_(beds.virtual_ward_added),
      tallies_(boroughs, context),
      free_beds_elsewhere_(sites, 0),
      elective_(id, process, name, elective, sites, boroughs, context, routes) {}

void AcuteSite::start(Process& p) {
  elective_.start(p);
  p.schedule_at(
      context_.results_start, [this](Process& q) { record_census(q); }, sim::Priority::late);
  if (context_.params.policy.mutual_aid.enabled) {
    p.schedule(
        0, [this](Process& q) { share_bed_state(q); }, sim::Priority::late);
  }
  if (context_.full_effect_after > 0 && virtual_ward_added_ > 0) {
    p.schedule_at(context_.results_start, [this](Process& q) { open_virtual_ward_beds(q); });
  }
  context_.at_each_new_year(p, [this](Process& q, std::size_t year) { grow_beds(q, year); });
}

// The bed base grows with the bed days its catchment's ages imply (demography.hpp); escalation beds in proportion.
void AcuteSite::grow_beds(Process& p, std::size_t year) {
  const double growth = context_.growth[year].acute[id_.index()];
  base_beds_ = std::llround(static_cast<double>(first_base_beds_) * growth);
  escalation_beds_ = std::llround(static_cast<double>(first_escalation_beds_) * growth);
  sim::Resource& beds = *beds_;
  if (beds.capacity() < base_beds_ + elective_.lent()) beds.set_capacity(p, base_beds_ + elective_.lent());
  if (beds.capacity() > most_beds()) beds.set_capacity(p, most_beds());
}

// The lever's added virtual-ward beds open month by month as its effect ramps up (capacity build-up).
void AcuteSite::open_virtual_ward_beds(Process& p) {
  const std::int64_t open =
      virtual_ward_today_ + std::llround(static_cast<double>(virtual_ward_added_) * context_.ramp(p.now()));
  if (open > virtual_ward_->capacity()) virtual_ward_->set_capacity(p, open);
  if (open < virtual_ward_today_ + virtual_ward_added_) {
    p.schedule(30 * kDay, [this](Process& q) { open_virtual_ward_beds(q); });
  }
}

std::uint32_t AcuteSite::new_inpatient(Process& p, const PatientRef& who, std::uint32_t episode) {
  std::uint32_t slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(inpatients_.size());
    inpatients_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  inpatients_[slot] = Inpatient{who, sim::Claim{}, stamp(p.now()), -1, -1, episode, 0, true};
  return slot;
}

void AcuteSite::on_ae_arrival(Process& p, const PatientRef& who, std::uint32_t episode) {
  const AcuteParams& acute = context_.params.acute;
  if (who.flags & kFlagDirect) {
    // Referred straight to an assessment unit: no A&E attendance, a bed is sought at once.
    on_decision_to_admit(p, new_inpatient(p, who, episode));
    return;
  }
  sim::RandomStream draw = context_.stream(who.resident, Purpose::ae, episode);
  draw.uniform();  // the first number chose the site
  double admit_probability = acute.ae_admission_probability[who.age_band];
  if (who.flags & kFlagRelapse) admit_probability = acute.relapse_admission_probability;
  const bool admit = draw.bernoulli(admit_probability);
  boost::random::normal_distribution<double> normal;
  const double median = admit ? acute.ae_decision_median_hours : acute.ae_non_admitted_median_hours;
  const double sigma = admit ? acute.ae_decision_sigma : acute.ae_non_admitted_sigma;
  const Time in_department = std::max<Time>(1, std::llround(median * std::exp(sigma * normal(draw)) * kHour));
  const bool count = context_.in_results(p.now());
  if (count) {
    const CostParams& costs = context_.params.costs;
    tallies_.add(p.now(), who.borough, who.quintile, Measure::ae_attendances);
    tallies_.add(p.now(), who.borough, who.quintile, Measure::cost_acute_gbp,
                 pence(admit ? costs.ae_attendance_admitted : costs.ae_attendance_not_admitted));
  }

  if (!admit) {
    if (count && in_department > static_cast<Time>(acute.ae_4h_target_hours * kHour)) {
      tallies_.add(p.now(), who.borough, who.quintile, Measure::ae_4h_breaches);
    }
    routes_.shard_of(who).back_home(p, who, false, in_department);
    return;
  }
  const std::uint32_t slot = new_inpatient(p, who, episode);
  p.schedule(in_department, [this, slot](Process& q) { on_decision_to_admit(q, slot); });
}

void AcuteSite::on_decision_to_admit(Process& p, std::uint32_t slot) {
  Inpatient& patient = inpatients_[slot];
  const PatientRef who = patient.patient;
  // A virtual ward instead of a bed, if one is free, for its pathways: an exacerbation of a long-term
  // condition (respiratory, heart failure) or moderate or severe frailty.
  sim::Resource& ward = *virtual_ward_;
  const bool eligible = who.flags & kFlagAcsc || who.frailty >= context_.params.community.virtual_ward_min_frailty;
  if (eligible && ward.in_use() < ward.capacity()) {
    patient.bed = ward.seize(p, [](Process&, sim::Claim) {}).claim;
    patient.virtual_ward = true;
    patient.admitted_at = stamp(p.now());
    if (context_.in_results(p.now())) {
      tallies_.add(p.now(), who.borough, who.quintile, Measure::virtual_ward_admissions);
      if (who.flags & kFlagAcsc)
        tallies_.add(p.now(), who.borough, who.quintile, Measure::virtual_ward_acsc_admissions);
    }
    const Time stay = std::max<Time>(kLookahead, std::llround(context_.params.community.virtual_ward_los_days * kDay));
    p.schedule(
        stay, [this, slot](Process& q) { on_virtual_ward_end(q, slot); }, sim::Priority::early);
    return;
  }
  ++waiting_for_bed_;
  sim::Resource& beds = *beds_;
  // Rather than leave them in A&E: open an escalation bed or, with all open, put them in an elective bed (an outlier).
  if (beds.in_use() >= beds.capacity() && (beds.capacity() < most_beds() || elective_.lend_bed(p))) {
    beds.set_capacity(p, beds.capacity() + 1);
  }
  const sim::SeizeOutcome outcome =
      beds.seize(p, [this, slot](Process& q, sim::Claim bed) { on_admitted(q, slot, bed); });
  if (outcome.status == sim::SeizeStatus::queued) {
    patient.bed = outcome.claim;
    const PolicyParams::MutualAid& aid = context_.params.policy.mutual_aid;
    if (aid.enabled && !(who.flags & kFlagTransferred)) {
      const sim::Claim claim = outcome.claim;
      p.schedule(std::llround(aid.wait_hours_before_transfer * kHour),
                 [this, slot, claim](Process& q) { on_transfer_check(q, slot, claim); });
    }
  }
}

// Each virtual-ward patient who would otherwise be in a bed comes with (1 - s) / s who would not: the
// service's whole cost (per patient day) is carried by the admissions it replaces. (The 0.05 only guards
// the division: the evidence range of s starts at 0.1.)
std::int64_t AcuteSite::virtual_ward_cost_pence(Time minutes) const {
  return pence(context_.params.costs.virtual_ward_day * in_days(minutes) /
               std::max(0.05, context_.effects.virtual_ward_substitution));
}

// A virtual-ward stay's cost, for its part inside the results period, and the lever's share of it: every bed is
// used alike, so the beds the lever added (open now) carry their share of the ward's patients.
void AcuteSite::count_virtual_ward_stay(const Inpatient& patient, Time until) {
  const PatientRef& who = patient.patient;
  const auto cost = [this](Time minutes) { return virtual_ward_cost_pence(minutes); };
  tallies_.add_over(patient.admitted_at, until, who.borough, who.quintile, Measure::cost_community_gbp, cost);
  const std::int64_t open = virtual_ward_->capacity();
  if (open <= virtual_ward_today_) return;
  const double added = static_cast<double>(open - virtual_ward_today_) / static_cast<double>(open);
  tallies_.add_over(patient.admitted_at, until, who.borough, who.quintile, Measure::cost_lever_admission_avoidance_gbp,
                    [this, added](Time minutes) {
                      return std::llround(added * static_cast<double>(virtual_ward_cost_pence(minutes)));
                    });
}

void AcuteSite::on_virtual_ward_end(Process& p, std::uint32_t slot) {
  Inpatient& patient = inpatients_[slot];
  const PatientRef who = patient.patient;
  count_virtual_ward_stay(patient, p.now());
  virtual_ward_->release(p, patient.bed);
  patient.in_use = false;
  patient.virtual_ward = false;
  free_slots_.push_back(slot);
  // The same risk of dying as the admission it replaces (the same draw, by common random numbers).
  sim::RandomStream draw = context_.stream(who.resident, Purpose::discharge, patient.episode);
  if (draw.bernoulli(context_.params.acute.in_hospital_death_probability[who.age_band])) {
    if (context_.in_results(p.now())) tallies_.add(p.now(), who.borough, who.quintile, Measure::deaths);
    routes_.shard_of(who).died_away(p, who);
    return;
  }
  routes_.shard_of(who).back_home(p, who, true);
}

// Mutual aid: still waiting for a bed after the threshold, the patient moves to the site with the most
// free beds when it last said so — if any has one.
void AcuteSite::on_transfer_check(Process& p, std::uint32_t slot, sim::Claim waiting) {
  Inpatient& patient = inpatients_[slot];
  // The claim tells whether this is still the same patient (the slot may have been reused) still waiting.
  if (!patient.in_use || patient.admitted_at >= 0 || patient.bed.slot != waiting.slot ||
      patient.bed.generation != waiting.generation) {
    return;
  }
  bool found = false;
  SiteId best;
  for (const SiteId other : free_beds_elsewhere_.ids()) {
    if (other == id_ || free_beds_elsewhere_[other] <= 0) continue;
    if (!found || free_beds_elsewhere_[other] > free_beds_elsewhere_[best]) {
      best = other;
      found = true;
    }
  }
  if (!found || !beds_->withdraw(p, patient.bed)) return;
  --free_beds_elsewhere_[best];  // until the next report
  --waiting_for_bed_;
  PatientRef who = patient.patient;
  who.flags |= kFlagTransferred;
  const std::uint32_t episode = patient.episode;
  const std::int32_t arrived_at = patient.arrived_at;
  patient.in_use = false;
  free_slots_.push_back(slot);
  if (context_.in_results(p.now())) tallies_.add(p.now(), who.borough, who.quintile, Measure::mutual_aid_transfers);
  const Time transfer =
      std::max<Time>(kLookahead, std::llround(context_.params.policy.mutual_aid.transfer_hours * kHour));
  routes_.site(best).transfer_arrival(p, transfer, who, episode, arrived_at);
}

void AcuteSite::on_transfer_arrival(Process& p, const PatientRef& who, std::uint32_t episode, std::int32_t arrived_at) {
  const std::uint32_t slot = new_inpatient(p, who, episode);
  inpatients_[slot].arrived_at = arrived_at;  // the 4-hour clock started at the first site
  on_decision_to_admit(p, slot);
}

// Every few hours (bed_state_report_hours) each site tells the others how many beds it could still fill.
void AcuteSite::share_bed_state(Process& p) {
  const std::int64_t free_beds = most_beds() - beds_->in_use() - beds_->queue_length();
  for (const SiteId other : free_beds_elsewhere_.ids()) {
    if (other != id_) routes_.site(other).bed_state(p, id_, free_beds);
  }
  p.schedule(
      std::llround(context_.params.acute.bed_state_report_hours * kHour), [this](Process& q) { share_bed_state(q); },
      sim::Priority::late);
}

void AcuteSite::on_admitted(Process& p, std::uint32_t slot, sim::Claim bed) {
  Inpatient& patient = inpatients_[slot];
  const PatientRef& who = patient.patient;
  const AcuteParams& acute = context_.params.acute;
  --waiting_for_bed_;
  patient.bed = bed;
  patient.admitted_at = stamp(p.now());
  // The A&E clock runs from arrival to leaving the department for a bed; a breach counts in the year of the
  // arrival, as the attendance does.
  if (!(who.flags & kFlagDirect) && context_.in_results(patient.arrived_at)) {
    if (p.now() - patient.arrived_at > static_cast<Time>(acute.ae_4h_target_hours * kHour)) {
      tallies_.add(patient.arrived_at, who.borough, who.quintile, Measure::ae_4h_breaches);
    }
  }
  if (context_.in_results(p.now())) {
    tallies_.add(p.now(), who.borough, who.quintile, Measure::emergency_admissions);
    if (who.flags & kFlagAcsc) tallies_.add(p.now(), who.borough, who.quintile, Measure::acsc_admissions);
    if (who.flags & kFlagRecentDischarge) tallies_.add(p.now(), who.borough, who.quintile, Measure::readmissions_30d);
  }

  sim::RandomStream draw = context_.stream(who.resident, Purpose::stay, patient.episode);
  Time stay = 0;
  if (draw.bernoulli(acute.zero_day_stay_share[who.age_band])) {
    patient.zero_day = true;
    if (context_.in_results(p.now())) tallies_.add(p.now(), who.borough, who.quintile, Measure::zero_day_admissions);
    const double shortest = acute.zero_day_stay_min_hours;
    stay = std::llround((shortest + (acute.zero_day_stay_max_hours - shortest) * draw.uniform()) * kHour);
  } else {
    // Stays of a day or more: one day plus a lognormal remainder, so that the mean is the clinical mean (longer
    // in the months whose stays are).
    const double mean_days = acute.clinical_los_nonzero_days[who.age_band] *
                             context_.rates.los_frailty[who.age_band][who.frailty] *
                             context_.seasons.at(Season::stay, p.now());
    const double remainder_mean = std::max(0.05, mean_days - 1.0);  // a guard: no baseline mean is near 1 day
    const double sigma = acute.los_sigma;
    boost::random::normal_distribution<double> normal;
    const double remainder = remainder_mean * std::exp(sigma * normal(draw) - sigma * sigma / 2);
    stay = kDay + std::llround(remainder * kDay);
  }
  p.schedule(
      stay, [this, slot](Process& q) { on_medically_fit(q, slot); }, sim::Priority::early);
}

// A zero-day stay is costed as a short-stay spell; longer stays by the bed day, for the part of the
// stay inside the results period.
std::int64_t AcuteSite::stay_cost_pence(const Inpatient& patient, Time bed_minutes) const {
  if (patient.zero_day) return bed_minutes > 0 ? pence(context_.params.costs.zero_day_spell) : 0;
  return pence(context_.params.costs.bed_day * static_cast<double>(bed_minutes) / kDay);
}

// Bed days, delayed days and cost of a stay from admission until `until`, inside the results period.
void AcuteSite::count_stay(const Inpatient& patient, Time until) {
  const PatientRef& who = patient.patient;
  tallies_.add_over(patient.admitted_at, until, who.borough, who.quintile, Measure::bed_days);
  if (patient.zero_day)
    tallies_.add_over(patient.admitted_at, until, who.borough, who.quintile, Measure::zero_day_bed_days);
  tallies_.add_over(patient.admitted_at, until, who.borough, who.quintile, Measure::cost_acute_gbp,
                    [&](Time minutes) { return stay_cost_pence(patient, minutes); });
  if (patient.fit_at >= 0) {
    tallies_.add_over(patient.fit_at, until, who.borough, who.quintile, Measure::delayed_discharge_bed_days);
  }
}

void AcuteSite::release_bed(Process& p, std::uint32_t slot) {
  Inpatient& patient = inpatients_[slot];
  count_stay(patient, p.now());
  if (patient.fit_at >= 0) {
    --medically_fit_;
    --waiting_for_[static_cast<std::size_t>(patient.waiting_for)];
  }
  sim::Resource& beds = *beds_;
  beds.release(p, patient.bed);
  if (beds.in_use() < beds.capacity()) {
    if (elective_.lent() > 0) {  // an outlier moves back from the elective bed (the bed freed here takes them)
      beds.set_capacity(p, beds.capacity() - 1);
      elective_.take_back_bed(p);
    } else if (beds.capacity() > base_beds_) {
      beds.set_capacity(p, beds.capacity() - 1);  // an escalation bed stands empty: close it
    }
  }
  patient.in_use = false;
  free_slots_.push_back(slot);
}

// A medically fit patient's reason for still being in the bed (NHS England's categories) changes.
void AcuteSite::wait_for(Inpatient& patient, NctrReason reason) {
  if (patient.fit_at < 0) return;
  --waiting_for_[static_cast<std::size_t>(patient.waiting_for)];
  ++waiting_for_[static_cast<std::size_t>(reason)];
  patient.waiting_for = reason;
}

void AcuteSite::on_medically_fit(Process& p, std::uint32_t slot) {
  Inpatient& patient = inpatients_[slot];
  const PatientRef who = patient.patient;
  sim::RandomStream draw = context_.stream(who.resident, Purpose::discharge, patient.episode);

  if (draw.bernoulli(context_.params.acute.in_hospital_death_probability[who.age_band])) {
    if (context_.in_results(p.now())) tallies_.add(p.now(), who.borough, who.quintile, Measure::deaths);
    release_bed(p, slot);
    routes_.shard_of(who).died_away(p, who);
    return;
  }

  const SocialCareParams& social = context_.params.social;
  const ByPathway& shares = social.pathway_shares[who.age_band];
  double u = draw.uniform();
  std::uint8_t pathway = 0;
  for (std::uint8_t k = 1; k < kDischargePathways; ++k) {
    // Pathways 3, 2, 1 are drawn first so that pathway 0 takes the rounding remainder.
    const auto candidate = static_cast<std::uint8_t>(kDischargePathways - k);
    if (u < shares[candidate]) {
      pathway = candidate;
      break;
    }
    u -= shares[candidate];
  }
  // Zero-day stays go home; care home residents return to their care home.
  if (patient.zero_day || (who.flags & kFlagCareHome)) pathway = 0;
  patient.pathway = pathway;

  if (patient.zero_day) {  // same-day emergency care: no criteria-to-reside wait is recorded
    leave(p, slot);
    return;
  }
  // Medically fit: no criteria to reside from now on, and the bed stays occupied until the patient leaves.
  patient.fit_at = stamp(p.now());
  ++medically_fit_;
  ++waiting_for_[static_cast<std::size_t>(patient.waiting_for)];
  if (pathway == 0) {
    // Home with no new support once the hospital's own steps are done: the discharge summary, medicines
    // to take out or transport (whichever is the last to be waited for), then the discharge window.
    const auto& steps = social.discharge_process_shares;
    const double pick = draw.uniform();
    const NctrReason step = pick < steps[0]              ? NctrReason::discharge_summary
                            : pick < steps[0] + steps[1] ? NctrReason::medicines
                                                         : NctrReason::transport;
    wait_for(patient, step);
    const Time process = std::llround(draw.exponential(1.0 / social.discharge_process_hours) * kHour);
    p.schedule(
        process, [this, slot](Process& q) { leave_in_window(q, slot); }, sim::Priority::early);
    return;
  }
  // Support needed: referral, assessment and a place downstream. Hand-offs are shortened by shared records
  // (handoffs lever); with discharge to assess part of them, and the assessment, happen after leaving
  // hospital, at home or in the placement (see BoroughServices).
  wait_for(patient, NctrReason::referral);
  const double mean_handoff_days = context_.handoff_days_in_hospital(pathway, p.now());
  // (1e-6 days guards the division when discharge to assess moves the whole hand-off.)
  const Time handoff =
      std::max<Time>(kLookahead, std::llround(draw.exponential(1.0 / std::max(mean_handoff_days, 1e-6)) * kDay));
  const bool package_restarts = pathway == 1 && (who.flags & kFlagHomeCare);
  const bool assessed_here =
      !package_restarts && !draw.bernoulli(context_.ramped(0, context_.effects.assessment_moved_share, p.now()));
  if (assessed_here) {
    p.schedule(handoff, [this, slot](Process&) { wait_for(inpatients_[slot], NctrReason::assessment); });
  }
  const CareRequest referral{.slot = slot,
                             .site = id_,
                             .pathway = static_cast<std::uint8_t>(pathway & 0x7f),
                             .assess_in_hospital = assessed_here};
  routes_.borough_of(who).discharge_referral(p, handoff, who, referral);
}

// The borough could not offer a place at once: the patient waits for it.
void AcuteSite::on_awaiting_place(std::uint32_t slot, NctrReason reason) {
  Inpatient& patient = inpatients_[slot];
  if (patient.in_use) wait_for(patient, reason);
}

void AcuteSite::on_ready_to_leave(Process& p, std::uint32_t slot) {
  wait_for(inpatients_[slot], NctrReason::transport);
  leave_in_window(p, slot);
}

void AcuteSite::leave_in_window(Process& p, std::uint32_t slot) {
  const Time wait = context_.until_discharge_window(p.now());
  if (wait == 0) {
    leave(p, slot);
    return;
  }
  p.schedule(
      wait, [this, slot](Process& q) { leave(q, slot); }, sim::Priority::early);
}

void AcuteSite::leave(Process& p, std::uint32_t slot) {
  const PatientRef who = inpatients_[slot].patient;
  const std::uint8_t pathway = inpatients_[slot].pathway;
  release_bed(p, slot);
  // Pathway 2 goes on to an intermediate care bed; the borough sends them home when rehab ends.
  if (pathway != 2) routes_.shard_of(who).back_home(p, who, true);
}

void AcuteSite::record_census(Process& p) {
  if (p.now() >= context_.results_end) return;
  DailyRow row;
  row.day = static_cast<int>((p.now() - context_.results_start) / kDay);
  row.month = static_cast<int>(context_.seasons.month_of(context_.results_start + row.day * kDay)) + 1;
  row.site = static_cast<int>(id_.index());
  row.beds_available = beds_->capacity();
  row.beds_occupied = beds_->in_use();
  row.beds_occupied_medically_fit = medically_fit_;
  row.nctr = waiting_for_;
  row.waiting_for_bed = waiting_for_bed_;
  row.outliers = elective_.lent();
  row.elective_beds = elective_.beds().capacity();
  row.elective_beds_occupied = elective_.beds().in_use() - row.outliers;
  daily_.push_back(row);
  p.schedule(
      kDay, [this](Process& q) { record_census(q); }, sim::Priority::late);
}

void AcuteSite::finish() {
  elective_.finish();
  const Time breach_after = std::llround(context_.params.acute.ae_4h_target_hours * kHour);
  for (const Inpatient& patient : inpatients_) {
    if (!patient.in_use) continue;
    // Still in A&E at the end: a patient who has been there longer than 4 hours has breached, whenever they leave.
    if (patient.admitted_at < 0) {
      const PatientRef& who = patient.patient;
      if (!(who.flags & kFlagDirect) && context_.in_results(patient.arrived_at) &&
          context_.results_end - patient.arrived_at > breach_after)
        tallies_.add(patient.arrived_at, who.borough, who.quintile, Measure::ae_4h_breaches);
      continue;
    }
    // Stays still going on at the end count for the part inside the results period.
    if (patient.virtual_ward) {
      count_virtual_ward_stay(patient, context_.results_end);
    } else {
      count_stay(patient, context_.results_end);
    }
  }
}

}  // namespace icsflow::models::detail
