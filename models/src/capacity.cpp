#include "icsflow/models/capacity.hpp"

#include <algorithm>
#include <cmath>

namespace icsflow::models {
namespace {

std::int64_t scaled(double capacity, double scale) { return std::max<std::int64_t>(0, std::llround(capacity * scale)); }

double bed_year(const CostParams& costs) { return costs.bed_day * 365; }
double package_year(const CostParams& costs) { return costs.home_care_week * 365.0 / 7; }
double rehab_bed_year(const CostParams& costs) { return costs.intermediate_care_bed_day * 365; }

// Splits `units` in proportion to `weights` (largest remainders, ties to the lower index).
std::vector<std::int64_t> share_out(std::int64_t units, const std::vector<double>& weights) {
  double total = 0;
  for (const double w : weights) total += w;
  std::vector<std::int64_t> out(weights.size(), 0);
  if (units <= 0 || total <= 0) return out;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(units) * weights[i] / total;
    out[i] = static_cast<std::int64_t>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < units; ++k, ++given) ++out[remainders[k % remainders.size()].second];
  return out;
}

}  // namespace

CapacityPlan plan_capacity(const ModelParams& params, double scale) {
  const CapacityMultipliers& m = params.capacity;
  const PolicyParams& policy = params.policy;
  CapacityPlan plan;
  for (const SiteParams& site : params.sites) {
    SiteCapacity c;
    c.beds =
        std::max<std::int64_t>(1, scaled(site.ga_beds * (1 - site.elective_and_other_bed_share) * m.ga_beds, scale));
    c.escalation_beds =
        scaled(static_cast<double>(c.beds) * params.acute.escalation_bed_share * m.escalation_beds, 1.0);
    plan.sites.push_back(c);
  }
  for (const BoroughParams& borough : params.boroughs) {
    BoroughCapacity c;
    double ucr = borough.ucr_capacity_per_day * m.urgent_community_response;
    c.ucr_per_day_siloed = scaled(ucr, scale);
    if (policy.admission_avoidance.enabled) ucr *= policy.admission_avoidance.ucr_capacity_multiplier;
    c.ucr_per_day = scaled(ucr, scale);
    c.reablement = scaled(borough.reablement_capacity * m.reablement, scale);
    c.assessors = std::max<std::int64_t>(
        1, scaled(borough.assessment_capacity_per_day * params.social.assessment_days * m.discharge_assessment, scale));
    c.intermediate_care_beds = scaled(borough.intermediate_care_beds * m.intermediate_care_beds, scale);
    c.home_care_packages = scaled(borough.home_care_packages * m.home_care_packages, scale);
    c.care_home_places = scaled(borough.care_home_places * m.care_home_places, scale);
    plan.boroughs.push_back(c);
  }

  // Virtual wards: today's beds, and those the lever adds to reach its rate, given to the sites by catchment.
  const double growth =
      policy.admission_avoidance.enabled && params.community.virtual_ward_beds_per_100k > 0
          ? policy.admission_avoidance.virtual_ward_beds_per_100k / params.community.virtual_ward_beds_per_100k - 1
          : 0.0;
  for (const BoroughParams& borough : params.boroughs) {
    const double today = borough.virtual_ward_beds * m.virtual_ward_beds * scale;
    for (std::size_t s = 0; s < plan.sites.size(); ++s) {
      plan.sites[s].virtual_ward_beds += today * borough.site_shares[s];
      plan.sites[s].extra_virtual_ward_beds += std::max(0.0, today * growth) * borough.site_shares[s];
    }
  }

  // The single SEL pound: escalation beds given up buy home care packages and intermediate care beds,
  // in whole units, at equal total spend; what cannot buy a whole unit is reported as unspent.
  if (policy.single_pound.enabled) {
    const CostParams& costs = params.costs;
    for (SiteCapacity& site : plan.sites) {
      const auto removed = static_cast<std::int64_t>(
          std::floor(static_cast<double>(site.escalation_beds) * policy.single_pound.escalation_budget_moved_share));
      site.escalation_beds -= removed;
      plan.moved_gbp_per_year += static_cast<double>(removed) * bed_year(costs);
    }
    std::vector<double> package_weights, bed_weights;
    for (const BoroughCapacity& b : plan.boroughs) {
      package_weights.push_back(static_cast<double>(b.home_care_packages));
      bed_weights.push_back(static_cast<double>(b.intermediate_care_beds));
    }
    const double for_home_care = plan.moved_gbp_per_year * policy.single_pound.to_home_care_share;
    const auto packages = static_cast<std::int64_t>(std::floor(for_home_care / package_year(costs)));
    const double left = plan.moved_gbp_per_year - static_cast<double>(packages) * package_year(costs);
    const auto beds = static_cast<std::int64_t>(std::floor(left / rehab_bed_year(costs)));
    plan.unspent_gbp_per_year = left - static_cast<double>(beds) * rehab_bed_year(costs);
    const std::vector<std::int64_t> package_split = share_out(packages, package_weights);
    const std::vector<std::int64_t> bed_split = share_out(beds, bed_weights);
    for (std::size_t b = 0; b < plan.boroughs.size(); ++b) {
      plan.boroughs[b].home_care_packages += package_split[b];
      plan.boroughs[b].intermediate_care_beds += bed_split[b];
    }
  }
  return plan;
}

double movable_budget_gbp_per_year(const CapacityPlan& plan, const CostParams& costs) {
  double total = 0;
  for (const SiteCapacity& s : plan.sites) total += static_cast<double>(s.escalation_beds) * bed_year(costs);
  for (const BoroughCapacity& b : plan.boroughs) {
    total += static_cast<double>(b.home_care_packages) * package_year(costs);
    total += static_cast<double>(b.intermediate_care_beds) * rehab_bed_year(costs);
  }
  return total;
}

}  // namespace icsflow::models
