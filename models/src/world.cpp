// Building one replication: its processes from the parameters, the initial state, the run itself and the
// collection of results.
#include "world.hpp"

#include "icsflow/models/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "demography.hpp"
#include "elective_plan.hpp"
#include "icsflow/models/capacity.hpp"
#include "levers.hpp"
#include "population.hpp"
#include "rates.hpp"

namespace icsflow::models::detail {
namespace {

sim::SimulationConfig simulation_config(const ModelParams& params) {
  return sim::SimulationConfig{
      .process_count = static_cast<std::uint32_t>(params.pcns.size() + params.sites.size() + params.boroughs.size()),
      .lookahead = kLookahead,
      .queue = sim::QueueKind::quaternary_heap};
}

Context make_context(const ModelParams& params, const RunSettings& settings) {
  if (settings.scale <= 0 || settings.scale > 1) throw std::invalid_argument("scale must be in (0, 1]");
  if (settings.years <= 0) throw std::invalid_argument("years must be positive");
  if (settings.warmup_days < 0) throw std::invalid_argument("warm-up days must be >= 0");
  const Time results_start = std::llround(settings.warmup_days) * kDay;
  const Time results_end = results_start + results_days(settings.years) * kDay;
  if (results_end >= (Time{1} << 31)) throw std::invalid_argument("years too large: minutes must fit in 31 bits");
  Context context{.params = params,
                  .seed = settings.seed,
                  .results_start = results_start,
                  .results_end = results_end,
                  .rates = derive_rates(params),
                  .effects = draw_lever_effects(params, settings.seed),
                  .full_effect_after = std::llround(params.policy.timing.years_to_full_effect * 365 * kDay),
                  .growth = {},
                  .seasons = Seasons(params.seasons, results_start)};
  context.growth = capacity_growth(params, project_population(params, context.rates, context.years()));
  return context;
}

}  // namespace

World::World(const ModelParams& params, const RunSettings& settings)
    : settings_(settings), simulation_(simulation_config(params)), context_(make_context(params, settings)) {
  const std::size_t boroughs = params.boroughs.size();
  residents_by_cell_.assign(boroughs * kQuintiles, 0);

  // --- one shard per primary care network, with its synthetic residents
  sim::ProcessId process = 0;
  std::vector<std::vector<Resident>> residents;
  std::uint32_t next_id = 0;
  for (std::size_t k = 0; k < params.pcns.size(); ++k) {
    residents.push_back(synthesise_residents(context_, PcnId(k), next_id, settings.scale));
    next_id += static_cast<std::uint32_t>(residents.back().size());
  }
  // Newcomers' ids follow every starting resident's.
  const std::vector<IdVector<PcnId, Entrants>> entrants = plan_entrants(context_, next_id, settings.scale);
  shards_.reserve(params.pcns.size());
  for (std::size_t k = 0; k < params.pcns.size(); ++k) {
    const BoroughId borough(params.pcns[k].borough);
    for (const Resident& r : residents[k]) ++residents_by_cell_[borough.index() * kQuintiles + r.quintile];
    std::vector<Entrants> shard_entrants;
    for (const auto& year : entrants) shard_entrants.push_back(year[PcnId(k)]);
    shards_.emplace_back(PcnId(k), borough, process++, std::move(residents[k]), boroughs, std::move(shard_entrants),
                         context_, routes_);
  }
  Populations populations;
  populations.reserve(shards_.size());
  for (const ResidentShard& shard : shards_) populations.emplace_back(shard.residents());
  for (const ResidentPlace& place : proactive_care_enrolment(params, populations)) {
    shards_[place.pcn].enrol_in_proactive_care(place.local);
  }
  derive_community_care_onset(params, populations, context_.rates);
  context_.effects.prevention_multiplier =
      prevention_multiplier(params, populations, context_.effects.prevention_reach);
  context_.effects.prevention_death_multiplier =
      prevention_death_multiplier(context_.rates, params, populations, context_.effects.prevention_reach);

  // --- acute sites and borough services, with the capacities of the plan
  const CapacityPlan plan = plan_capacity(params, settings.scale);
  const std::vector<ElectiveSetup> elective = plan_elective(params, context_.rates, settings.scale);
  sites_.reserve(params.sites.size());
  for (std::size_t i = 0; i < params.sites.size(); ++i) {
    const SiteCapacity& capacity = plan.sites[i];
    // Of the virtual-ward beds (today's and the lever's), those in use (occupancy) that replace an admission
    // (substitution) take patients from here; the rest of the service (step-down, people who would not have
    // been admitted) is costed with them.
    const double taking = params.community.virtual_ward_occupancy * context_.effects.virtual_ward_substitution;
    const std::int64_t today = std::llround(capacity.virtual_ward_beds * taking);
    const std::int64_t all = std::llround((capacity.virtual_ward_beds + capacity.extra_virtual_ward_beds) * taking);
    const SiteBeds beds{capacity.beds, capacity.escalation_beds, today, all - today};
    sites_.emplace_back(SiteId(i), process++, params.sites[i].key, beds, params.sites.size(), boroughs, context_,
                        routes_, elective[i]);
  }
  boroughs_.reserve(boroughs);
  for (std::size_t b = 0; b < boroughs; ++b) {
    boroughs_.emplace_back(BoroughId(b), process++, params.boroughs[b].key, plan.boroughs[b], boroughs, context_,
                           routes_);
  }
}

void World::start() {
  // Residents already in a care home or receiving home care hold their place from the start.
  for (ResidentShard& shard : shards_) {
    BoroughServices& borough = boroughs_[shard.borough()];
    Process& owner = simulation_.process(borough.process());
    for (std::uint32_t local = 0; local < shard.residents().size(); ++local) {
      const Resident& r = shard.residents()[local];
      if (r.care != CareStatus::independent && !borough.place_at_start(owner, r)) shard.start_without_care(local);
    }
  }
  for (ResidentShard& shard : shards_) shard.start(simulation_.process(shard.process()));
  for (BoroughServices& borough : boroughs_) borough.start(simulation_.process(borough.process()));
  for (AcuteSite& site : sites_) site.start(simulation_.process(site.process()));
}

void World::finish() {
  for (AcuteSite& site : sites_) site.finish();
  for (ResidentShard& shard : shards_) shard.finish();
  for (BoroughServices& borough : boroughs_) borough.finish();
}

ReplicationResult World::run(const ProgressCallback& progress) {
  start();
  sim::RunOptions options;
  options.threads = settings_.threads;
  if (progress) {
    const double end = static_cast<double>(context_.results_end);
    options.on_progress = [&progress, end](Time t) { progress(static_cast<double>(t) / end); };
  }
  simulation_.run_until(context_.results_end, options);
  finish();
  return results();
}

std::int64_t World::residents_at_year_start(std::size_t year, std::size_t cell) const {
  std::int64_t sum = 0;
  for (const ResidentShard& shard : shards_) {
    if (shard.borough().index() == cell / kQuintiles)
      sum += shard.population()[year].residents_by_quintile[cell % kQuintiles];
  }
  return sum;
}

std::vector<PopulationRow> World::population() const {
  const std::size_t boroughs = boroughs_.size();
  std::vector<PopulationRow> rows(context_.years() * boroughs * kAgeBands);  // year-major, then borough, age band
  for (std::size_t k = 0; k < rows.size(); ++k) {
    rows[k].year = static_cast<int>(k / (boroughs * kAgeBands)) + 1;
    rows[k].borough = static_cast<int>(k / kAgeBands % boroughs);
    rows[k].age_band = static_cast<int>(k % kAgeBands);
  }
  for (const ResidentShard& shard : shards_) {
    for (std::size_t year = 0; year < shard.population().size(); ++year) {
      const PopulationCounts& counts = shard.population()[year];
      for (std::size_t a = 0; a < kAgeBands; ++a) {
        PopulationRow& row = rows[(year * boroughs + shard.borough().index()) * kAgeBands + a];
        row.residents += counts.residents[a];
        row.births += counts.births[a];
        row.deaths += counts.deaths[a];
        row.migration_in += counts.moved_in[a];
        row.migration_out += counts.moved_out[a];
      }
    }
  }
  return rows;
}

ReplicationResult World::results() const {
  ReplicationResult result;
  const std::size_t cells = residents_by_cell_.size();
  const std::size_t years = context_.years();
  std::vector<Tallies::Cell> totals(years * cells, Tallies::Cell{});  // year-major, as the summary's rows
  const auto add = [&totals, cells, years](const Tallies& tallies) {
    for (std::size_t year = 0; year < years; ++year) {
      for (std::size_t i = 0; i < cells; ++i) {
        Tallies::Cell& sum = totals[year * cells + i];
        for (std::size_t m = 0; m < sum.size(); ++m) sum[m] += tallies.cell(year, i)[m];
      }
    }
  };
  for (const ResidentShard& shard : shards_) add(shard.tallies());
  for (const AcuteSite& site : sites_) {
    add(site.tallies());
    add(site.elective().tallies());
  }
  for (const BoroughServices& borough : boroughs_) add(borough.tallies());
  for (std::size_t k = 0; k < totals.size(); ++k) {
    const std::size_t i = k % cells;
    SummaryRow row;
    row.year = static_cast<int>(k / cells) + 1;
    row.borough = static_cast<int>(i / kQuintiles);
    row.deprivation_quintile = static_cast<int>(i % kQuintiles) + 1;
    row.residents = k < cells ? residents_by_cell_[i] : residents_at_year_start(k / cells, i);
    for (int m = 0; m < kMeasureCount; ++m) {
      const Measure measure = static_cast<Measure>(m);
      row.values[index(measure)] = static_cast<double>(totals[k][index(measure)]) / metric(measure).tally_per_unit;
    }
    result.summary.push_back(row);
  }
  const CostParams& costs = context_.params.costs;
  result.cash = {costs.ward_beds, costs.ward_target_occupancy,
                 costs.ward_beds * 365 * costs.bed_day * costs.ward_releasable_share, costs.discount_rate};
  result.residents = std::accumulate(residents_by_cell_.begin(), residents_by_cell_.end(), std::int64_t{0});
  result.population = population();
  for (const AcuteSite& site : sites_)
    result.daily.insert(result.daily.end(), site.daily().begin(), site.daily().end());
  std::stable_sort(result.daily.begin(), result.daily.end(),
                   [](const DailyRow& a, const DailyRow& b) { return a.day < b.day; });
  for (const AcuteSite& site : sites_) {
    const std::vector<ElectiveRow>& rows = site.elective().rows();
    result.elective.insert(result.elective.end(), rows.begin(), rows.end());
  }
  std::stable_sort(result.elective.begin(), result.elective.end(),
                   [](const ElectiveRow& a, const ElectiveRow& b) { return a.week < b.week; });
  const sim::SimulationStats stats = simulation_.stats();
  result.events_executed = stats.events_executed;
  result.messages_sent = stats.messages_sent;
  return result;
}

}  // namespace icsflow::models::detail

namespace icsflow::models {

ReplicationResult run_replication(const ModelParams& params, const RunSettings& settings,
                                  const ProgressCallback& progress) {
  detail::World world(params, settings);
  return world.run(progress);
}

}  // namespace icsflow::models
