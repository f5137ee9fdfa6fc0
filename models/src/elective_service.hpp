#pragma once
// A site's planned care on the engine: its waiting lists (ElectiveLists) filled by referrals from GP appointments and
// started with the published list, clinics and theatre lists each working day, elective beds for ordinary (overnight)
// cases, and the weekly census of the lists. Part of the acute site's process: when its emergency beds are full, the
// site may put emergency patients in the elective beds that are not ring-fenced (outliers), and an operation without
// a free bed on the day is cancelled.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "context.hpp"
#include "elective_lists.hpp"
#include "icsflow/models/results.hpp"
#include "icsflow/sim/resource.hpp"
#include "ids.hpp"
#include "routes.hpp"
#include "tallies.hpp"

namespace icsflow::models::detail {

using sim::Process;

struct ElectiveSetup {
  ElectiveCapacity capacity;
  std::int64_t beds = 0;                    // elective beds for ordinary cases
  std::int64_t ring_fenced_beds = 0;        // of which emergency patients may not take
  std::int64_t ring_fenced_beds_lever = 0;  // and with the ring-fence lever's full effect (today's without it)
  std::int64_t warm_list = 0;               // pathways on the list at the start (the published list, this site's share)
  std::vector<double> borough_shares;       // of the site's referrals, from each borough
};

class ElectiveService final : private ElectiveEvents {
 public:
  ElectiveService(SiteId site, sim::ProcessId process, const std::string& name, const ElectiveSetup& setup,
                  std::size_t sites, std::size_t boroughs, const Context& context, Routes& routes);

  void start(Process& p);  // the list at the start, the working days and the weekly census
  void on_referral(Process& p, Pathway pathway);
  // Pooled lists: a patient decided to admit at another site, coming to this list; another site's wait.
  void on_transfer(Process& p, const Pathway& pathway);
  void on_wait_elsewhere(SiteId about, std::uint8_t specialty, float weeks) {
    waits_elsewhere_[about][specialty] = weeks;
  }
  void finish();  // the clock stops due before the end, not yet counted

  // An elective bed for an emergency patient (an outlier): false if none is free outside the ring-fenced ones. Lent
  // beds are given back one at a time, when the emergency beds have room again (from an early event).
  bool lend_bed(Process& p);
  void take_back_bed(Process& p);
  [[nodiscard]] std::int64_t lent() const { return static_cast<std::int64_t>(lent_.size()); }

  [[nodiscard]] const std::vector<ElectiveRow>& rows() const { return rows_; }
  [[nodiscard]] const ElectiveLists& lists() const { return lists_; }
  [[nodiscard]] const sim::Resource& beds() const { return *beds_; }
  [[nodiscard]] const Tallies& tallies() const { return tallies_; }

 private:
  void clock_stopped(const Pathway& pathway, Time at, bool admitted) override;
  void left_list(const Pathway&) override {}
  bool admit(const Pathway& pathway, Time now) override;
  bool booked_elsewhere(const Pathway& pathway, Time now) override;
  void share_waits(Process& p);  // weekly, with pooled lists: this site's waits to the others
  void run_day(Process& p);      // each day at the clinics' opening: a working day's lists
  void census(Process& p, int week);
  void grow(Process& p, std::size_t year);
  void warm_start();

  SiteId site_;
  const Context& context_;
  Routes& routes_;
  Tallies tallies_;
  ElectiveCapacity first_capacity_;  // the first year's (it grows with demography)
  std::int64_t first_beds_;
  std::int64_t first_ring_fenced_;
  std::int64_t first_ring_fenced_lever_;
  std::int64_t ring_fenced_;
  std::int64_t ring_fenced_lever_;
  std::int64_t warm_list_;
  std::vector<double> borough_shares_;
  ElectiveLists lists_;
  std::unique_ptr<sim::Resource> beds_;
  std::vector<sim::Claim> lent_;                                       // elective beds emergency patients are in
  IdVector<SiteId, std::array<float, kSpecialties>> waits_elsewhere_;  // weeks to admission, as last told
  std::uint64_t offers_ = 0;  // pooled-list offers made so far: each its own random draw
  Process* today_ = nullptr;  // during a working day: where admit() seizes beds and schedules their release
  std::array<std::int64_t, kSpecialties> week_stops_{};
  std::array<std::int64_t, kSpecialties> week_cancellations_{};
  std::vector<ElectiveRow> rows_;
};

}  // namespace icsflow::models::detail
