#pragma once
// Results of one process, by year of the results period x borough x quintile: one count per measure
// (measure.hpp), in exact integers — bed days as minutes, spend as pence (the registry's Metric::tally_per_unit
// converts them). Each process counts its own; they are added up in process order at the end, so totals do not
// depend on the threads.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "context.hpp"
#include "icsflow/models/care_system.hpp"
#include "ids.hpp"

namespace icsflow::models::detail {

class Tallies {
 public:
  using Cell = std::array<std::int64_t, kMeasureCount>;

  Tallies(std::size_t boroughs, const Context& context)
      : start_(context.results_start),
        end_(context.results_end),
        years_(context.years()),
        cells_per_year_(boroughs * kQuintiles),
        cells_(years_ * cells_per_year_) {}

  // An event at `at`, counted in its year (callers count only events inside the results period).
  void add(Time at, BoroughId borough, int quintile, Measure what, std::int64_t amount = 1) {
    cell(year_of(at), borough, quintile)[index(what)] += amount;
  }

  // What accrues over [from, to) — a stay, a place held — for its part inside the results period, split between
  // the years it spans. accrued(m) is the amount for the first m minutes of that part (0 for none); by default
  // the minutes themselves. Each year gets accrued(minutes to the year's end) - accrued(minutes to its start),
  // so the years add up exactly to accrued(all the minutes), however accrued rounds.
  template <class Accrued = std::identity>
  void add_over(Time from, Time to, BoroughId borough, int quintile, Measure what, Accrued accrued = {}) {
    const Time first = std::max(from, start_);
    const Time last = std::min(to, end_);
    std::int64_t before = 0;
    for (Time piece = first; piece < last;) {
      const std::size_t year = year_of(piece);
      const Time piece_end = std::min(last, start_ + static_cast<Time>(year + 1) * kYear);
      const std::int64_t through = accrued(piece_end - first);
      cell(year, borough, quintile)[index(what)] += through - before;
      before = through;
      piece = piece_end;
    }
  }

  [[nodiscard]] std::size_t years() const { return years_; }
  [[nodiscard]] std::size_t cells_per_year() const { return cells_per_year_; }
  // Cell `i` (borough x quintile) of year `year` (from 0).
  [[nodiscard]] const Cell& cell(std::size_t year, std::size_t i) const { return cells_[year * cells_per_year_ + i]; }
  [[nodiscard]] std::int64_t total(Measure what) const {
    std::int64_t sum = 0;
    for (const auto& cell : cells_) sum += cell[index(what)];
    return sum;
  }
  [[nodiscard]] std::int64_t total(Measure what, std::size_t year) const {
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < cells_per_year_; ++i) sum += cell(year, i)[index(what)];
    return sum;
  }

 private:
  [[nodiscard]] std::size_t year_of(Time at) const {
    if (years_ == 1) return 0;  // most runs: no division for every event counted
    return static_cast<std::size_t>(std::clamp<Time>((at - start_) / kYear, 0, static_cast<Time>(years_) - 1));
  }
  Cell& cell(std::size_t year, BoroughId borough, int quintile) {
    return cells_[year * cells_per_year_ + borough.index() * kQuintiles + static_cast<std::size_t>(quintile)];
  }

  Time start_;
  Time end_;
  std::size_t years_;
  std::size_t cells_per_year_;
  std::vector<Cell> cells_;  // year-major, then borough, then quintile
};

}  // namespace icsflow::models::detail
