#pragma once
// A resident as their shard stores them, and as messages between processes carry them.
#include <cstdint>
#include <span>

#include "icsflow/sim/process.hpp"
#include "ids.hpp"

namespace icsflow::models::detail {

enum class CareStatus : std::uint8_t { independent, home_care, care_home };
// away: in the urgent or acute pathway; moved: moved out of SEL (demography)
enum class Whereabouts : std::uint8_t { home, away, dead, moved };

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
  std::uint8_t age = 0;  // years; within its band, drawn at the start (demography ages it at each year's end)
  std::uint8_t proactive_from_year = 0;  // the year of the results period (from 0) their proactive care began
  CareStatus care : 2 = CareStatus::independent;
  bool awaiting_care : 1 = false;  // a social-care request is open
  bool proactive : 1 = false;      // enrolled in proactive care (lever)
  Whereabouts whereabouts : 2 = Whereabouts::home;

  [[nodiscard]] bool present() const { return whereabouts == Whereabouts::home || whereabouts == Whereabouts::away; }
};
static_assert(sizeof(Resident) == 32, "memory per resident: two residents to a cache line");

// Each PCN's residents, read-only: what the functions deriving rates and choices from the population read.
using Populations = IdVector<PcnId, std::span<const Resident>>;

// Who a message is about; small enough to travel inside an event.
struct PatientRef {
  std::uint32_t resident = 0;  // global id
  std::uint32_t local = 0;     // index within the shard
  PcnId shard;
  BoroughId borough;
  std::uint8_t quintile = 0;
  std::uint8_t age_band = 0;
  std::uint8_t frailty = 0;
  std::uint8_t flags = 0;
};
static_assert(sizeof(PatientRef) == 16, "a PatientRef travels inside 32-byte events");
inline constexpr std::uint8_t kFlagAcsc = 1;             // an exacerbation of a long-term condition
inline constexpr std::uint8_t kFlagRecentDischarge = 2;  // within the readmission window
inline constexpr std::uint8_t kFlagHomeCare = 4;         // already receives home care
inline constexpr std::uint8_t kFlagCareHome = 8;         // lives in a care home
inline constexpr std::uint8_t kFlagRelapse = 16;         // the extra emergency risk after a discharge
inline constexpr std::uint8_t kFlagDirect = 32;          // admitted directly, not through A&E
inline constexpr std::uint8_t kFlagTransferred = 64;     // moved to another site by mutual aid (once at most)

enum class CareKind : std::uint8_t { home_care, care_home, rehab, reablement };
inline constexpr std::size_t kCareKinds = 4;

// A request for a place downstream and where it came from: a hospital bed (site, slot) or, with
// site == kFromCommunity, home. Eight bytes, so that it fits inside an event with a PatientRef.
inline constexpr SiteId kFromCommunity{0xffff};
struct CareRequest {
  std::uint32_t slot = 0;
  SiteId site;
  std::uint8_t pathway : 7 = 0;
  bool assess_in_hospital : 1 = false;  // the assessment comes before leaving (not discharge to assess)
  CareKind kind = CareKind::home_care;
};
static_assert(sizeof(CareRequest) == 8, "a CareRequest travels inside 32-byte events");

}  // namespace icsflow::models::detail
