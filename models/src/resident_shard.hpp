#pragma once
// A resident shard: the residents registered with one primary care network (PCN) and its GP appointment
// book. It draws what happens next to each resident at home (competing hazards), books GP appointments,
// and starts the urgent pathways; it learns by message when a resident comes home, dies away or starts care.
#include <cstdint>
#include <vector>

#include "appointment_book.hpp"
#include "context.hpp"
#include "ids.hpp"
#include "patient.hpp"
#include "population.hpp"
#include "rates.hpp"
#include "routes.hpp"
#include "tallies.hpp"

namespace icsflow::models::detail {

using ByAgeCount = std::array<std::int64_t, kAgeBands>;

// What happens next to a resident at home: one of several competing hazards.
// (GP needs are drawn per PCN, not per resident: see ResidentShard::gp_.)
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

// A shard's population in one year of the results period, by age band (demography).
struct PopulationCounts {
  ByAgeCount residents{};  // present at the start of the year
  ByAgeCount births{};
  ByAgeCount deaths{};
  ByAgeCount moved_in{};
  ByAgeCount moved_out{};
  std::array<std::int64_t, kQuintiles> residents_by_quintile{};  // present at the start of the year
};

class ResidentShard {
 public:
  // `residents` sorted by GP class (synthesise_residents); `boroughs` sizes the tallies; `entrants` by year.
  ResidentShard(PcnId id, BoroughId borough, sim::ProcessId process, std::vector<Resident> residents,
                std::size_t boroughs, std::vector<Entrants> entrants, const Context& context, Routes& routes);

  [[nodiscard]] PcnId id() const { return id_; }
  [[nodiscard]] BoroughId borough() const { return borough_; }
  [[nodiscard]] sim::ProcessId process() const { return process_; }
  [[nodiscard]] const std::vector<Resident>& residents() const { return residents_; }
  [[nodiscard]] const Tallies& tallies() const { return tallies_; }
  [[nodiscard]] const std::vector<PopulationCounts>& population() const { return population_; }
  // The PCN's GP needs a minute (all its residents', at the start), for sizing planned care.
  [[nodiscard]] double gp_need_rate() const { return gp_.total_rate; }
  // Before the start: a resident whose care could not be placed starts without it.
  void start_without_care(std::uint32_t local) { residents_[local].care = CareStatus::independent; }
  void enrol_in_proactive_care(std::uint32_t local) {
    residents_[local].proactive = true;
    ++proactive_caseload_;
  }

  void start(Process& p);  // each resident's next need, the PCN's first GP need and the years' ends
  void finish();           // the proactive-care programme of those enrolled still alive at the end

  // --- messages (see routes.hpp)
  void on_back_home(Process& p, const PatientRef& who, bool was_admitted);
  void on_died_away(Process& p, const PatientRef& who);
  void on_care_started(Process& p, const PatientRef& who, CareKind kind);

 private:
  [[nodiscard]] PatientRef ref(std::uint32_t local, std::uint8_t flags) const;
  void schedule_next_need(Process& p, std::uint32_t local);
  void on_need(Process& p, std::uint32_t local, Need need);
  void schedule_next_gp_need(Process& p);
  void on_gp_need(Process& p);
  void handle_gp_need(Process& p, std::uint32_t position, std::uint8_t quintile, sim::RandomStream& draw);
  void refer(Process& p, std::int64_t day, std::uint8_t quintile, sim::RandomStream& draw);
  void emergency(Process& p, std::uint32_t local, Need need);
  void set_whereabouts(std::uint32_t local, Whereabouts where);
  void redraw_need(Process& p, std::uint32_t local);
  void leave_home(Process& p, std::uint32_t local);
  void charge_proactive_care(const Resident& r, Time until);
  void notify_borough_of_death(Process& p, std::uint32_t local);
  void die_at_home(Process& p, std::uint32_t local);
  [[nodiscard]] Time readmission_window_end(const Resident& r) const;
  void count_death(const Resident& r);
  void charge_prevention(std::size_t year);
  void charge_ltc_care(std::size_t year);
  void charge_patients(std::size_t year, double reach, double per_100k, double gbp_each, Measure lever);
  void charge_programme(Time from, Time until, int quintile, double gbp_a_year, Measure lever);
  void count_residents(std::size_t year);
  void end_year(Process* p, std::size_t year);
  void move_out(Process& p, std::uint32_t local);
  void welcome(Process& p, const Resident& r);
  void rebuild_gp_demand(Process& p);
  void keep_proactive_caseload(Process& p, std::size_t year);

  PcnId id_;
  BoroughId borough_;
  sim::ProcessId process_;
  const Context& context_;
  Routes& routes_;
  std::vector<Resident> residents_;
  // GP needs of the whole PCN as one Poisson process: the superposition of every resident's, drawn at
  // the summed rate and given to a resident by class and then uniformly; needs of residents not at
  // home are dropped (thinning). Exact for Poisson processes, and most needs touch no resident record.
  // Classes are ranges of positions: the residents' local indices while they are sorted by class (at the start),
  // else positions in gp_order_ (after a year's end has changed the population).
  GpDemand gp_;
  std::vector<std::uint32_t> gp_order_;     // position -> local index (empty: the same)
  std::vector<std::uint32_t> gp_position_;  // local index -> position (empty: the same)
  // Whether the resident at each position is at home, kept apart from Resident so that drawing GP needs reads
  // one small array instead of a resident record or the order: a bit each (all of SEL's fit in 224 KB, a core's
  // cache, where a byte each missed it: 18% of a run's time went on that one load).
  std::vector<bool> at_home_;
  sim::EventId gp_next_;
  std::uint64_t gp_draws_ = 0;
  std::vector<Entrants> entrants_;            // joining at the end of each year
  std::uint32_t free_from_ = 0;               // where welcome() looks for a free place
  std::size_t proactive_caseload_ = 0;        // residents enrolled in proactive care at the start
  std::vector<PopulationCounts> population_;  // by year of the results period
  int counting_year_ = -1;                    // the year whose census was last taken; -1 in the warm-up
  AppointmentBook book_;
  std::int32_t gp_slots_;  // a working day's appointments in the first year (they grow with demography)
  Tallies tallies_;
};

// The GP appointment book of a PCN whose residents need `gp_need_rate` appointments a minute: capacity is
// not published by PCN, so it is that demand times capacity_to_demand_ratio, spread over the working days.
AppointmentBook pcn_appointment_book(const PrimaryCareParams& gp, double gp_need_rate);

}  // namespace icsflow::models::detail
