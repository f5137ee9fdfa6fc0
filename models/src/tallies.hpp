#pragma once
// Results of one process, by borough x quintile, in exact integers (minutes, pence). Each process counts
// its own; they are added up in process order at the end, so totals do not depend on the thread count.
#include <array>
#include <cstdint>
#include <vector>

#include "icsflow/models/care_system.hpp"
#include "ids.hpp"

namespace icsflow::models::detail {

enum Tally : int {
  kGpAppointments,
  kGpUnmet,
  kAeAttendances,
  kAeBreaches,
  kEmergencyAdmissions,
  kAcscAdmissions,
  kZeroDayAdmissions,
  kBedMinutes,
  kZeroDayBedMinutes,
  kDelayedMinutes,
  kReadmissions,
  kUcrEpisodes,
  kUcrAvoided,
  kVirtualWardAdmissions,
  kTransfers,
  kPackagesStarted,
  kCareHomeAdmissions,
  kDeaths,
  kPrimaryPence,
  kAcutePence,
  kCommunityPence,
  kSocialPence,
  kTallyCount
};
static_assert(kTallyCount == kMeasureCount, "tallies map one to one onto measures");

class Tallies {
 public:
  explicit Tallies(std::size_t boroughs) : cells_(boroughs * kQuintiles) {}
  void add(BoroughId borough, int quintile, Tally what, std::int64_t amount = 1) {
    cells_[borough.index() * kQuintiles + static_cast<std::size_t>(quintile)][what] += amount;
  }
  [[nodiscard]] const std::array<std::int64_t, kTallyCount>& cell(std::size_t i) const { return cells_[i]; }
  [[nodiscard]] std::int64_t total(Tally what) const {
    std::int64_t sum = 0;
    for (const auto& cell : cells_) sum += cell[what];
    return sum;
  }
  [[nodiscard]] std::size_t size() const { return cells_.size(); }

 private:
  std::vector<std::array<std::int64_t, kTallyCount>> cells_;
};

}  // namespace icsflow::models::detail
