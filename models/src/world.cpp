// Building one replication: the synthetic population, rates derived from the parameters, capacities,
// the initial state, the run itself and the collection of results.
#include "world.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <boost/random/poisson_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>

#include "icsflow/models/capacity.hpp"

namespace icsflow::models::detail {
namespace {

constexpr double kMinutesPerYear = static_cast<double>(kYear);

// Hazard per minute of an event with annual probability p.
double hazard_from_annual_probability(double p) { return -std::log1p(-std::min(p, 0.999)) / kMinutesPerYear; }

template <std::size_t N>
int pick(sim::RandomStream& draw, const std::array<double, N>& shares) {
  double u = draw.uniform();
  for (std::size_t k = 0; k + 1 < N; ++k) {
    if (u < shares[k]) return static_cast<int>(k);
    u -= shares[k];
  }
  return static_cast<int>(N - 1);
}

// Multipliers rescaled to average one over the given weights, so that they redistribute a published
// average rate without changing it.
template <std::size_t N>
std::array<double, N> normalised(const std::array<double, N>& multipliers, const std::array<double, N>& weights) {
  double mean = 0;
  double total = 0;
  for (std::size_t k = 0; k < N; ++k) {
    mean += multipliers[k] * weights[k];
    total += weights[k];
  }
  mean /= total;
  std::array<double, N> out{};
  for (std::size_t k = 0; k < N; ++k) out[k] = multipliers[k] / mean;
  return out;
}

}  // namespace

sim::SimulationConfig simulation_config(const ModelParams& params) {
  return sim::SimulationConfig{
      .process_count = static_cast<std::uint32_t>(params.pcns.size() + params.sites.size() + params.boroughs.size()),
      .lookahead = kLookahead,
      .queue = sim::QueueKind::quaternary_heap};
}

World::World(const ModelParams& params, const RunSettings& settings)
    : params_(params), settings_(settings), simulation_(simulation_config(params)) {
  if (settings.scale <= 0 || settings.scale > 1) throw std::invalid_argument("scale must be in (0, 1]");
  if (settings.years <= 0) throw std::invalid_argument("years must be positive");
  if (settings.warmup_days < 0) throw std::invalid_argument("warm-up days must be >= 0");
  results_start_ = std::llround(settings.warmup_days) * kDay;
  results_end_ = results_start_ + std::llround(settings.years * 365) * kDay;
  if (results_end_ >= (Time{1} << 31)) throw std::invalid_argument("years too large: minutes must fit in 31 bits");

  const std::size_t boroughs = params.boroughs.size();
  const auto pcn_count = static_cast<sim::ProcessId>(params.pcns.size());
  const auto site_count = static_cast<sim::ProcessId>(params.sites.size());
  residents_by_cell_.assign(boroughs * kQuintiles, 0);

  // --- GP demand. Appointments are published per registered patient, and lists exceed residents (list
  // inflation), so a resident's demand is the per-registered rate times the borough's list ratio. The
  // relative rates by age and deprivation are normalised to England in the data, so SEL's younger
  // population needs fewer appointments per person than the national 5.8.
  const PrimaryCareParams& gp = params.primary;
  const HealthParams& health = params.health;
  rates_.gp_need.assign(boroughs, {});
  for (std::size_t b = 0; b < boroughs; ++b) {
    for (int a = 0; a < kAgeBands; ++a) {
      for (int q = 0; q < kQuintiles; ++q) {
        rates_.gp_need[b][a][q] = gp.appointments_per_person_year * params.boroughs[b].registered_to_resident_ratio *
                                  gp.age_relative_rate[a] * gp.deprivation_relative_rate[q] / kMinutesPerYear;
      }
    }
  }

  // --- synthetic population, one shard per primary care network
  std::uint32_t next_id = 0;
  shards_.reserve(params.pcns.size());
  for (std::size_t k = 0; k < params.pcns.size(); ++k) {
    const PcnParams& pcn = params.pcns[k];
    const BoroughParams& borough = params.boroughs[static_cast<std::size_t>(pcn.borough)];
    // The simulated people are census residents; a PCN's share of them follows its share of the list.
    const auto people = static_cast<std::size_t>(std::llround(borough.residents * pcn.list_share * settings.scale));
    const auto horizon = static_cast<std::int32_t>(gp.routine_max_wait_days) + 8;
    shards_.push_back(Shard{static_cast<sim::ProcessId>(k),
                            static_cast<int>(k),
                            pcn.borough,
                            {},
                            {},
                            {},
                            0,
                            0,
                            AppointmentBook(0, 0, horizon),
                            Tallies(boroughs)});
    Shard& shard = shards_.back();
    shard.residents.resize(people);
    for (Resident& r : shard.residents) {
      r.id = next_id++;
      sim::RandomStream draw = stream(r.id, Purpose::population, 0);
      r.age_band = static_cast<std::uint8_t>(pick(draw, borough.age_shares));
      r.quintile = static_cast<std::uint8_t>(pick(draw, borough.deprivation_shares));
      const double ltc_mean = health.ltc_mean_count[r.age_band] * health.ltc_deprivation_multiplier[r.quintile];
      if (ltc_mean > 0) {
        boost::random::poisson_distribution<int, double> poisson(ltc_mean);
        r.ltc_count = static_cast<std::uint8_t>(std::min(poisson(draw), 15));
      }
      r.frailty = static_cast<std::uint8_t>(pick(draw, health.frailty_shares[r.age_band]));
      const double u = draw.uniform();
      if (u < health.initial_care_home_share[r.age_band]) {
        r.care = CareStatus::care_home;
      } else if (u < health.initial_care_home_share[r.age_band] + health.initial_home_care_share[r.age_band]) {
        r.care = CareStatus::home_care;
      }
      ++residents_by_cell_[static_cast<std::size_t>(pcn.borough * kQuintiles + r.quintile)];
    }
    shard.at_home.assign(shard.residents.size(), 1);
    // Sort by GP class (age band, quintile) so that each class is a range of local indices.
    const auto class_of = [](const Resident& r) { return r.age_band * kQuintiles + r.quintile; };
    std::stable_sort(shard.residents.begin(), shard.residents.end(),
                     [&class_of](const Resident& a, const Resident& b) { return class_of(a) < class_of(b); });
    const auto& gp_rates = rates_.gp_need[static_cast<std::size_t>(pcn.borough)];
    for (std::uint32_t local = 0; local < shard.residents.size();) {
      const Resident& first = shard.residents[local];
      std::uint32_t end = local;
      while (end < shard.residents.size() && class_of(shard.residents[end]) == class_of(first)) ++end;
      GpClass c;
      c.begin = local;
      c.size = end - local;
      c.quintile = first.quintile;
      c.weight = gp_rates[first.age_band][first.quintile] * static_cast<double>(c.size);
      shard.gp_total_rate += c.weight;
      shard.gp_classes.push_back(c);
      local = end;
    }
    // Capacity is not published by PCN: it is the PCN's expected demand times capacity_to_demand_ratio,
    // spread over the working days.
    const double slots_per_day =
        gp.capacity_to_demand_ratio * shard.gp_total_rate * kMinutesPerYear / gp.working_days_per_year;
    shard.book = AppointmentBook(static_cast<std::int32_t>(std::llround(slots_per_day)), gp.same_day_share, horizon);
  }

  enrol_in_proactive_care();

  // --- lever effects: each replication draws its own from the evidence's range (the same draw in every
  // scenario of the replication, since the stream depends only on the seed and the lever)
  const PolicyParams& policy = params.policy;
  const auto effect = [this](std::uint64_t lever, const EffectRange& range) {
    sim::RandomStream draw = stream(kLeverEntityBase + lever, Purpose::lever_effect, 0);
    boost::random::triangle_distribution<double> triangle(range.low, range.mode, range.high);
    return range.low == range.high ? range.low : triangle(draw);
  };
  if (policy.handoffs.enabled) effects_.handoff_multiplier = 1 - effect(0, policy.handoffs.reduction);
  if (policy.proactive_care.enabled)
    effects_.proactive_multiplier = 1 + effect(1, policy.proactive_care.exacerbation_effect);
  if (policy.care_home_support.enabled) {
    effects_.care_home_multiplier = 1 + effect(2, policy.care_home_support.emergency_effect);
  }
  if (policy.admission_avoidance.enabled) {
    effects_.virtual_ward_substitution = effect(3, policy.admission_avoidance.virtual_ward_substitution);
  }
  if (policy.discharge_to_assess.enabled) {
    effects_.assessment_moved_share = effect(4, policy.discharge_to_assess.assessment_moved_share);
  }
  effects_.ucr_referral_share = policy.admission_avoidance.enabled ? policy.admission_avoidance.ucr_referral_share
                                                                   : params.community.ucr_referral_share;

  // --- acute sites and borough services, with the capacities of the plan
  const CapacityPlan plan = plan_capacity(params, settings.scale);
  sites_.reserve(params.sites.size());
  for (std::size_t i = 0; i < params.sites.size(); ++i) {
    const SiteParams& site = params.sites[i];
    const SiteCapacity& capacity = plan.sites[i];
    const sim::ProcessId process = pcn_count + static_cast<sim::ProcessId>(i);
    // Only the share of the added virtual-ward beds that replaces admissions takes patients from here; the
    // rest of the service (step-down, people who would not have been admitted) is costed with them.
    const std::int64_t virtual_ward =
        std::llround(capacity.extra_virtual_ward_beds * effects_.virtual_ward_substitution);
    sites_.push_back(Site{process,
                          static_cast<int>(i),
                          std::make_unique<sim::Resource>(site.key + " G&A beds", process, capacity.beds),
                          capacity.beds,
                          capacity.escalation_beds,
                          std::make_unique<sim::Resource>(site.key + " virtual ward", process, virtual_ward),
                          {},
                          {},
                          0,
                          0,
                          {},
                          Tallies(boroughs),
                          std::vector<std::int64_t>(params.sites.size(), 0)});
  }
  boroughs_.reserve(boroughs);
  for (std::size_t b = 0; b < boroughs; ++b) {
    const BoroughParams& borough = params.boroughs[b];
    const BoroughCapacity& capacity = plan.boroughs[b];
    const sim::ProcessId process = pcn_count + site_count + static_cast<sim::ProcessId>(b);
    const auto resource = [&](const std::string& what, std::int64_t units) {
      return std::make_unique<sim::Resource>(borough.key + " " + what, process, units, sim::QueueDiscipline::priority);
    };
    boroughs_.push_back(Borough{process,
                                static_cast<int>(b),
                                -1,
                                0,
                                capacity.ucr_per_day,
                                resource("home care packages", capacity.home_care_packages),
                                resource("care home places", capacity.care_home_places),
                                resource("intermediate care beds", capacity.intermediate_care_beds),
                                resource("reablement", capacity.reablement),
                                {},
                                Tallies(boroughs)});
  }

  // --- rates
  const AcuteParams& acute = params.acute;
  const ByQuintile national_quintiles{0.2, 0.2, 0.2, 0.2, 0.2};
  const ByQuintile mortality_deprivation = normalised(health.mortality_deprivation_multiplier, national_quintiles);
  for (int a = 0; a < kAgeBands; ++a) {
    const ByFrailty mortality_frailty = normalised(health.mortality_frailty_multiplier, health.frailty_shares[a]);
    rates_.other_emergency[a] = acute.other_emergency_rate_per_year[a] / kMinutesPerYear;
    rates_.direct_admission[a] = acute.direct_admission_rate_per_year[a] / kMinutesPerYear;
    rates_.los_frailty[a] = normalised(acute.frailty_los_multiplier, health.frailty_shares[a]);
    for (int q = 0; q < kQuintiles; ++q) {
      for (int f = 0; f < kFrailtyLevels; ++f) {
        rates_.death[a][q][f] = hazard_from_annual_probability(health.annual_mortality[a] * mortality_deprivation[q] *
                                                               mortality_frailty[f]);
      }
    }
  }
  rates_.acsc_per_ltc = health.acsc_exacerbation_rate_per_ltc_year / kMinutesPerYear;
  rates_.relapse = -std::log1p(-acute.readmission_excess_probability) / (acute.readmission_window_days * kDay);
  const SocialCareParams& social = params.social;
  rates_.care_home_from_home_care = hazard_from_annual_probability(social.home_care_to_care_home_annual_probability);
  rates_.home_care_exit = hazard_from_annual_probability(social.home_care_annual_exit_probability);
  derive_community_care_onset();
}

// Proactive care enrols the share of residents with the highest predicted exacerbation rate, weighted
// by deprivation when the targeting lever is on; ties go to the lower resident id.
void World::enrol_in_proactive_care() {
  const PolicyParams& policy = params_.policy;
  if (!policy.proactive_care.enabled || policy.proactive_care.target_share <= 0) return;
  const HealthParams& health = params_.health;
  struct Candidate {
    double score;
    std::uint32_t shard;
    std::uint32_t local;
  };
  std::vector<Candidate> candidates;
  for (std::uint32_t s = 0; s < shards_.size(); ++s) {
    for (std::uint32_t local = 0; local < shards_[s].residents.size(); ++local) {
      const Resident& r = shards_[s].residents[local];
      double score =
          r.ltc_count * health.acsc_frailty_multiplier[r.frailty] * health.acsc_deprivation_multiplier[r.quintile];
      if (policy.targeting.enabled) score *= policy.targeting.deprivation_weights[r.quintile];
      candidates.push_back({score, s, local});
    }
  }
  const auto enrolled = static_cast<std::size_t>(
      std::llround(policy.proactive_care.target_share * static_cast<double>(candidates.size())));
  if (enrolled == 0) return;
  const auto higher = [this](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return shards_[a.shard].residents[a.local].id < shards_[b.shard].residents[b.local].id;
  };
  std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(enrolled - 1), candidates.end(),
                   higher);
  for (std::size_t i = 0; i < enrolled; ++i)
    shards_[candidates[i].shard].residents[candidates[i].local].proactive = true;
}

// New social-care clients from home are set so that, at the starting stock, arrivals from the community
// replace the community's share of the expected exits (deaths, moves, packages ending); the remaining
// share, published as about one in five (NHS Digital ASC-FR 2023/24), comes from hospital discharges,
// which the model generates itself. The care system thus starts near its steady state.
void World::derive_community_care_onset() {
  const std::size_t boroughs = params_.boroughs.size();
  const SocialCareParams& social = params_.social;
  const double community_share = 1 - params_.social.new_client_from_hospital_share;
  rates_.home_care_onset.assign(boroughs, ByAge{});
  rates_.care_home_direct.assign(boroughs, ByAge{});
  std::vector<double> home_care_exits(boroughs, 0), care_home_exits(boroughs, 0), home_care_stock(boroughs, 0);
  std::vector<double> home_care_weight(boroughs, 0), care_home_weight(boroughs, 0);
  for (const Shard& shard : shards_) {
    const auto b = static_cast<std::size_t>(shard.borough);
    for (const Resident& r : shard.residents) {
      const double death = rates_.death[r.age_band][r.quintile][r.frailty];
      switch (r.care) {
        case CareStatus::home_care:
          home_care_stock[b] += 1;
          home_care_exits[b] += death + rates_.care_home_from_home_care + rates_.home_care_exit;
          break;
        case CareStatus::care_home:
          care_home_exits[b] += death;
          break;
        case CareStatus::independent:
          home_care_weight[b] += social.home_care_onset_age_profile[r.age_band];
          care_home_weight[b] += social.care_home_onset_age_profile[r.age_band];
          break;
      }
    }
  }
  for (std::size_t b = 0; b < boroughs; ++b) {
    const double home_care_arrivals = community_share * home_care_exits[b];
    const double care_home_arrivals =
        std::max(0.0, community_share * care_home_exits[b] - rates_.care_home_from_home_care * home_care_stock[b]);
    for (int a = 0; a < kAgeBands; ++a) {
      if (home_care_weight[b] > 0) {
        rates_.home_care_onset[b][a] = home_care_arrivals * social.home_care_onset_age_profile[a] / home_care_weight[b];
      }
      if (care_home_weight[b] > 0) {
        rates_.care_home_direct[b][a] =
            care_home_arrivals * social.care_home_onset_age_profile[a] / care_home_weight[b];
      }
    }
  }
}

void World::start() {
  // Residents already in a care home or receiving home care hold their place from the start.
  for (Shard& shard : shards_) {
    for (std::uint32_t local = 0; local < shard.residents.size(); ++local) {
      Resident& r = shard.residents[local];
      if (r.care == CareStatus::independent) continue;
      Borough& borough = boroughs_[static_cast<std::size_t>(shard.borough)];
      const CareKind kind = r.care == CareStatus::care_home ? CareKind::care_home : CareKind::home_care;
      sim::Resource& resource = kind == CareKind::care_home ? *borough.care_homes : *borough.home_care;
      Process& owner = simulation_.process(borough.process);
      const sim::SeizeOutcome outcome = resource.seize(owner, [](Process&, sim::Claim) {});
      if (outcome.status != sim::SeizeStatus::granted) {
        resource.withdraw(owner, outcome.claim);  // more residents than places: they start without care
        r.care = CareStatus::independent;
        continue;
      }
      borough.holdings[static_cast<std::size_t>(kind)][r.id] = Holding{outcome.claim, 0, r.quintile, false};
    }
  }
  for (Shard& shard : shards_) {
    Process& process = simulation_.process(shard.process);
    for (std::uint32_t local = 0; local < shard.residents.size(); ++local) schedule_next_need(process, shard, local);
    schedule_next_gp_need(process, shard);
  }
  for (Site& site : sites_) {
    const int index = site.index;
    Process& process = simulation_.process(site.process);
    process.schedule_at(
        results_start_, [this, index](Process& q) { record_census(q, index); }, sim::Priority::late);
    if (params_.policy.mutual_aid.enabled) {
      process.schedule(
          0, [this, index](Process& q) { share_bed_state(q, index); }, sim::Priority::late);
    }
  }
}

void World::finish() {
  // Stays and care still going on at the end count for the part inside the results period.
  for (Site& site : sites_) {
    for (const Inpatient& patient : site.inpatients) {
      if (!patient.in_use || patient.admitted_at < 0) continue;
      const PatientRef& who = patient.patient;
      if (patient.virtual_ward) {
        const double days = static_cast<double>(clip_minutes(patient.admitted_at, results_end_)) / kDay;
        site.tallies.add(
            who.borough, who.quintile, kCommunityPence,
            pence(params_.costs.virtual_ward_day * days / std::max(0.05, effects_.virtual_ward_substitution)));
        continue;
      }
      const Time bed_minutes = clip_minutes(patient.admitted_at, results_end_);
      site.tallies.add(who.borough, who.quintile, kBedMinutes, bed_minutes);
      if (patient.zero_day) site.tallies.add(who.borough, who.quintile, kZeroDayBedMinutes, bed_minutes);
      site.tallies.add(who.borough, who.quintile, kAcutePence, stay_cost_pence(patient, bed_minutes));
      if (patient.fit_at >= 0) {
        site.tallies.add(who.borough, who.quintile, kDelayedMinutes, clip_minutes(patient.fit_at, results_end_));
      }
    }
  }
  // Programme costs of the proactive-care and care-home levers, per person covered at the end, for the
  // length of the results period.
  const PolicyParams& policy = params_.policy;
  const double years = static_cast<double>(results_end_ - results_start_) / kYear;
  for (Shard& shard : shards_) {
    for (const Resident& r : shard.residents) {
      if (r.whereabouts == Whereabouts::dead) continue;
      if (r.proactive) {
        shard.tallies.add(shard.borough, r.quintile, kCommunityPence,
                          pence(policy.proactive_care.cost_per_resident_year * years));
      }
      if (policy.care_home_support.enabled && r.care == CareStatus::care_home) {
        shard.tallies.add(shard.borough, r.quintile, kCommunityPence,
                          pence(policy.care_home_support.cost_per_resident_year * years));
      }
    }
  }
  for (Borough& borough : boroughs_) {
    for (std::size_t kind = 0; kind < kCareKinds; ++kind) {
      // Integer (pence) sums: the map's iteration order does not change the totals.
      for (const auto& [resident, holding] : borough.holdings[kind]) {
        if (!holding.queued) charge_holding(borough, static_cast<CareKind>(kind), holding, results_end_);
      }
    }
  }
}

ReplicationResult World::run(const ProgressCallback& progress) {
  start();
  sim::RunOptions options;
  options.threads = settings_.threads;
  if (progress) {
    const double end = static_cast<double>(results_end_);
    options.on_progress = [&progress, end](Time t) { progress(static_cast<double>(t) / end); };
  }
  simulation_.run_until(results_end_, options);
  finish();

  ReplicationResult result;
  const std::size_t cells = residents_by_cell_.size();
  std::vector<std::array<std::int64_t, kTallyCount>> totals(cells, std::array<std::int64_t, kTallyCount>{});
  const auto add = [&totals, cells](const Tallies& tallies) {
    for (std::size_t i = 0; i < cells; ++i) {
      for (int k = 0; k < kTallyCount; ++k) totals[i][k] += tallies.cell(i)[k];
    }
  };
  for (const Shard& shard : shards_) add(shard.tallies);
  for (const Site& site : sites_) add(site.tallies);
  for (const Borough& borough : boroughs_) add(borough.tallies);
  for (std::size_t i = 0; i < cells; ++i) {
    SummaryRow row;
    row.borough = static_cast<int>(i / kQuintiles);
    row.deprivation_quintile = static_cast<int>(i % kQuintiles) + 1;
    row.residents = residents_by_cell_[i];
    for (int k = 0; k < kTallyCount; ++k) {
      double value = static_cast<double>(totals[i][k]);
      if (k == kBedMinutes || k == kZeroDayBedMinutes || k == kDelayedMinutes) value /= kDay;
      if (k >= kPrimaryPence) value /= 100.0;
      row.values[static_cast<std::size_t>(k)] = value;
    }
    result.residents += row.residents;
    result.summary.push_back(row);
  }
  for (const Site& site : sites_) result.daily.insert(result.daily.end(), site.daily.begin(), site.daily.end());
  std::stable_sort(result.daily.begin(), result.daily.end(),
                   [](const DailyRow& a, const DailyRow& b) { return a.day < b.day; });
  const sim::SimulationStats stats = simulation_.stats();
  result.events_executed = stats.events_executed;
  result.messages_sent = stats.messages_sent;
  return result;
}

}  // namespace icsflow::models::detail

namespace icsflow::models {

ReplicationResult run_replication(const ModelParams& params, const RunSettings& settings,
                                  const ProgressCallback& progress) {
  detail::World world(params, settings);
  return world.run(progress);
}

}  // namespace icsflow::models
