#pragma once
// The planned-care capacities of a run: each site's clinics and theatre lists sized for the referrals its boroughs'
// GP appointments are expected to make, elective beds for its ordinary cases, and its share of the published waiting
// list at the start. A pure function of the parameters and the derived rates.
#include <vector>

#include "context.hpp"
#include "elective_service.hpp"

namespace icsflow::models::detail {

// Expected RTT clock starts a year at full capacity of GP appointments, by borough (at the run's scale).
[[nodiscard]] std::vector<double> expected_clock_starts(const ModelParams& params, const DerivedRates& rates,
                                                        double scale);

// By site. Throws std::invalid_argument if a site's elective beds would not fit in the beds it keeps outside its
// emergency pool.
[[nodiscard]] std::vector<ElectiveSetup> plan_elective(const ModelParams& params, const DerivedRates& rates,
                                                       double scale);

}  // namespace icsflow::models::detail
