// Demography's pure parts: single years of age within a band, a birthday, the newcomers' plan, the expected
// projection and the capacities that follow it.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "demography.hpp"
#include "population.hpp"
#include "recording_routes.hpp"

namespace icsflow::models::detail {
namespace {

// Four standard errors of a proportion p estimated from n draws.
double four_se(double p, double n) { return 4 * std::sqrt(p * (1 - p) / n); }

TEST(Demography, SingleYearsFollowTheSlopeOfTheAgePyramid) {
  const ByAge& lambeth = testing::baseline().boroughs[3].age_shares;  // many more people at 25-44 than at 45-64
  const AgeWeights weights = age_weights(lambeth);
  const auto& band = weights[4];  // 45-64
  for (int year = 0; year < band_width(4); ++year) EXPECT_GT(band[static_cast<std::size_t>(year)], 0);
  EXPECT_GT(band[0], 1.5 * band[19]) << "more 45- than 64-year-olds: the band's people thin out with age";
  // The slope is continuous at a band's edge: the last year of one band and the first of the next are near.
  const double edge = (lambeth[3] / 20 + lambeth[4] / 20) / 2;
  EXPECT_NEAR(weights[3][19], edge, 0.05 * edge);
  EXPECT_NEAR(weights[4][0], edge, 0.05 * edge);
}

TEST(Demography, ABirthdayMovesABandsLastYearIntoTheNextWithItsConditionsAndFrailty) {
  const ModelParams& params = testing::baseline();
  const HealthParams& health = params.health;
  const Context context = testing::context_for(params);
  Resident middle;
  middle.age_band = 4;
  middle.age = 50;
  sim::RandomStream draw = context.stream(1, Purpose::demography, 0);
  EXPECT_FALSE(age_a_year(middle, health, draw));
  EXPECT_EQ(middle.age, 51);
  EXPECT_EQ(middle.age_band, 4);

  // Residents of 45-64 drawn as at the start, all aged 64: a year on they are 65-74, and their frailty and
  // conditions follow 65-74's distributions (the rank kept within them).
  const std::vector<Resident> pcn = synthesise_residents(context, PcnId(0), 0, 1.0);
  std::array<double, kFrailtyLevels> frailty{};
  double conditions = 0, n = 0;
  std::array<std::uint8_t, kFrailtyLevels> lowest_after{4, 4, 4, 4}, highest_after{};
  for (Resident r : pcn) {
    if (r.age_band != 4) continue;
    const std::uint8_t before = r.frailty;
    r.age = 64;
    sim::RandomStream birthday = context.stream(r.id, Purpose::demography, 0);
    ASSERT_TRUE(age_a_year(r, health, birthday));
    EXPECT_EQ(r.age_band, 5);
    EXPECT_GE(r.frailty, before) << "no one grows less frail with age";
    lowest_after[before] = std::min(lowest_after[before], r.frailty);
    highest_after[before] = std::max(highest_after[before], r.frailty);
    ++frailty[r.frailty];
    conditions += r.ltc_count;
    ++n;
  }
  ASSERT_GT(n, 2000);
  for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
    const double expected = health.frailty_shares[5][f];
    EXPECT_NEAR(frailty[f] / n, expected, four_se(expected, n)) << "frailty level " << f;
  }
  for (std::size_t f = 0; f + 1 < kFrailtyLevels; ++f) {
    if (highest_after[f] > 0 && lowest_after[f + 1] < 4) {
      EXPECT_LE(highest_after[f], lowest_after[f + 1]) << "the frailer stay the frailer";
    }
  }
  // Conditions: Poisson with the new band's mean (variance = mean), averaged over the quintiles' multipliers.
  double mean = 0;
  for (const Resident& r : pcn) {
    if (r.age_band == 4) mean += health.ltc_mean_count[5] * health.ltc_deprivation_multiplier[r.quintile] / n;
  }
  EXPECT_NEAR(conditions / n, mean, 4 * std::sqrt(mean / n));
}

TEST(Demography, NewcomersArePlannedFromTheSeedAloneTheSameInEveryScenario) {
  ModelParams params = testing::baseline();
  Context context = testing::context_for(params, 3);
  context.results_end = 3 * kYear + kDay;  // three whole years and a day: three steps
  const auto plan = plan_entrants(context, 5'000'000, 0.1);
  ASSERT_EQ(plan.size(), 3U);

  ModelParams partnership = params;
  partnership.policy.proactive_care.enabled = true;
  partnership.policy.single_pound.enabled = true;
  Context other = testing::context_for(partnership, 3);
  other.results_end = context.results_end;
  const auto same = plan_entrants(other, 5'000'000, 0.1);

  std::uint32_t next = 5'000'000;
  double births = 0, expected_births = 0, migrants = 0, expected_migrants = 0;
  for (std::size_t year = 0; year < plan.size(); ++year) {
    for (const PcnId pcn : plan[year].ids()) {
      const Entrants& e = plan[year][pcn];
      EXPECT_EQ(e.first_id, next) << "consecutive ids, year then PCN";
      EXPECT_EQ(e.first_id, same[year][pcn].first_id);
      EXPECT_EQ(e.births, same[year][pcn].births);
      EXPECT_EQ(e.migrants, same[year][pcn].migrants);
      next += e.births + e.migrants;
      births += e.births;
      migrants += e.migrants;
      const BoroughParams& borough = params.boroughs[BoroughId(params.pcns[pcn.index()].borough).index()];
      const double people = borough.residents * params.pcns[pcn.index()].list_share * 0.1;
      expected_births += people * borough.births_per_1000 / 1000;
      expected_migrants += people * params.demography.in_migration_per_1000 / 1000;
    }
  }
  // Sums of Poisson counts: within four standard deviations (sd = sqrt(mean)).
  EXPECT_NEAR(births, expected_births, 4 * std::sqrt(expected_births));
  EXPECT_NEAR(migrants, expected_migrants, 4 * std::sqrt(expected_migrants));

  const Resident newborn = synthesise_entrant(context, BoroughId(0), next, true);
  EXPECT_EQ(newborn.age, 0);
  EXPECT_EQ(newborn.age_band, 0);
  EXPECT_EQ(newborn.care, CareStatus::independent);
  EXPECT_EQ(newborn.id, next);
}

TEST(Demography, TheProjectionStartsFromTheDataAndBalancesItsFlows) {
  const ModelParams& params = testing::baseline();
  const Context context = testing::context_for(params);
  const Projection projection = project_population(params, context.rates, 5);
  ASSERT_EQ(projection.size(), 5U);
  double start = 0, end = 0, old_start = 0, old_end = 0;
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    for (std::size_t a = 0; a < kAgeBands; ++a) {
      EXPECT_NEAR(projection[0][b][a], params.boroughs[b].residents * params.boroughs[b].age_shares[a], 1e-6);
    }
    start += std::accumulate(projection[0][b].begin(), projection[0][b].end(), 0.0);
    end += std::accumulate(projection[4][b].begin(), projection[4][b].end(), 0.0);
    old_start += projection[0][b][5] + projection[0][b][6] + projection[0][b][7];
    old_end += projection[4][b][5] + projection[4][b][6] + projection[4][b][7];
  }
  // Births (~12 per 1,000) exceed deaths (~6) and moves in and out nearly balance: a growing population, whose
  // older part grows faster.
  EXPECT_GT(end, start);
  EXPECT_LT(end, start * std::pow(1.01, 4));
  EXPECT_GT(old_end / old_start, end / start);
}

TEST(Demography, CapacitiesFollowTheProjectionAsFarAsTheDataSays) {
  ModelParams params = testing::baseline();
  const Context context = testing::context_for(params);
  const Projection projection = project_population(params, context.rates, 4);
  const std::vector<CapacityGrowth> growth = capacity_growth(params, projection);
  ASSERT_EQ(growth.size(), 4U);
  for (const double g : growth[0].care) EXPECT_EQ(g, 1);
  for (const double g : growth[0].acute) EXPECT_EQ(g, 1);
  for (const double g : growth[3].care) EXPECT_GT(g, 1) << "care users are old, and the old grow in number";
  for (std::size_t s = 0; s < params.sites.size(); ++s) EXPECT_GT(growth[3].acute[s], 1) << s;

  params.demography.capacity_follows_demography = 0;
  for (const CapacityGrowth& year : capacity_growth(params, projection)) {
    for (const double g : year.gp) EXPECT_EQ(g, 1);
    for (const double g : year.care) EXPECT_EQ(g, 1);
    for (const double g : year.acute) EXPECT_EQ(g, 1);
  }
  params.demography.capacity_follows_demography = 0.5;
  const std::vector<CapacityGrowth> half = capacity_growth(params, projection);
  EXPECT_NEAR(half[3].acute[0] - 1, (growth[3].acute[0] - 1) / 2, 1e-12);
}

TEST(Demography, TheClassOrderHoldsThosePresentSortedByClass) {
  const Context context = testing::context_for(testing::baseline());
  std::vector<Resident> residents = synthesise_residents(context, PcnId(0), 0, 0.05);
  residents[3].whereabouts = Whereabouts::dead;
  residents[7].whereabouts = Whereabouts::moved;
  residents[9].whereabouts = Whereabouts::away;
  std::swap(residents[0], residents[residents.size() - 1]);  // no longer sorted
  std::vector<std::uint32_t> order{42, 43};                  // whatever it held before
  class_order(residents, order);
  EXPECT_EQ(order.size(), residents.size() - 2);
  EXPECT_EQ(std::count(order.begin(), order.end(), 3U), 0);
  EXPECT_EQ(std::count(order.begin(), order.end(), 7U), 0);
  EXPECT_EQ(std::count(order.begin(), order.end(), 9U), 1) << "away is still a resident";
  const auto gp_class = [&](std::uint32_t local) {
    return residents[local].age_band * kQuintiles + residents[local].quintile;
  };
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end(),
                             [&](std::uint32_t a, std::uint32_t b) { return gp_class(a) < gp_class(b); }));
  const GpDemand demand = gp_demand(residents, order, context.rates.gp_need[0]);
  std::uint32_t covered = 0;
  for (const GpClass& c : demand.classes) {
    for (std::uint32_t k = c.begin; k < c.begin + c.size; ++k) EXPECT_EQ(residents[order[k]].quintile, c.quintile);
    covered += c.size;
  }
  EXPECT_EQ(covered, order.size());
}

}  // namespace
}  // namespace icsflow::models::detail
