#pragma once
// Totals of one replication's summary rows, for a borough and deprivation quintile or for everyone.
#include <array>

#include "icsflow/models/results.hpp"

namespace icsflow::app {

struct Totals {
  double residents = 0;
  std::array<double, models::kMeasureCount> values{};
  double cost_gbp = 0;

  [[nodiscard]] double operator[](models::Measure m) const { return values[static_cast<std::size_t>(m)]; }
};

// borough -1: all boroughs; quintile 0: all quintiles. Counts as simulated (not scaled, whole run).
Totals totals(const models::ReplicationResult& result, int borough = -1, int quintile = 0);

// Occupied / available emergency G&A bed-days over the run.
double occupancy(const models::ReplicationResult& result);

// ACSC admissions per 100,000 residents a year, most deprived fifth minus least deprived.
double acsc_gap_q1_q5_per_100k(const models::ReplicationResult& result, int borough, double years);

}  // namespace icsflow::app
