// Acute sites: A&E, admission to a general & acute bed, length of stay, and discharge — including the
// days a medically fit patient keeps the bed while the next setting has no room (delayed discharge).
#include <algorithm>
#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "world.hpp"

namespace icsflow::models::detail {

Time World::clip_minutes(Time from, Time to) const {
  return std::max<Time>(0, std::min(to, results_end_) - std::max(from, results_start_));
}

std::uint32_t World::new_inpatient(Process& p, Site& site, const PatientRef& who, std::uint32_t episode) {
  std::uint32_t slot = 0;
  if (site.free_slots.empty()) {
    slot = static_cast<std::uint32_t>(site.inpatients.size());
    site.inpatients.emplace_back();
  } else {
    slot = site.free_slots.back();
    site.free_slots.pop_back();
  }
  site.inpatients[slot] = Inpatient{who, sim::Claim{}, static_cast<std::int32_t>(p.now()), -1, -1, episode, 0, true};
  return slot;
}

void World::on_ae_arrival(Process& p, int site_index, const PatientRef& who, std::uint32_t episode) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  const AcuteParams& acute = params_.acute;
  if (who.flags & kFlagDirect) {
    // Referred straight to an assessment unit: no A&E attendance, a bed is sought at once.
    const std::uint32_t slot = new_inpatient(p, site, who, episode);
    on_decision_to_admit(p, site_index, slot);
    return;
  }
  sim::RandomStream draw = stream(who.resident, Purpose::ae, episode);
  draw.uniform();  // the first number chose the site
  double admit_probability = acute.ae_admission_probability[who.age_band];
  if (who.flags & kFlagRelapse) admit_probability = acute.relapse_admission_probability;
  const bool admit = draw.bernoulli(admit_probability);
  boost::random::normal_distribution<double> normal;
  const double median = admit ? acute.ae_decision_median_hours : acute.ae_non_admitted_median_hours;
  const double sigma = admit ? acute.ae_decision_sigma : acute.ae_non_admitted_sigma;
  const Time in_department = std::max<Time>(1, std::llround(median * std::exp(sigma * normal(draw)) * kHour));
  const bool count = in_results(p.now());
  if (count) {
    const CostParams& costs = params_.costs;
    site.tallies.add(who.borough, who.quintile, kAeAttendances);
    site.tallies.add(who.borough, who.quintile, kAcutePence,
                     pence(admit ? costs.ae_attendance_admitted : costs.ae_attendance_not_admitted));
  }

  if (!admit) {
    if (count && in_department > static_cast<Time>(acute.ae_4h_target_hours * kHour)) {
      site.tallies.add(who.borough, who.quintile, kAeBreaches);
    }
    const sim::ProcessId home = shards_[who.shard].process;
    p.send(home, in_department + kLookahead, [this, who](Process& q) { on_back_home(q, who, false); });
    return;
  }
  const std::uint32_t slot = new_inpatient(p, site, who, episode);
  p.schedule(in_department, [this, site_index, slot](Process& q) { on_decision_to_admit(q, site_index, slot); });
}

void World::on_decision_to_admit(Process& p, int site_index, std::uint32_t slot) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  Inpatient& patient = site.inpatients[slot];
  const PatientRef who = patient.patient;
  // Admission avoidance: an exacerbation, or anyone 75 or over, goes to a virtual ward if one is free.
  sim::Resource& ward = *site.virtual_ward;
  if ((who.flags & kFlagAcsc || who.age_band >= 6) && ward.in_use() < ward.capacity()) {
    patient.bed = ward.seize(p, [](Process&, sim::Claim) {}).claim;
    patient.virtual_ward = true;
    patient.admitted_at = static_cast<std::int32_t>(p.now());
    if (in_results(p.now())) site.tallies.add(who.borough, who.quintile, kVirtualWardAdmissions);
    const Time stay = std::max<Time>(kLookahead, std::llround(params_.community.virtual_ward_los_days * kDay));
    p.schedule(
        stay, [this, site_index, slot](Process& q) { on_virtual_ward_end(q, site_index, slot); }, sim::Priority::early);
    return;
  }
  ++site.waiting_for_bed;
  sim::Resource& beds = *site.beds;
  if (beds.in_use() >= beds.capacity() && beds.capacity() < site.base_beds + site.escalation_beds) {
    beds.set_capacity(p, beds.capacity() + 1);  // open an escalation bed rather than leave them in A&E
  }
  const sim::SeizeOutcome outcome =
      beds.seize(p, [this, site_index, slot](Process& q, sim::Claim bed) { on_admitted(q, site_index, slot, bed); });
  if (outcome.status == sim::SeizeStatus::queued) {
    patient.bed = outcome.claim;
    const PolicyParams::MutualAid& aid = params_.policy.mutual_aid;
    if (aid.enabled && !(who.flags & kFlagTransferred)) {
      const sim::Claim claim = outcome.claim;
      p.schedule(std::llround(aid.wait_hours_before_transfer * kHour),
                 [this, site_index, slot, claim](Process& q) { on_transfer_check(q, site_index, slot, claim); });
    }
  }
}

void World::on_virtual_ward_end(Process& p, int site_index, std::uint32_t slot) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  Inpatient& patient = site.inpatients[slot];
  const PatientRef who = patient.patient;
  // Each virtual-ward patient who would otherwise be in a bed comes with (1 - s) / s who would not: the
  // service's whole cost is carried by the admissions it replaces.
  const double days = static_cast<double>(clip_minutes(patient.admitted_at, p.now())) / kDay;
  site.tallies.add(who.borough, who.quintile, kCommunityPence,
                   pence(params_.costs.virtual_ward_day * days / std::max(0.05, effects_.virtual_ward_substitution)));
  site.virtual_ward->release(p, patient.bed);
  patient.in_use = false;
  patient.virtual_ward = false;
  site.free_slots.push_back(slot);
  // The same risk of dying as the admission it replaces (the same draw, by common random numbers).
  sim::RandomStream draw = stream(who.resident, Purpose::discharge, patient.episode);
  if (draw.bernoulli(params_.acute.in_hospital_death_probability[who.age_band])) {
    if (in_results(p.now())) site.tallies.add(who.borough, who.quintile, kDeaths);
    p.send(shards_[who.shard].process, kLookahead, [this, who](Process& q) { on_died_away(q, who); });
    return;
  }
  p.send(shards_[who.shard].process, kLookahead, [this, who](Process& q) { on_back_home(q, who, true); });
}

// Mutual aid: still waiting for a bed after the threshold, the patient moves to the site with the most
// free beds when it last said so — if any has one.
void World::on_transfer_check(Process& p, int site_index, std::uint32_t slot, sim::Claim waiting) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  Inpatient& patient = site.inpatients[slot];
  // The claim tells whether this is still the same patient (the slot may have been reused) still waiting.
  if (!patient.in_use || patient.admitted_at >= 0 || patient.bed.slot != waiting.slot ||
      patient.bed.generation != waiting.generation) {
    return;
  }
  int best = -1;
  for (int other = 0; other < static_cast<int>(sites_.size()); ++other) {
    if (other == site_index || site.free_beds_elsewhere[static_cast<std::size_t>(other)] <= 0) continue;
    if (best < 0 || site.free_beds_elsewhere[static_cast<std::size_t>(other)] >
                        site.free_beds_elsewhere[static_cast<std::size_t>(best)]) {
      best = other;
    }
  }
  if (best < 0 || !site.beds->withdraw(p, patient.bed)) return;
  --site.free_beds_elsewhere[static_cast<std::size_t>(best)];  // until the next report
  --site.waiting_for_bed;
  PatientRef who = patient.patient;
  who.flags |= kFlagTransferred;
  const std::uint32_t episode = patient.episode;
  const std::int32_t arrived_at = patient.arrived_at;
  patient.in_use = false;
  site.free_slots.push_back(slot);
  if (in_results(p.now())) site.tallies.add(who.borough, who.quintile, kTransfers);
  const Time transfer = std::max<Time>(kLookahead, std::llround(params_.policy.mutual_aid.transfer_hours * kHour));
  // The receiving site is the process that runs the message (keeps the event within 32 bytes).
  p.send(sites_[static_cast<std::size_t>(best)].process, transfer, [this, who, episode, arrived_at](Process& q) {
    on_transfer_arrival(q, static_cast<int>(q.id() - sites_.front().process), who, episode, arrived_at);
  });
}

void World::on_transfer_arrival(Process& p, int site_index, const PatientRef& who, std::uint32_t episode,
                                std::int32_t arrived_at) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  const std::uint32_t slot = new_inpatient(p, site, who, episode);
  site.inpatients[slot].arrived_at = arrived_at;  // the 4-hour clock started at the first site
  on_decision_to_admit(p, site_index, slot);
}

// Every six hours each site tells the others how many beds it could still fill.
void World::share_bed_state(Process& p, int site_index) {
  const Site& site = sites_[static_cast<std::size_t>(site_index)];
  const std::int64_t free_beds =
      site.base_beds + site.escalation_beds - site.beds->in_use() - site.beds->queue_length();
  for (int other = 0; other < static_cast<int>(sites_.size()); ++other) {
    if (other == site_index) continue;
    p.send(sites_[static_cast<std::size_t>(other)].process, kLookahead, [this, other, site_index, free_beds](Process&) {
      sites_[static_cast<std::size_t>(other)].free_beds_elsewhere[static_cast<std::size_t>(site_index)] = free_beds;
    });
  }
  p.schedule(
      6 * kHour, [this, site_index](Process& q) { share_bed_state(q, site_index); }, sim::Priority::late);
}

void World::on_admitted(Process& p, int site_index, std::uint32_t slot, sim::Claim bed) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  Inpatient& patient = site.inpatients[slot];
  const PatientRef& who = patient.patient;
  const AcuteParams& acute = params_.acute;
  --site.waiting_for_bed;
  patient.bed = bed;
  patient.admitted_at = static_cast<std::int32_t>(p.now());
  // The A&E clock runs from arrival to leaving the department for a bed.
  if (!(who.flags & kFlagDirect) && in_results(patient.arrived_at)) {
    if (p.now() - patient.arrived_at > static_cast<Time>(acute.ae_4h_target_hours * kHour)) {
      site.tallies.add(who.borough, who.quintile, kAeBreaches);
    }
  }
  if (in_results(p.now())) {
    site.tallies.add(who.borough, who.quintile, kEmergencyAdmissions);
    if (who.flags & kFlagAcsc) site.tallies.add(who.borough, who.quintile, kAcscAdmissions);
    if (who.flags & kFlagRecentDischarge) site.tallies.add(who.borough, who.quintile, kReadmissions);
  }

  sim::RandomStream draw = stream(who.resident, Purpose::stay, patient.episode);
  Time stay = 0;
  if (draw.bernoulli(acute.zero_day_stay_share[who.age_band])) {
    patient.zero_day = true;
    if (in_results(p.now())) site.tallies.add(who.borough, who.quintile, kZeroDayAdmissions);
    stay = std::llround((2.0 + 18.0 * draw.uniform()) * kHour);  // zero-day stays: 2 to 20 hours (assumption)
  } else {
    // Stays of a day or more: one day plus a lognormal remainder, so that the mean is the clinical mean.
    const double mean_days =
        acute.clinical_los_nonzero_days[who.age_band] * rates_.los_frailty[who.age_band][who.frailty];
    const double remainder_mean = std::max(0.05, mean_days - 1.0);
    const double sigma = acute.los_sigma;
    boost::random::normal_distribution<double> normal;
    const double remainder = remainder_mean * std::exp(sigma * normal(draw) - sigma * sigma / 2);
    stay = kDay + std::llround(remainder * kDay);
  }
  p.schedule(
      stay, [this, site_index, slot](Process& q) { on_medically_fit(q, site_index, slot); }, sim::Priority::early);
}

// A zero-day stay is costed as a short-stay spell; longer stays by the bed day, for the part of the
// stay inside the results period.
std::int64_t World::stay_cost_pence(const Inpatient& patient, Time bed_minutes) const {
  if (patient.zero_day) return bed_minutes > 0 ? pence(params_.costs.zero_day_spell) : 0;
  return pence(params_.costs.bed_day * static_cast<double>(bed_minutes) / kDay);
}

void World::release_bed(Process& p, Site& site, std::uint32_t slot) {
  Inpatient& patient = site.inpatients[slot];
  const PatientRef& who = patient.patient;
  const Time bed_minutes = clip_minutes(patient.admitted_at, p.now());
  site.tallies.add(who.borough, who.quintile, kBedMinutes, bed_minutes);
  if (patient.zero_day) site.tallies.add(who.borough, who.quintile, kZeroDayBedMinutes, bed_minutes);
  site.tallies.add(who.borough, who.quintile, kAcutePence, stay_cost_pence(patient, bed_minutes));
  if (patient.fit_at >= 0) {
    site.tallies.add(who.borough, who.quintile, kDelayedMinutes, clip_minutes(patient.fit_at, p.now()));
    --site.medically_fit;
  }
  sim::Resource& beds = *site.beds;
  beds.release(p, patient.bed);
  if (beds.capacity() > site.base_beds && beds.in_use() < beds.capacity()) {
    beds.set_capacity(p, beds.capacity() - 1);  // an escalation bed stands empty: close it
  }
  patient.in_use = false;
  site.free_slots.push_back(slot);
}

void World::on_medically_fit(Process& p, int site_index, std::uint32_t slot) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  Inpatient& patient = site.inpatients[slot];
  const PatientRef who = patient.patient;
  const sim::ProcessId home = shards_[who.shard].process;
  sim::RandomStream draw = stream(who.resident, Purpose::discharge, patient.episode);

  if (draw.bernoulli(params_.acute.in_hospital_death_probability[who.age_band])) {
    if (in_results(p.now())) site.tallies.add(who.borough, who.quintile, kDeaths);
    release_bed(p, site, slot);
    p.send(home, kLookahead, [this, who](Process& q) { on_died_away(q, who); });
    return;
  }

  const SocialCareParams& social = params_.social;
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

  if (pathway == 0) {
    release_bed(p, site, slot);
    p.send(home, kLookahead, [this, who](Process& q) { on_back_home(q, who, true); });
    return;
  }
  // Medically fit but waiting: referral, assessment and a place downstream. The bed stays occupied.
  patient.fit_at = static_cast<std::int32_t>(p.now());
  ++site.medically_fit;
  // Hand-offs: shortened by shared records (handoffs lever); with discharge to assess part of them
  // happens after leaving hospital, at home or in the placement (see World::request_care).
  const double mean_handoff_days =
      social.handoff_days[pathway] * effects_.handoff_multiplier * (1 - effects_.assessment_moved_share);
  const Time handoff =
      std::max<Time>(kLookahead, std::llround(draw.exponential(1.0 / std::max(mean_handoff_days, 1e-6)) * kDay));
  const CareRequest referral{slot, static_cast<std::uint16_t>(site_index), pathway, CareKind::home_care};
  p.send(boroughs_[who.borough].process, handoff,
         [this, who, referral](Process& q) { on_discharge_referral(q, who, referral); });
}

void World::on_ready_to_leave(Process& p, int site_index, std::uint32_t slot) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  const PatientRef who = site.inpatients[slot].patient;
  const std::uint8_t pathway = site.inpatients[slot].pathway;
  release_bed(p, site, slot);
  // Pathway 2 goes on to an intermediate care bed; the borough sends them home when rehab ends.
  if (pathway != 2) {
    p.send(shards_[who.shard].process, kLookahead, [this, who](Process& q) { on_back_home(q, who, true); });
  }
}

void World::record_census(Process& p, int site_index) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  if (p.now() >= results_end_) return;
  DailyRow row;
  row.day = static_cast<int>((p.now() - results_start_) / kDay);
  row.site = site_index;
  row.beds_available = site.beds->capacity();
  row.beds_occupied = site.beds->in_use();
  row.beds_occupied_medically_fit = site.medically_fit;
  row.waiting_for_bed = site.waiting_for_bed;
  site.daily.push_back(row);
  p.schedule(
      kDay, [this, site_index](Process& q) { record_census(q, site_index); }, sim::Priority::late);
}

}  // namespace icsflow::models::detail
