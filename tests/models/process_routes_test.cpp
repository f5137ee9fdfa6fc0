// The three kinds of logical process wired by ProcessRoutes on a few-process simulation (one PCN, the six
// sites, the six boroughs), without World: emergencies travel shard -> site -> borough -> site -> shard.
#include "process_routes.hpp"

#include <gtest/gtest.h>

#include "icsflow/models/metrics.hpp"
#include "population.hpp"
#include "rates.hpp"
#include "recording_routes.hpp"

namespace icsflow::models::detail {
namespace {

// Everyone starts independent and never dies; every emergency is admitted, and every survivor of a stay
// needs a care home.
ModelParams emergencies_to_care_homes() {
  ModelParams params = testing::baseline();
  params.health.annual_mortality = ByAge{};
  params.health.acsc_exacerbation_rate_per_ltc_year = 0;
  params.health.initial_care_home_share = ByAge{};
  params.health.initial_home_care_share = ByAge{};
  params.acute.other_emergency_rate_per_year.fill(12);
  params.acute.direct_admission_rate_per_year = ByAge{};
  params.acute.ae_admission_probability.fill(1);
  params.acute.in_hospital_death_probability = ByAge{};
  params.acute.zero_day_stay_share = ByAge{};
  params.acute.readmission_excess_probability = 0;
  for (ByPathway& shares : params.social.pathway_shares) shares = ByPathway{0, 0, 0, 1};
  return params;
}

class FewProcesses {
 public:
  explicit FewProcesses(const ModelParams& params)
      : context_(testing::context_for(params)),
        simulation_(testing::simulation_of(static_cast<std::uint32_t>(1 + 2 * params.sites.size()))) {
    const std::size_t boroughs = params.boroughs.size();
    sim::ProcessId process = 0;
    shards_.emplace_back(PcnId(0), BoroughId(params.pcns[0].borough), process++,
                         synthesise_residents(context_, PcnId(0), 0, 0.005), boroughs, std::vector<Entrants>{},
                         context_, routes_);
    Populations populations;
    populations.emplace_back(shards_[PcnId(0)].residents());
    derive_community_care_onset(params, populations, context_.rates);
    for (std::size_t s = 0; s < params.sites.size(); ++s) {
      sites_.emplace_back(SiteId(s), process++, "site", SiteBeds{.base = 20, .escalation = 0, .virtual_ward = 0},
                          params.sites.size(), boroughs, context_, routes_);
    }
    for (std::size_t b = 0; b < boroughs; ++b) {
      boroughs_.emplace_back(BoroughId(b), process++, "borough",
                             BoroughCapacity{.assessors = 2, .care_home_places = 10}, boroughs, context_, routes_);
    }
  }
  void run(Time until, unsigned threads) {
    shards_[PcnId(0)].start(simulation_.process(0));
    sim::RunOptions options;
    options.threads = threads;
    simulation_.run_until(until, options);
  }
  [[nodiscard]] std::int64_t total(Measure what) const {
    std::int64_t sum = shards_[PcnId(0)].tallies().total(what);
    for (const AcuteSite& site : sites_) sum += site.tallies().total(what);
    for (const BoroughServices& borough : boroughs_) sum += borough.tallies().total(what);
    return sum;
  }
  [[nodiscard]] const ResidentShard& shard() const { return shards_[PcnId(0)]; }
  [[nodiscard]] const BoroughServices& borough(BoroughId id) const { return boroughs_[id]; }

 private:
  Context context_;
  sim::Simulation simulation_;
  IdVector<PcnId, ResidentShard> shards_;
  IdVector<SiteId, AcuteSite> sites_;
  IdVector<BoroughId, BoroughServices> boroughs_;
  ProcessRoutes routes_{shards_, sites_, boroughs_};
};

TEST(ProcessRoutes, EmergenciesTravelFromTheShardThroughHospitalToACareHome) {
  const ModelParams params = emergencies_to_care_homes();
  FewProcesses world(params);
  world.run(120 * kDay, 1);
  EXPECT_GT(world.total(Measure::emergency_admissions), 0);
  EXPECT_GT(world.total(Measure::care_home_admissions), 0);
  std::size_t in_care_homes = 0;
  for (const Resident& r : world.shard().residents()) {
    if (r.care != CareStatus::care_home) continue;
    ++in_care_homes;
    const Holding* place = world.borough(world.shard().borough()).holding(CareKind::care_home, r.id);
    ASSERT_NE(place, nullptr) << "a care home resident holds a place in their borough";
    EXPECT_FALSE(place->queued);
  }
  EXPECT_GT(in_care_homes, 0U);
  EXPECT_LE(in_care_homes, 10U) << "the borough's places";
}

TEST(ProcessRoutes, TheSameResultsOnOneThreadOrThree) {
  const ModelParams params = emergencies_to_care_homes();
  FewProcesses one(params);
  FewProcesses three(params);
  one.run(60 * kDay, 1);
  three.run(60 * kDay, 3);
  for (const Measure what : {Measure::emergency_admissions, Measure::bed_days, Measure::delayed_discharge_bed_days,
                             Measure::care_home_admissions, Measure::cost_social_care_gbp}) {
    EXPECT_EQ(one.total(what), three.total(what)) << metric(what).name;
  }
}

}  // namespace
}  // namespace icsflow::models::detail
