#pragma once
// A borough's services: urgent community response (a daily referral capacity), and the places a resident
// may need downstream — home care packages, care home places, intermediate care (rehab) beds, reablement —
// shared between hospital discharges (served first) and people referred from home.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "context.hpp"
#include "icsflow/models/capacity.hpp"
#include "icsflow/sim/resource.hpp"
#include "ids.hpp"
#include "patient.hpp"
#include "routes.hpp"
#include "tallies.hpp"

namespace icsflow::models::detail {

// A place held (or queued for) by one resident.
struct Holding {
  sim::Claim claim;
  std::int32_t since = 0;  // when the unit was granted (or requested, while queued)
  std::uint8_t quintile = 0;
  bool queued = false;
};

class BoroughServices {
 public:
  BoroughServices(BoroughId id, sim::ProcessId process, const std::string& name, const BoroughCapacity& capacity,
                  std::size_t boroughs, const Context& context, Routes& routes);

  [[nodiscard]] BoroughId id() const { return id_; }
  [[nodiscard]] sim::ProcessId process() const { return process_; }
  [[nodiscard]] const Tallies& tallies() const { return tallies_; }
  [[nodiscard]] const sim::Resource& resource(CareKind kind) const { return *resources_[index(kind)]; }
  [[nodiscard]] const Holding* holding(CareKind kind, std::uint32_t resident) const;
  [[nodiscard]] const sim::Resource& assessors() const { return *assessors_; }

  // Before the start: a resident already in a care home or receiving home care holds their place.
  // False if there is no place left (more residents than places: they start without care).
  bool place_at_start(Process& p, const Resident& r);
  void start(Process& p);  // capacities grow with the population each year (demography.hpp)
  void finish();           // costs of the places still held at the end

  // --- messages (see routes.hpp)
  void on_urgent_referral(Process& p, const PatientRef& who, std::uint32_t episode);
  void on_discharge_referral(Process& p, const PatientRef& who, CareRequest referral);
  void on_community_care_request(Process& p, const PatientRef& who, CareKind kind);
  void on_care_ended(Process& p, const PatientRef& who, bool died);

 private:
  static std::size_t index(CareKind kind) { return static_cast<std::size_t>(kind); }
  sim::Resource& resource_of(CareKind kind) { return *resources_[index(kind)]; }
  // Priority 0 (served first): patients leaving hospital; 1: people referred from home.
  void request_care(Process& p, const PatientRef& who, CareRequest request, std::int32_t priority);
  void assess(Process& p, const PatientRef& who, CareRequest referral);
  void find_provider(Process& p, const PatientRef& who, CareRequest referral);
  void on_assessed(Process& p, const PatientRef& who, CareRequest referral);
  static NctrReason waiting_reason(CareKind kind);
  void on_care_granted(Process& p, const PatientRef& who, CareRequest request, sim::Claim claim);
  void on_rehab_complete(Process& p, const PatientRef& who);
  void on_reablement_complete(Process& p, const PatientRef& who, sim::Claim claim);
  void charge_holding(CareKind kind, const Holding& holding, Time until);
  void end_holding(Process& p, CareKind kind, std::uint32_t resident);

  BoroughId id_;
  sim::ProcessId process_;
  const Context& context_;
  Routes& routes_;
  std::int64_t ucr_day_ = -1;
  std::int64_t ucr_used_today_ = 0;
  void grow(Process& p, std::size_t year);

  BoroughCapacity capacity_;  // the first year's
  std::int64_t ucr_capacity_per_day_ = 0;
  std::int64_t ucr_capacity_per_day_siloed_ = 0;
  std::array<std::unique_ptr<sim::Resource>, kCareKinds> resources_;             // by CareKind
  std::unique_ptr<sim::Resource> assessors_;                                     // hospital discharge team
  std::unordered_map<std::uint32_t, sim::Claim> assessments_;                    // in progress, by resident
  std::array<std::unordered_map<std::uint32_t, Holding>, kCareKinds> holdings_;  // by CareKind, keyed by resident
  // Claims given up (the resident died) after a unit was passed to them but before its grant ran: the
  // grant releases the unit at once. By CareKind, keyed by resident.
  std::array<std::unordered_set<std::uint32_t>, kCareKinds> abandoned_;
  Tallies tallies_;
};

}  // namespace icsflow::models::detail
