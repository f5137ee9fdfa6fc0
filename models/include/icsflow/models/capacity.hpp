#pragma once
// Capacities of a run: the baseline data, scaled, times the scenario's multipliers, after the single SEL
// pound has moved money between sectors. A pure function, so that equal spend can be checked directly.
#include <cstdint>
#include <vector>

#include "icsflow/models/params.hpp"

namespace icsflow::models {

struct SiteCapacity {
  std::int64_t beds = 0;               // G&A beds open to emergency patients
  std::int64_t escalation_beds = 0;    // extra beds the site can open under pressure
  double virtual_ward_beds = 0;        // today's, in the site's catchment
  double extra_virtual_ward_beds = 0;  // beyond today's, from the admission-avoidance lever
};

struct BoroughCapacity {
  std::int64_t ucr_per_day = 0;
  std::int64_t ucr_per_day_siloed = 0;  // without the admission-avoidance lever's increase (while it ramps up)
  std::int64_t reablement = 0;
  std::int64_t assessors = 0;  // hospital discharge assessments in progress at once
  std::int64_t intermediate_care_beds = 0;
  std::int64_t home_care_packages = 0;
  std::int64_t care_home_places = 0;
};

struct CapacityPlan {
  std::vector<SiteCapacity> sites;
  std::vector<BoroughCapacity> boroughs;
  double moved_gbp_per_year = 0;    // taken from escalation beds by the single SEL pound
  double unspent_gbp_per_year = 0;  // left over after buying whole packages and beds
};

CapacityPlan plan_capacity(const ModelParams& params, double scale);

// The yearly cost of keeping the capacities the single SEL pound moves money between: escalation beds,
// long-term home care packages and intermediate care beds.
double movable_budget_gbp_per_year(const CapacityPlan& plan, const CostParams& costs);

}  // namespace icsflow::models
