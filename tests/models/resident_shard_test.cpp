// A resident shard (one PCN) on a one-process simulation: what it sends to the other processes, GP
// appointments against its book, and the news of a death passed to the borough.
#include "resident_shard.hpp"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "population.hpp"
#include "rates.hpp"
#include "recording_routes.hpp"

namespace icsflow::models::detail {
namespace {

using testing::RecordingRoutes;
using testing::Sent;

constexpr double kScale = 0.05;  // a few thousand residents

struct OnePcn {
  explicit OnePcn(const ModelParams& params, double scale = kScale)
      : context(testing::context_for(params)), simulation(testing::simulation_of(1)) {
    const BoroughId borough(params.pcns[0].borough);
    shard = std::make_unique<ResidentShard>(PcnId(0), borough, 0, synthesise_residents(context, PcnId(0), 0, scale),
                                            params.boroughs.size(), std::vector<Entrants>{}, context, routes);
    Populations populations;
    populations.emplace_back(shard->residents());
    derive_community_care_onset(params, populations, context.rates);
  }
  void run(Time until) {
    shard->start(simulation.process(0));
    simulation.run_until(until);
  }
  Context context;
  RecordingRoutes routes;
  sim::Simulation simulation;
  std::unique_ptr<ResidentShard> shard;
};

// The proactive-care programme is paid for each enrolled resident until their death or the end of the year.
TEST(ResidentShard, ProactiveCareIsPaidUntilDeathOrTheEnd) {
  ModelParams params = testing::baseline();
  params.policy.proactive_care.enabled = true;
  params.policy.proactive_care.cost_per_resident_year = 365;  // a pound a day
  OnePcn one(params);
  for (std::uint32_t local = 0; local < one.shard->residents().size(); ++local)
    one.shard->enrol_in_proactive_care(local);
  one.run(kYear);
  one.shard->finish();
  // Each survivor costs a year (36,500 pence); each of the D who died, part of it: the total lies strictly between
  // what the survivors alone and what everyone for a whole year would cost.
  const auto everyone = static_cast<std::int64_t>(one.shard->residents().size());
  const std::int64_t died = one.shard->tallies().total(Measure::deaths);
  ASSERT_GT(died, 0) << "a year of a few thousand residents has deaths";
  const std::int64_t paid = one.shard->tallies().total(Measure::cost_lever_proactive_care_gbp);
  EXPECT_GT(paid, (everyone - died) * 36500);
  EXPECT_LT(paid, everyone * 36500);
  EXPECT_EQ(one.shard->tallies().total(Measure::cost_community_gbp), paid);
}

TEST(ResidentShard, SendsOnlyAboutItsOwnResidentsToTheirBoroughAndCatchmentSites) {
  const ModelParams& params = testing::baseline();
  OnePcn one(params);
  one.run(90 * kDay);
  ASSERT_FALSE(one.routes.sent.empty());
  const std::vector<double>& catchment = params.boroughs[one.shard->borough().index()].site_shares;
  for (const Sent& s : one.routes.sent) {
    if (s.route == "elective_referral") continue;  // about a pathway, not a resident (below)
    EXPECT_EQ(s.who.shard, PcnId(0)) << s.route;
    EXPECT_EQ(s.who.borough, one.shard->borough()) << s.route;
    EXPECT_LT(s.who.local, one.shard->residents().size()) << s.route;
    EXPECT_EQ(one.shard->residents()[s.who.local].id, s.who.resident) << s.route;
    if (s.route == "ae_arrival") {
      EXPECT_GT(catchment[s.site.index()], 0) << "a site of the borough's catchment";
    }
  }
  EXPECT_FALSE(one.routes.named("ae_arrival").empty()) << "ninety days of a PCN bring emergencies";
  for (const Sent& s : one.routes.named("urgent_referral")) EXPECT_TRUE(s.who.flags & kFlagAcsc);
  // Residents sent to hospital are away until they are told home: none is sent twice meanwhile.
  std::vector<std::uint32_t> away;
  for (const Sent& s : one.routes.sent) {
    if (s.route == "ae_arrival" || s.route == "urgent_referral") away.push_back(s.who.local);
  }
  std::sort(away.begin(), away.end());
  EXPECT_EQ(std::adjacent_find(away.begin(), away.end()), away.end());
}

// GP appointments and unmet needs of sixty days, with capacity at `ratio` times the demand.
std::pair<std::int64_t, std::int64_t> gp_outcomes(double ratio) {
  ModelParams params = testing::baseline();
  params.primary.capacity_to_demand_ratio = ratio;
  OnePcn one(params);
  one.run(60 * kDay);
  return {one.shard->tallies().total(Measure::gp_appointments), one.shard->tallies().total(Measure::gp_unmet_demand)};
}

TEST(ResidentShard, GpNeedsAreMetWhileTheBookHasRoomAndGoUnmetWithoutIt) {
  const auto [seen_with_room, unmet_with_room] = gp_outcomes(3);
  EXPECT_GT(seen_with_room, 0);
  EXPECT_EQ(unmet_with_room, 0);
  const auto [seen_without, unmet_without] = gp_outcomes(0);
  EXPECT_EQ(seen_without, 0);
  EXPECT_GT(unmet_without, 0);
}

TEST(ResidentShard, ADeathAwayIsPassedToTheBoroughOfAResidentWithCare) {
  OnePcn one(testing::baseline());
  const std::vector<Resident>& residents = one.shard->residents();
  const auto with_care = std::find_if(residents.begin(), residents.end(),
                                      [](const Resident& r) { return r.care != CareStatus::independent; });
  ASSERT_NE(with_care, residents.end());
  PatientRef who;
  who.resident = with_care->id;
  who.local = static_cast<std::uint32_t>(with_care - residents.begin());
  who.borough = one.shard->borough();
  one.simulation.process(0).schedule_at(kDay, [&one, who](Process& p) { one.shard->on_died_away(p, who); });
  one.run(kDay + kHour);
  EXPECT_EQ(one.shard->residents()[who.local].whereabouts, Whereabouts::dead);
  bool told = false;
  for (const Sent& s : one.routes.named("care_ended")) told = told || (s.who.resident == who.resident && s.flag);
  EXPECT_TRUE(told);
}

// Makes `one` a two-year run whose shard receives `entrants` at each year's end (capacities unchanged).
void two_years(OnePcn& one, const ModelParams& params, std::vector<Entrants> entrants) {
  one.context.results_end = 2 * kYear;
  one.context.growth.assign(2, CapacityGrowth{std::vector<double>(params.boroughs.size(), 1.0),
                                              std::vector<double>(params.boroughs.size(), 1.0),
                                              std::vector<double>(params.sites.size(), 1.0)});
  one.shard = std::make_unique<ResidentShard>(PcnId(0), BoroughId(params.pcns[0].borough), 0,
                                              synthesise_residents(one.context, PcnId(0), 0, kScale),
                                              params.boroughs.size(), std::move(entrants), one.context, one.routes);
}

// At a year's end newcomers take the places of the dead and moved; a care place the borough sends later for someone
// who died meanwhile does not go to the newcomer in their place (the message names the resident it is for).
TEST(ResidentShard, NewcomersTakeFreePlacesAndNoOneElsesCare) {
  const ModelParams& params = testing::baseline();
  OnePcn one(params);
  const std::size_t starting = one.shard->residents().size();
  constexpr std::uint32_t kFirstNew = 1'000'000;
  two_years(one, params, {{kFirstNew, 20, 30}, {kFirstNew + 50, 0, 0}});
  one.run(kYear + kHour);
  const std::vector<Resident>& residents = one.shard->residents();
  const PopulationCounts& first_year = one.shard->population()[0];
  EXPECT_EQ(first_year.births[0], 20);
  std::int64_t moved_in = 0, counted = 0, died = 0, moved_out = 0;
  for (std::size_t a = 0; a < kAgeBands; ++a) {
    moved_in += first_year.moved_in[a];
    counted += first_year.residents[a];
    died += first_year.deaths[a];
    moved_out += first_year.moved_out[a];
  }
  EXPECT_EQ(moved_in, 30);
  EXPECT_EQ(counted, static_cast<std::int64_t>(starting));
  ASSERT_GE(died + moved_out, 50) << "enough places freed for every newcomer";
  EXPECT_EQ(residents.size(), starting) << "newcomers took free places: no growth in memory";
  std::uint32_t newcomer = 0;
  std::size_t newcomers = 0;
  for (std::uint32_t local = 0; local < residents.size(); ++local) {
    if (residents[local].id >= kFirstNew) {
      ++newcomers;
      newcomer = local;
    }
  }
  EXPECT_EQ(newcomers, 50U);
  ASSERT_EQ(residents[newcomer].care, CareStatus::independent);
  Process& p = one.simulation.process(0);
  const PatientRef stale{residents[newcomer].id - kFirstNew, newcomer, PcnId(0), BoroughId(0), 0, 0, 0, 0};
  one.shard->on_care_started(p, stale, CareKind::home_care);
  EXPECT_EQ(residents[newcomer].care, CareStatus::independent) << "the place was for the one who died";
  PatientRef current = stale;
  current.resident = residents[newcomer].id;
  one.shard->on_care_started(p, current, CareKind::home_care);
  EXPECT_EQ(residents[newcomer].care, CareStatus::home_care);
}

// Proactive care keeps its caseload: at a year's end it takes on the highest-risk residents not enrolled in place
// of those who died or moved, paid for from that year (proactive_from_year).
TEST(ResidentShard, ProactiveCareKeepsItsCaseloadFromYearToYear) {
  ModelParams params = testing::baseline();
  params.policy.proactive_care.enabled = true;
  params.policy.proactive_care.cost_per_resident_year = 365;
  OnePcn one(params);
  two_years(one, params, {{1'000'000, 0, 0}, {1'000'000, 0, 0}});
  const auto enrolled = [&one] {
    return std::count_if(one.shard->residents().begin(), one.shard->residents().end(),
                         [](const Resident& r) { return r.present() && r.proactive; });
  };
  std::vector<std::pair<double, std::uint32_t>> ranked;
  for (std::uint32_t local = 0; local < one.shard->residents().size(); ++local)
    ranked.emplace_back(proactive_care_score(params, one.shard->residents()[local]), local);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; k < 300; ++k) one.shard->enrol_in_proactive_care(ranked[k].second);
  one.run(kYear + kHour);
  EXPECT_EQ(enrolled(), 300) << "the caseload is kept";
  std::size_t joined = 0, stayed = 0;
  for (const Resident& r : one.shard->residents()) {
    if (r.present() && r.proactive) ++(r.proactive_from_year == 1 ? joined : stayed);
  }
  EXPECT_GT(joined, 0U) << "a year of the highest-risk residents has deaths";
  EXPECT_EQ(joined, 300 - stayed) << "those taken on are paid for from year 2";
}

// Seasons: a need's rate follows its month's multiplier (drawn at the year's peak and thinned). January's other
// emergencies are set to three times February's; the two fortnights either side of 1 February are compared.
TEST(ResidentShard, EmergenciesFollowTheirMonthsMultiplier) {
  ModelParams params = testing::baseline();
  params.primary.ae_instead_if_no_slot_probability = 0;  // only the residents' own emergencies reach A&E
  params.seasons.results_start_month = 1;                // time 0 is 1 January
  params.seasons.strength = 1;
  params.seasons.other_emergency = kNoSeason;
  params.seasons.other_emergency[0] = 3;
  OnePcn one(params, 1.0);
  one.run(45 * kDay);
  double january = 0, february = 0;  // other emergencies (not exacerbations) in days 17-30 and 31-44
  for (const Sent& s : one.routes.named("ae_arrival")) {
    if (s.who.flags & kFlagAcsc) continue;
    if (s.at >= 17 * kDay && s.at < 31 * kDay) ++january;
    if (s.at >= 31 * kDay && s.at < 45 * kDay) ++february;
  }
  ASSERT_GT(february, 100) << "a fortnight of a whole PCN";
  // Poisson counts: the log of their ratio has standard error sqrt(1/a + 1/b). The residents sent to A&E do not come
  // back in this test, so February's fortnight has a few percent fewer residents at home (about 0.3 emergencies a
  // resident a year, at up to 2.6 times for a fortnight): allowed for with 0.03.
  const double error = std::sqrt(1 / january + 1 / february);
  EXPECT_NEAR(std::log(january / february), std::log(3.0), 3 * error + 0.03) << january << " against " << february;
}

// GP appointments start referral to treatment pathways at the published rate, each sent to a site of the borough's
// planned care on the appointment's day. Binomial: referrals ~ Bin(appointments, p), within 3 standard deviations.
TEST(ResidentShard, GpAppointmentsStartReferralsToTreatment) {
  const ModelParams& params = testing::baseline();
  OnePcn one(params);
  one.run(kYear);
  const std::vector<Sent> referrals = one.routes.named("elective_referral");
  const auto appointments = static_cast<double>(one.shard->tallies().total(Measure::gp_appointments));
  const double p = params.elective.clock_starts_per_gp_appointment;
  ASSERT_GT(appointments, 1000);
  EXPECT_NEAR(static_cast<double>(referrals.size()), appointments * p, 3 * std::sqrt(appointments * p * (1 - p)));
  const std::vector<double>& sites = one.context.rates.elective_site_shares[one.shard->borough().index()];
  for (const Sent& s : referrals) {
    EXPECT_GT(sites[s.site.index()], 0) << "a site of the borough's planned care";
    EXPECT_GE(s.delay, kLookahead);
    EXPECT_LE(s.delay, 30 * kDay) << "on the appointment's day, within the routine wait";
    EXPECT_EQ(s.pathway.borough, one.shard->borough().index());
    EXPECT_LT(s.pathway.specialty, kSpecialties);
    EXPECT_GE(s.pathway.duration, 0);
    EXPECT_LT(s.pathway.priority, kElectivePriorities);
    EXPECT_GT(s.pathway.leaves_at, 0);
  }
}

}  // namespace
}  // namespace icsflow::models::detail
