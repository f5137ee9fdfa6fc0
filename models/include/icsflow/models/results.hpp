#pragma once
// What one replication produces: a summary table (borough x deprivation quintile) and a daily table
// (day x acute site). Plain data; writers (HDF5, memory) live outside the model.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace icsflow::models {

// Summary measures, in output order. Counts are events in the results period; bed days and costs are
// the parts of stays and care that fall inside it.
enum class Measure : int {
  gp_appointments,
  gp_unmet_demand,
  ae_attendances,
  ae_4h_breaches,
  emergency_admissions,
  acsc_admissions,
  zero_day_admissions,
  bed_days,
  zero_day_bed_days,
  delayed_discharge_bed_days,
  readmissions_30d,
  ucr_episodes,
  admissions_avoided_by_ucr,
  virtual_ward_admissions,
  mutual_aid_transfers,
  care_packages_started,
  care_home_admissions,
  deaths,
  cost_primary_care_gbp,
  cost_acute_gbp,
  cost_community_gbp,
  cost_social_care_gbp,
  count
};
inline constexpr int kMeasureCount = static_cast<int>(Measure::count);

struct MeasureInfo {
  std::string_view name;
  std::string_view unit;
};

inline constexpr std::array<MeasureInfo, kMeasureCount> kMeasures{{
    {"gp_appointments", "appointments"},
    {"gp_unmet_demand", "needs"},
    {"ae_attendances", "attendances"},
    {"ae_4h_breaches", "attendances"},
    {"emergency_admissions", "admissions"},
    {"acsc_admissions", "admissions"},
    {"zero_day_admissions", "admissions"},
    {"bed_days", "days"},
    {"zero_day_bed_days", "days"},
    {"delayed_discharge_bed_days", "days"},
    {"readmissions_30d", "admissions"},
    {"ucr_episodes", "episodes"},
    {"admissions_avoided_by_ucr", "episodes"},
    {"virtual_ward_admissions", "admissions"},
    {"mutual_aid_transfers", "patients"},
    {"care_packages_started", "packages"},
    {"care_home_admissions", "admissions"},
    {"deaths", "deaths"},
    {"cost_primary_care_gbp", "GBP"},
    {"cost_acute_gbp", "GBP"},
    {"cost_community_gbp", "GBP"},
    {"cost_social_care_gbp", "GBP"},
}};

struct SummaryRow {
  int borough = 0;
  int deprivation_quintile = 1;  // 1 = most deprived
  std::int64_t residents = 0;    // simulated residents at the start of the run
  std::array<double, kMeasureCount> values{};

  [[nodiscard]] double operator[](Measure m) const { return values[static_cast<std::size_t>(m)]; }
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
