// Builds the model's parameters from the embedded data files (models/data/sel/*.toml). Derived values
// (clinical length of stay, unit costs of a package week) are computed here, in one place, and named.
#include "icsflow/models/baseline_data.hpp"

#include <cmath>
#include <map>
#include <memory>
#include <numeric>

#include "data_reader.hpp"
#include "discharge_window.hpp"

namespace icsflow::models {
namespace {

using detail::DataReader;

class DataSet {
 public:
  explicit DataSet(const std::vector<DataFile>& files) {
    for (const DataFile& file : files) readers_.emplace(file.name, std::make_unique<DataReader>(file));
  }
  [[nodiscard]] const DataReader& operator[](const std::string& name) const {
    const auto found = readers_.find(name);
    if (found == readers_.end()) throw DataError(name + ": data file missing");
    return *found->second;
  }

 private:
  std::map<std::string, std::unique_ptr<DataReader>> readers_;
};

template <std::size_t N>
void require_shares(const DataReader& data, const std::string& path, const std::array<double, N>& shares) {
  const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
  if (std::abs(sum - 1.0) > 1e-6) data.fail(path, "shares must sum to 1, they sum to " + std::to_string(sum));
  for (const double s : shares) {
    if (s < 0 || s > 1) data.fail(path, "a share outside [0, 1]");
  }
}

// A datum with a range (value, low, high) as an effect range drawn per replication: triangular(low, value, high).
EffectRange effect_range(const DataReader& data, const std::string& path) {
  const auto [low, value, high] = data.low_value_high(path);
  return EffectRange{low, value, high};
}

// A whole number within [low, high].
int whole_number(const DataReader& data, const std::string& path, int low, int high) {
  const double value = data.number(path);
  if (value != std::floor(value) || value < low || value > high) {
    data.fail(path, "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
  }
  return static_cast<int>(value);
}

template <std::size_t Rows, std::size_t Cols>
std::array<std::array<double, Cols>, Rows> matrix(const DataReader& data, const std::string& path) {
  const std::vector<double> flat = data.numbers(path);
  if (flat.size() != Rows * Cols) {
    data.fail(path, "expected " + std::to_string(Rows) + " rows of " + std::to_string(Cols) + " values");
  }
  std::array<std::array<double, Cols>, Rows> out{};
  for (std::size_t r = 0; r < Rows; ++r) {
    for (std::size_t c = 0; c < Cols; ++c) out[r][c] = flat[r * Cols + c];
    require_shares(data, path, out[r]);
  }
  return out;
}

ByAge per_year(const ByAge& per_1000) {
  ByAge out{};
  for (int a = 0; a < kAgeBands; ++a) out[a] = per_1000[a] / 1000.0;
  return out;
}

double non_negative(const DataReader& data, const std::string& path) {
  const double value = data.number(path);
  if (!(value >= 0)) data.fail(path, "must be >= 0");
  return value;
}

int borough_index(const ModelParams& params, const DataReader& data, const std::string& path, const std::string& key) {
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    if (params.boroughs[b].key == key) return static_cast<int>(b);
  }
  data.fail(path, "unknown borough '" + key + "'");
}

void load_population(const DataReader& data, ModelParams& params) {
  for (const std::string& key : data.keys("boroughs")) {
    const std::string at = "boroughs." + key;
    BoroughParams borough;
    borough.key = key;
    borough.name = data.text(at + ".name");
    borough.residents = data.number(at + ".residents");
    borough.registered_to_resident_ratio = data.number(at + ".registered_to_resident_ratio");
    borough.age_shares = data.numbers<kAgeBands>(at + ".age_shares");
    require_shares(data, at + ".age_shares", borough.age_shares);
    borough.male_share = data.number(at + ".male_share");
    borough.deprivation_shares = data.numbers<kQuintiles>(at + ".deprivation_shares");
    require_shares(data, at + ".deprivation_shares", borough.deprivation_shares);
    borough.births_per_1000 = non_negative(data, at + ".births_per_1000");
    params.boroughs.push_back(borough);
  }
  DemographyParams& demography = params.demography;
  demography.in_migration_per_1000 = non_negative(data, "demography.in_migration_per_1000");
  demography.out_migration_per_1000 = non_negative(data, "demography.out_migration_per_1000");
  demography.in_migrant_age_shares = data.numbers<kAgeBands>("demography.in_migrant_age_shares");
  require_shares(data, "demography.in_migrant_age_shares", demography.in_migrant_age_shares);
  demography.out_migration_relative_rate = data.numbers<kAgeBands>("demography.out_migration_relative_rate");
  demography.capacity_follows_demography = data.number("demography.capacity_follows_demography");
  if (!(demography.capacity_follows_demography >= 0 && demography.capacity_follows_demography <= 1))
    data.fail("demography.capacity_follows_demography", "must be in [0, 1]");
  for (const double r : demography.out_migration_relative_rate) {
    if (r < 0) data.fail("demography.out_migration_relative_rate", "relative rates must be >= 0");
  }
}

// A share: a number in [0, 1].
double share(const DataReader& data, const std::string& path) {
  const double value = data.number(path);
  if (!(value >= 0 && value <= 1)) data.fail(path, "must be in [0, 1]");
  return value;
}

double positive(const DataReader& data, const std::string& path) {
  const double value = data.number(path);
  if (!(value > 0)) data.fail(path, "must be > 0");
  return value;
}

void load_elective(const DataReader& data, ModelParams& params) {
  ElectiveParams& e = params.elective;
  e.clock_starts_per_gp_appointment = share(data, "referral.clock_starts_per_gp_appointment");
  e.urgent_referral_share = share(data, "referral.urgent_referral_share");
  e.specialty_shares = data.numbers<kSpecialties>("referral.specialty_shares");
  require_shares(data, "referral.specialty_shares", e.specialty_shares);
  e.admitted_share = share(data, "pathway.admitted_share");
  e.discharged_at_first_share = share(data, "pathway.discharged_at_first_share");
  if (e.discharged_at_first_share > 1 - e.admitted_share) {
    data.fail("pathway.discharged_at_first_share", "must be at most 1 - admitted_share (the pathways not admitted)");
  }
  e.non_admitted_weeks = non_negative(data, "pathway.non_admitted_weeks");
  e.leaving_per_month = non_negative(data, "pathway.leaving_per_month");
  e.day_case_share = share(data, "pathway.day_case_share");
  e.ordinary_los_days = positive(data, "pathway.ordinary_los_days");
  e.ordinary_los_sigma = non_negative(data, "pathway.ordinary_los_sigma");
  e.priority_shares = data.numbers<kElectivePriorities>("pathway.priority_shares");
  require_shares(data, "pathway.priority_shares", e.priority_shares);
  e.priority_weeks = data.numbers<kElectivePriorities>("pathway.priority_weeks");
  for (const double weeks : e.priority_weeks) {
    if (!(weeks > 0)) data.fail("pathway.priority_weeks", "must be > 0");
  }
  e.rebook_days = positive(data, "pathway.rebook_days");
  e.outpatient_capacity_to_demand = non_negative(data, "capacity.outpatient_capacity_to_demand");
  e.subspecialty_lists = whole_number(data, "capacity.subspecialty_lists", 1, kMaxSubspecialtyLists);
  e.subspecialty_load_spread = data.number("capacity.subspecialty_load_spread");
  if (!(e.subspecialty_load_spread >= 0 && e.subspecialty_load_spread < 1))
    data.fail("capacity.subspecialty_load_spread", "must be in [0, 1)");
  e.theatre_capacity_to_demand = non_negative(data, "capacity.theatre_capacity_to_demand");
  e.bed_occupancy = positive(data, "capacity.bed_occupancy");
  if (e.bed_occupancy > 1) data.fail("capacity.bed_occupancy", "must be in (0, 1]");
  e.ring_fenced_share = share(data, "capacity.ring_fenced_share");
  for (SiteParams& site : params.sites) {
    site.elective_hub_share = share(data, "hub_bed_share." + site.key);
    const double member = data.number("acute_collaborative." + site.key);
    if (member != 0 && member != 1) data.fail("acute_collaborative." + site.key, "must be 0 or 1");
    site.in_acute_collaborative = member == 1;
  }
  e.list_per_1000 = non_negative(data, "warm_start.list_per_1000");
  e.list_admitted_share = share(data, "warm_start.list_admitted_share");
  e.list_wait_shares = data.numbers<kWaitBands>("warm_start.list_wait_shares");
  require_shares(data, "warm_start.list_wait_shares", e.list_wait_shares);
}

// Month-of-year profiles: positive, January first; the model scales each to average one (seasons.hpp).
void load_seasons(const DataReader& data, ModelParams& params) {
  SeasonParams& seasons = params.seasons;
  seasons.results_start_month = whole_number(data, "calendar.results_start_month", 1, kMonths);
  seasons.strength = data.number("calendar.strength");
  if (!(seasons.strength >= 0 && seasons.strength <= 1)) data.fail("calendar.strength", "must be in [0, 1]");
  const auto profile = [&data](const std::string& path) {
    const ByMonth values = data.numbers<kMonths>(path);
    for (const double m : values) {
      if (!(m > 0)) data.fail(path, "multipliers must be > 0");
    }
    return values;
  };
  seasons.exacerbation = profile("profiles.exacerbation");
  seasons.other_emergency = profile("profiles.other_emergency");
  seasons.death = profile("profiles.death");
  seasons.stay = profile("profiles.stay");
}

void load_primary_care(const DataReader& data, ModelParams& params) {
  PrimaryCareParams& gp = params.primary;
  gp.appointments_per_person_year = data.number("appointments_per_registered_person_year");
  gp.age_relative_rate = data.numbers<kAgeBands>("age_relative_appointment_rate");
  gp.deprivation_relative_rate = data.numbers<kQuintiles>("deprivation_relative_appointment_rate");
  gp.working_days_per_year = data.number("working_days_per_year");
  gp.capacity_to_demand_ratio = data.number("capacity_to_demand_ratio");
  gp.same_day_share = data.number("same_day_share");
  gp.urgent_need_share = data.number("urgent_need_share");
  gp.urgent_max_wait_days = data.number("urgent_max_wait_days");
  gp.routine_max_wait_days = data.number("routine_max_wait_days");
  gp.ae_instead_if_no_slot_probability = data.number("ae_instead_if_no_slot_probability");
  const std::size_t pcns = data.array_size("pcns");
  std::vector<double> list_share_by_borough(params.boroughs.size(), 0.0);
  for (std::size_t k = 0; k < pcns; ++k) {
    const std::string at = "pcns[" + std::to_string(k) + "]";
    PcnParams pcn;
    pcn.name = data.text(at + ".name");
    pcn.borough = borough_index(params, data, at + ".borough", data.text(at + ".borough"));
    pcn.list_share = data.number(at + ".list_share");
    list_share_by_borough[static_cast<std::size_t>(pcn.borough)] += pcn.list_share;
    params.pcns.push_back(pcn);
  }
  for (std::size_t b = 0; b < params.boroughs.size(); ++b) {
    if (std::abs(list_share_by_borough[b] - 1.0) > 1e-3) {
      data.fail("pcns", "list shares of " + params.boroughs[b].name + "'s PCNs sum to " +
                            std::to_string(list_share_by_borough[b]) + ", not 1");
    }
  }
}

void load_acute(const DataReader& data, const DataReader& health, ModelParams& params) {
  const std::size_t sites = data.array_size("sites");
  for (std::size_t i = 0; i < sites; ++i) {
    const std::string at = "sites[" + std::to_string(i) + "]";
    SiteParams site;
    site.key = data.text(at + ".key");
    site.name = data.text(at + ".name");
    site.trust = data.text(at + ".trust");
    site.ga_beds = data.number(at + ".ga_beds");
    site.elective_and_other_bed_share = data.number(at + ".elective_and_other_bed_share");
    params.sites.push_back(site);
  }
  for (BoroughParams& borough : params.boroughs) {
    const std::string at = "catchment." + borough.key;
    for (const SiteParams& site : params.sites) borough.site_shares.push_back(data.number(at + "." + site.key));
    const double sum = std::accumulate(borough.site_shares.begin(), borough.site_shares.end(), 0.0);
    if (std::abs(sum - 1.0) > 1e-6) data.fail(at, "catchment shares sum to " + std::to_string(sum) + ", not 1");
  }

  AcuteParams& acute = params.acute;
  acute.other_emergency_rate_per_year = health.numbers<kAgeBands>("other_emergency_rate_by_age");
  acute.direct_admission_rate_per_year =
      per_year(data.numbers<kAgeBands>("emergency.direct_emergency_admission_rate_by_age_per_1000"));
  acute.ae_admission_probability = data.numbers<kAgeBands>("emergency.ae_admission_probability_by_age");
  acute.relapse_admission_probability = data.number("emergency.relapse_admission_probability");
  acute.ae_4h_target_hours = data.number("emergency.ae_4h_target_hours");
  acute.escalation_bed_share = data.number("emergency.escalation_bed_share");
  acute.ae_non_admitted_median_hours = data.number("emergency.ae_time_in_department_hours.non_admitted.median");
  acute.ae_non_admitted_sigma = data.number("emergency.ae_time_in_department_hours.non_admitted.log_sigma");
  acute.ae_decision_median_hours = data.number("emergency.ae_time_in_department_hours.admitted.median");
  acute.ae_decision_sigma = data.number("emergency.ae_time_in_department_hours.admitted.log_sigma");
  acute.zero_day_stay_share = data.numbers<kAgeBands>("emergency.zero_day_stay_share_by_age");
  acute.zero_day_stay_min_hours = data.number("emergency.zero_day_stay_min_hours");
  acute.zero_day_stay_max_hours = data.number("emergency.zero_day_stay_max_hours");
  acute.bed_state_report_hours = data.number("emergency.bed_state_report_hours");
  // The published stays, SEL-adjusted; the days spent waiting to leave are taken out once the discharge
  // parameters are known (clinical_stays).
  const ByAge observed = data.numbers<kAgeBands>("emergency.mean_los_nonzero_by_age_days");
  const double sel_factor = data.number("emergency.los_factor_sel_vs_england");
  for (int a = 0; a < kAgeBands; ++a) acute.clinical_los_nonzero_days[a] = observed[a] * sel_factor;
  acute.los_sigma = data.number("emergency.los_nonzero_log_sigma");
  acute.frailty_los_multiplier = data.numbers<kFrailtyLevels>("emergency.frailty_los_multiplier");
  acute.in_hospital_death_probability = data.numbers<kAgeBands>("emergency.in_hospital_death_share_by_age");
  acute.readmission_excess_probability = data.number("emergency.readmission_excess_emergency_probability");
  acute.readmission_window_days = data.number("emergency.readmission_window_days");
}

void load_health(const DataReader& data, ModelParams& params) {
  HealthParams& health = params.health;
  health.ltc_mean_count = data.numbers<kAgeBands>("ltc_mean_count_by_age");
  health.ltc_max_count = whole_number(data, "ltc_max_count", 0, 255);  // stored in a byte
  health.ltc_deprivation_multiplier = data.numbers<kQuintiles>("ltc_deprivation_multiplier");
  health.frailty_shares = matrix<kAgeBands, kFrailtyLevels>(data, "frailty_shares_by_age");
  health.annual_mortality = data.numbers<kAgeBands>("annual_mortality_by_age");
  // Deaths after an emergency admission are simulated in hospital: the community hazard excludes them.
  const ByAge in_hospital = data.numbers<kAgeBands>("expected_in_hospital_emergency_deaths_by_age");
  for (int a = 0; a < kAgeBands; ++a) {
    health.annual_mortality[a] = std::max(0.0, health.annual_mortality[a] - in_hospital[a]);
  }
  health.mortality_deprivation_multiplier = data.numbers<kQuintiles>("mortality_deprivation_multiplier");
  health.mortality_frailty_multiplier = data.numbers<kFrailtyLevels>("frailty_mortality_hazard_ratio");
  health.acsc_exacerbation_rate_per_ltc_year = data.number("acsc_exacerbation_rate_per_ltc_year");
  health.acsc_frailty_multiplier = data.numbers<kFrailtyLevels>("acsc_frailty_multiplier");
  health.acsc_deprivation_multiplier = data.numbers<kQuintiles>("acsc_deprivation_multiplier");
  health.unmet_gp_need_exacerbation_multiplier = data.number("unmet_gp_need_exacerbation_multiplier");
  health.unmet_gp_need_effect_days = data.number("unmet_gp_need_effect_days");
  health.initial_home_care_share = data.numbers<kAgeBands>("initial_home_care_share_by_age");
  health.initial_care_home_share = data.numbers<kAgeBands>("initial_care_home_share_by_age");
}

void load_community(const DataReader& data, ModelParams& params) {
  params.community.ucr_referral_share = data.number("ucr_exacerbation_referral_share");
  for (BoroughParams& borough : params.boroughs) {
    const std::string at = "boroughs." + borough.key;
    borough.ucr_capacity_per_day = data.number(at + ".urgent_community_response_capacity_per_day");
    borough.ucr_admission_avoided_probability = data.number(at + ".ucr_admission_avoided_probability");
    borough.intermediate_care_beds = data.number(at + ".intermediate_care_beds");
    borough.reablement_capacity = data.number(at + ".reablement_capacity");
    borough.virtual_ward_beds = data.number(at + ".virtual_ward_beds");
  }
  // One rehab stay length for all boroughs (the data gives it per borough; they agree).
  params.community.rehab_los_days = data.number("boroughs." + params.boroughs.front().key + ".rehab_los_days");
  params.community.virtual_ward_los_days =
      data.number("boroughs." + params.boroughs.front().key + ".virtual_ward_los_days");
  params.community.virtual_ward_beds_per_100k = data.number("virtual_ward_beds_per_100k");
  params.community.virtual_ward_occupancy =
      data.number("boroughs." + params.boroughs.front().key + ".virtual_ward_occupancy");
  params.community.virtual_ward_min_frailty = whole_number(data, "virtual_ward_min_frailty", 0, kFrailtyLevels - 1);
  params.community.virtual_ward_substitution = effect_range(data, "virtual_ward_substitution");
}

void load_social_care(const DataReader& data, ModelParams& params) {
  for (BoroughParams& borough : params.boroughs) {
    const std::string at = "councils." + borough.key;
    borough.care_home_places = data.number(at + ".care_home_places");
    borough.home_care_packages = data.number(at + ".home_care_packages");
    borough.assessment_capacity_per_day = data.number(at + ".assessment_capacity_per_day");
  }
  SocialCareParams& social = params.social;
  social.assessment_days = data.number("discharge.assessment_days");
  social.discharge_process_hours = data.number("discharge.process_hours");
  social.discharge_process_shares = data.numbers<3>("discharge.process_step_shares");
  social.discharge_window_start_hour = data.number("discharge.window_start_hour");
  social.discharge_window_end_hour = data.number("discharge.window_end_hour");
  social.pathway_shares = matrix<kAgeBands, kDischargePathways>(data, "discharge.pathway_shares_by_age");
  const std::array<double, 3> handoff = data.numbers<3>("discharge.handoff_days_siloed");
  social.handoff_days = {0.0, handoff[0], handoff[1], handoff[2]};
  const std::array<double, 3> sourcing = data.numbers<3>("discharge.place_sourcing_days");
  social.place_sourcing_days = {0.0, sourcing[0], sourcing[1], sourcing[2]};
  social.reablement_days = data.number("discharge.pathway1_support_days");
  social.reablement_to_long_term_probability = data.number("discharge.pathway1_long_term_package_share");
  social.home_care_to_care_home_annual_probability = data.number("discharge.home_care_to_care_home_annual_probability");
  social.home_care_annual_exit_probability = data.number("discharge.home_care_annual_exit_probability");
  social.home_care_onset_age_profile = data.numbers<kAgeBands>("community_home_care_start_rate_by_age");
  social.care_home_onset_age_profile = data.numbers<kAgeBands>("community_care_home_admission_rate_by_age");
  social.new_client_from_hospital_share = data.number("national_requests_share_from_hospital_discharge");
}

void load_costs(const DataReader& data, const DataReader& social_care, ModelParams& params) {
  CostParams& costs = params.costs;
  costs.gp_appointment = data.number("gp_appointment.gbp");
  costs.ae_attendance_not_admitted = data.number("ae_attendance_not_admitted.gbp");
  costs.ae_attendance_admitted = data.number("ae_attendance_admitted.gbp");
  costs.bed_day = data.number("nonelective_bed_day.gbp");
  costs.zero_day_spell = data.number("nonelective_zero_day_spell.gbp");
  costs.ucr_episode = data.number("urgent_community_response_episode.gbp");
  costs.intermediate_care_bed_day = data.number("intermediate_care_bed_day.gbp");
  costs.reablement_week = data.number("reablement_package_week.gbp");
  costs.virtual_ward_day = data.number("virtual_ward_day.gbp");
  costs.home_care_week = data.number("home_care_hour.gbp") * data.number("home_care_hours_per_package_week");
  costs.ward_beds = data.number("ward.beds");
  costs.ward_target_occupancy = data.number("ward.target_occupancy");
  costs.ward_releasable_share = data.number("ward.releasable_cost_share");
  costs.discount_rate = data.number("discount_rate_per_year");
  const double nursing = social_care.number("care_home_nursing_share");
  costs.care_home_week = data.number("care_home_week_residential.gbp") * (1 - nursing) +
                         data.number("care_home_week_nursing.gbp") * nursing;
}

// Mean days from the end of a clinical stay to leaving the bed after `process_hours` (exponential) and the
// wait for the discharge window, for stays ending at any minute of the day alike.
double mean_days_to_leave(const SocialCareParams& social, double process_hours) {
  constexpr int kQuantiles = 200;
  constexpr int kStepMinutes = 10;
  double sum = 0;
  int n = 0;
  for (int minute = 0; minute < 24 * 60; minute += kStepMinutes) {
    for (int q = 0; q < kQuantiles; ++q) {
      const double process = -process_hours * 60 * std::log(1 - (q + 0.5) / kQuantiles);
      const auto done = minute + static_cast<std::int64_t>(std::llround(process));
      sum += process + static_cast<double>(detail::until_discharge_window(social, done));
      ++n;
    }
  }
  return sum / n / (24 * 60);
}

// The published stays include the days spent waiting to leave; the model makes those itself, so it samples
// the clinical part: the published mean minus the expected waits that are not queueing for capacity (the
// hospital's steps and the window on pathway 0; hand-off, assessment, finding a provider and window on pathways
// 1-3, siloed; pathway 1 as if no patient had a package to restart, which skips the provider's search).
void clinical_stays(ModelParams& params) {
  const SocialCareParams& social = params.social;
  const double pathway0 = mean_days_to_leave(social, social.discharge_process_hours);
  const double window = mean_days_to_leave(social, 0);
  for (int a = 0; a < kAgeBands; ++a) {
    double delay = social.pathway_shares[a][0] * pathway0;
    for (int k = 1; k < kDischargePathways; ++k) {
      delay += social.pathway_shares[a][k] *
               (social.handoff_days[k] + social.assessment_days + social.place_sourcing_days[k] + window);
    }
    params.acute.clinical_los_nonzero_days[a] -= delay;
  }
}

}  // namespace

ModelParams load_baseline(const std::vector<DataFile>& files) {
  const DataSet data(files);
  ModelParams params;
  load_population(data["population.toml"], params);
  load_primary_care(data["primary_care.toml"], params);
  load_acute(data["acute.toml"], data["health.toml"], params);
  load_health(data["health.toml"], params);
  load_community(data["community.toml"], params);
  load_social_care(data["social_care.toml"], params);
  load_costs(data["costs.toml"], data["social_care.toml"], params);
  load_seasons(data["seasons.toml"], params);
  load_elective(data["elective.toml"], params);
  clinical_stays(params);
  return params;
}

ModelParams load_embedded_baseline() { return load_baseline(embedded_baseline_files()); }

std::vector<std::string> provenance_problems(const std::vector<DataFile>& files) {
  std::vector<std::string> problems;
  for (const DataFile& file : files) {
    const DataReader reader(file);
    detail::check_provenance(reader.root(), file.name, problems);
  }
  return problems;
}

}  // namespace icsflow::models
