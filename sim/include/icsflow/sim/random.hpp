#pragma once
// Counter-based random streams (Random123 Philox4x64-10).
//
// A stream is a pure function of (seed, entity, purpose, counter): the n-th number drawn from it is the
// same whatever ran before, on whichever thread. Two scenarios run with the same seed therefore draw the
// same numbers for the same entity and purpose (common random numbers). A stream is cheap to create: make
// one where a draw is needed, e.g. RandomStream(seed, entity, purpose, episode).
//
// It satisfies UniformRandomBitGenerator, so Boost.Random distributions (portable across standard
// libraries, unlike <random>'s) work on it directly.
#include <array>
#include <cstdint>
#include <limits>

#include <Random123/philox.h>

namespace icsflow::sim {

class RandomStream {
 public:
  using result_type = std::uint64_t;

  RandomStream(std::uint64_t seed, std::uint64_t entity, std::uint64_t purpose, std::uint64_t counter = 0)
      : key_{{seed, entity}}, counter_{{purpose, counter, 0, 0}} {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (used_ == kBlock) {
      block_ = Philox{}(counter_, key_);
      ++counter_.v[2];
      used_ = 0;
    }
    return block_.v[used_++];
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  // True with probability p.
  bool bernoulli(double p) { return uniform() < p; }

  // Exponential with the given rate (mean 1/rate), by inversion; 1 - u lies in (0, 1].
  double exponential(double rate);

 private:
  using Philox = r123::Philox4x64;
  static constexpr unsigned kBlock = 4;

  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_{};
  unsigned used_ = kBlock;
};

}  // namespace icsflow::sim
