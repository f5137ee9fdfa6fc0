// How each kind of metric is derived from one replication's results: the one place totals, rates,
// occupancy and the deprivation gap are computed.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "icsflow/models/metrics.hpp"

namespace icsflow::models {

Totals totals(const ReplicationResult& result, Group group, int year) {
  Totals t;
  for (const SummaryRow& row : result.summary) {
    if ((group.borough >= 0 && row.borough != group.borough) ||
        (group.quintile > 0 && row.deprivation_quintile != group.quintile) || (year > 0 && row.year != year))
      continue;
    // Every year's rows hold the residents at the start: the whole period counts them once.
    if (year > 0 || row.year == 1) t.residents += static_cast<double>(row.residents);
    for (std::size_t m = 0; m < t.values.size(); ++m) t.values[m] += row.values[m];
    t.cost_gbp += row.cost_gbp();
  }
  return t;
}

BedCensus bed_census(const ReplicationResult& result, int year) {
  BedCensus census;
  for (const DailyRow& d : result.daily) {
    if (year > 0 && d.day / kDaysPerYear + 1 != year) continue;
    census.occupied += static_cast<double>(d.beds_occupied);
    census.available += static_cast<double>(d.beds_available);
  }
  return census;
}

double occupancy(const ReplicationResult& result, int year) {
  const BedCensus census = bed_census(result, year);
  return census.available > 0 ? census.occupied / census.available : 0;
}

double rate_per_100k(const Totals& totals, Measure measure, double years) {
  return totals.residents > 0 ? totals[measure] / totals.residents * 1e5 / years : 0.0;
}

double wards_needed(const ReplicationResult& result, double scale, int year) {
  std::vector<double> occupied, days;
  for (const DailyRow& d : result.daily) {
    if (year > 0 && d.day / kDaysPerYear + 1 != year) continue;
    const auto site = static_cast<std::size_t>(d.site);
    if (site >= occupied.size()) {
      occupied.resize(site + 1, 0);
      days.resize(site + 1, 0);
    }
    occupied[site] += static_cast<double>(d.beds_occupied);
    days[site] += 1;
  }
  const WardCosting& w = result.wards;
  double wards = 0;
  for (std::size_t site = 0; site < occupied.size(); ++site) {
    if (days[site] == 0) continue;
    const double beds = occupied[site] / days[site] / scale / w.target_occupancy;
    wards += std::ceil(beds / w.beds_per_ward);
  }
  return wards;
}

Period year_period(const Period& whole, int year) {
  const std::int64_t days = results_days(whole.years) - std::int64_t{kDaysPerYear} * (year - 1);
  return {.years = static_cast<double>(std::min<std::int64_t>(kDaysPerYear, days)) / kDaysPerYear,
          .scale = whole.scale,
          .year = year};
}

double metric_value(const Metric& metric, const ReplicationResult& result, Group group, Period period) {
  const auto quintile_rate = [&](int quintile) {
    return rate_per_100k(totals(result, {group.borough, quintile}, period.year), metric.measure, period.years);
  };
  switch (metric.kind) {
    case MetricKind::measure:
      return totals(result, group, period.year)[metric.measure] / period.scale / period.years;
    case MetricKind::total_cost:
      return totals(result, group, period.year).cost_gbp / period.scale / period.years;
    case MetricKind::rate_per_100k:
      return rate_per_100k(totals(result, group, period.year), metric.measure, period.years);
    case MetricKind::gap_q1_q5:
      return quintile_rate(1) - quintile_rate(5);
    case MetricKind::ratio_q1_q5: {
      const double least_deprived = quintile_rate(5);
      return least_deprived > 0 ? quintile_rate(1) / least_deprived : std::numeric_limits<double>::quiet_NaN();
    }
    case MetricKind::occupancy:
      return occupancy(result, period.year);
    case MetricKind::wards_needed:
      return wards_needed(result, period.scale, period.year);
    case MetricKind::ward_cost:
      return wards_needed(result, period.scale, period.year) * result.wards.ward_year_gbp;
    case MetricKind::cash_cost: {
      const Totals t = totals(result, group, period.year);
      return (t[Measure::cost_community_gbp] + t[Measure::cost_social_care_gbp]) / period.scale / period.years +
             wards_needed(result, period.scale, period.year) * result.wards.ward_year_gbp;
    }
  }
  throw std::logic_error("unknown metric kind");
}

}  // namespace icsflow::models
