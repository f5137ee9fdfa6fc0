// Borough services: urgent community response and the places downstream of hospital or home.
#include "borough_services.hpp"

#include <algorithm>
#include <cmath>

namespace icsflow::models::detail {

BoroughServices::BoroughServices(BoroughId id, sim::ProcessId process, const std::string& name,
                                 const BoroughCapacity& capacity, std::size_t boroughs, const Context& context,
                                 Routes& routes)
    : id_(id),
      process_(process),
      context_(context),
      routes_(routes),
      capacity_(capacity),
      ucr_capacity_per_day_(capacity.ucr_per_day),
      ucr_capacity_per_day_siloed_(capacity.ucr_per_day_siloed),
      tallies_(boroughs, context) {
  const auto resource = [&](const std::string& what, std::int64_t units) {
    return std::make_unique<sim::Resource>(name + " " + what, process, units, sim::QueueDiscipline::priority);
  };
  resources_[index(CareKind::home_care)] = resource("home care packages", capacity.home_care_packages);
  resources_[index(CareKind::care_home)] = resource("care home places", capacity.care_home_places);
  resources_[index(CareKind::rehab)] = resource("intermediate care beds", capacity.intermediate_care_beds);
  // Short-term support at home after a pathway-1 discharge.
  resources_[index(CareKind::reablement)] = resource("reablement", capacity.reablement);
  assessors_ = resource("hospital discharge assessments", capacity.assessors);
}

void BoroughServices::start(Process& p) {
  context_.at_each_new_year(p, [this](Process& q, std::size_t year) { grow(q, year); });
}

void BoroughServices::grow(Process& p, std::size_t year) {
  const double growth = context_.growth[year].care[id_.index()];
  const auto grown = [growth](std::int64_t units) {
    return static_cast<std::int64_t>(std::llround(static_cast<double>(units) * growth));
  };
  ucr_capacity_per_day_ = grown(capacity_.ucr_per_day);
  ucr_capacity_per_day_siloed_ = grown(capacity_.ucr_per_day_siloed);
  resource_of(CareKind::home_care).set_capacity(p, grown(capacity_.home_care_packages));
  resource_of(CareKind::care_home).set_capacity(p, grown(capacity_.care_home_places));
  resource_of(CareKind::rehab).set_capacity(p, grown(capacity_.intermediate_care_beds));
  resource_of(CareKind::reablement).set_capacity(p, grown(capacity_.reablement));
  assessors_->set_capacity(p, grown(capacity_.assessors));
}

const Holding* BoroughServices::holding(CareKind kind, std::uint32_t resident) const {
  const auto found = holdings_[index(kind)].find(resident);
  return found == holdings_[index(kind)].end() ? nullptr : &found->second;
}

bool BoroughServices::place_at_start(Process& p, const Resident& r) {
  const CareKind kind = r.care == CareStatus::care_home ? CareKind::care_home : CareKind::home_care;
  sim::Resource& places = resource_of(kind);
  const sim::SeizeOutcome outcome = places.seize(p, [](Process&, sim::Claim) {});
  if (outcome.status != sim::SeizeStatus::granted) {
    places.withdraw(p, outcome.claim);
    return false;
  }
  holdings_[index(kind)][r.id] = Holding{outcome.claim, 0, r.quintile, false};
  return true;
}

void BoroughServices::on_urgent_referral(Process& p, const PatientRef& who, std::uint32_t episode) {
  const std::int64_t today = p.now() / kDay;
  if (today != ucr_day_) {
    ucr_day_ = today;
    ucr_used_today_ = 0;
  }
  const std::int64_t capacity_today = std::llround(context_.ramped(
      static_cast<double>(ucr_capacity_per_day_siloed_), static_cast<double>(ucr_capacity_per_day_), p.now()));
  if (ucr_used_today_ >= capacity_today) {
    routes_.site(ae_site_for(context_, who, episode)).ae_arrival(p, who, episode);  // no 2-hour response today
    return;
  }
  ++ucr_used_today_;
  const bool count = context_.in_results(p.now());
  if (count) {
    tallies_.add(p.now(), who.borough, who.quintile, Measure::ucr_episodes);
    tallies_.add(p.now(), who.borough, who.quintile, Measure::cost_community_gbp,
                 pence(context_.params.costs.ucr_episode));
    if (ucr_used_today_ > ucr_capacity_per_day_siloed_) {  // above today's capacity: the lever's
      tallies_.add(p.now(), who.borough, who.quintile, Measure::cost_lever_admission_avoidance_gbp,
                   pence(context_.params.costs.ucr_episode));
    }
  }
  sim::RandomStream draw = context_.stream(who.resident, Purpose::social_care, episode);
  if (draw.bernoulli(context_.params.boroughs[id_.index()].ucr_admission_avoided_probability)) {
    if (count) tallies_.add(p.now(), who.borough, who.quintile, Measure::admissions_avoided_by_ucr);
    routes_.shard_of(who).back_home(p, who, false);
    return;
  }
  routes_.site(ae_site_for(context_, who, episode)).ae_arrival(p, who, episode);
}

void BoroughServices::on_discharge_referral(Process& p, const PatientRef& who, CareRequest referral) {
  switch (referral.pathway) {
    case 1:
      if (who.flags & kFlagHomeCare) {
        // The existing package restarts; only the hand-off (already elapsed) was needed.
        routes_.site(referral.site).ready_to_leave(p, referral.slot);
        return;
      }
      referral.kind = CareKind::reablement;
      break;
    case 2:
      referral.kind = CareKind::rehab;
      break;
    default:
      referral.kind = CareKind::care_home;
      break;
  }
  if (referral.assess_in_hospital) {
    assess(p, who, referral);
    return;
  }
  find_provider(p, who, referral);
}

// The hospital discharge team assesses the patient on the ward (social work, therapy): an assessor for
// assessment_days, in turn when all are busy; the place is sought once the assessment is done.
void BoroughServices::assess(Process& p, const PatientRef& who, CareRequest referral) {
  assessors_->seize(p, [this, who, referral](Process& q, sim::Claim claim) {
    assessments_[who.resident] = claim;
    const Time takes = std::max<Time>(1, std::llround(context_.params.social.assessment_days * kDay));
    q.schedule(
        takes, [this, who, referral](Process& r) { on_assessed(r, who, referral); }, sim::Priority::early);
  });
}

void BoroughServices::on_assessed(Process& p, const PatientRef& who, CareRequest referral) {
  const auto found = assessments_.find(who.resident);
  assessors_->release(p, found->second);
  assessments_.erase(found);
  find_provider(p, who, referral);
}

// A provider who takes the patient is found first (brokerage, the provider's own assessment, funding agreed,
// the family's choice of care home), whether or not places are free; meanwhile the patient waits in the bed for
// that place. Then the place is sought (request_care), and queued for when all are taken.
void BoroughServices::find_provider(Process& p, const PatientRef& who, CareRequest referral) {
  const double mean_days = context_.params.social.place_sourcing_days[referral.pathway];
  if (mean_days <= 0) {
    request_care(p, who, referral, 0);
    return;
  }
  routes_.site(referral.site).awaiting_place(p, referral.slot, waiting_reason(referral.kind));
  sim::RandomStream draw = context_.stream(who.resident, Purpose::place_sourcing, static_cast<std::uint64_t>(p.now()));
  const Time takes = std::max<Time>(kLookahead, std::llround(draw.exponential(1.0 / mean_days) * kDay));
  p.schedule(
      takes, [this, who, referral](Process& q) { request_care(q, who, referral, 0); }, sim::Priority::early);
}

void BoroughServices::on_community_care_request(Process& p, const PatientRef& who, CareKind kind) {
  request_care(p, who, CareRequest{.site = kFromCommunity, .kind = kind}, 1);
}

void BoroughServices::request_care(Process& p, const PatientRef& who, CareRequest request, std::int32_t priority) {
  auto& holdings = holdings_[index(request.kind)];
  const bool from_hospital = request.site != kFromCommunity;
  sim::Resource& places = resource_of(request.kind);

  // A request already open for this resident: a hospital discharge takes over a community request.
  if (const auto existing = holdings.find(who.resident); existing != holdings.end()) {
    if (!existing->second.queued) {
      if (from_hospital) routes_.site(request.site).ready_to_leave(p, request.slot);
      return;
    }
    if (!from_hospital) return;
    places.withdraw(p, existing->second.claim);
    holdings.erase(existing);
  }
  const sim::SeizeOutcome outcome = places.seize(
      p, [this, who, request](Process& q, sim::Claim claim) { on_care_granted(q, who, request, claim); }, priority);
  if (outcome.status == sim::SeizeStatus::queued) {
    holdings[who.resident] = Holding{outcome.claim, stamp(p.now()), who.quintile, true};
    if (from_hospital) routes_.site(request.site).awaiting_place(p, request.slot, waiting_reason(request.kind));
  }
}

// What a patient waiting in hospital for a place of this kind is recorded as waiting for.
NctrReason BoroughServices::waiting_reason(CareKind kind) {
  switch (kind) {
    case CareKind::care_home:
      return NctrReason::care_home;
    case CareKind::rehab:
      return NctrReason::rehab_bed;
    case CareKind::home_care:
    case CareKind::reablement:
      break;
  }
  return NctrReason::home_care;
}

// A place is granted (at once, or when one frees up): the hospital bed is released, and the care starts.
void BoroughServices::on_care_granted(Process& p, const PatientRef& who, CareRequest request, sim::Claim claim) {
  const CareKind granted = request.kind;
  if (abandoned_[index(granted)].erase(who.resident) > 0) {
    resource_of(granted).release(p, claim);  // the resident died before the grant ran
    return;
  }
  // A place granted at once (never queued) has no holding yet: this creates it, with the resident's quintile
  // (its cost, charge_holding, goes to the resident's deprivation quintile).
  Holding& holding = holdings_[index(granted)][who.resident];
  holding.claim = claim;
  holding.quintile = who.quintile;
  holding.since = stamp(p.now());
  holding.queued = false;
  const bool count = context_.in_results(p.now());
  if ((granted == CareKind::home_care || granted == CareKind::reablement) && count) {
    tallies_.add(p.now(), who.borough, who.quintile, Measure::care_packages_started);
  }
  if (granted == CareKind::care_home) {
    if (count) tallies_.add(p.now(), who.borough, who.quintile, Measure::care_home_admissions);
    // Moving in ends any home care: released in an early event of its own (a release may not run in the
    // seize's event, which can be a normal one), at once.
    p.schedule(
        0, [this, who](Process& q) { end_holding(q, CareKind::home_care, who.resident); }, sim::Priority::early);
  }
  if (request.site != kFromCommunity) routes_.site(request.site).ready_to_leave(p, request.slot);
  if (granted == CareKind::rehab) {
    const double days =
        context_.params.community.rehab_los_days + context_.assessment_days_after_discharge(request.pathway, p.now());
    const Time stay = std::max<Time>(kLookahead, std::llround(days * kDay));
    p.schedule(
        stay, [this, who](Process& q) { on_rehab_complete(q, who); }, sim::Priority::early);
    return;
  }
  if (granted == CareKind::reablement) {
    // Support at home after discharge; some go on to need long-term home care.
    const Time support = std::llround(
        (context_.params.social.reablement_days + context_.assessment_days_after_discharge(request.pathway, p.now())) *
        kDay);
    p.schedule(
        support, [this, who, claim](Process& q) { on_reablement_complete(q, who, claim); }, sim::Priority::early);
    return;
  }
  routes_.shard_of(who).care_started(p, who, granted);
}

// The cost of a place held from `holding.since` until `until`, for the part inside the results period.
void BoroughServices::charge_holding(CareKind kind, const Holding& holding, Time until) {
  const CostParams& costs = context_.params.costs;
  const auto weekly = [](double gbp_a_week) {
    return [gbp_a_week](Time minutes) { return pence(gbp_a_week * in_days(minutes) / 7); };
  };
  const auto charge = [&](Measure what, auto accrued) {
    tallies_.add_over(holding.since, until, id_, holding.quintile, what, accrued);
  };
  switch (kind) {
    case CareKind::home_care:
      charge(Measure::cost_social_care_gbp, weekly(costs.home_care_week));
      break;
    case CareKind::reablement:
      charge(Measure::cost_social_care_gbp, weekly(costs.reablement_week));
      break;
    case CareKind::care_home:
      charge(Measure::cost_social_care_gbp, weekly(costs.care_home_week));
      if (context_.params.policy.care_home_support.enabled) {  // the lever's programme, per resident a year
        const auto yearly = [gbp = context_.params.policy.care_home_support.cost_per_resident_year](Time minutes) {
          return pence(gbp * static_cast<double>(minutes) / kYear);
        };
        charge(Measure::cost_community_gbp, yearly);
        charge(Measure::cost_lever_care_home_support_gbp, yearly);
      }
      break;
    case CareKind::rehab:
      charge(Measure::cost_community_gbp,
             [&costs](Time minutes) { return pence(costs.intermediate_care_bed_day * in_days(minutes)); });
      break;
  }
}

void BoroughServices::end_holding(Process& p, CareKind kind, std::uint32_t resident) {
  auto& holdings = holdings_[index(kind)];
  const auto found = holdings.find(resident);
  if (found == holdings.end()) return;
  const Holding holding = found->second;
  holdings.erase(found);
  sim::Resource& places = resource_of(kind);
  if (holding.queued) {
    // A unit already passed to this claim (its grant not run yet) cannot be withdrawn: the grant gives it
    // back (on_care_granted).
    if (!places.withdraw(p, holding.claim)) abandoned_[index(kind)].insert(resident);
    return;
  }
  charge_holding(kind, holding, p.now());
  places.release(p, holding.claim);
}

void BoroughServices::on_care_ended(Process& p, const PatientRef& who, bool died) {
  end_holding(p, CareKind::home_care, who.resident);
  if (died) {
    end_holding(p, CareKind::care_home, who.resident);
    end_holding(p, CareKind::rehab, who.resident);
    end_holding(p, CareKind::reablement, who.resident);
  }
}

void BoroughServices::on_reablement_complete(Process& p, const PatientRef& who, sim::Claim claim) {
  const Holding* reablement = holding(CareKind::reablement, who.resident);
  if (reablement == nullptr || reablement->queued || reablement->claim.slot != claim.slot ||
      reablement->claim.generation != claim.generation) {
    return;  // ended already (death)
  }
  // Whether long-term care follows: a draw of its own, keyed by when this resident's reablement started (the
  // same in every scenario where it started then, unlike the resource's claim numbers).
  const auto started = static_cast<std::uint64_t>(reablement->since);
  end_holding(p, CareKind::reablement, who.resident);
  sim::RandomStream draw = context_.stream(who.resident, Purpose::reablement_outcome, started);
  if (draw.bernoulli(context_.params.social.reablement_to_long_term_probability)) {
    // Long-term home care is arranged while they are at home, ahead of people referred from home.
    request_care(p, who, CareRequest{.site = kFromCommunity, .kind = CareKind::home_care}, /*priority=*/0);
  }
}

void BoroughServices::on_rehab_complete(Process& p, const PatientRef& who) {
  end_holding(p, CareKind::rehab, who.resident);
  routes_.shard_of(who).back_home(p, who, true);
}

void BoroughServices::finish() {
  for (std::size_t kind = 0; kind < kCareKinds; ++kind) {
    // Integer (pence) sums: the map's iteration order does not change the totals.
    for (const auto& [resident, holding] : holdings_[kind]) {
      if (!holding.queued) charge_holding(static_cast<CareKind>(kind), holding, context_.results_end);
    }
  }
}

}  // namespace icsflow::models::detail
