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

// Residents of one age band and deprivation quintile in a PCN: they share a GP need rate.
// (A shard's residents are sorted by class, so a class is a range of local indices.)
struct GpClass {
  double weight = 0;        // rate_per_resident x size: the class's share of the PCN's GP needs
  std::uint32_t begin = 0;  // first local index
  std::uint32_t size = 0;
  std::uint8_t quintile = 0;
};
struct GpDemand {
  std::vector<GpClass> classes;
  double total_rate = 0;  // needs per minute of the whole PCN
};
GpDemand gp_demand(const std::vector<Resident>& sorted_residents, const std::array<ByQuintile, kAgeBands>& rates);

// Who proactive care enrols: the share of residents with the highest predicted exacerbation rate, weighted
// by deprivation when the targeting lever is on; ties go to the lower resident id. In no particular order.
struct ResidentPlace {
  PcnId pcn;
  std::uint32_t local = 0;
};
std::vector<ResidentPlace> proactive_care_enrolment(const ModelParams& params, const Populations& populations);

}  // namespace icsflow::models::detail
