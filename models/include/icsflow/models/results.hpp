#pragma once
// What one replication produces: a summary table (year x borough x deprivation quintile) and a daily table
// (day x acute site). Plain data; writers (HDF5, memory) live outside the model.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "icsflow/models/measure.hpp"

namespace icsflow::models {

// The results period as the model simulates it: `years` x 365 days, rounded to whole days, and counted in years
// of 365 days from its start; the last year is what is left (half a year for --years 2.5), at least one.
inline constexpr int kDaysPerYear = 365;
[[nodiscard]] inline std::int64_t results_days(double years) { return std::llround(years * kDaysPerYear); }
[[nodiscard]] inline int results_year_count(double years) {
  return static_cast<int>(std::max<std::int64_t>(1, (results_days(years) + kDaysPerYear - 1) / kDaysPerYear));
}

struct SummaryRow {
  int year = 1;  // of the results period, from 1
  int borough = 0;
  int deprivation_quintile = 1;  // 1 = most deprived
  std::int64_t residents = 0;    // simulated residents: year 1 at the start of the run, later years at their start
  std::array<double, kMeasureCount> values{};

  [[nodiscard]] double operator[](Measure m) const { return values[index(m)]; }
  [[nodiscard]] double cost_gbp() const {
    return (*this)[Measure::cost_primary_care_gbp] + (*this)[Measure::cost_acute_gbp] +
           (*this)[Measure::cost_community_gbp] + (*this)[Measure::cost_social_care_gbp];
  }
};

// Why a patient with no criteria to reside is still in a bed, in NHS England's discharge-delay categories
// (Discharge Delays (Acute) collection): the hospital's own steps, then the hand-off to and wait for
// support after discharge by pathway (1 home with support, 2 rehabilitation bed, 3 care home).
enum class NctrReason : std::uint8_t {
  discharge_summary,  // awaiting a medical decision, including writing the discharge summary
  medicines,          // awaiting medicines to take out
  transport,          // awaiting transport
  referral,           // awaiting referral to, or confirmation from, the community single point of access
  assessment,         // awaiting a social care or therapy assessment for discharge
  home_care,          // awaiting reablement or care at home (pathway 1)
  rehab_bed,          // awaiting a rehabilitation or intermediate care bed (pathway 2)
  care_home,          // awaiting a residential or nursing home place (pathway 3)
};
inline constexpr std::size_t kNctrReasons = 8;
inline constexpr std::array<const char*, kNctrReasons> kNctrReasonNames{
    "discharge_summary", "medicines", "transport", "referral", "assessment", "home_care", "rehab_bed", "care_home"};

struct DailyRow {
  int day = 0;    // day of the results period, from 0
  int month = 0;  // its month of the year, 1 = January
  int site = 0;
  std::int64_t beds_available = 0;                // general & acute beds open to emergency patients (incl. outliers)
  std::int64_t beds_occupied = 0;                 // by emergency patients, at midnight
  std::int64_t beds_occupied_medically_fit = 0;   // of which: medically fit, waiting to leave
  std::array<std::int64_t, kNctrReasons> nctr{};  // those by reason (NctrReason), summing to the above
  std::int64_t waiting_for_bed = 0;               // decided to admit, still in A&E
  std::int64_t outliers = 0;                      // emergency patients in elective beds (of beds_occupied)
  std::int64_t elective_beds = 0;                 // beds for ordinary elective cases
  std::int64_t elective_beds_occupied = 0;        // by elective patients
};

// The population of one borough and age band in one year of the results period (demography): residents at the
// year's start, then who was born, died, moved in and moved out during it. Births and moves happen at the year's
// end (for the last year they are counted, not simulated); so residents(next year) = residents + births + moved in
// - deaths - moved out, summed over the bands (birthdays move people between bands).
struct PopulationRow {
  int year = 1;
  int borough = 0;
  int age_band = 0;  // index into kAgeBandBounds
  std::int64_t residents = 0;
  std::int64_t births = 0;
  std::int64_t deaths = 0;
  std::int64_t migration_in = 0;
  std::int64_t migration_out = 0;
};

// How a run's spend turns into cash: G&A wards of `beds_per_ward`, planned at `target_occupancy`, each releasing
// `ward_year_gbp` a year when it closes (see metrics.hpp, wards_needed); later years' cash discounted at
// `discount_rate` a year.
struct CashTerms {
  double beds_per_ward = 28;
  double target_occupancy = 0.92;
  double ward_year_gbp = 0;
  double discount_rate = 0;
};

// One site's waiting list for one specialty at the end of a week of the results period, and that week's flows.
struct ElectiveRow {
  int week = 0;  // from 1: the census at the end of the week's seventh day
  int site = 0;
  int specialty = 0;
  std::int64_t waiting_list = 0;      // RTT pathways not yet stopped
  std::int64_t waiting_over_18w = 0;  // of which waiting more than 18 weeks since the referral
  std::int64_t waiting_over_52w = 0;
  std::int64_t clock_stops = 0;    // pathways ended by treatment (admitted) or at outpatients, this week
  std::int64_t cancellations = 0;  // operations cancelled on the day for want of a bed, this week
  friend bool operator==(const ElectiveRow&, const ElectiveRow&) = default;
};

struct ReplicationResult {
  std::vector<SummaryRow> summary;        // year-major, then borough, then quintile
  std::vector<DailyRow> daily;            // day-major, then site
  std::vector<PopulationRow> population;  // year-major, then borough, then age band
  std::vector<ElectiveRow> elective;      // week-major, then site, then specialty
  CashTerms cash;
  std::uint64_t events_executed = 0;
  std::uint64_t messages_sent = 0;
  std::int64_t residents = 0;
};

}  // namespace icsflow::models
