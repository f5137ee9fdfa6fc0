#pragma once
// Unit-test support for the model's logical processes: a Routes implementation that records what a process
// sends instead of delivering it, and a small simulation to run one or a few processes on.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "context.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/sim/simulation.hpp"
#include "rates.hpp"
#include "routes.hpp"

namespace icsflow::models::detail::testing {

// One message as a process sent it.
struct Sent {
  std::string route;  // the Routes method: "back_home", "ae_arrival", ...
  Time at = 0;        // when it was sent
  sim::ProcessId from = 0;
  PatientRef who;
  SiteId site;               // to an acute site: the site
  std::uint32_t number = 0;  // the episode, the slot of ready_to_leave and awaiting_place, elective_wait's specialty
  Time delay = 0;  // back_home: leaves_in; elective_referral, transfer_arrival: travel; discharge_referral: handoff
  CareRequest request;  // discharge_referral
  CareKind kind = CareKind::home_care;
  NctrReason reason = NctrReason::discharge_summary;  // awaiting_place
  bool flag = false;                                  // back_home: was_admitted; care_ended: died
  Pathway pathway;                                    // elective_referral, elective_transfer
};

class RecordingRoutes final : public Routes {
 public:
  std::vector<Sent> sent;

  [[nodiscard]] std::vector<Sent> named(const std::string& route) const {
    std::vector<Sent> out;
    for (const Sent& s : sent) {
      if (s.route == route) out.push_back(s);
    }
    return out;
  }

  void back_home(Process& from, const PatientRef& who, bool was_admitted, Time leaves_in) override {
    record("back_home", from, who).flag = was_admitted;
    sent.back().delay = leaves_in;
  }
  void died_away(Process& from, const PatientRef& who) override { record("died_away", from, who); }
  void care_started(Process& from, const PatientRef& who, CareKind kind) override {
    record("care_started", from, who).kind = kind;
  }
  void ae_arrival(Process& from, SiteId site, const PatientRef& who, std::uint32_t episode) override {
    Sent& s = record("ae_arrival", from, who);
    s.site = site;
    s.number = episode;
  }
  void elective_referral(Process& from, SiteId site, Time delay, const Pathway& pathway) override {
    Sent& s = record("elective_referral", from, PatientRef{});
    s.site = site;
    s.delay = delay;
    s.pathway = pathway;
  }
  void transfer_arrival(Process& from, SiteId site, Time travel, const PatientRef& who, std::uint32_t episode,
                        std::int32_t) override {
    Sent& s = record("transfer_arrival", from, who);
    s.site = site;
    s.delay = travel;
    s.number = episode;
  }
  void ready_to_leave(Process& from, SiteId site, std::uint32_t slot) override {
    Sent& s = record("ready_to_leave", from, PatientRef{});
    s.site = site;
    s.number = slot;
  }
  void awaiting_place(Process& from, SiteId site, std::uint32_t slot, NctrReason reason) override {
    Sent& s = record("awaiting_place", from, PatientRef{});
    s.site = site;
    s.number = slot;
    s.reason = reason;
  }
  void bed_state(Process& from, SiteId site, SiteId, std::int64_t) override {
    record("bed_state", from, PatientRef{}).site = site;
  }
  void elective_transfer(Process& from, SiteId site, const Pathway& pathway) override {
    Sent& s = record("elective_transfer", from, PatientRef{});
    s.site = site;
    s.pathway = pathway;
  }
  void elective_wait(Process& from, SiteId site, SiteId, std::uint8_t specialty, float) override {
    Sent& s = record("elective_wait", from, PatientRef{});
    s.site = site;
    s.number = specialty;
  }
  void urgent_referral(Process& from, const PatientRef& who, std::uint32_t episode) override {
    record("urgent_referral", from, who).number = episode;
  }
  void discharge_referral(Process& from, Time handoff, const PatientRef& who, CareRequest referral) override {
    Sent& s = record("discharge_referral", from, who);
    s.delay = handoff;
    s.request = referral;
  }
  void community_care_request(Process& from, const PatientRef& who, CareKind kind) override {
    record("community_care_request", from, who).kind = kind;
  }
  void care_ended(Process& from, const PatientRef& who, bool died) override {
    record("care_ended", from, who).flag = died;
  }

 private:
  Sent& record(const char* route, Process& from, const PatientRef& who) {
    Sent& s = sent.emplace_back();
    s.route = route;
    s.at = from.now();
    s.from = from.id();
    s.who = who;
    return s;
  }
};

// The embedded baseline, loaded once; tests copy it to change a parameter.
inline const ModelParams& baseline() {
  static const ModelParams params = load_embedded_baseline();
  return params;
}

// A context whose results period is the first year, with the levers off (the seasons as in `params`).
inline Context context_for(const ModelParams& params, std::uint64_t seed = 1) {
  return Context{.params = params,
                 .seed = seed,
                 .results_start = 0,
                 .results_end = kYear,
                 .rates = derive_rates(params),
                 .effects = LeverEffects{},
                 .full_effect_after = 0,
                 .growth = {},
                 .seasons = Seasons(params.seasons, 0)};
}

inline sim::Simulation simulation_of(std::uint32_t processes) {
  return sim::Simulation(sim::SimulationConfig{.process_count = processes, .lookahead = kLookahead});
}

// One logical process of type P on a one-process simulation, sending through RecordingRoutes. P is built
// from `args` followed by the context and the routes.
template <class P>
struct OneProcess {
  template <class... Args>
  explicit OneProcess(const ModelParams& params, Args&&... args)
      : context(context_for(params)),
        simulation(simulation_of(1)),
        process(std::forward<Args>(args)..., context, routes) {}
  // Runs `f(p, process)` on the process at `when`, then the simulation until `until`. A handler that
  // releases a resource runs at Priority::early, as the model delivers it (Resource enforces it).
  template <class F>
  void at(Time when, F f, Time until, sim::Priority priority = sim::Priority::normal) {
    simulation.process(0).schedule_at(
        when, [this, f](Process& p) { f(p, process); }, priority);
    simulation.run_until(until);
  }
  Context context;
  RecordingRoutes routes;
  sim::Simulation simulation;
  P process;
};

// A resident of borough 0 and PCN 0, as messages carry them.
inline PatientRef patient(std::uint32_t resident, std::uint8_t age_band = 7, std::uint8_t flags = 0) {
  return PatientRef{resident, resident, PcnId(0), BoroughId(0), 2, age_band, 0, flags};
}

}  // namespace icsflow::models::detail::testing
