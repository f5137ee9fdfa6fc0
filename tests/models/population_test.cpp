// The pure functions that build a replication: the synthetic population, GP classes, enrolment in
// proactive care, the social-care onset rates and the levers' effects.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "levers.hpp"
#include "population.hpp"
#include "rates.hpp"
#include "recording_routes.hpp"

namespace icsflow::models::detail {
namespace {

constexpr double kScale = 0.05;

int gp_class(const Resident& r) { return r.age_band * kQuintiles + r.quintile; }

TEST(Population, APcnsResidentsArePureFunctionsOfTheSeedSortedByGpClass) {
  const Context context = testing::context_for(testing::baseline(), 7);
  const std::vector<Resident> a = synthesise_residents(context, PcnId(3), 1000, kScale);
  const std::vector<Resident> b = synthesise_residents(context, PcnId(3), 1000, kScale);
  ASSERT_GT(a.size(), 100U);
  ASSERT_EQ(a.size(), b.size());
  std::vector<std::uint32_t> ids;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].age_band, b[i].age_band);
    EXPECT_EQ(a[i].ltc_count, b[i].ltc_count);
    EXPECT_LE(a[i].ltc_count, testing::baseline().health.ltc_max_count);
    ids.push_back(a[i].id);
  }
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end(),
                             [](const Resident& x, const Resident& y) { return gp_class(x) < gp_class(y); }));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids.front(), 1000U);
  EXPECT_EQ(ids.back(), 1000U + a.size() - 1) << "consecutive ids from the first";

  const std::vector<Resident> other =
      synthesise_residents(testing::context_for(testing::baseline(), 8), PcnId(3), 1000, kScale);
  EXPECT_FALSE(std::equal(a.begin(), a.end(), other.begin(), [](const Resident& x, const Resident& y) {
    return x.age_band == y.age_band && x.quintile == y.quintile && x.ltc_count == y.ltc_count;
  })) << "another seed, another population";
}

TEST(Population, GpClassesCoverTheResidentsAndAddUpToThePcnsRate) {
  const Context context = testing::context_for(testing::baseline());
  const std::vector<Resident> residents = synthesise_residents(context, PcnId(0), 0, kScale);
  const GpDemand demand = gp_demand(residents, {}, context.rates.gp_need[0]);
  std::uint32_t next = 0;
  double total = 0;
  for (const GpClass& c : demand.classes) {
    EXPECT_EQ(c.begin, next) << "classes are consecutive ranges";
    for (std::uint32_t i = c.begin; i < c.begin + c.size; ++i) EXPECT_EQ(residents[i].quintile, c.quintile);
    next += c.size;
    total += c.weight;
    EXPECT_DOUBLE_EQ(c.until, total) << "each class carries the running total of the weights";
  }
  EXPECT_EQ(next, residents.size());
  EXPECT_DOUBLE_EQ(total, demand.total_rate);
  EXPECT_GT(demand.total_rate, 0);
}

TEST(Population, ProactiveCareEnrolsTheTargetShareWithTheHighestRisk) {
  ModelParams params = testing::baseline();
  params.policy.proactive_care.enabled = true;
  params.policy.proactive_care.target_share = 0.1;
  const Context context = testing::context_for(params);
  const std::vector<Resident> first = synthesise_residents(context, PcnId(0), 0, kScale);
  const std::vector<Resident> second = synthesise_residents(context, PcnId(1), 100'000, kScale);
  Populations populations;
  populations.emplace_back(first);
  populations.emplace_back(second);
  const std::vector<ResidentPlace> places = proactive_care_enrolment(params, populations);
  const std::size_t all = first.size() + second.size();
  EXPECT_EQ(places.size(), static_cast<std::size_t>(std::llround(0.1 * static_cast<double>(all))));

  const HealthParams& health = params.health;
  const auto score = [&health](const Resident& r) {
    return r.ltc_count * health.acsc_frailty_multiplier[r.frailty] * health.acsc_deprivation_multiplier[r.quintile];
  };
  std::vector<std::vector<bool>> enrolled{std::vector<bool>(first.size()), std::vector<bool>(second.size())};
  for (const ResidentPlace& place : places) enrolled[place.pcn.index()][place.local] = true;
  double lowest_enrolled = 1e300;
  double highest_not = -1;
  for (const PcnId pcn : populations.ids()) {
    for (std::uint32_t local = 0; local < populations[pcn].size(); ++local) {
      const double s = score(populations[pcn][local]);
      if (enrolled[pcn.index()][local]) {
        lowest_enrolled = std::min(lowest_enrolled, s);
      } else {
        highest_not = std::max(highest_not, s);
      }
    }
  }
  EXPECT_GE(lowest_enrolled, highest_not);
}

TEST(Rates, CommunityOnsetOfHomeCareReplacesTheCommunitysShareOfExits) {
  const ModelParams& params = testing::baseline();
  Context context = testing::context_for(params);
  IdVector<PcnId, std::vector<Resident>> residents;
  Populations populations;
  for (std::size_t k = 0; k < params.pcns.size(); ++k) {
    residents.emplace_back(synthesise_residents(context, PcnId(k), static_cast<std::uint32_t>(k) * 100'000, 0.01));
  }
  for (const std::vector<Resident>& pcn : residents) populations.emplace_back(pcn);
  derive_community_care_onset(params, populations, context.rates);
  const DerivedRates& rates = context.rates;
  std::vector<double> arrivals(params.boroughs.size(), 0);
  std::vector<double> exits(params.boroughs.size(), 0);
  for (const PcnId pcn : populations.ids()) {
    const std::size_t b = BoroughId(params.pcns[pcn.index()].borough).index();
    for (const Resident& r : populations[pcn]) {
      if (r.care == CareStatus::independent) arrivals[b] += rates.home_care_onset[b][r.age_band];
      if (r.care == CareStatus::home_care) {
        exits[b] +=
            rates.death[r.age_band][r.quintile][r.frailty] + rates.care_home_from_home_care + rates.home_care_exit;
      }
    }
  }
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    EXPECT_NEAR(arrivals[b], (1 - params.social.new_client_from_hospital_share) * exits[b], 1e-9 * exits[b]) << b;
  }
}

// Prevention's multiplier removes exactly reach x events a year per 100,000 residents from the other emergencies of
// those it can help, at the starting population.
TEST(Rates, PreventionRemovesTheEventsItAvoidsFromThoseItCanHelp) {
  ModelParams params = testing::baseline();
  params.policy.prevention.events_avoided_per_100k = 13.6;
  const Context context = testing::context_for(params);
  const std::vector<Resident> pcn = synthesise_residents(context, PcnId(0), 0, 0.1);
  Populations populations;
  populations.emplace_back(pcn);
  EXPECT_EQ(prevention_multiplier(params, populations, 0), 1) << "off";
  const double m = prevention_multiplier(params, populations, 0.25);
  double avoided = 0, helped = 0;
  for (const Resident& r : pcn) {
    if (!prevention_eligible(r)) continue;
    ++helped;
    avoided += params.acute.other_emergency_rate_per_year[r.age_band] * (1 - m);
  }
  ASSERT_GT(helped, 100);
  EXPECT_NEAR(avoided, 0.25 * 13.6 * static_cast<double>(pcn.size()) / 1e5, 1e-9);
  EXPECT_GT(m, 0.9) << "a small effect: heart attacks and strokes are few of the emergencies";
}

TEST(Levers, OffLeversHaveNoEffectAndOnLeversDrawWithinTheirRange) {
  ModelParams params = testing::baseline();
  const LeverEffects off = draw_lever_effects(params, 1);
  EXPECT_EQ(off.handoff_multiplier, 1);
  EXPECT_EQ(off.proactive_multiplier, 1);
  // Virtual wards run today in every scenario: their substitution is drawn with every lever off.
  const EffectRange& substitution = params.community.virtual_ward_substitution;
  EXPECT_GE(off.virtual_ward_substitution, substitution.low);
  EXPECT_LE(off.virtual_ward_substitution, substitution.high);
  EXPECT_EQ(off.ucr_referral_share, params.community.ucr_referral_share);
  EXPECT_EQ(off.prevention_reach, 0);
  params.policy.prevention.enabled = true;
  params.policy.prevention.reach = EffectRange{0.1, 0.25, 0.5};
  const double reach = draw_lever_effects(params, 3).prevention_reach;
  EXPECT_GE(reach, 0.1);
  EXPECT_LE(reach, 0.5);
  params.policy.prevention.enabled = false;

  params.policy.handoffs.enabled = true;
  params.policy.handoffs.reduction = EffectRange{0.2, 0.3, 0.5};
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const double multiplier = draw_lever_effects(params, seed).handoff_multiplier;
    EXPECT_GE(multiplier, 0.5);
    EXPECT_LE(multiplier, 0.8);
    EXPECT_EQ(multiplier, draw_lever_effects(params, seed).handoff_multiplier) << "the same draw for the same seed";
  }
  EXPECT_NE(draw_lever_effects(params, 1).handoff_multiplier, draw_lever_effects(params, 2).handoff_multiplier);
}

}  // namespace
}  // namespace icsflow::models::detail
