#pragma once
// The only way one logical process reaches another. Every message of the model is one of these calls,
// each a timestamped engine message of at least kLookahead, so a pathway reads as a list of calls:
//
//   resident shard --urgent_referral------> borough services (urgent community response)
//   shard, borough --ae_arrival-----------> acute site (A&E, or straight to a bed for direct admissions)
//   resident shard --elective_referral----> acute site (a referral to treatment pathway, from a GP appointment)
//   acute site ----transfer_arrival-------> acute site (mutual aid)     --bed_state--> every other site
//   acute site ----elective_transfer------> acute site (pooled lists)   --elective_wait--> every other site
//   acute site ----discharge_referral-----> borough services (after the hand-off: reablement, rehab, care home)
//   borough -------awaiting_place---------> acute site (no place free yet: the patient waits for one)
//   borough -------ready_to_leave---------> acute site (a place is ready: the patient leaves the bed)
//   shard ---------community_care_request-> borough services (home care or a care home, from home)
//   shard ---------care_ended-------------> borough services (a package ended, or the resident died)
//   site, borough -back_home / died_away / care_started--> resident shard
//
// ProcessRoutes (process_routes.hpp) sends them through the engine; tests use a recording implementation
// (tests/models/recording_routes.hpp) to check what a process sends without running the others.
#include <cstdint>

#include "context.hpp"
#include "elective_lists.hpp"
#include "patient.hpp"

namespace icsflow::models::detail {

using sim::Process;

class Routes {
 public:
  virtual ~Routes() = default;

  // --- to a resident shard (the PCN of `who`)
  // Home kLookahead after `leaves_in` (time still spent at the sender, e.g. in A&E); `was_admitted` starts
  // the readmission window.
  virtual void back_home(Process& from, const PatientRef& who, bool was_admitted, Time leaves_in) = 0;
  virtual void died_away(Process& from, const PatientRef& who) = 0;
  virtual void care_started(Process& from, const PatientRef& who, CareKind kind) = 0;

  // --- to an acute site
  virtual void ae_arrival(Process& from, SiteId site, const PatientRef& who, std::uint32_t episode) = 0;
  // A referral made at a GP appointment `delay` from now (at least kLookahead).
  virtual void elective_referral(Process& from, SiteId site, Time delay, const Pathway& pathway) = 0;
  virtual void transfer_arrival(Process& from, SiteId site, Time travel, const PatientRef& who, std::uint32_t episode,
                                std::int32_t arrived_at) = 0;
  // Pooled lists: a pathway decided to admit moves to this site's list; each site's waits for admission.
  virtual void elective_transfer(Process& from, SiteId site, const Pathway& pathway) = 0;
  virtual void elective_wait(Process& from, SiteId site, SiteId about, std::uint8_t specialty, float weeks) = 0;
  // A place downstream is ready (or was not needed): the patient in `slot` leaves the bed. Sent early, so
  // that the bed is released before any seize at the same minute.
  virtual void ready_to_leave(Process& from, SiteId site, std::uint32_t slot) = 0;
  virtual void bed_state(Process& from, SiteId site, SiteId about, std::int64_t free_beds) = 0;
  // The patient in `slot` now waits for a place downstream, the reason recorded for their delay.
  virtual void awaiting_place(Process& from, SiteId site, std::uint32_t slot, NctrReason reason) = 0;

  // --- to borough services (the borough of `who`)
  virtual void urgent_referral(Process& from, const PatientRef& who, std::uint32_t episode) = 0;
  virtual void discharge_referral(Process& from, Time handoff, const PatientRef& who, CareRequest referral) = 0;
  virtual void community_care_request(Process& from, const PatientRef& who, CareKind kind) = 0;
  virtual void care_ended(Process& from, const PatientRef& who, bool died) = 0;

  // Addressed views, so that a call names its destination: routes.site(s).ae_arrival(p, who, episode).
  struct ShardLink {
    Routes& routes;
    void back_home(Process& from, const PatientRef& who, bool was_admitted, Time leaves_in = 0) {
      routes.back_home(from, who, was_admitted, leaves_in);
    }
    void died_away(Process& from, const PatientRef& who) { routes.died_away(from, who); }
    void care_started(Process& from, const PatientRef& who, CareKind kind) { routes.care_started(from, who, kind); }
  };
  struct SiteLink {
    Routes& routes;
    SiteId site;
    void ae_arrival(Process& from, const PatientRef& who, std::uint32_t episode) {
      routes.ae_arrival(from, site, who, episode);
    }
    void elective_referral(Process& from, Time delay, const Pathway& pathway) {
      routes.elective_referral(from, site, delay, pathway);
    }
    void transfer_arrival(Process& from, Time travel, const PatientRef& who, std::uint32_t episode,
                          std::int32_t arrived_at) {
      routes.transfer_arrival(from, site, travel, who, episode, arrived_at);
    }
    void ready_to_leave(Process& from, std::uint32_t slot) { routes.ready_to_leave(from, site, slot); }
    void elective_transfer(Process& from, const Pathway& pathway) { routes.elective_transfer(from, site, pathway); }
    void elective_wait(Process& from, SiteId about, std::uint8_t specialty, float weeks) {
      routes.elective_wait(from, site, about, specialty, weeks);
    }
    void bed_state(Process& from, SiteId about, std::int64_t free_beds) {
      routes.bed_state(from, site, about, free_beds);
    }
    void awaiting_place(Process& from, std::uint32_t slot, NctrReason reason) {
      routes.awaiting_place(from, site, slot, reason);
    }
  };
  struct BoroughLink {
    Routes& routes;
    void urgent_referral(Process& from, const PatientRef& who, std::uint32_t episode) {
      routes.urgent_referral(from, who, episode);
    }
    void discharge_referral(Process& from, Time handoff, const PatientRef& who, CareRequest referral) {
      routes.discharge_referral(from, handoff, who, referral);
    }
    void community_care_request(Process& from, const PatientRef& who, CareKind kind) {
      routes.community_care_request(from, who, kind);
    }
    void care_ended(Process& from, const PatientRef& who, bool died) { routes.care_ended(from, who, died); }
  };
  // A resident's messages go to their own PCN and borough, which `who` names.
  ShardLink shard_of(const PatientRef&) { return {*this}; }
  BoroughLink borough_of(const PatientRef&) { return {*this}; }
  SiteLink site(SiteId site) { return {*this, site}; }
};

// The acute site a resident's emergency goes to, by the borough's catchment shares (the first number of
// the episode's A&E stream).
SiteId ae_site_for(const Context& context, const PatientRef& who, std::uint32_t episode);

}  // namespace icsflow::models::detail
