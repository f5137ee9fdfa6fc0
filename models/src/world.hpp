#pragma once
// One replication of the care-system model: the composition of its logical processes.
//   - one ResidentShard per primary care network: its residents and its GP appointment book;
//   - one AcuteSite per acute site: A&E, general & acute beds, a virtual ward;
//   - one BoroughServices per borough: urgent community response, intermediate care, reablement, home
//     care, care homes.
// World builds them from the parameters (population.hpp, rates.hpp, levers.hpp, capacity.hpp), wires them
// through ProcessRoutes, runs the engine and adds up their results in process order, so that totals do not
// depend on the thread count.
#include <cstdint>
#include <vector>

#include "acute_site.hpp"
#include "borough_services.hpp"
#include "context.hpp"
#include "icsflow/models/care_system.hpp"
#include "icsflow/sim/simulation.hpp"
#include "process_routes.hpp"
#include "resident_shard.hpp"

namespace icsflow::models::detail {

class World {
 public:
  World(const ModelParams& params, const RunSettings& settings);

  ReplicationResult run(const ProgressCallback& progress);

 private:
  void start();   // the initial state and events
  void finish();  // counts what is still going on at the end
  [[nodiscard]] ReplicationResult results() const;
  [[nodiscard]] std::int64_t residents_at_year_start(std::size_t year, std::size_t cell) const;
  [[nodiscard]] std::vector<PopulationRow> population() const;

  RunSettings settings_;
  sim::Simulation simulation_;
  Context context_;
  // Engine process ids: the shards first, then the sites, then the boroughs.
  IdVector<PcnId, ResidentShard> shards_;
  IdVector<SiteId, AcuteSite> sites_;
  IdVector<BoroughId, BoroughServices> boroughs_;
  ProcessRoutes routes_{shards_, sites_, boroughs_};
  std::vector<std::int64_t> residents_by_cell_;  // borough x quintile at the start
};

}  // namespace icsflow::models::detail
