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
  int years = 1;
  for (const SummaryRow& row : result.summary) {
    if ((group.borough >= 0 && row.borough != group.borough) ||
        (group.quintile > 0 && row.deprivation_quintile != group.quintile) || (year > 0 && row.year != year))
      continue;
    t.residents += static_cast<double>(row.residents);
    years = std::max(years, row.year);
    for (std::size_t m = 0; m < t.values.size(); ++m) t.values[m] += row.values[m];
    t.cost_gbp += row.cost_gbp();
  }
  // Each year's rows hold its residents: the whole period has their mean, so that a rate a year is per person-year.
  if (year == 0) t.residents /= years;
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
  // Occupied bed nights and nights by year of the results period and site: wards are needed year by year.
  std::vector<std::vector<double>> occupied, nights;
  for (const DailyRow& d : result.daily) {
    const auto of_year = static_cast<std::size_t>(d.day / kDaysPerYear);
    if (year > 0 && of_year + 1 != static_cast<std::size_t>(year)) continue;
    const auto site = static_cast<std::size_t>(d.site);
    if (of_year >= occupied.size()) {
      occupied.resize(of_year + 1);
      nights.resize(of_year + 1);
    }
    if (site >= occupied[of_year].size()) {
      occupied[of_year].resize(site + 1, 0);
      nights[of_year].resize(site + 1, 0);
    }
    occupied[of_year][site] += static_cast<double>(d.beds_occupied);
    nights[of_year][site] += 1;
  }
  const CashTerms& w = result.cash;
  // Over several years, the years' wards weighted by their nights: a ward closed in year 3 saves only then.
  double weighted = 0, all_nights = 0;
  for (std::size_t y = 0; y < occupied.size(); ++y) {
    double wards = 0, year_nights = 0;
    for (std::size_t site = 0; site < occupied[y].size(); ++site) {
      if (nights[y][site] == 0) continue;
      const double beds = occupied[y][site] / nights[y][site] / scale / w.target_occupancy;
      wards += std::ceil(beds / w.beds_per_ward);
      year_nights = std::max(year_nights, nights[y][site]);
    }
    weighted += wards * year_nights;
    all_nights += year_nights;
  }
  return all_nights > 0 ? weighted / all_nights : 0;
}

Period year_period(const Period& whole, int year) {
  const std::int64_t days = results_days(whole.years) - std::int64_t{kDaysPerYear} * (year - 1);
  return {.years = static_cast<double>(std::min<std::int64_t>(kDaysPerYear, days)) / kDaysPerYear,
          .scale = whole.scale,
          .year = year};
}

namespace {

// Spend that is cash, a year: community and social care, and the wards needed.
double cash_a_year(const ReplicationResult& result, Group group, const Period& period) {
  const Totals t = totals(result, group, period.year);
  return (t[Measure::cost_community_gbp] + t[Measure::cost_social_care_gbp]) / period.scale / period.years +
         wards_needed(result, period.scale, period.year) * result.cash.ward_year_gbp;
}

// Cash a year discounted to the first year of the results period: year y weighs (1 + rate)^-(y - 1). The whole
// period is the mean of its years' discounted cash, weighted by their lengths (times its years: present value).
double discounted_cash_a_year(const ReplicationResult& result, Group group, const Period& period) {
  const auto weight = [&result](int year) { return std::pow(1 + result.cash.discount_rate, -(year - 1)); };
  if (period.year > 0) return cash_a_year(result, group, period) * weight(period.year);
  double sum = 0;
  for (int year = 1; year <= results_year_count(period.years); ++year) {
    const Period part = year_period(period, year);
    sum += cash_a_year(result, group, part) * weight(year) * part.years;
  }
  return sum / period.years;
}

}  // namespace

double median_weeks_waited(const Totals& totals) {
  const double half = totals[Measure::elective_clock_stops] / 2;
  double weeks = 0, below = 0;
  for (const auto& [upto, measure] : kStopsWithinWeeks) {
    const double within = totals[measure];
    if (half > 0 && within >= half) return weeks + (upto - weeks) * (half - below) / (within - below);
    weeks = upto;
    below = within;
  }
  return std::numeric_limits<double>::quiet_NaN();
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
      return wards_needed(result, period.scale, period.year) * result.cash.ward_year_gbp;
    case MetricKind::cash_cost:
      return cash_a_year(result, group, period);
    case MetricKind::cash_discounted:
      return discounted_cash_a_year(result, group, period);
    case MetricKind::median_weeks:
      return median_weeks_waited(totals(result, group, period.year));
  }
  throw std::logic_error("unknown metric kind");
}

}  // namespace icsflow::models
