#include "measures.hpp"

namespace icsflow::app {

Totals totals(const models::ReplicationResult& result, int borough, int quintile) {
  Totals t;
  for (const models::SummaryRow& row : result.summary) {
    if ((borough >= 0 && row.borough != borough) || (quintile > 0 && row.deprivation_quintile != quintile)) continue;
    t.residents += static_cast<double>(row.residents);
    for (std::size_t m = 0; m < t.values.size(); ++m) t.values[m] += row.values[m];
    t.cost_gbp += row.cost_gbp();
  }
  return t;
}

double occupancy(const models::ReplicationResult& result) {
  double occupied = 0, available = 0;
  for (const models::DailyRow& d : result.daily) {
    occupied += static_cast<double>(d.beds_occupied);
    available += static_cast<double>(d.beds_available);
  }
  return available > 0 ? occupied / available : 0;
}

double acsc_gap_q1_q5_per_100k(const models::ReplicationResult& result, int borough, double years) {
  const auto rate = [years](const Totals& t) {
    return t.residents > 0 ? t[models::Measure::acsc_admissions] / t.residents * 1e5 / years : 0.0;
  };
  return rate(totals(result, borough, 1)) - rate(totals(result, borough, 5));
}

}  // namespace icsflow::app
