#pragma once
// A site's planned care on the engine: its waiting lists (ElectiveLists) filled by referrals from GP appointments and
// started with the published list, clinics and theatre lists each working day, elective beds ring-fenced for ordinary
// (overnight) cases, and the weekly census of the lists. Part of the acute site's process.
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
#include "tallies.hpp"

namespace icsflow::models::detail {

using sim::Process;

struct ElectiveSetup {
  ElectiveCapacity capacity;
  std::int64_t beds = 0;               // elective beds for ordinary cases
  std::int64_t warm_list = 0;          // pathways on the list at the start (the published list, this site's share)
  std::vector<double> borough_shares;  // of the site's referrals, from each borough
};

class ElectiveService final : private ElectiveEvents {
 public:
  ElectiveService(SiteId site, sim::ProcessId process, const std::string& name, const ElectiveSetup& setup,
                  std::size_t boroughs, const Context& context);

  void start(Process& p);  // the list at the start, the working days and the weekly census
  void on_referral(Process& p, Pathway pathway);
  void finish();  // the clock stops due before the end, not yet counted

  [[nodiscard]] const std::vector<ElectiveRow>& rows() const { return rows_; }
  [[nodiscard]] const ElectiveLists& lists() const { return lists_; }
  [[nodiscard]] const sim::Resource& beds() const { return *beds_; }
  [[nodiscard]] const Tallies& tallies() const { return tallies_; }

 private:
  void clock_stopped(const Pathway& pathway, Time at, bool admitted) override;
  void left_list(const Pathway&) override {}
  bool admit(const Pathway& pathway, Time now) override;
  void run_day(Process& p);  // each day at the clinics' opening: a working day's lists
  void census(Process& p, int week);
  void grow(Process& p, std::size_t year);
  void warm_start();

  SiteId site_;
  const Context& context_;
  Tallies tallies_;
  ElectiveCapacity first_capacity_;  // the first year's (it grows with demography)
  std::int64_t first_beds_;
  std::int64_t warm_list_;
  std::vector<double> borough_shares_;
  ElectiveLists lists_;
  std::unique_ptr<sim::Resource> beds_;
  Process* today_ = nullptr;  // during a working day: where admit() seizes beds and schedules their release
  std::array<std::int64_t, kSpecialties> week_stops_{};
  std::array<std::int64_t, kSpecialties> week_cancellations_{};
  std::vector<ElectiveRow> rows_;
};

}  // namespace icsflow::models::detail
