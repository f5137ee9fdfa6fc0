// Design points: Latin hypercube (random strata from the master seed), full grid, and the Saltelli
// design for Sobol indices on Boost's Sobol sequence.
#include <numeric>

#include <stdexcept>
#include <string>

#include <boost/random/sobol.hpp>

#include "icsflow/sim/random.hpp"
#include "icsflow/sweeps/sweep.hpp"

namespace icsflow::sweeps {
namespace {

constexpr std::uint64_t kDesignEntity = 0x64657369676eULL;  // "design": apart from the model's streams

// McKay et al. (1979): each parameter's range cut into N equally likely strata, one point in each, the
// strata of the parameters paired by independent random permutations.
std::vector<DesignPoint> latin_hypercube(const Sweep& sweep) {
  const auto n = static_cast<std::size_t>(sweep.design_size);
  std::vector<DesignPoint> points(n);
  for (DesignPoint& point : points) point.values.resize(sweep.parameters.size());
  for (std::size_t j = 0; j < sweep.parameters.size(); ++j) {
    sim::RandomStream random(sweep.master_seed, kDesignEntity, j);
    std::vector<std::size_t> strata(n);
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = n - 1; i > 0; --i) {  // Fisher-Yates, with our own stream for reproducibility
      std::swap(strata[i], strata[static_cast<std::size_t>(random.uniform() * static_cast<double>(i + 1))]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double u = (static_cast<double>(strata[i]) + random.uniform()) / static_cast<double>(n);
      points[i].values[j] = sweep.parameters[j].quantile(u);
    }
  }
  return points;
}

// Every combination; the first parameter varies slowest. A continuous parameter's levels are the
// midpoints of equally likely strata, (i + 1/2) / levels.
std::vector<DesignPoint> grid(const Sweep& sweep) {
  std::vector<std::vector<double>> levels;
  for (const Parameter& p : sweep.parameters) {
    if (p.distribution == Distribution::list) {
      levels.push_back(p.values);
      continue;
    }
    std::vector<double> values;
    for (int i = 0; i < p.levels; ++i) values.push_back(p.quantile((i + 0.5) / p.levels));
    levels.push_back(values);
  }
  std::vector<DesignPoint> points(1);
  for (const std::vector<double>& values : levels) {
    std::vector<DesignPoint> next;
    for (const DesignPoint& point : points) {
      for (const double value : values) {
        next.push_back(point);
        next.back().values.push_back(value);
      }
    }
    points = std::move(next);
  }
  return points;
}

// Saltelli (2002, 2010): matrices A and B from the two halves of a 2k-dimensional Sobol sequence (its
// first point, the centre of the cube in Boost's version, skipped), then for each parameter i the
// matrix A with column i from B.
std::vector<DesignPoint> saltelli(const Sweep& sweep) {
  const std::size_t k = sweep.parameters.size();
  const auto n = static_cast<std::size_t>(sweep.design_size);
  boost::random::sobol sequence(static_cast<unsigned>(2 * k));
  sequence.discard(2 * k);
  const double scale = 1.0 / (static_cast<double>(boost::random::sobol::max()) + 1.0);
  std::vector<std::vector<double>> a(n, std::vector<double>(k)), b(n, std::vector<double>(k));
  for (std::size_t row = 0; row < n; ++row) {
    for (std::size_t j = 0; j < k; ++j) a[row][j] = static_cast<double>(sequence()) * scale;
    for (std::size_t j = 0; j < k; ++j) b[row][j] = static_cast<double>(sequence()) * scale;
  }
  const auto point = [&](const std::vector<double>& u, std::string block) {
    DesignPoint p{{}, std::move(block)};
    for (std::size_t j = 0; j < k; ++j) p.values.push_back(sweep.parameters[j].quantile(u[j]));
    return p;
  };
  const SaltelliLayout layout{n, k};
  std::vector<DesignPoint> points(layout.points());
  for (std::size_t row = 0; row < n; ++row) {
    points[layout.a(row)] = point(a[row], "A");
    points[layout.b(row)] = point(b[row], "B");
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<double> mixed = a[row];
      mixed[i] = b[row][i];
      points[layout.ab(i, row)] = point(mixed, "AB:" + sweep.parameters[i].key);
    }
  }
  return points;
}

}  // namespace

SaltelliLayout saltelli_layout(std::size_t points, std::size_t parameters) {
  const SaltelliLayout layout{points / (parameters + 2), parameters};
  if (layout.base_samples == 0 || layout.points() != points) {
    throw std::invalid_argument(std::to_string(points) + " points are not a sobol design of " +
                                std::to_string(parameters) + " parameters (N x (parameters + 2))");
  }
  return layout;
}

std::vector<DesignPoint> design_points(const Sweep& sweep) {
  switch (sweep.design) {
    case DesignKind::latin_hypercube:
      return latin_hypercube(sweep);
    case DesignKind::grid:
      return grid(sweep);
    case DesignKind::sobol:
      return saltelli(sweep);
  }
  return {};
}

}  // namespace icsflow::sweeps
