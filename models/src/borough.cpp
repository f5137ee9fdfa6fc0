// Borough services: urgent community response (a daily referral capacity), and the places a resident
// may need downstream — home care packages, care home places, intermediate care (rehab) beds — shared
// between hospital discharges (served first) and people referred from home.
#include <algorithm>
#include <cmath>

#include "world.hpp"

namespace icsflow::models::detail {
namespace {

std::size_t index(CareKind kind) { return static_cast<std::size_t>(kind); }

}  // namespace

void World::on_urgent_referral(Process& p, const PatientRef& who, std::uint32_t episode) {
  Borough& borough = boroughs_[who.borough];
  const std::int64_t today = p.now() / kDay;
  if (today != borough.ucr_day) {
    borough.ucr_day = today;
    borough.ucr_used_today = 0;
  }
  if (borough.ucr_used_today >= borough.ucr_capacity_per_day) {
    go_to_ae(p, who, episode);  // no 2-hour response available today
    return;
  }
  ++borough.ucr_used_today;
  const bool count = in_results(p.now());
  if (count) {
    borough.tallies.add(who.borough, who.quintile, kUcrEpisodes);
    borough.tallies.add(who.borough, who.quintile, kCommunityPence, pence(params_.costs.ucr_episode));
  }
  sim::RandomStream draw = stream(who.resident, Purpose::social_care, episode);
  if (draw.bernoulli(params_.boroughs[who.borough].ucr_admission_avoided_probability)) {
    if (count) borough.tallies.add(who.borough, who.quintile, kUcrAvoided);
    p.send(shards_[who.shard].process, kLookahead, [this, who](Process& q) { on_back_home(q, who, false); });
    return;
  }
  go_to_ae(p, who, episode);
}

void World::on_discharge_referral(Process& p, const PatientRef& who, CareRequest referral) {
  switch (referral.pathway) {
    case 1:
      if (who.flags & kFlagHomeCare) {
        // The existing package restarts; only the hand-off (already elapsed) was needed.
        const int site = referral.site;
        const std::uint32_t slot = referral.slot;
        p.send(
            sites_[site].process, kLookahead, [this, site, slot](Process& q) { on_ready_to_leave(q, site, slot); },
            sim::Priority::early);
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
  request_care(p, boroughs_[who.borough], who, referral, 0);
}

void World::on_community_care_request(Process& p, const PatientRef& who, CareKind kind) {
  request_care(p, boroughs_[who.borough], who, CareRequest{0, kFromCommunity, 0, kind}, 1);
}

void World::request_care(Process& p, Borough& borough, const PatientRef& who, CareRequest request,
                         std::int32_t priority) {
  const CareKind kind = request.kind;
  auto& holdings = borough.holdings[index(kind)];
  const bool from_hospital = request.site != kFromCommunity;
  sim::Resource& resource = borough.resource(kind);

  // A request already open for this resident: a hospital discharge takes over a community request.
  if (const auto existing = holdings.find(who.resident); existing != holdings.end()) {
    if (!existing->second.queued) {
      if (from_hospital) {
        const int site = request.site;
        const std::uint32_t slot = request.slot;
        p.send(
            sites_[site].process, kLookahead, [this, site, slot](Process& q) { on_ready_to_leave(q, site, slot); },
            sim::Priority::early);
      }
      return;
    }
    if (!from_hospital) return;
    resource.withdraw(p, existing->second.claim);
    holdings.erase(existing);
  }

  const auto on_granted = [this, who, request](Process& q, sim::Claim claim) {
    const CareKind granted = request.kind;
    Borough& owner = boroughs_[who.borough];
    Holding& holding = owner.holdings[index(granted)][who.resident];
    holding.claim = claim;
    holding.since = static_cast<std::int32_t>(q.now());
    holding.queued = false;
    const bool count = in_results(q.now());
    if ((granted == CareKind::home_care || granted == CareKind::reablement) && count) {
      owner.tallies.add(who.borough, who.quintile, kPackagesStarted);
    }
    if (granted == CareKind::care_home) {
      if (count) owner.tallies.add(who.borough, who.quintile, kCareHomeAdmissions);
      end_holding(q, owner, CareKind::home_care, who.resident);  // moving in ends any home care
    }
    if (request.site != kFromCommunity) {
      const int site = request.site;
      const std::uint32_t slot = request.slot;
      q.send(
          sites_[site].process, kLookahead, [this, site, slot](Process& r) { on_ready_to_leave(r, site, slot); },
          sim::Priority::early);
    }
    if (granted == CareKind::rehab) {
      const double days = params_.community.rehab_los_days + assessment_days_after_discharge(request.pathway);
      const Time stay = std::max<Time>(kLookahead, std::llround(days * kDay));
      q.schedule(
          stay, [this, who](Process& r) { on_rehab_complete(r, who); }, sim::Priority::early);
      return;
    }
    if (granted == CareKind::reablement) {
      // Support at home after discharge; some go on to need long-term home care.
      const Time support =
          std::llround((params_.social.reablement_days + assessment_days_after_discharge(request.pathway)) * kDay);
      q.schedule(support, [this, who, claim](Process& r) { on_reablement_complete(r, who, claim); });
      return;
    }
    q.send(shards_[who.shard].process, kLookahead,
           [this, who, granted](Process& r) { on_care_started(r, who, granted); });
  };
  const sim::SeizeOutcome outcome = resource.seize(p, on_granted, priority);
  if (outcome.status == sim::SeizeStatus::queued) {
    holdings[who.resident] = Holding{outcome.claim, static_cast<std::int32_t>(p.now()), who.quintile, true};
  }
}

// The cost of a place held from `holding.since` until `until`, for the part inside the results period.
void World::charge_holding(Borough& borough, CareKind kind, const Holding& holding, Time until) {
  const double days = static_cast<double>(clip_minutes(holding.since, until)) / kDay;
  const CostParams& costs = params_.costs;
  switch (kind) {
    case CareKind::home_care:
      borough.tallies.add(borough.index, holding.quintile, kSocialPence, pence(costs.home_care_week * days / 7));
      break;
    case CareKind::reablement:
      borough.tallies.add(borough.index, holding.quintile, kSocialPence, pence(costs.reablement_week * days / 7));
      break;
    case CareKind::care_home:
      borough.tallies.add(borough.index, holding.quintile, kSocialPence, pence(costs.care_home_week * days / 7));
      break;
    case CareKind::rehab:
      borough.tallies.add(borough.index, holding.quintile, kCommunityPence,
                          pence(costs.intermediate_care_bed_day * days));
      break;
  }
}

void World::end_holding(Process& p, Borough& borough, CareKind kind, std::uint32_t resident) {
  auto& holdings = borough.holdings[index(kind)];
  const auto found = holdings.find(resident);
  if (found == holdings.end()) return;
  const Holding holding = found->second;
  holdings.erase(found);
  sim::Resource& resource = borough.resource(kind);
  if (holding.queued) {
    resource.withdraw(p, holding.claim);
    return;
  }
  charge_holding(borough, kind, holding, p.now());
  resource.release(p, holding.claim);
}

void World::on_care_ended(Process& p, const PatientRef& who, bool died) {
  Borough& borough = boroughs_[who.borough];
  end_holding(p, borough, CareKind::home_care, who.resident);
  if (died) {
    end_holding(p, borough, CareKind::care_home, who.resident);
    end_holding(p, borough, CareKind::rehab, who.resident);
    end_holding(p, borough, CareKind::reablement, who.resident);
  }
}

void World::on_reablement_complete(Process& p, const PatientRef& who, sim::Claim claim) {
  Borough& borough = boroughs_[who.borough];
  const auto& reablement = borough.holdings[index(CareKind::reablement)];
  const auto found = reablement.find(who.resident);
  if (found == reablement.end() || found->second.queued || found->second.claim.slot != claim.slot ||
      found->second.claim.generation != claim.generation) {
    return;  // ended already (death)
  }
  end_holding(p, borough, CareKind::reablement, who.resident);
  sim::RandomStream draw = stream(who.resident, Purpose::social_care, claim.generation);
  if (draw.bernoulli(params_.social.reablement_to_long_term_probability)) {
    // Long-term home care is arranged while they are at home, ahead of people referred from home.
    request_care(p, borough, who, CareRequest{0, kFromCommunity, 0, CareKind::home_care}, /*priority=*/0);
  }
}

void World::on_rehab_complete(Process& p, const PatientRef& who) {
  end_holding(p, boroughs_[who.borough], CareKind::rehab, who.resident);
  p.send(shards_[who.shard].process, kLookahead, [this, who](Process& q) { on_back_home(q, who, true); });
}

}  // namespace icsflow::models::detail
