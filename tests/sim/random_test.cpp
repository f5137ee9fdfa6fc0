#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <boost/random/normal_distribution.hpp>

#include "icsflow/sim/random.hpp"

namespace icsflow::sim {
namespace {

TEST(RandomStream, SameKeyGivesSameSequence) {
  RandomStream a(7, 123, 4, 2);
  RandomStream b(7, 123, 4, 2);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a(), b());
}

TEST(RandomStream, DrawDoesNotDependOnOtherStreams) {
  RandomStream alone(1, 10, 0);
  const std::uint64_t expected = alone();
  RandomStream other(1, 11, 0);
  for (int i = 0; i < 17; ++i) other();
  RandomStream again(1, 10, 0);
  EXPECT_EQ(again(), expected);
}

TEST(RandomStream, EveryKeyComponentChangesTheStream) {
  const std::uint64_t base = RandomStream(1, 2, 3, 4)();
  EXPECT_NE(RandomStream(9, 2, 3, 4)(), base);
  EXPECT_NE(RandomStream(1, 9, 3, 4)(), base);
  EXPECT_NE(RandomStream(1, 2, 9, 4)(), base);
  EXPECT_NE(RandomStream(1, 2, 3, 9)(), base);
}

// Philox4x64-10 known-answer test from Random123's kat_vectors (counter and key all zero).
TEST(RandomStream, MatchesPhiloxKnownAnswer) {
  RandomStream zero(0, 0, 0, 0);
  EXPECT_EQ(zero(), 0x16554d9eca36314cULL);
  EXPECT_EQ(zero(), 0xdb20fe9d672d0fdcULL);
  EXPECT_EQ(zero(), 0xd7e772cee186176bULL);
  EXPECT_EQ(zero(), 0x7e68b68aec7ba23bULL);
}

// Uniformity: chi-square over 100 bins with n = 10^6 draws. At the 0.1% level the critical value for
// 99 degrees of freedom is 148.2.
TEST(RandomStream, UniformPassesChiSquare) {
  constexpr int kBins = 100;
  constexpr int kDraws = 1'000'000;
  std::vector<int> counts(kBins, 0);
  RandomStream stream(2024, 1, 1);
  for (int i = 0; i < kDraws; ++i) ++counts[static_cast<int>(stream.uniform() * kBins)];
  const double expected = static_cast<double>(kDraws) / kBins;
  double chi_square = 0;
  for (const int c : counts) chi_square += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi_square, 148.2);
}

// Independence: the correlation between the first draws of entity i and entity i+1 (and of purpose p and
// p+1 for one entity), over n = 200,000 pairs, has standard error 1/sqrt(n) = 0.0022 if they are
// independent; we accept |r| < 4.4 standard errors (p < 1e-5).
double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    syy += y[i] * y[i];
    sxy += x[i] * y[i];
  }
  const double covariance = sxy / n - (sx / n) * (sy / n);
  return covariance / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
}

TEST(RandomStream, NeighbouringEntitiesAndPurposesAreUncorrelated) {
  constexpr int kPairs = 200'000;
  std::vector<double> x, next_entity, next_purpose;
  for (int i = 0; i < kPairs; ++i) {
    const auto entity = static_cast<std::uint64_t>(i);
    x.push_back(RandomStream(5, entity, 3).uniform());
    next_entity.push_back(RandomStream(5, entity + 1, 3).uniform());
    next_purpose.push_back(RandomStream(5, entity, 4).uniform());
  }
  const double limit = 4.4 / std::sqrt(double{kPairs});
  EXPECT_LT(std::abs(correlation(x, next_entity)), limit);
  EXPECT_LT(std::abs(correlation(x, next_purpose)), limit);
}

TEST(RandomStream, ExponentialHasTheRightMean) {
  // Mean of n = 10^6 exponentials with rate 2: standard error 0.5/1000; accept 4.4 standard errors.
  RandomStream stream(3, 0, 0);
  double sum = 0;
  constexpr int kDraws = 1'000'000;
  for (int i = 0; i < kDraws; ++i) sum += stream.exponential(2.0);
  EXPECT_NEAR(sum / kDraws, 0.5, 4.4 * 0.5 / 1000);
}

TEST(RandomStream, WorksWithBoostDistributions) {
  RandomStream a(11, 1, 1);
  RandomStream b(11, 1, 1);
  boost::random::normal_distribution<double> normal(10.0, 2.0);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(normal(a), normal(b));
}

}  // namespace
}  // namespace icsflow::sim
