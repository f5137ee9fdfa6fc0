#pragma once
// The synthetic population: each PCN's residents drawn from its borough's published shares, the classes
// that share a GP need rate, and enrolment in proactive care. Pure functions of the parameters and seed.
#include <cstdint>
#include <vector>

#include "context.hpp"
#include "ids.hpp"
#include "patient.hpp"

namespace icsflow::models::detail {

// The residents of PCN `pcn`, with global ids from `first_id`, sorted by GP class (age band, quintile).
// The simulated people are census residents; a PCN's share of them follows its share of the list.
std::vector<Resident> synthesise_residents(const Context& context, PcnId pcn, std::uint32_t first_id, double scale);

// The people who join a PCN at the end of one year of the run (demography): newborns, then people moving in, with
// consecutive global ids from `first_id`. Planned before the run from the parameters and seed alone, so that every
// scenario receives the same newcomers with the same ids (common random numbers).
struct Entrants {
  std::uint32_t first_id = 0;
  std::uint32_t births = 0;
  std::uint32_t migrants = 0;
};
// By year of the results period (the step at its end; none after a part year), then PCN. Ids from `first_id`.
std::vector<IdVector<PcnId, Entrants>> plan_entrants(const Context& context, std::uint32_t first_id, double scale);

// A newcomer to `borough`: a newborn, or someone moving in at an age drawn from the in-migrants' profile, drawn like
// the starting residents (deprivation, conditions, frailty) but with no social care yet.
Resident synthesise_entrant(const Context& context, BoroughId borough, std::uint32_t id, bool newborn);

// A resident's birthday at a year's end (before moving out is drawn): a year older and, entering a new age band,
// frailty and long-term conditions move to the new band's distributions, keeping the resident's rank within them
// (the frailest stay the frailest). Returns whether the band changed.
bool age_a_year(Resident& r, const HealthParams& health, sim::RandomStream& draw);

// Residents of one age band and deprivation quintile in a PCN: they share a GP need rate. The members of a class
// are a range of the shard's class order (local indices sorted by class; none while the residents themselves are
// sorted, as at the start).
struct GpClass {
  double weight = 0;        // rate_per_resident x size: the class's share of the PCN's GP needs
  double until = 0;         // the weights of the classes up to this one, summed in order
  std::uint32_t begin = 0;  // first position in the class order
  std::uint32_t size = 0;
  std::uint8_t quintile = 0;
};
struct GpDemand {
  std::vector<GpClass> classes;
  double total_rate = 0;  // needs per minute of the whole PCN
};
// `order`: the local indices of the residents in class order; empty when `residents` are sorted by class.
GpDemand gp_demand(const std::vector<Resident>& residents, const std::vector<std::uint32_t>& order,
                   const std::array<ByQuintile, kAgeBands>& rates);
// The residents present (alive, not moved away) in class order, ties by local index, into `order` (its memory reused).
void class_order(const std::vector<Resident>& residents, std::vector<std::uint32_t>& order);

// Who proactive care enrols: the share of residents with the highest predicted exacerbation rate, weighted
// by deprivation when the targeting lever is on; ties go to the lower resident id. In no particular order.
struct ResidentPlace {
  PcnId pcn;
  std::uint32_t local = 0;
};
std::vector<ResidentPlace> proactive_care_enrolment(const ModelParams& params, const Populations& populations);
// The score that ranks residents for proactive care (higher: enrolled first).
double proactive_care_score(const ModelParams& params, const Resident& r);
// The `count` residents of one PCN present and not enrolled with the highest scores (ties to the lower id): the
// programme keeps each PCN's caseload as enrolled residents die or move (demography).
std::vector<std::uint32_t> proactive_care_top_up(const ModelParams& params, const std::vector<Resident>& residents,
                                                 std::size_t count);

}  // namespace icsflow::models::detail
