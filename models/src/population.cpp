// The synthetic population (see population.hpp).
#include "population.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/poisson_distribution.hpp>

namespace icsflow::models::detail {
namespace {

template <std::size_t N>
std::uint8_t pick(sim::RandomStream& draw, const std::array<double, N>& shares) {
  double u = draw.uniform();
  for (std::size_t k = 0; k + 1 < N; ++k) {
    if (u < shares[k]) return static_cast<std::uint8_t>(k);
    u -= shares[k];
  }
  return static_cast<std::uint8_t>(N - 1);
}

int gp_class_of(const Resident& r) { return r.age_band * kQuintiles + r.quintile; }

}  // namespace

std::vector<Resident> synthesise_residents(const Context& context, PcnId pcn_id, std::uint32_t first_id, double scale) {
  const ModelParams& params = context.params;
  const PcnParams& pcn = params.pcns[pcn_id.index()];
  const BoroughParams& borough = params.boroughs[BoroughId(pcn.borough).index()];
  const HealthParams& health = params.health;
  const auto people = static_cast<std::size_t>(std::llround(borough.residents * pcn.list_share * scale));
  std::vector<Resident> residents(people);
  std::uint32_t next_id = first_id;
  for (Resident& r : residents) {
    r.id = next_id++;
    sim::RandomStream draw = context.stream(r.id, Purpose::population, 0);
    r.age_band = pick(draw, borough.age_shares);
    r.quintile = pick(draw, borough.deprivation_shares);
    const double ltc_mean = health.ltc_mean_count[r.age_band] * health.ltc_deprivation_multiplier[r.quintile];
    if (ltc_mean > 0) {
      boost::random::poisson_distribution<int, double> poisson(ltc_mean);
      r.ltc_count = static_cast<std::uint8_t>(std::min(poisson(draw), health.ltc_max_count));
    }
    r.frailty = pick(draw, health.frailty_shares[r.age_band]);
    const double u = draw.uniform();
    if (u < health.initial_care_home_share[r.age_band]) {
      r.care = CareStatus::care_home;
    } else if (u < health.initial_care_home_share[r.age_band] + health.initial_home_care_share[r.age_band]) {
      r.care = CareStatus::home_care;
    }
  }
  // Sorted by GP class so that each class is a range of local indices.
  std::stable_sort(residents.begin(), residents.end(),
                   [](const Resident& a, const Resident& b) { return gp_class_of(a) < gp_class_of(b); });
  return residents;
}

GpDemand gp_demand(const std::vector<Resident>& residents, const std::array<ByQuintile, kAgeBands>& rates) {
  GpDemand demand;
  for (std::uint32_t local = 0; local < residents.size();) {
    const Resident& first = residents[local];
    std::uint32_t end = local;
    while (end < residents.size() && gp_class_of(residents[end]) == gp_class_of(first)) ++end;
    GpClass c;
    c.begin = local;
    c.size = end - local;
    c.quintile = first.quintile;
    c.weight = rates[first.age_band][first.quintile] * static_cast<double>(c.size);
    demand.total_rate += c.weight;
    demand.classes.push_back(c);
    local = end;
  }
  return demand;
}

std::vector<ResidentPlace> proactive_care_enrolment(const ModelParams& params, const Populations& populations) {
  const PolicyParams& policy = params.policy;
  if (!policy.proactive_care.enabled || policy.proactive_care.target_share <= 0) return {};
  const HealthParams& health = params.health;
  struct Candidate {
    double score;
    std::uint32_t id;
    ResidentPlace place;
  };
  std::vector<Candidate> candidates;
  for (const PcnId pcn : populations.ids()) {
    const std::span<const Resident> residents = populations[pcn];
    for (std::uint32_t local = 0; local < residents.size(); ++local) {
      const Resident& r = residents[local];
      double score =
          r.ltc_count * health.acsc_frailty_multiplier[r.frailty] * health.acsc_deprivation_multiplier[r.quintile];
      if (policy.targeting.enabled) score *= policy.targeting.deprivation_weights[r.quintile];
      candidates.push_back({score, r.id, {pcn, local}});
    }
  }
  const auto enrolled = static_cast<std::size_t>(
      std::llround(policy.proactive_care.target_share * static_cast<double>(candidates.size())));
  if (enrolled == 0) return {};
  const auto higher = [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.id < b.id;
  };
  std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(enrolled - 1), candidates.end(),
                   higher);
  std::vector<ResidentPlace> places;
  places.reserve(enrolled);
  for (std::size_t i = 0; i < enrolled; ++i) places.push_back(candidates[i].place);
  return places;
}

}  // namespace icsflow::models::detail
