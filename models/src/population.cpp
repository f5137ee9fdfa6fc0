// The synthetic population (see population.hpp).
#include "population.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include <boost/random/poisson_distribution.hpp>

#include "demography.hpp"

namespace icsflow::models::detail {
namespace {

int gp_class_of(const Resident& r) { return r.age_band * kQuintiles + r.quintile; }

std::uint8_t age_in_band(std::uint8_t band, const AgeWeights& weights, sim::RandomStream& draw) {
  const int low = kAgeBandBounds[band];
  if (band + 1 >= kAgeBands) return static_cast<std::uint8_t>(low);
  const auto& w = weights[band];
  const int width = band_width(band);
  double pick = draw.uniform() * std::accumulate(w.begin(), w.begin() + width, 0.0);
  for (int year = 0; year + 1 < width; ++year) {
    if (pick < w[static_cast<std::size_t>(year)]) return static_cast<std::uint8_t>(low + year);
    pick -= w[static_cast<std::size_t>(year)];
  }
  return static_cast<std::uint8_t>(low + width - 1);
}

double ltc_mean(const HealthParams& health, std::uint8_t band, std::uint8_t quintile) {
  return health.ltc_mean_count[band] * health.ltc_deprivation_multiplier[quintile];
}

// Conditions and frailty of a resident of known age band and quintile.
void draw_health(Resident& r, const HealthParams& health, sim::RandomStream& draw) {
  const double mean = ltc_mean(health, r.age_band, r.quintile);
  if (mean > 0) {
    boost::random::poisson_distribution<int, double> poisson(mean);
    r.ltc_count = static_cast<std::uint8_t>(std::min(poisson(draw), health.ltc_max_count));
  }
  r.frailty = static_cast<std::uint8_t>(pick(draw, health.frailty_shares[r.age_band]));
}

// The probabilities of 0..max long-term conditions: Poisson(mean), the tail gathered at the cap.
std::vector<double> ltc_distribution(double mean, int max) {
  std::vector<double> p(static_cast<std::size_t>(max) + 1, 0.0);
  double term = std::exp(-mean), sum = 0;
  for (int k = 0; k < max; ++k) {
    p[static_cast<std::size_t>(k)] = term;
    sum += term;
    term *= mean / (k + 1);
  }
  p.back() = std::max(0.0, 1.0 - sum);
  return p;
}

// The level of a discrete distribution `to` at the same rank as `level` of `from`: the rank drawn uniformly within
// the level's share of `from`, so that if `level` follows `from`, the result follows `to`.
template <class Shares>
std::size_t same_rank(const Shares& from, std::size_t level, const Shares& to, double u) {
  double rank = u * from[level];
  for (std::size_t k = 0; k < level; ++k) rank += from[k];
  for (std::size_t k = 0; k + 1 < to.size(); ++k) {
    if (rank < to[k]) return k;
    rank -= to[k];
  }
  return to.size() - 1;
}

}  // namespace

std::vector<Resident> synthesise_residents(const Context& context, PcnId pcn_id, std::uint32_t first_id, double scale) {
  const ModelParams& params = context.params;
  const PcnParams& pcn = params.pcns[pcn_id.index()];
  const BoroughParams& borough = params.boroughs[BoroughId(pcn.borough).index()];
  const HealthParams& health = params.health;
  const auto people = static_cast<std::size_t>(std::llround(borough.residents * pcn.list_share * scale));
  std::vector<Resident> residents(people);
  const AgeWeights ages = age_weights(borough.age_shares);
  std::uint32_t next_id = first_id;
  for (Resident& r : residents) {
    r.id = next_id++;
    sim::RandomStream draw = context.stream(r.id, Purpose::population, 0);
    r.age_band = static_cast<std::uint8_t>(pick(draw, borough.age_shares));
    r.quintile = static_cast<std::uint8_t>(pick(draw, borough.deprivation_shares));
    draw_health(r, health, draw);
    const double u = draw.uniform();
    if (u < health.initial_care_home_share[r.age_band]) {
      r.care = CareStatus::care_home;
    } else if (u < health.initial_care_home_share[r.age_band] + health.initial_home_care_share[r.age_band]) {
      r.care = CareStatus::home_care;
    }
    sim::RandomStream age_draw = context.stream(r.id, Purpose::population, 1);
    r.age = age_in_band(r.age_band, ages, age_draw);
  }
  // Sorted by GP class so that each class is a range of local indices.
  std::stable_sort(residents.begin(), residents.end(),
                   [](const Resident& a, const Resident& b) { return gp_class_of(a) < gp_class_of(b); });
  return residents;
}

std::vector<IdVector<PcnId, Entrants>> plan_entrants(const Context& context, std::uint32_t first_id, double scale) {
  const ModelParams& params = context.params;
  const std::size_t steps = static_cast<std::size_t>((context.results_end - context.results_start) / kYear);
  std::vector<IdVector<PcnId, Entrants>> plan(steps, IdVector<PcnId, Entrants>(params.pcns.size()));
  std::uint32_t next_id = first_id;
  for (std::size_t year = 0; year < steps; ++year) {
    for (const PcnId pcn : plan[year].ids()) {
      const BoroughParams& borough = params.boroughs[BoroughId(params.pcns[pcn.index()].borough).index()];
      const double people = borough.residents * params.pcns[pcn.index()].list_share * scale;
      sim::RandomStream draw = context.stream(kDemographyEntityBase + pcn.index(), Purpose::demography, year);
      const auto count = [&draw](double mean) {
        if (mean <= 0) return std::uint32_t{0};
        boost::random::poisson_distribution<std::uint32_t, double> poisson(mean);
        return poisson(draw);
      };
      Entrants& entrants = plan[year][pcn];
      entrants.first_id = next_id;
      entrants.births = count(people * borough.births_per_1000 / 1000);
      entrants.migrants = count(people * params.demography.in_migration_per_1000 / 1000);
      next_id += entrants.births + entrants.migrants;
    }
  }
  return plan;
}

Resident synthesise_entrant(const Context& context, BoroughId borough_id, std::uint32_t id, bool newborn) {
  const BoroughParams& borough = context.params.boroughs[borough_id.index()];
  Resident r;
  r.id = id;
  sim::RandomStream draw = context.stream(id, Purpose::population, 0);
  if (!newborn) {
    r.age_band = static_cast<std::uint8_t>(pick(draw, context.params.demography.in_migrant_age_shares));
    r.age = age_in_band(r.age_band, age_weights(borough.age_shares), draw);
  }
  r.quintile = static_cast<std::uint8_t>(pick(draw, borough.deprivation_shares));
  draw_health(r, context.params.health, draw);
  return r;
}

bool age_a_year(Resident& r, const HealthParams& health, sim::RandomStream& draw) {
  if (r.age < 255) ++r.age;
  if (r.age_band + 1 >= kAgeBands || r.age < kAgeBandBounds[r.age_band + 1]) return false;
  const std::uint8_t from = r.age_band++;
  r.frailty = static_cast<std::uint8_t>(
      same_rank(health.frailty_shares[from], r.frailty, health.frailty_shares[r.age_band], draw.uniform()));
  const std::vector<double> before = ltc_distribution(ltc_mean(health, from, r.quintile), health.ltc_max_count);
  const std::vector<double> after = ltc_distribution(ltc_mean(health, r.age_band, r.quintile), health.ltc_max_count);
  r.ltc_count = static_cast<std::uint8_t>(same_rank(before, r.ltc_count, after, draw.uniform()));
  return true;
}

GpDemand gp_demand(const std::vector<Resident>& residents, const std::vector<std::uint32_t>& order,
                   const std::array<ByQuintile, kAgeBands>& rates) {
  const auto at = [&](std::uint32_t position) -> const Resident& {
    return residents[order.empty() ? position : order[position]];
  };
  const auto size = static_cast<std::uint32_t>(order.empty() ? residents.size() : order.size());
  GpDemand demand;
  for (std::uint32_t position = 0; position < size;) {
    const Resident& first = at(position);
    std::uint32_t end = position;
    while (end < size && gp_class_of(at(end)) == gp_class_of(first)) ++end;
    GpClass c;
    c.begin = position;
    c.size = end - position;
    c.quintile = first.quintile;
    c.weight = rates[first.age_band][first.quintile] * static_cast<double>(c.size);
    demand.total_rate += c.weight;
    c.until = demand.total_rate;
    demand.classes.push_back(c);
    position = end;
  }
  return demand;
}

void class_order(const std::vector<Resident>& residents, std::vector<std::uint32_t>& order) {
  constexpr int kClasses = kAgeBands * kQuintiles;
  std::array<std::uint32_t, kClasses + 1> start{};
  for (const Resident& r : residents) {
    if (r.present()) ++start[static_cast<std::size_t>(gp_class_of(r)) + 1];
  }
  for (std::size_t c = 0; c < kClasses; ++c) start[c + 1] += start[c];
  order.reserve(start[kClasses]);  // exactly: left to resize() alone, a vector growing by a few would double
  order.resize(start[kClasses]);
  for (std::uint32_t local = 0; local < residents.size(); ++local) {
    const Resident& r = residents[local];
    if (r.present()) order[start[static_cast<std::size_t>(gp_class_of(r))]++] = local;
  }
}

double proactive_care_score(const ModelParams& params, const Resident& r) {
  const HealthParams& health = params.health;
  const double score =
      r.ltc_count * health.acsc_frailty_multiplier[r.frailty] * health.acsc_deprivation_multiplier[r.quintile];
  return params.policy.targeting.enabled ? score * params.policy.targeting.deprivation_weights[r.quintile] : score;
}

namespace {

// The first `count` candidates by score, highest first, ties to the lower resident id: in no particular order.
template <class Place>
std::vector<Place> highest_scores(std::vector<std::tuple<double, std::uint32_t, Place>> candidates, std::size_t count) {
  count = std::min(count, candidates.size());
  if (count == 0) return {};
  const auto higher = [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
    return std::get<1>(a) < std::get<1>(b);
  };
  std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(count - 1), candidates.end(),
                   higher);
  std::vector<Place> places;
  places.reserve(count);
  for (std::size_t i = 0; i < count; ++i) places.push_back(std::get<2>(candidates[i]));
  return places;
}

}  // namespace

std::vector<ResidentPlace> proactive_care_enrolment(const ModelParams& params, const Populations& populations) {
  const PolicyParams& policy = params.policy;
  if (!policy.proactive_care.enabled || policy.proactive_care.target_share <= 0) return {};
  std::vector<std::tuple<double, std::uint32_t, ResidentPlace>> candidates;
  for (const PcnId pcn : populations.ids()) {
    const std::span<const Resident> residents = populations[pcn];
    for (std::uint32_t local = 0; local < residents.size(); ++local) {
      const Resident& r = residents[local];
      candidates.emplace_back(proactive_care_score(params, r), r.id, ResidentPlace{pcn, local});
    }
  }
  const auto enrolled = static_cast<std::size_t>(
      std::llround(policy.proactive_care.target_share * static_cast<double>(candidates.size())));
  return highest_scores(std::move(candidates), enrolled);
}

std::vector<std::uint32_t> proactive_care_top_up(const ModelParams& params, const std::vector<Resident>& residents,
                                                 std::size_t count) {
  std::vector<std::tuple<double, std::uint32_t, std::uint32_t>> candidates;
  for (std::uint32_t local = 0; local < residents.size(); ++local) {
    const Resident& r = residents[local];
    if (r.present() && !r.proactive) candidates.emplace_back(proactive_care_score(params, r), r.id, local);
  }
  return highest_scores(std::move(candidates), count);
}

}  // namespace icsflow::models::detail
