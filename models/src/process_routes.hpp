#pragma once
// The routes of a running replication: each call becomes an engine message to the process that owns the
// destination, which runs the matching handler there.
#include "acute_site.hpp"
#include "borough_services.hpp"
#include "resident_shard.hpp"
#include "routes.hpp"

namespace icsflow::models::detail {

class ProcessRoutes final : public Routes {
 public:
  ProcessRoutes(IdVector<PcnId, ResidentShard>& shards, IdVector<SiteId, AcuteSite>& sites,
                IdVector<BoroughId, BoroughServices>& boroughs)
      : shards_(shards), sites_(sites), boroughs_(boroughs) {}

  void back_home(Process& from, const PatientRef& who, bool was_admitted, Time leaves_in) override;
  void died_away(Process& from, const PatientRef& who) override;
  void care_started(Process& from, const PatientRef& who, CareKind kind) override;
  void ae_arrival(Process& from, SiteId site, const PatientRef& who, std::uint32_t episode) override;
  void elective_referral(Process& from, SiteId site, Time delay, const Pathway& pathway) override;
  void transfer_arrival(Process& from, SiteId site, Time travel, const PatientRef& who, std::uint32_t episode,
                        std::int32_t arrived_at) override;
  void ready_to_leave(Process& from, SiteId site, std::uint32_t slot) override;
  void awaiting_place(Process& from, SiteId site, std::uint32_t slot, NctrReason reason) override;
  void bed_state(Process& from, SiteId site, SiteId about, std::int64_t free_beds) override;
  void elective_transfer(Process& from, SiteId site, const Pathway& pathway) override;
  void elective_wait(Process& from, SiteId site, SiteId about, std::uint8_t specialty, float weeks) override;
  void urgent_referral(Process& from, const PatientRef& who, std::uint32_t episode) override;
  void discharge_referral(Process& from, Time handoff, const PatientRef& who, CareRequest referral) override;
  void community_care_request(Process& from, const PatientRef& who, CareKind kind) override;
  void care_ended(Process& from, const PatientRef& who, bool died) override;

 private:
  IdVector<PcnId, ResidentShard>& shards_;
  IdVector<SiteId, AcuteSite>& sites_;
  IdVector<BoroughId, BoroughServices>& boroughs_;
};

}  // namespace icsflow::models::detail
