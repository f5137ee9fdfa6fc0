// Rates derived from the parameters (see rates.hpp).
#include "rates.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace icsflow::models::detail {
namespace {

// Multipliers rescaled to average one over the given weights, so that they redistribute a published
// average rate without changing it.
template <std::size_t N>
std::array<double, N> normalised(const std::array<double, N>& multipliers, const std::array<double, N>& weights) {
  double mean = 0;
  double total = 0;
  for (std::size_t k = 0; k < N; ++k) {
    mean += multipliers[k] * weights[k];
    total += weights[k];
  }
  mean /= total;
  std::array<double, N> out{};
  for (std::size_t k = 0; k < N; ++k) out[k] = multipliers[k] / mean;
  return out;
}

}  // namespace

double hazard_from_annual_probability(double p) { return -std::log1p(-std::min(p, 0.999)) / kMinutesPerYear; }

namespace {

// The multiplier on the prevention lever's residents' rate (a year, by resident) that removes reach x avoided_per_100k
// a year per 100,000 residents, at the starting population (1 when reach is 0).
template <class Rate>
double prevention_multiplier_of(const Populations& populations, double reach, double avoided_per_100k, Rate rate) {
  if (reach <= 0) return 1;
  double residents = 0, eligible = 0;  // a year
  for (const PcnId pcn : populations.ids()) {
    for (const Resident& r : populations[pcn]) {
      ++residents;
      if (prevention_eligible(r)) eligible += rate(r);
    }
  }
  const double avoided = reach * avoided_per_100k * residents / 1e5;
  return eligible > 0 ? std::max(0.0, 1 - avoided / eligible) : 1;
}

}  // namespace

double prevention_multiplier(const ModelParams& params, const Populations& populations, double reach) {
  return prevention_multiplier_of(
      populations, reach, params.policy.prevention.events_avoided_per_100k,
      [&](const Resident& r) { return params.acute.other_emergency_rate_per_year[r.age_band]; });
}

double prevention_death_multiplier(const DerivedRates& rates, const ModelParams& params, const Populations& populations,
                                   double reach) {
  return prevention_multiplier_of(
      populations, reach, params.policy.prevention.deaths_avoided_per_100k,
      [&](const Resident& r) { return rates.death[r.age_band][r.quintile][r.frailty] * kMinutesPerYear; });
}

DerivedRates derive_rates(const ModelParams& params) {
  DerivedRates rates;
  // GP demand. Appointments are published per registered patient, and lists exceed residents (list
  // inflation), so a resident's demand is the per-registered rate times the borough's list ratio. The
  // relative rates by age and deprivation are normalised to England in the data, so SEL's younger
  // population needs fewer appointments per person than the national 5.8.
  const PrimaryCareParams& gp = params.primary;
  const HealthParams& health = params.health;
  rates.gp_need.assign(params.boroughs.size(), {});
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    for (int a = 0; a < kAgeBands; ++a) {
      for (int q = 0; q < kQuintiles; ++q) {
        rates.gp_need[b][a][q] = gp.appointments_per_person_year * params.boroughs[b].registered_to_resident_ratio *
                                 gp.age_relative_rate[a] * gp.deprivation_relative_rate[q] / kMinutesPerYear;
      }
    }
  }

  const AcuteParams& acute = params.acute;
  const ByQuintile national_quintiles{0.2, 0.2, 0.2, 0.2, 0.2};
  const ByQuintile mortality_deprivation = normalised(health.mortality_deprivation_multiplier, national_quintiles);
  for (int a = 0; a < kAgeBands; ++a) {
    const ByFrailty mortality_frailty = normalised(health.mortality_frailty_multiplier, health.frailty_shares[a]);
    rates.other_emergency[a] = acute.other_emergency_rate_per_year[a] / kMinutesPerYear;
    rates.direct_admission[a] = acute.direct_admission_rate_per_year[a] / kMinutesPerYear;
    rates.los_frailty[a] = normalised(acute.frailty_los_multiplier, health.frailty_shares[a]);
    for (int q = 0; q < kQuintiles; ++q) {
      for (int f = 0; f < kFrailtyLevels; ++f) {
        rates.death[a][q][f] = hazard_from_annual_probability(health.annual_mortality[a] * mortality_deprivation[q] *
                                                              mortality_frailty[f]);
      }
    }
  }
  rates.acsc_per_ltc = health.acsc_exacerbation_rate_per_ltc_year / kMinutesPerYear;
  rates.relapse = -std::log1p(-acute.readmission_excess_probability) / (acute.readmission_window_days * kDay);
  const SocialCareParams& social = params.social;
  rates.care_home_from_home_care = hazard_from_annual_probability(social.home_care_to_care_home_annual_probability);
  rates.home_care_exit = hazard_from_annual_probability(social.home_care_annual_exit_probability);

  // Moving out: the relative rates by age, scaled so that SEL's starting population leaves at the all-age rate.
  const DemographyParams& demography = params.demography;
  double residents = 0, weighted = 0;
  for (const BoroughParams& borough : params.boroughs) {
    residents += borough.residents;
    for (int a = 0; a < kAgeBands; ++a)
      weighted += borough.residents * borough.age_shares[a] * demography.out_migration_relative_rate[a];
  }
  const double scale = weighted > 0 ? residents / weighted : 0;
  for (int a = 0; a < kAgeBands; ++a) {
    rates.out_migration[a] =
        std::min(1.0, demography.out_migration_per_1000 / 1000 * demography.out_migration_relative_rate[a] * scale);
  }

  // Planned care goes to the borough's usual trusts (its emergency catchment), each in proportion to the beds it keeps
  // outside its emergency pool (where its elective inpatients are): tertiary centres take more, district general
  // hospitals full of emergencies less.
  rates.elective_site_shares.assign(params.boroughs.size(), std::vector<double>(params.sites.size(), 0.0));
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    double total = 0;
    for (std::size_t s = 0; s < params.sites.size(); ++s) {
      const SiteParams& site = params.sites[s];
      total += rates.elective_site_shares[b][s] =
          params.boroughs[b].site_shares[s] * site.ga_beds * site.elective_and_other_bed_share;
    }
    if (total <= 0) throw std::invalid_argument("borough " + params.boroughs[b].key + ": no site for planned care");
    for (double& share : rates.elective_site_shares[b]) share /= total;
  }
  return rates;
}

void derive_community_care_onset(const ModelParams& params, const Populations& populations, DerivedRates& rates) {
  const std::size_t boroughs = params.boroughs.size();
  const SocialCareParams& social = params.social;
  const double community_share = 1 - social.new_client_from_hospital_share;
  rates.home_care_onset.assign(boroughs, ByAge{});
  rates.care_home_direct.assign(boroughs, ByAge{});
  std::vector<double> home_care_exits(boroughs, 0), care_home_exits(boroughs, 0), home_care_stock(boroughs, 0);
  std::vector<double> home_care_weight(boroughs, 0), care_home_weight(boroughs, 0);
  for (const PcnId pcn : populations.ids()) {
    const auto b = static_cast<std::size_t>(params.pcns[pcn.index()].borough);
    for (const Resident& r : populations[pcn]) {
      const double death = rates.death[r.age_band][r.quintile][r.frailty];
      switch (r.care) {
        case CareStatus::home_care:
          home_care_stock[b] += 1;
          home_care_exits[b] += death + rates.care_home_from_home_care + rates.home_care_exit;
          break;
        case CareStatus::care_home:
          care_home_exits[b] += death;
          break;
        case CareStatus::independent:
          home_care_weight[b] += social.home_care_onset_age_profile[r.age_band];
          care_home_weight[b] += social.care_home_onset_age_profile[r.age_band];
          break;
      }
    }
  }
  for (std::size_t b = 0; b < boroughs; ++b) {
    const double home_care_arrivals = community_share * home_care_exits[b];
    const double care_home_arrivals =
        std::max(0.0, community_share * care_home_exits[b] - rates.care_home_from_home_care * home_care_stock[b]);
    for (int a = 0; a < kAgeBands; ++a) {
      if (home_care_weight[b] > 0) {
        rates.home_care_onset[b][a] = home_care_arrivals * social.home_care_onset_age_profile[a] / home_care_weight[b];
      }
      if (care_home_weight[b] > 0) {
        rates.care_home_direct[b][a] = care_home_arrivals * social.care_home_onset_age_profile[a] / care_home_weight[b];
      }
    }
  }
}

}  // namespace icsflow::models::detail
