#pragma once
// Results of one process, by borough x quintile: one count per measure (measure.hpp), in exact integers —
// bed days as minutes, spend as pence (the registry's Metric::tally_per_unit converts them). Each process
// counts its own; they are added up in process order at the end, so totals do not depend on the threads.
#include <array>
#include <cstdint>
#include <vector>

#include "icsflow/models/care_system.hpp"
#include "ids.hpp"

namespace icsflow::models::detail {

class Tallies {
 public:
  explicit Tallies(std::size_t boroughs) : cells_(boroughs * kQuintiles) {}
  using Cell = std::array<std::int64_t, kMeasureCount>;
  void add(BoroughId borough, int quintile, Measure what, std::int64_t amount = 1) {
    cells_[borough.index() * kQuintiles + static_cast<std::size_t>(quintile)][index(what)] += amount;
  }
  [[nodiscard]] const Cell& cell(std::size_t i) const { return cells_[i]; }
  [[nodiscard]] std::int64_t total(Measure what) const {
    std::int64_t sum = 0;
    for (const auto& cell : cells_) sum += cell[index(what)];
    return sum;
  }
  [[nodiscard]] std::size_t size() const { return cells_.size(); }

 private:
  std::vector<Cell> cells_;
};

}  // namespace icsflow::models::detail
