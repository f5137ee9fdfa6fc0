// The expected population and the capacities that follow it (see demography.hpp).
#include "demography.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace icsflow::models::detail {
namespace {

constexpr int kOldest = 100;  // single years 0..100; the 85+ band's ages matter no further
using Ages = std::array<double, kOldest + 1>;

int band_of(int age) {
  int band = 0;
  while (band + 1 < kAgeBands && age >= kAgeBandBounds[band + 1]) ++band;
  return band;
}

// `people` of one band spread over its single years.
void spread(double people, std::size_t band, const AgeWeights& weights, Ages& ages) {
  const int low = kAgeBandBounds[band];
  if (band + 1 == kAgeBands) {
    ages[static_cast<std::size_t>(low)] += people;
    return;
  }
  const auto& w = weights[band];
  const double sum = std::accumulate(w.begin(), w.begin() + band_width(band), 0.0);
  for (int year = 0; year < band_width(band); ++year)
    ages[static_cast<std::size_t>(low + year)] += people * w[static_cast<std::size_t>(year)] / sum;
}

ByAge by_band(const Ages& ages) {
  ByAge bands{};
  for (int age = 0; age <= kOldest; ++age) bands[band_of(age)] += ages[static_cast<std::size_t>(age)];
  return bands;
}

// The share of a band dying in a year: the simulated hazards averaged over the borough's deprivation and the band's
// frailty.
ByAge mortality(const BoroughParams& borough, const HealthParams& health, const DerivedRates& rates) {
  ByAge q{};
  for (std::size_t a = 0; a < kAgeBands; ++a) {
    for (std::size_t d = 0; d < kQuintiles; ++d) {
      for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
        q[a] += borough.deprivation_shares[d] * health.frailty_shares[a][f] *
                -std::expm1(-rates.death[a][d][f] * kMinutesPerYear);
      }
    }
  }
  return q;
}

double weighted(const ByAge& people, const ByAge& weight) {
  return std::inner_product(people.begin(), people.end(), weight.begin(), 0.0);
}

}  // namespace

AgeWeights age_weights(const ByAge& shares) {
  ByAge density{};
  for (std::size_t a = 0; a < kAgeBands; ++a) density[a] = shares[a] / band_width(a);
  AgeWeights weights{};
  for (std::size_t a = 0; a + 1 < kAgeBands; ++a) {  // 85+: age no longer matters
    const double low = a == 0 ? density[0] : (density[a - 1] + density[a]) / 2;
    const double high = (density[a] + density[a + 1]) / 2;
    const int width = band_width(a);
    for (int year = 0; year < width; ++year) {
      weights[a][static_cast<std::size_t>(year)] = low + (high - low) * (year + 0.5) / width;
    }
  }
  return weights;
}

Projection project_population(const ModelParams& params, const DerivedRates& rates, std::size_t years) {
  const DemographyParams& demography = params.demography;
  const HealthParams& health = params.health;
  Projection projection(years, std::vector<ByAge>(params.boroughs.size()));
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    const BoroughParams& borough = params.boroughs[b];
    const AgeWeights weights = age_weights(borough.age_shares);
    const ByAge dying = mortality(borough, health, rates);
    Ages ages{};
    for (std::size_t a = 0; a < kAgeBands; ++a) spread(borough.residents * borough.age_shares[a], a, weights, ages);
    Ages newcomers{};
    newcomers[0] = borough.residents * borough.births_per_1000 / 1000;
    const double migrants = borough.residents * demography.in_migration_per_1000 / 1000;
    for (std::size_t a = 0; a < kAgeBands; ++a)
      spread(migrants * demography.in_migrant_age_shares[a], a, weights, newcomers);
    for (std::size_t year = 0; year < years; ++year) {
      projection[year][b] = by_band(ages);
      Ages next{};
      for (int age = 0; age <= kOldest; ++age) {
        const auto band = static_cast<std::size_t>(band_of(age));
        const double survivors = ages[static_cast<std::size_t>(age)] * (1 - dying[band]);
        const int older = std::min(age + 1, kOldest);
        const auto new_band = static_cast<std::size_t>(band_of(older));
        // Only people without social care move out (resident_shard.cpp); the care shares are those at the start.
        const double in_care = health.initial_home_care_share[new_band] + health.initial_care_home_share[new_band];
        next[static_cast<std::size_t>(older)] += survivors * (1 - rates.out_migration[new_band] * (1 - in_care));
      }
      for (std::size_t age = 0; age <= kOldest; ++age) next[age] += newcomers[age];
      ages = next;
    }
  }
  return projection;
}

std::vector<CapacityGrowth> capacity_growth(const ModelParams& params, const Projection& projection) {
  const HealthParams& health = params.health;
  const AcuteParams& acute = params.acute;
  // The demand each service's users' ages imply, per resident of each band.
  ByAge gp{}, care{}, bed_days{};
  for (std::size_t a = 0; a < kAgeBands; ++a) {
    gp[a] = params.primary.age_relative_rate[a];
    care[a] = health.initial_home_care_share[a] + health.initial_care_home_share[a];
    const double admissions = acute.other_emergency_rate_per_year[a] + acute.direct_admission_rate_per_year[a] +
                              health.acsc_exacerbation_rate_per_ltc_year * health.ltc_mean_count[a];
    bed_days[a] = admissions * acute.clinical_los_nonzero_days[a];
  }
  const double follow = params.demography.capacity_follows_demography;
  const auto grown = [follow](double now, double start) { return start > 0 ? 1 + follow * (now / start - 1) : 1; };
  std::vector<CapacityGrowth> growth(projection.size());
  for (std::size_t year = 0; year < projection.size(); ++year) {
    const std::vector<ByAge>& now = projection[year];
    const std::vector<ByAge>& start = projection.front();
    CapacityGrowth& g = growth[year];
    for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
      g.gp.push_back(grown(weighted(now[b], gp), weighted(start[b], gp)));
      g.care.push_back(grown(weighted(now[b], care), weighted(start[b], care)));
    }
    for (std::size_t s = 0; s < params.sites.size(); ++s) {
      double site_now = 0, site_start = 0;
      for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
        site_now += params.boroughs[b].site_shares[s] * weighted(now[b], bed_days);
        site_start += params.boroughs[b].site_shares[s] * weighted(start[b], bed_days);
      }
      g.acute.push_back(grown(site_now, site_start));
    }
  }
  return growth;
}

}  // namespace icsflow::models::detail
