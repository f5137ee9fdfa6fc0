#pragma once
// What one replication produces: a summary table (borough x deprivation quintile) and a daily table
// (day x acute site). Plain data; writers (HDF5, memory) live outside the model.
#include <array>
#include <cstdint>
#include <vector>

#include "icsflow/models/measure.hpp"

namespace icsflow::models {

struct SummaryRow {
  int borough = 0;
  int deprivation_quintile = 1;  // 1 = most deprived
  std::int64_t residents = 0;    // simulated residents at the start of the run
  std::array<double, kMeasureCount> values{};

  [[nodiscard]] double operator[](Measure m) const { return values[index(m)]; }
  [[nodiscard]] double cost_gbp() const {
    return (*this)[Measure::cost_primary_care_gbp] + (*this)[Measure::cost_acute_gbp] +
           (*this)[Measure::cost_community_gbp] + (*this)[Measure::cost_social_care_gbp];
  }
};

struct DailyRow {
  int day = 0;  // day of the results period, from 0
  int site = 0;
  std::int64_t beds_available = 0;               // general & acute beds open to the simulated patients
  std::int64_t beds_occupied = 0;                // at midnight
  std::int64_t beds_occupied_medically_fit = 0;  // of which: medically fit, waiting to leave
  std::int64_t waiting_for_bed = 0;              // decided to admit, still in A&E
};

struct ReplicationResult {
  std::vector<SummaryRow> summary;  // borough-major, then quintile
  std::vector<DailyRow> daily;      // day-major, then site
  std::uint64_t events_executed = 0;
  std::uint64_t messages_sent = 0;
  std::int64_t residents = 0;
};

}  // namespace icsflow::models
