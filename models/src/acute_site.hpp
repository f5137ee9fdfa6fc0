#pragma once
// An acute site: A&E, general & acute (G&A) beds with escalation beds opened under pressure, a virtual
// ward (admission-avoidance lever), lengths of stay and discharge — including the days a medically fit
// patient keeps the bed while the next setting has no room (delayed discharge) — and mutual aid.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "context.hpp"
#include "elective_service.hpp"
#include "icsflow/sim/resource.hpp"
#include "ids.hpp"
#include "patient.hpp"
#include "routes.hpp"
#include "tallies.hpp"

namespace icsflow::models::detail {

struct Inpatient {
  PatientRef patient;
  sim::Claim bed;
  std::int32_t arrived_at = 0;  // at A&E
  std::int32_t admitted_at = -1;
  std::int32_t fit_at = -1;  // medically fit (no criteria to reside): from then on a delayed discharge
  std::uint32_t episode = 0;
  std::uint8_t pathway = 0;
  bool in_use = false;
  bool zero_day = false;
  bool virtual_ward = false;                               // admitted to a virtual ward (at home) instead of a bed
  NctrReason waiting_for = NctrReason::discharge_summary;  // while medically fit
};

struct SiteBeds {
  std::int64_t base = 0;
  std::int64_t escalation = 0;          // most that can be opened
  std::int64_t virtual_ward = 0;        // beds at home that take patients from here, today's
  std::int64_t virtual_ward_added = 0;  // and those the admission-avoidance lever adds (opened by the ramp)
};

class AcuteSite {
 public:
  AcuteSite(SiteId id, sim::ProcessId process, const std::string& name, SiteBeds beds, std::size_t sites,
            std::size_t boroughs, const Context& context, Routes& routes, const ElectiveSetup& elective = {});

  [[nodiscard]] SiteId id() const { return id_; }
  [[nodiscard]] sim::ProcessId process() const { return process_; }
  [[nodiscard]] const Tallies& tallies() const { return tallies_; }
  [[nodiscard]] const std::vector<DailyRow>& daily() const { return daily_; }
  [[nodiscard]] const sim::Resource& beds() const { return *beds_; }
  [[nodiscard]] std::int64_t medically_fit() const { return medically_fit_; }
  [[nodiscard]] std::int64_t waiting_for(NctrReason reason) const {
    return waiting_for_[static_cast<std::size_t>(reason)];
  }
  [[nodiscard]] std::int64_t waiting_for_bed() const { return waiting_for_bed_; }
  [[nodiscard]] const ElectiveService& elective() const { return elective_; }

  void start(Process& p);  // the daily census and, with mutual aid, the bed-state reports
  void finish();           // counts the stays still going on at the end

  // --- messages (see routes.hpp)
  void on_ae_arrival(Process& p, const PatientRef& who, std::uint32_t episode);
  void on_elective_referral(Process& p, const Pathway& pathway) { elective_.on_referral(p, pathway); }
  void on_elective_transfer(Process& p, const Pathway& pathway) { elective_.on_transfer(p, pathway); }
  void on_elective_wait(SiteId about, std::uint8_t specialty, float weeks) {
    elective_.on_wait_elsewhere(about, specialty, weeks);
  }
  void on_transfer_arrival(Process& p, const PatientRef& who, std::uint32_t episode, std::int32_t arrived_at);
  void on_ready_to_leave(Process& p, std::uint32_t slot);
  void on_awaiting_place(std::uint32_t slot, NctrReason reason);
  void on_bed_state(SiteId about, std::int64_t free_beds) { free_beds_elsewhere_[about] = free_beds; }

 private:
  std::uint32_t new_inpatient(Process& p, const PatientRef& who, std::uint32_t episode);
  void on_decision_to_admit(Process& p, std::uint32_t slot);
  void on_admitted(Process& p, std::uint32_t slot, sim::Claim bed);
  void on_medically_fit(Process& p, std::uint32_t slot);
  void wait_for(Inpatient& patient, NctrReason reason);
  void leave(Process& p, std::uint32_t slot);
  void leave_in_window(Process& p, std::uint32_t slot);
  void on_virtual_ward_end(Process& p, std::uint32_t slot);
  void open_virtual_ward_beds(Process& p);  // monthly while the lever's added beds open
  void on_transfer_check(Process& p, std::uint32_t slot, sim::Claim waiting);
  void share_bed_state(Process& p);
  void record_census(Process& p);
  void release_bed(Process& p, std::uint32_t slot);
  void count_stay(const Inpatient& patient, Time until);
  [[nodiscard]] std::int64_t stay_cost_pence(const Inpatient& patient, Time bed_minutes) const;
  [[nodiscard]] std::int64_t virtual_ward_cost_pence(Time minutes) const;
  void count_virtual_ward_stay(const Inpatient& patient, Time until);

  SiteId id_;
  sim::ProcessId process_;
  const Context& context_;
  Routes& routes_;
  void grow_beds(Process& p, std::size_t year);
  // The most beds the emergency pool can have now: base and escalation beds, and the elective beds lent to it.
  [[nodiscard]] std::int64_t most_beds() const { return base_beds_ + escalation_beds_ + elective_.lent(); }

  std::int64_t first_base_beds_;  // the first year's (they grow with demography)
  std::int64_t first_escalation_beds_;
  std::int64_t base_beds_;
  std::int64_t escalation_beds_;
  std::unique_ptr<sim::Resource> beds_;  // capacity: base beds plus the escalation beds open now
  std::unique_ptr<sim::Resource> virtual_ward_;
  std::int64_t virtual_ward_today_ = 0;
  std::int64_t virtual_ward_added_ = 0;
  std::vector<Inpatient> inpatients_;  // slab indexed by slot
  std::vector<std::uint32_t> free_slots_;
  std::int64_t medically_fit_ = 0;
  std::array<std::int64_t, kNctrReasons> waiting_for_ = {};  // the medically fit, by reason
  std::int64_t waiting_for_bed_ = 0;
  std::vector<DailyRow> daily_;
  Tallies tallies_;
  IdVector<SiteId, std::int64_t> free_beds_elsewhere_;  // mutual aid: other sites' free beds, as last told
  ElectiveService elective_;
};

}  // namespace icsflow::models::detail
