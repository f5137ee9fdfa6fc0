// Routes as engine messages (see process_routes.hpp). Each event captures the destination object and the
// message's fields, within the engine's 32 bytes.
#include "process_routes.hpp"

namespace icsflow::models::detail {

void ProcessRoutes::back_home(Process& from, const PatientRef& who, bool was_admitted, Time leaves_in) {
  ResidentShard* shard = &shards_[who.shard];
  from.send(shard->process(), leaves_in + kLookahead,
            [shard, who, was_admitted](Process& q) { shard->on_back_home(q, who, was_admitted); });
}

void ProcessRoutes::died_away(Process& from, const PatientRef& who) {
  ResidentShard* shard = &shards_[who.shard];
  from.send(shard->process(), kLookahead, [shard, who](Process& q) { shard->on_died_away(q, who); });
}

void ProcessRoutes::care_started(Process& from, const PatientRef& who, CareKind kind) {
  ResidentShard* shard = &shards_[who.shard];
  from.send(shard->process(), kLookahead, [shard, who, kind](Process& q) { shard->on_care_started(q, who, kind); });
}

void ProcessRoutes::ae_arrival(Process& from, SiteId site_id, const PatientRef& who, std::uint32_t episode) {
  AcuteSite* site = &sites_[site_id];
  from.send(site->process(), kLookahead, [site, who, episode](Process& q) { site->on_ae_arrival(q, who, episode); });
}

void ProcessRoutes::elective_referral(Process& from, SiteId site_id, Time delay, const Pathway& pathway) {
  AcuteSite* site = &sites_[site_id];
  from.send(site->process(), std::max(delay, kLookahead),
            [site, pathway](Process& q) { site->on_elective_referral(q, pathway); });
}

void ProcessRoutes::transfer_arrival(Process& from, SiteId site_id, Time travel, const PatientRef& who,
                                     std::uint32_t episode, std::int32_t arrived_at) {
  AcuteSite* site = &sites_[site_id];
  from.send(site->process(), travel,
            [site, who, episode, arrived_at](Process& q) { site->on_transfer_arrival(q, who, episode, arrived_at); });
}

void ProcessRoutes::awaiting_place(Process& from, SiteId site_id, std::uint32_t slot, NctrReason reason) {
  AcuteSite* site = &sites_[site_id];
  from.send(site->process(), kLookahead, [site, slot, reason](Process&) { site->on_awaiting_place(slot, reason); });
}

void ProcessRoutes::ready_to_leave(Process& from, SiteId site_id, std::uint32_t slot) {
  AcuteSite* site = &sites_[site_id];
  from.send(
      site->process(), kLookahead, [site, slot](Process& q) { site->on_ready_to_leave(q, slot); },
      sim::Priority::early);
}

void ProcessRoutes::bed_state(Process& from, SiteId site_id, SiteId about, std::int64_t free_beds) {
  AcuteSite* site = &sites_[site_id];
  from.send(site->process(), kLookahead, [site, about, free_beds](Process&) { site->on_bed_state(about, free_beds); });
}

void ProcessRoutes::elective_transfer(Process& from, SiteId site_id, const Pathway& pathway) {
  AcuteSite* site = &sites_[site_id];
  from.send(site->process(), kLookahead, [site, pathway](Process& q) { site->on_elective_transfer(q, pathway); });
}

void ProcessRoutes::elective_wait(Process& from, SiteId site_id, SiteId about, std::uint8_t specialty, float weeks) {
  AcuteSite* site = &sites_[site_id];
  from.send(site->process(), kLookahead,
            [site, about, specialty, weeks](Process&) { site->on_elective_wait(about, specialty, weeks); });
}

void ProcessRoutes::urgent_referral(Process& from, const PatientRef& who, std::uint32_t episode) {
  BoroughServices* borough = &boroughs_[who.borough];
  from.send(borough->process(), kLookahead,
            [borough, who, episode](Process& q) { borough->on_urgent_referral(q, who, episode); });
}

void ProcessRoutes::discharge_referral(Process& from, Time handoff, const PatientRef& who, CareRequest referral) {
  BoroughServices* borough = &boroughs_[who.borough];
  from.send(borough->process(), handoff,
            [borough, who, referral](Process& q) { borough->on_discharge_referral(q, who, referral); });
}

void ProcessRoutes::community_care_request(Process& from, const PatientRef& who, CareKind kind) {
  BoroughServices* borough = &boroughs_[who.borough];
  from.send(borough->process(), kLookahead,
            [borough, who, kind](Process& q) { borough->on_community_care_request(q, who, kind); });
}

void ProcessRoutes::care_ended(Process& from, const PatientRef& who, bool died) {
  BoroughServices* borough = &boroughs_[who.borough];
  // Early: it releases places, and a release runs before the seizes at its time (Resource enforces it).
  from.send(
      borough->process(), kLookahead, [borough, who, died](Process& q) { borough->on_care_ended(q, who, died); },
      sim::Priority::early);
}

}  // namespace icsflow::models::detail
