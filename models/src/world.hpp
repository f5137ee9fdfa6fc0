#pragma once
// Private state of one replication of the care-system model. Three kinds of logical process:
//   - one shard per primary care network: its residents and its GP appointment book;
//   - one per acute site: A&E and general & acute (G&A) beds;
//   - one per borough: urgent community response, intermediate care beds, home care, care homes.
// Residents talk to services only by messages that take at least kLookahead (one hour): nobody reaches
// A&E, or a care package, the minute the need arises. Each process counts its own results; they are
// added up in process order at the end, so totals do not depend on the thread count.
#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "icsflow/models/care_system.hpp"
#include "icsflow/models/params.hpp"
#include "icsflow/models/results.hpp"
#include "icsflow/sim/process.hpp"
#include "icsflow/sim/random.hpp"
#include "icsflow/sim/resource.hpp"
#include "icsflow/sim/simulation.hpp"

namespace icsflow::models::detail {

using sim::Process;
using sim::Time;

inline constexpr Time kHour = 60;  // the model's tick is one minute
inline constexpr Time kDay = 24 * kHour;
inline constexpr Time kYear = 365 * kDay;
inline constexpr Time kLookahead = kHour;

// What a random draw is for: the `purpose` of RandomStream(seed, resident, purpose, counter).
enum class Purpose : std::uint64_t {
  population = 1,
  next_need,
  gp,  // keyed by the PCN (kGpEntityBase + shard), not a resident
  emergency,
  ae,
  stay,
  discharge,
  social_care,
  lever_effect,  // keyed by kLeverEntityBase + lever
};

// Random-stream entities of draws that belong to no resident, above every resident id.
inline constexpr std::uint64_t kGpEntityBase = std::uint64_t{1} << 40;     // + PCN
inline constexpr std::uint64_t kLeverEntityBase = std::uint64_t{1} << 41;  // + lever

// The levers' effects as drawn for this replication (1 or 0 when a lever is off).
struct LeverEffects {
  double handoff_multiplier = 1;
  double proactive_multiplier = 1;
  double care_home_multiplier = 1;
  double virtual_ward_substitution = 0;
  double assessment_moved_share = 0;
  double ucr_referral_share = 0;
};

enum class CareStatus : std::uint8_t { independent, home_care, care_home };
enum class Whereabouts : std::uint8_t { home, away, dead };  // away: in the urgent or acute pathway

struct Resident {
  std::uint32_t id = 0;                        // global: the random-stream entity, the same in every scenario
  sim::EventId next_need;                      // the one pending event of this resident at home
  std::int32_t discharged_at = -(1 << 30);     // minutes; last discharge from hospital
  std::int32_t unmet_need_until = -(1 << 30);  // minutes; exacerbation risk raised until then
  std::uint32_t draws = 0;                     // counter of this resident's random streams
  std::uint8_t age_band = 0;
  std::uint8_t quintile = 0;  // 0 = most deprived
  std::uint8_t frailty = 0;
  std::uint8_t ltc_count = 0;
  CareStatus care = CareStatus::independent;
  bool awaiting_care = false;  // a social-care request is open
  bool proactive = false;      // enrolled in proactive care (lever)
  Whereabouts whereabouts = Whereabouts::home;
};

// Who a message is about; small enough to travel inside an event.
struct PatientRef {
  std::uint32_t resident = 0;  // global id
  std::uint32_t local = 0;     // index within the shard
  std::uint16_t shard = 0;
  std::uint8_t borough = 0;
  std::uint8_t quintile = 0;
  std::uint8_t age_band = 0;
  std::uint8_t frailty = 0;
  std::uint8_t flags = 0;
};
inline constexpr std::uint8_t kFlagAcsc = 1;             // an exacerbation of a long-term condition
inline constexpr std::uint8_t kFlagRecentDischarge = 2;  // within the readmission window
inline constexpr std::uint8_t kFlagHomeCare = 4;         // already receives home care
inline constexpr std::uint8_t kFlagCareHome = 8;         // lives in a care home
inline constexpr std::uint8_t kFlagRelapse = 16;         // the extra emergency risk after a discharge
inline constexpr std::uint8_t kFlagDirect = 32;          // admitted directly, not through A&E
inline constexpr std::uint8_t kFlagTransferred = 64;     // moved to another site by mutual aid (once at most)

// Results of one process, by borough x quintile, in exact integers (minutes, pence).
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
  void add(int borough, int quintile, Tally what, std::int64_t amount = 1) {
    cells_[static_cast<std::size_t>(borough * kQuintiles + quintile)][what] += amount;
  }
  [[nodiscard]] const std::array<std::int64_t, kTallyCount>& cell(std::size_t i) const { return cells_[i]; }
  [[nodiscard]] std::size_t size() const { return cells_.size(); }

 private:
  std::vector<std::array<std::int64_t, kTallyCount>> cells_;
};

// A PCN's appointment book for the next `horizon` days, in two pools as practices run them: slots held
// for the day itself (urgent needs) and slots that can be booked ahead (routine needs).
class AppointmentBook {
 public:
  AppointmentBook(std::int32_t slots_per_working_day, double same_day_share, std::int32_t horizon_days);
  // Urgent: an on-the-day slot today or within max_wait_days working days, else a bookable slot then.
  // Routine: a bookable slot within max_wait_days, else an on-the-day slot left today.
  // Each returns the day booked, or -1 if none.
  std::int64_t book_urgent(std::int64_t today, std::int64_t max_wait_days);
  std::int64_t book_routine(std::int64_t today, std::int64_t max_wait_days);

 private:
  struct Pool {
    std::int32_t per_working_day = 0;
    std::vector<std::int32_t> free;  // ring indexed by day % horizon
    std::int64_t first_open = 0;     // every day before it is fully booked
    std::int64_t take(std::int64_t from, std::int64_t last);
  };
  void advance_to(std::int64_t today);
  [[nodiscard]] std::int64_t last_day(std::int64_t today, std::int64_t max_wait_days) const;

  Pool same_day_;
  Pool bookable_;
  std::int64_t first_day_ = 0;  // the rings cover [first_day_, first_day_ + horizon)
};

// Residents of one age band and deprivation quintile in a PCN: they share a GP need rate.
// (A shard's residents are sorted by class, so a class is a range of local indices.)
struct GpClass {
  double weight = 0;        // rate_per_resident x size: the class's share of the PCN's GP needs
  std::uint32_t begin = 0;  // first local index
  std::uint32_t size = 0;
  std::uint8_t quintile = 0;
};

struct Shard {
  sim::ProcessId process = 0;
  int pcn = 0;
  int borough = 0;
  std::vector<Resident> residents;
  // Whether each resident is at home, kept apart from Resident so that drawing GP needs reads one
  // small, cache-friendly array instead of a resident record.
  std::vector<std::uint8_t> at_home;
  // GP needs of the whole PCN as one Poisson process: the superposition of every resident's, drawn at
  // the summed rate and given to a resident by class and then uniformly; needs of residents not at
  // home are dropped (thinning). Exact for Poisson processes, and most needs touch no resident record.
  std::vector<GpClass> gp_classes;
  double gp_total_rate = 0;
  std::uint64_t gp_draws = 0;
  AppointmentBook book;
  Tallies tallies;
};

struct Inpatient {
  PatientRef patient;
  sim::Claim bed;
  std::int32_t arrived_at = 0;  // at A&E
  std::int32_t admitted_at = -1;
  std::int32_t fit_at = -1;  // medically fit: from then on a delayed discharge
  std::uint32_t episode = 0;
  std::uint8_t pathway = 0;
  bool in_use = false;
  bool zero_day = false;
  bool virtual_ward = false;  // admitted to a virtual ward (at home) instead of a bed
};

struct Site {
  sim::ProcessId process = 0;
  int index = 0;
  std::unique_ptr<sim::Resource> beds;  // capacity: base beds plus the escalation beds open now
  std::int64_t base_beds = 0;
  std::int64_t escalation_beds = 0;             // most that can be opened
  std::unique_ptr<sim::Resource> virtual_ward;  // admission-avoidance lever: beds at home instead
  std::vector<Inpatient> inpatients;            // slab indexed by slot
  std::vector<std::uint32_t> free_slots;
  std::int64_t medically_fit = 0;
  std::int64_t waiting_for_bed = 0;
  std::vector<DailyRow> daily;
  Tallies tallies;
  std::vector<std::int64_t> free_beds_elsewhere;  // mutual aid: other sites' free beds, as last told
};

enum class CareKind : std::uint8_t { home_care, care_home, rehab, reablement };
inline constexpr std::size_t kCareKinds = 4;

// A request for a place downstream and where it came from: a hospital bed (site, slot) or, with
// site == kFromCommunity, home. Eight bytes, so that it fits inside an event with a PatientRef.
struct CareRequest {
  std::uint32_t slot = 0;
  std::uint16_t site = 0;
  std::uint8_t pathway = 0;
  CareKind kind = CareKind::home_care;
};
inline constexpr std::uint16_t kFromCommunity = 0xffff;

struct Holding {
  sim::Claim claim;
  std::int32_t since = 0;  // when the unit was granted (or requested, while queued)
  std::uint8_t quintile = 0;
  bool queued = false;
};

struct Borough {
  sim::ProcessId process = 0;
  int index = 0;
  std::int64_t ucr_day = -1;
  std::int64_t ucr_used_today = 0;
  std::int64_t ucr_capacity_per_day = 0;
  std::unique_ptr<sim::Resource> home_care;
  std::unique_ptr<sim::Resource> care_homes;
  std::unique_ptr<sim::Resource> rehab_beds;
  std::unique_ptr<sim::Resource> reablement;  // short-term support at home after a pathway-1 discharge
  std::array<std::unordered_map<std::uint32_t, Holding>, kCareKinds> holdings;  // by CareKind, keyed by resident
  [[nodiscard]] sim::Resource& resource(CareKind kind) const {
    switch (kind) {
      case CareKind::home_care:
        return *home_care;
      case CareKind::care_home:
        return *care_homes;
      case CareKind::rehab:
        return *rehab_beds;
      case CareKind::reablement:
        break;
    }
    return *reablement;
  }
  Tallies tallies;
};

// What happens next to a resident at home: one of several competing hazards.
// (GP needs are drawn per PCN, not per resident: see Shard::gp_classes.)
enum class Need : std::uint8_t {
  reassess,      // a rate changes (a risk window closes): draw again
  exacerbation,  // of a long-term condition: ambulatory-care sensitive
  other_emergency,
  direct_admission,  // an emergency admitted without passing through A&E (GP-referred, ...)
  relapse,           // the extra emergency risk after a hospital discharge
  death,
  home_care_onset,
  care_home_move,
  home_care_exit,
};

// Rates derived once from the parameters, in events per minute.
struct DerivedRates {
  std::vector<std::array<ByQuintile, kAgeBands>> gp_need;  // by borough: lists differ in registrations per resident
  ByAge other_emergency{};
  ByAge direct_admission{};
  std::array<ByFrailty, kAgeBands> los_frailty{};  // frailty multipliers of stay, averaging one by age
  double acsc_per_ltc = 0;
  std::array<std::array<ByFrailty, kQuintiles>, kAgeBands> death{};
  double relapse = 0;
  std::vector<ByAge> home_care_onset;   // by borough, for independent residents
  std::vector<ByAge> care_home_direct;  // by borough, for independent residents
  double care_home_from_home_care = 0;
  double home_care_exit = 0;
};

class World {
 public:
  World(const ModelParams& params, const RunSettings& settings);

  ReplicationResult run(const ProgressCallback& progress);

  // --- resident shards (shard.cpp)
  void schedule_next_need(Process& p, Shard& shard, std::uint32_t local);
  void on_need(Process& p, std::uint32_t shard, std::uint32_t local, Need need);
  void schedule_next_gp_need(Process& p, Shard& shard);
  void on_gp_need(Process& p, std::uint32_t shard);
  void on_back_home(Process& p, const PatientRef& who, bool was_admitted);
  void on_died_away(Process& p, const PatientRef& who);
  void on_care_started(Process& p, const PatientRef& who, CareKind kind);

  // --- acute sites (acute.cpp)
  void on_ae_arrival(Process& p, int site, const PatientRef& who, std::uint32_t episode);
  void on_decision_to_admit(Process& p, int site, std::uint32_t slot);
  void on_admitted(Process& p, int site, std::uint32_t slot, sim::Claim bed);
  void on_medically_fit(Process& p, int site, std::uint32_t slot);
  void on_ready_to_leave(Process& p, int site, std::uint32_t slot);
  void record_census(Process& p, int site);
  void on_virtual_ward_end(Process& p, int site, std::uint32_t slot);
  void on_transfer_check(Process& p, int site, std::uint32_t slot, sim::Claim waiting);
  void on_transfer_arrival(Process& p, int site, const PatientRef& who, std::uint32_t episode, std::int32_t arrived_at);
  void share_bed_state(Process& p, int site);

  // --- borough services (borough.cpp)
  void on_urgent_referral(Process& p, const PatientRef& who, std::uint32_t episode);
  void on_discharge_referral(Process& p, const PatientRef& who, CareRequest referral);
  void on_community_care_request(Process& p, const PatientRef& who, CareKind kind);
  void on_care_ended(Process& p, const PatientRef& who, bool died);
  void on_rehab_complete(Process& p, const PatientRef& who);
  void on_reablement_complete(Process& p, const PatientRef& who, sim::Claim claim);

  [[nodiscard]] bool in_results(Time t) const { return t >= results_start_ && t < results_end_; }
  [[nodiscard]] Time clip_minutes(Time from, Time to) const;

 private:
  [[nodiscard]] sim::RandomStream stream(std::uint64_t entity, Purpose purpose, std::uint64_t counter) const {
    return sim::RandomStream(settings_.seed, entity, static_cast<std::uint64_t>(purpose), counter);
  }
  [[nodiscard]] PatientRef ref(const Shard& shard, std::uint32_t local, std::uint8_t flags) const;
  Shard& shard_of(const PatientRef& who) { return shards_[who.shard]; }
  void go_to_ae(Process& p, const PatientRef& who, std::uint32_t episode);
  void leave_home(Process& p, Shard& shard, std::uint32_t local);
  void emergency(Process& p, Shard& shard, std::uint32_t local, Need need);
  void handle_gp_need(Process& p, Shard& shard, std::uint32_t local, std::uint8_t quintile, sim::RandomStream& draw);
  void set_whereabouts(Shard& shard, std::uint32_t local, Whereabouts where);
  void redraw_need(Process& p, Shard& shard, std::uint32_t local);
  void notify_borough_of_death(Process& p, const Shard& shard, std::uint32_t local);
  void die_at_home(Process& p, Shard& shard, std::uint32_t local);
  void release_bed(Process& p, Site& site, std::uint32_t slot);
  [[nodiscard]] std::int64_t stay_cost_pence(const Inpatient& patient, Time bed_minutes) const;
  std::uint32_t new_inpatient(Process& p, Site& site, const PatientRef& who, std::uint32_t episode);
  // Priority 0 (served first): patients leaving hospital; 1: people referred from home.
  // Days of a discharge hand-off done after leaving hospital (discharge to assess), in the placement.
  [[nodiscard]] double assessment_days_after_discharge(std::uint8_t pathway) const {
    return params_.social.handoff_days[pathway] * effects_.handoff_multiplier * effects_.assessment_moved_share;
  }
  void request_care(Process& p, Borough& borough, const PatientRef& who, CareRequest request, std::int32_t priority);
  void charge_holding(Borough& borough, CareKind kind, const Holding& holding, Time until);
  void end_holding(Process& p, Borough& borough, CareKind kind, std::uint32_t resident);
  void derive_community_care_onset();
  void enrol_in_proactive_care();
  void start();   // the initial state and events
  void finish();  // counts what is still going on at the end
  static std::int64_t pence(double gbp) { return static_cast<std::int64_t>(gbp * 100.0 + 0.5); }

  const ModelParams& params_;
  RunSettings settings_;
  sim::Simulation simulation_;
  Time results_start_ = 0;
  Time results_end_ = 0;
  DerivedRates rates_;
  LeverEffects effects_;
  std::vector<Shard> shards_;
  std::vector<Site> sites_;
  std::vector<Borough> boroughs_;
  std::vector<std::int64_t> residents_by_cell_;  // borough x quintile at the start
};

}  // namespace icsflow::models::detail
