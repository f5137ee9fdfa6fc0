#pragma once
// The metrics registry: every metric icsflow reports is declared here once, with its unit, label and
// description and how it is derived from a replication's results. The summary table's columns, the
// comparison's rows, the sweeps' outputs, the console's headline and the report all read this list, and
// every results file carries it as its /metrics table (docs/results-schema.md).
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "icsflow/models/results.hpp"

namespace icsflow::models {

// How one replication's value of a metric is derived.
enum class MetricKind {
  measure,          // a measure's total over the group
  total_cost,       // the four sectors' spend
  rate_per_100k,    // a measure per 100,000 residents of the group, a year
  gap_q1_q5,        // a measure per 100,000 a year, most deprived quintile minus least deprived
  ratio_q1_q5,      // a measure per 100,000 a year, most deprived quintile over least deprived
  occupancy,        // occupied over available emergency G&A bed days, every site
  wards_needed,     // whole wards the sites need for their emergency patients (capacity that costs cash)
  ward_cost,        // what those wards cost a year: the G&A cash that closing wards can release
  cash_cost,        // spend that is cash: community, social care and the wards needed
  cash_discounted,  // that cash, later years discounted to the first (HM Treasury Green Book rate)
  median_weeks,     // the median weeks from referral to RTT clock stop, from the clock stops within 4 ... 52 weeks
};

// The groups a metric is given for in a comparison.
enum class MetricScope {
  group,    // South East London and each borough, each deprivation quintile and all of them
  borough,  // South East London and each borough, all quintiles
  region,   // South East London only
};

enum class Better { neither, lower, higher };

// Whether a sweep records the metric for every run, and whether its sensitivity is shown first.
enum class SweepRole { none, output, headline };

struct Metric {
  std::string_view name;
  MetricKind kind = MetricKind::measure;
  Measure measure = Measure::count;  // the measure it is built on (all kinds but total_cost and occupancy)
  MetricScope scope = MetricScope::group;
  std::string_view unit;  // of the values as stored (per year and whole population where the table says so)
  std::string_view label;
  std::string_view description;
  std::string_view display_unit;  // how tables show it: value x display_factor, with `decimals` decimals
  double display_factor = 1;
  int decimals = 0;
  Better better = Better::neither;
  int headline = 0;  // position in the headline tables (console, report), 0 when not a headline
  SweepRole sweep = SweepRole::none;
  // A measure is counted by the model in exact integers: this many to one `unit` (minutes per bed day,
  // pence per GBP; 1 for counts).
  double tally_per_unit = 1;
};

// Every metric, in the order the files list them: the measures (the summary's columns), total spend,
// the rates, the inequality measures, occupancy.
std::span<const Metric> metrics();
const Metric& metric(Measure measure);
std::optional<Metric> find_metric(std::string_view name);
std::vector<const Metric*> headline_metrics();  // in headline order
std::vector<const Metric*> sweep_outputs();     // in registry order
[[nodiscard]] std::string_view to_string(Better better);
[[nodiscard]] std::string_view to_string(SweepRole role);

// A part of the population: borough -1 for all of South East London, quintile 0 for every quintile.
struct Group {
  int borough = -1;
  int quintile = 0;
};

// Totals of one replication's summary rows over a group (as simulated: the scale and the whole run, or one year).
struct Totals {
  double residents = 0;
  std::array<double, kMeasureCount> values{};
  double cost_gbp = 0;

  [[nodiscard]] double operator[](Measure m) const { return values[index(m)]; }
};
// Over the whole results period (year 0) or one of its years (from 1). Residents: the year's (at its start, the first
// year's at the start of the run), or for the whole period the mean of its years' (a part year weighs as a whole one).
Totals totals(const ReplicationResult& result, Group group = {}, int year = 0);

// Emergency G&A bed days occupied and available over the run or one year of it (midnight census), every site.
struct BedCensus {
  double occupied = 0;
  double available = 0;
};
BedCensus bed_census(const ReplicationResult& result, int year = 0);
// Occupied / available emergency G&A bed days over the run or one year of it, every site.
double occupancy(const ReplicationResult& result, int year = 0);
// The wards each site needs for its emergency patients in one year of the run, at full scale: its mean occupied
// beds that year (midnight census) at the planning occupancy, rounded up to whole wards, summed over the sites;
// for the whole run (year 0), the years' wards weighted by their nights. A bed day avoided frees capacity; cash
// comes only when this falls by a whole ward.
double wards_needed(const ReplicationResult& result, double scale, int year = 0);

// The median weeks waited of the group's clock stops, interpolated linearly between the points of their distribution
// (the clock stops within 4, 8, 13, 18, 26, 39 and 52 weeks); NaN without clock stops or when half waited over 52.
double median_weeks_waited(const Totals& totals);

// A measure per 100,000 residents of the group a year (0 for a group with no residents).
double rate_per_100k(const Totals& totals, Measure measure, double years);

// The part of the run a metric covers — the whole results period (year 0) or one year of it — with its length
// in years, and the scale simulated.
struct Period {
  double years = 1;
  double scale = 1;
  int year = 0;
};
// Year `year` (from 1) of the results period of `whole` (whole.years long), with that year's length: a year,
// but the last of a period that is not whole years (results_days).
Period year_period(const Period& whole, int year);

// A metric's value for one replication over `period`: counts and spend a year for the whole population (divided
// by the scale simulated), rates a year, occupancy as a fraction.
double metric_value(const Metric& metric, const ReplicationResult& result, Group group, Period period);

}  // namespace icsflow::models
