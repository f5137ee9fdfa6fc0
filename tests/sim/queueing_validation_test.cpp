// Validation of the engine against queueing theory, through the M/M/c model.
//
// Method. Each statistical test runs R independent replications (different seeds), each deleting a
// warm-up, and treats the R replication means as independent, approximately normal observations: their
// mean is the estimate, their standard deviation / sqrt(R) its standard error (SE). The test asserts
//     |estimate - theory| < t * SE,
// with t the two-sided 99.9% quantile of Student's t with R - 1 degrees of freedom (3.88 for R = 20; t
// rather than z = 3.29 because SE is itself estimated from R values). A correct engine therefore fails a
// given comparison with probability 0.1%, and the family of 10 comparisons in this file with probability
// at most 10 * 0.1% = 1% (Bonferroni). Seeds are fixed, so a run is reproducible: a failure is not a flake
// to retry but a deviation to explain. (Residual biases — warm-up, rounding to whole ticks, the edges of the
// observation window — are orders of magnitude below the SE; see mmc_model.hpp.)
//
// Tolerances come from the data, never from tuning. To stop a test from passing merely by being noisy, each
// also asserts that the relative SE is below 2% (so any bias above t * 2% = 7.8% must fail). The patient
// counts below were sized for a relative SE of 0.4-1.2%, which detects biases of roughly 2-5%.
//
// ICSFLOW_TEST_SCALE (default 1) multiplies the patients per replication; ctest sets 0.1 for sanitized and
// Debug builds (tests/CMakeLists.txt). The SE grows by 1/sqrt(scale), so the power requirement is relaxed by
// that factor too; the t * SE tolerance needs no change because it is measured.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/parallel_for.h>
#include <boost/math/distributions/students_t.hpp>

#include "erlang.hpp"
#include "mmc_model.hpp"

namespace icsflow::mmc {
namespace {

constexpr int kReplications = 20;
constexpr double kFalseFailureProbability = 0.001;  // per comparison, two-sided
constexpr double kMaxRelativeStandardError = 0.02;  // at scale 1

double test_scale() {
  const char* text = std::getenv("ICSFLOW_TEST_SCALE");
  if (text == nullptr) return 1.0;
  const double scale = std::strtod(text, nullptr);
  return scale > 0 ? std::min(scale, 1.0e3) : 1.0;
}

std::uint64_t scaled(std::uint64_t patients) {
  return std::max<std::uint64_t>(1000, static_cast<std::uint64_t>(static_cast<double>(patients) * test_scale()));
}

double max_relative_standard_error() { return kMaxRelativeStandardError / std::sqrt(std::min(test_scale(), 1.0)); }

double critical_t(int replications) {
  const boost::math::students_t distribution(replications - 1);
  return boost::math::quantile(boost::math::complement(distribution, kFalseFailureProbability / 2));
}

struct Estimate {
  double mean = 0;
  double standard_error = 0;
};

Estimate estimate_of(const std::vector<double>& replication_means) {
  const auto r = static_cast<double>(replication_means.size());
  double sum = 0;
  for (const double x : replication_means) sum += x;
  const double mean = sum / r;
  double squares = 0;
  for (const double x : replication_means) squares += (x - mean) * (x - mean);
  return {mean, std::sqrt(squares / (r - 1) / r)};
}

// Runs kReplications replications of `base` with seeds first_seed, first_seed + 1, ..., in parallel
// (each is its own Simulation; the results do not depend on which thread ran which).
std::vector<MmcResult> replicate(MmcParameters base, std::uint64_t first_seed) {
  std::vector<MmcResult> results(kReplications);
  tbb::parallel_for(0, kReplications, [&](int r) {
    MmcParameters parameters = base;
    parameters.seed = first_seed + static_cast<std::uint64_t>(r);
    results[static_cast<std::size_t>(r)] = run_mmc(parameters);
  });
  return results;
}

template <class Statistic>
Estimate estimate(const std::vector<MmcResult>& results, Statistic statistic) {
  std::vector<double> values;
  values.reserve(results.size());
  for (const MmcResult& result : results) values.push_back(statistic(result));
  return estimate_of(values);
}

// Asserts agreement within t * SE, and enough precision for the agreement to mean something. `scale_of`
// is the size the relative SE is measured against (the theoretical value, unless that is zero).
void expect_agrees_with_theory(const Estimate& e, double theory, const std::string& what, double scale_of = 0) {
  const double t = critical_t(kReplications);
  const double reference = scale_of > 0 ? scale_of : theory;
  EXPECT_LT(std::abs(e.mean - theory), t * e.standard_error)
      << what << ": estimate " << e.mean << " vs theory " << theory << ", SE " << e.standard_error << ", t " << t;
  EXPECT_LT(e.standard_error / reference, max_relative_standard_error())
      << what << ": relative SE " << e.standard_error / reference << " is too large for the test to have power";
  testing::Test::RecordProperty(what + "_estimate", std::to_string(e.mean));
  testing::Test::RecordProperty(what + "_theory", std::to_string(theory));
  testing::Test::RecordProperty(what + "_relative_se", std::to_string(e.standard_error / reference));
}

// ---- Exact results, no statistics -----------------------------------------------------------------

TEST(ErlangFormulas, MatchKnownValues) {
  // Hand-checkable: one server, a = 1: B = 1/2; M/M/1: P(wait) = rho, W_q = rho / (mu - lambda).
  EXPECT_DOUBLE_EQ(erlang_b(1.0, 1), 0.5);
  EXPECT_NEAR(erlang_c(0.9, 1), 0.9, 1e-12);
  EXPECT_NEAR(mmc_mean_wait(0.9, 1.0, 1), 9.0, 1e-9);
  // Two servers, a = 1: B = (1/2) / (1 + 1 + 1/2) = 0.2; C = 2·0.2 / (2 - 1·0.8) = 1/3.
  EXPECT_NEAR(erlang_b(1.0, 2), 0.2, 1e-12);
  EXPECT_NEAR(erlang_c(1.0, 2), 1.0 / 3.0, 1e-12);
  // Published table value (a = 10 Erlangs, 10 lines): B = 0.21458.
  EXPECT_NEAR(erlang_b(10.0, 10), 0.21458, 5e-6);
  // Stable where the closed form a^c/c! would overflow.
  const double large = erlang_c(900.0, 1000);
  EXPECT_TRUE(std::isfinite(large) && large > 0 && large < 1);
}

// Little's law on the sample path: once arrivals stop and the system has drained, the integral of the
// queue length over time is exactly the sum of the waits, and the integral of busy servers is exactly the
// sum of the service times — in integer ticks, with no tolerance. The integrals are kept by the engine's
// Resource; the sums are measured independently by the model from its own clock readings.
TEST(LittlesLaw, HoldsExactlyOnTheSamplePath) {
  struct Case {
    double lambda, mu;
    std::int64_t servers, queue_limit;
  };
  for (const Case& c : {Case{0.9, 1.0, 1, kUnlimitedQueue}, Case{2.5, 1.0, 3, kUnlimitedQueue}, Case{3.0, 1.0, 3, 4},
                        Case{5.0, 1.0, 4, 0}}) {
    MmcParameters parameters{.arrival_rate = c.lambda,
                             .service_rate = c.mu,
                             .servers = c.servers,
                             .queue_limit = c.queue_limit,
                             .patients = scaled(50'000),
                             .seed = 11};
    const MmcResult r = run_mmc(parameters);
    const std::string label = "lambda " + std::to_string(c.lambda) + ", c " + std::to_string(c.servers) +
                              ", queue limit " + std::to_string(c.queue_limit);
    EXPECT_EQ(r.queue_length_integral_ticks, r.total_wait_ticks) << label;
    EXPECT_EQ(r.busy_servers_integral_ticks, r.total_service_ticks) << label;
    EXPECT_EQ(r.served + r.rejected, r.arrivals) << label;
    if (c.queue_limit > 0) {
      EXPECT_GT(r.total_wait_ticks, 0) << label << ": a case without queueing would check nothing";
    } else {
      EXPECT_EQ(r.total_wait_ticks, 0) << label << ": a loss system has nowhere to wait";
      EXPECT_GT(r.rejected, 0U) << label;
    }
  }
}

TEST(MmcModel, SameSeedGivesIdenticalResultsWithEitherEventQueue) {
  MmcParameters parameters{.arrival_rate = 8.0, .service_rate = 1.0, .servers = 10, .patients = 20'000, .seed = 5};
  const MmcResult heap = run_mmc(parameters);
  parameters.event_queue = sim::QueueKind::calendar;
  const MmcResult calendar = run_mmc(parameters);
  EXPECT_EQ(heap.total_wait_ticks, calendar.total_wait_ticks);
  EXPECT_EQ(heap.total_service_ticks, calendar.total_service_ticks);
  EXPECT_EQ(heap.events_executed, calendar.events_executed);
  EXPECT_EQ(heap.mean_wait, calendar.mean_wait);
  parameters.seed = 6;
  EXPECT_NE(run_mmc(parameters).total_wait_ticks, heap.total_wait_ticks) << "the seed must matter";
}

TEST(MmcModel, RejectsParametersWithoutASteadyState) {
  EXPECT_TRUE(find_parameter_problem({.arrival_rate = 2.0, .service_rate = 1.0, .servers = 2}).has_value());
  EXPECT_FALSE(find_parameter_problem({.arrival_rate = 2.0, .service_rate = 1.0, .servers = 2, .queue_limit = 0}));
  EXPECT_TRUE(find_parameter_problem({.arrival_rate = -1.0}).has_value());
  EXPECT_TRUE(find_parameter_problem({.servers = 0}).has_value());
  EXPECT_TRUE(find_parameter_problem({.patients = 10, .warmup_patients = 10}).has_value());
  EXPECT_THROW(run_mmc({.arrival_rate = 1.0, .service_rate = 1.0, .servers = 1}), std::invalid_argument);
  EXPECT_TRUE(find_parameter_problem({.servers = kMaxServers + 1}).has_value());
}

TEST(MmcModel, TheClockIsFineEnoughForTheRates) {
  EXPECT_EQ(resolution_for(0.9, 1.0), 1'000'000);  // the default, for rates up to 10
  EXPECT_EQ(resolution_for(5e6, 1e7), sim::Time{1'000'000'000'000});
  // At the default resolution a mean service time of 0.1 ticks is refused, not silently wrong.
  EXPECT_TRUE(
      find_parameter_problem({.arrival_rate = 5e6, .service_rate = 1e7, .servers = 1, .patients = 100}).has_value());
  EXPECT_FALSE(find_parameter_problem({.arrival_rate = 5e6,
                                       .service_rate = 1e7,
                                       .servers = 1,
                                       .patients = 100,
                                       .ticks_per_time_unit = resolution_for(5e6, 1e7)})
                   .has_value());
}

// ---- Statistical comparisons with theory -----------------------------------------------------------

struct MmcCase {
  double lambda, mu;
  std::int64_t servers;
  std::uint64_t patients_per_replication;  // sized for a relative SE of about 1% at scale 1
};

std::string label_of(const MmcCase& c) {
  return "lambda" + std::to_string(c.lambda) + "_mu" + std::to_string(c.mu) + "_c" + std::to_string(c.servers);
}

// Test names for the parameterised cases. (A named function: a lambda's parameter would shadow gtest's.)
std::string name_by_servers(const testing::TestParamInfo<MmcCase>& case_info) {
  // Appended rather than "c" + std::to_string(...), which trips GCC 12's false -Wrestrict (GCC bug 105329).
  std::string name = "c";
  name += std::to_string(case_info.param.servers);
  return name;
}

MmcParameters parameters_of(const MmcCase& c, std::int64_t queue_limit = kUnlimitedQueue) {
  const std::uint64_t patients = scaled(c.patients_per_replication);
  // 10% warm-up: thousands of relaxation times of these systems even at 90% utilisation.
  return {.arrival_rate = c.lambda,
          .service_rate = c.mu,
          .servers = c.servers,
          .queue_limit = queue_limit,
          .patients = patients,
          .warmup_patients = patients / 10};
}

class MmcWait : public testing::TestWithParam<MmcCase> {};

TEST_P(MmcWait, MeanWaitMatchesErlangC) {
  const MmcCase& c = GetParam();
  const std::vector<MmcResult> results = replicate(parameters_of(c), 1000 + static_cast<std::uint64_t>(c.servers));
  expect_agrees_with_theory(estimate(results, [](const MmcResult& r) { return r.mean_wait; }),
                            mmc_mean_wait(c.lambda, c.mu, c.servers), "mean_wait_" + label_of(c));
}

// Utilisation 0.8 to 0.9, from one server to a hundred.
INSTANTIATE_TEST_SUITE_P(Queueing, MmcWait,
                         testing::Values(MmcCase{0.9, 1.0, 1, 500'000}, MmcCase{1.6, 1.0, 2, 200'000},
                                         MmcCase{8.0, 1.0, 10, 300'000}, MmcCase{45.0, 0.5, 100, 1'600'000}),
                         name_by_servers);

// The same queue in other time units is the same queue: lambda = 5e6, mu = 1e7 (per second, say) is the
// M/M/1 queue at utilisation 0.5, whose mean wait is 0.5 / (mu - lambda) = 1e-7.
TEST(MmcModel, HighRatesMatchErlangCWithTheChosenResolution) {
  const MmcCase c{5e6, 1e7, 1, 200'000};
  MmcParameters parameters = parameters_of(c);
  parameters.ticks_per_time_unit = resolution_for(c.lambda, c.mu);
  const std::vector<MmcResult> results = replicate(parameters, 3000);
  expect_agrees_with_theory(estimate(results, [](const MmcResult& r) { return r.mean_wait; }),
                            mmc_mean_wait(c.lambda, c.mu, c.servers), "mean_wait_high_rates");
}

class LossSystem : public testing::TestWithParam<MmcCase> {};

TEST_P(LossSystem, BlockingMatchesErlangB) {
  const MmcCase& c = GetParam();
  const std::vector<MmcResult> results =
      replicate(parameters_of(c, /*queue_limit=*/0), 2000 + static_cast<std::uint64_t>(c.servers));
  expect_agrees_with_theory(estimate(results, [](const MmcResult& r) { return r.fraction_rejected; }),
                            erlang_b(c.lambda / c.mu, c.servers), "blocking_" + label_of(c));
}

INSTANTIATE_TEST_SUITE_P(Queueing, LossSystem,
                         testing::Values(MmcCase{4.0, 1.0, 5, 50'000}, MmcCase{9.0, 0.5, 20, 100'000},
                                         MmcCase{90.0, 1.0, 100, 400'000}),
                         name_by_servers);

// Little's law in expectation, L_q = lambda·W_q, with the two sides estimated independently: the time
// average of the Resource's queue-length integral, and the model's per-patient waits. Compared as a paired
// difference per replication (both come from the same sample path, so most of the noise cancels), then
// each side and L = L_q + lambda/mu against Erlang C.
TEST(LittlesLaw, HoldsInExpectation) {
  const MmcCase c{8.0, 1.0, 10, 400'000};
  const std::vector<MmcResult> results = replicate(parameters_of(c), 3000);
  const double lq_theory = mmc_mean_queue_length(c.lambda, c.mu, c.servers);
  const Estimate difference =
      estimate(results, [&c](const MmcResult& r) { return r.mean_in_queue - c.lambda * r.mean_wait; });
  expect_agrees_with_theory(difference, 0.0, "lq_minus_lambda_wq", /*scale_of=*/lq_theory);
  expect_agrees_with_theory(estimate(results, [](const MmcResult& r) { return r.mean_in_queue; }), lq_theory,
                            "mean_in_queue");
  expect_agrees_with_theory(estimate(results, [](const MmcResult& r) { return r.mean_in_system; }),
                            lq_theory + c.lambda / c.mu, "mean_in_system");
}

}  // namespace
}  // namespace icsflow::mmc
