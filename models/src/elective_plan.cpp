#include "elective_plan.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace icsflow::models::detail {
namespace {

// Expected ordinary elective inpatients on the busiest day of the week, for `per_year` admissions made on working
// days (Monday to Friday, at the clinics' opening) with lognormal stays: each day's census is the admissions of that
// day and the days before still staying.
double busiest_day_inpatients(double per_year, const ElectiveParams& e) {
  const double per_working_day = per_year / kWorkingDaysPerYear;
  const double sigma = e.ordinary_los_sigma;
  const double mu = std::log(e.ordinary_los_days) - sigma * sigma / 2;
  const auto staying_after = [&](double days) {  // P(stay > days)
    if (sigma <= 0) return days < e.ordinary_los_days ? 1.0 : 0.0;
    return days <= 0 ? 1.0 : 0.5 * std::erfc((std::log(days) - mu) / (sigma * std::sqrt(2.0)));
  };
  double busiest = 0;
  for (int day = 0; day < 7; ++day) {  // day 0 a Monday; the census just after the day's admissions
    double census = 0;
    for (int before = 0; before < 7 * 52; ++before) {
      if ((day - before % 7 + 7) % 7 < 5) census += per_working_day * staying_after(before);
    }
    busiest = std::max(busiest, census);
  }
  return busiest;
}

}  // namespace

std::vector<double> expected_clock_starts(const ModelParams& params, const DerivedRates& rates, double scale) {
  const double kept = std::min(1.0, params.primary.capacity_to_demand_ratio);  // appointments kept of those needed
  std::vector<double> starts;
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    const BoroughParams& borough = params.boroughs[b];
    double per_resident = 0;  // GP needs a minute (age and deprivation are drawn independently)
    for (std::size_t a = 0; a < kAgeBands; ++a) {
      for (std::size_t q = 0; q < kQuintiles; ++q)
        per_resident += borough.age_shares[a] * borough.deprivation_shares[q] * rates.gp_need[b][a][q];
    }
    starts.push_back(borough.residents * scale * per_resident * kMinutesPerYear * kept *
                     params.elective.clock_starts_per_gp_appointment);
  }
  return starts;
}

std::vector<ElectiveSetup> plan_elective(const ModelParams& params, const DerivedRates& rates, double scale) {
  const ElectiveParams& e = params.elective;
  const std::vector<double> by_borough = expected_clock_starts(params, rates, scale);
  const std::size_t sites = params.sites.size();
  std::vector<std::vector<double>> from(sites, std::vector<double>(params.boroughs.size(), 0.0));
  std::vector<double> starts(sites, 0.0);
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    for (std::size_t s = 0; s < sites; ++s) {
      from[s][b] = by_borough[b] * rates.elective_site_shares[b][s];
      starts[s] += from[s][b];
    }
  }
  double all_starts = 0, all_residents = 0;
  for (std::size_t s = 0; s < sites; ++s) all_starts += starts[s];
  for (const BoroughParams& borough : params.boroughs) all_residents += borough.residents * scale;
  const double list = e.list_per_1000 / 1000 * all_residents;

  std::vector<ElectiveSetup> plan(sites);
  for (std::size_t s = 0; s < sites; ++s) {
    ElectiveSetup& setup = plan[s];
    for (std::size_t k = 0; k < kSpecialties; ++k) {
      const double referrals_a_day = starts[s] * e.specialty_shares[k] / kWorkingDaysPerYear;
      setup.capacity.outpatient_per_day[k] = referrals_a_day * e.outpatient_capacity_to_demand;
      setup.capacity.theatre_per_day[k] =
          setup.capacity.outpatient_per_day[k] * e.admitted_share * e.theatre_capacity_to_demand;
    }
    const double ordinary = starts[s] * e.outpatient_capacity_to_demand * e.admitted_share *
                            e.theatre_capacity_to_demand * (1 - e.day_case_share);
    setup.beds = static_cast<std::int64_t>(std::ceil(busiest_day_inpatients(ordinary, e) / e.bed_occupancy));
    const SiteParams& site = params.sites[s];
    const auto ring_fenced = [&](double share) {
      return std::llround(static_cast<double>(setup.beds) *
                          (site.elective_hub_share + (1 - site.elective_hub_share) * share));
    };
    const PolicyParams::ElectiveRingFence& fence = params.policy.elective_ring_fence;
    setup.ring_fenced_beds = ring_fenced(e.ring_fenced_share);
    setup.ring_fenced_beds_lever = fence.enabled ? ring_fenced(fence.ring_fenced_share) : setup.ring_fenced_beds;
    if (static_cast<double>(setup.beds) > site.ga_beds * site.elective_and_other_bed_share * scale + 1) {
      throw std::invalid_argument("site " + site.key + ": its elective beds (" + std::to_string(setup.beds) +
                                  ") do not fit in the beds it keeps outside its emergency pool");
    }
    setup.warm_list = all_starts > 0 ? std::llround(list * starts[s] / all_starts) : 0;
    setup.borough_shares = from[s];
    for (double& share : setup.borough_shares) share = starts[s] > 0 ? share / starts[s] : 0;
  }
  return plan;
}

}  // namespace icsflow::models::detail
