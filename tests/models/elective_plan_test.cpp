// Planned-care capacities: clinics and theatre lists sized for the expected referrals, elective beds that fit.
#include "elective_plan.hpp"

#include <numeric>

#include <gtest/gtest.h>

#include "rates.hpp"
#include "recording_routes.hpp"

namespace icsflow::models::detail {
namespace {

TEST(ElectivePlan, ClinicsAndTheatresMatchTheExpectedReferralsAndTheListIsShared) {
  const ModelParams& params = testing::baseline();
  const DerivedRates rates = derive_rates(params);
  const double scale = 0.5;
  const std::vector<double> starts = expected_clock_starts(params, rates, scale);
  const double all_starts = std::accumulate(starts.begin(), starts.end(), 0.0);
  // About 0.061 pathways for each of some 5.7 GP appointments a resident a year.
  double residents = 0;
  for (const BoroughParams& b : params.boroughs) residents += b.residents * scale;
  EXPECT_NEAR(all_starts / residents, 0.061 * 5.7, 0.05);

  const std::vector<ElectiveSetup> plan = plan_elective(params, rates, scale);
  ASSERT_EQ(plan.size(), params.sites.size());
  const ElectiveParams& e = params.elective;
  const double working_days = 365.0 * 5 / 7;
  double outpatients = 0, theatre = 0, list = 0;
  for (std::size_t s = 0; s < plan.size(); ++s) {
    for (std::size_t k = 0; k < kSpecialties; ++k) {
      outpatients += plan[s].capacity.outpatient_per_day[k] * working_days;
      theatre += plan[s].capacity.theatre_per_day[k] * working_days;
    }
    list += static_cast<double>(plan[s].warm_list);
    EXPECT_NEAR(std::accumulate(plan[s].borough_shares.begin(), plan[s].borough_shares.end(), 0.0), 1.0, 1e-9);
    const SiteParams& site = params.sites[s];
    EXPECT_LE(static_cast<double>(plan[s].beds), site.ga_beds * site.elective_and_other_bed_share * scale + 1);
    EXPECT_GT(plan[s].beds, 0);
  }
  EXPECT_NEAR(outpatients, all_starts * e.outpatient_capacity_to_demand, 1e-6 * all_starts);
  EXPECT_NEAR(theatre, outpatients * e.admitted_share * e.theatre_capacity_to_demand, 1e-6 * all_starts);
  EXPECT_NEAR(list, e.list_per_1000 / 1000 * residents, static_cast<double>(plan.size()));
}

// A site's hub beds are all ring-fenced; of the rest, ring_fenced_share.
TEST(ElectivePlan, RingFencedBedsAreTheHubsAndAShareOfTheRest) {
  ModelParams params = testing::baseline();
  params.elective.ring_fenced_share = 0.5;
  params.sites[0].elective_hub_share = 1;
  params.sites[1].elective_hub_share = 0;
  params.sites[2].elective_hub_share = 0.5;
  const std::vector<ElectiveSetup> plan = plan_elective(params, derive_rates(params), 1.0);
  EXPECT_EQ(plan[0].ring_fenced_beds, plan[0].beds);
  EXPECT_NEAR(static_cast<double>(plan[1].ring_fenced_beds), 0.5 * static_cast<double>(plan[1].beds), 0.5);
  EXPECT_NEAR(static_cast<double>(plan[2].ring_fenced_beds), 0.75 * static_cast<double>(plan[2].beds), 0.5);
}

TEST(ElectivePlan, ASiteWithoutRoomForItsElectiveBedsIsRefused) {
  ModelParams params = testing::baseline();
  params.elective.ordinary_los_days = 200;  // stays that no site has the room for
  try {
    (void)plan_elective(params, derive_rates(params), 1.0);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(params.sites[0].key), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace icsflow::models::detail
