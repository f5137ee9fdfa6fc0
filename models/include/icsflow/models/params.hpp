#pragma once
// Frozen, validated parameters of the South East London care-system model: plain structs filled by the
// data loader (embedded baseline data) and the scenario loader, then read-only. Units are in the names.
// Where each number comes from is recorded next to it in models/data/sel/*.toml.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace icsflow::models {

inline constexpr int kAgeBands = 8;           // 0-4, 5-14, 15-24, 25-44, 45-64, 65-74, 75-84, 85+
inline constexpr int kQuintiles = 5;          // national IMD 2019 quintile of the LSOA, 1 = most deprived
inline constexpr int kFrailtyLevels = 4;      // electronic frailty index: fit, mild, moderate, severe
inline constexpr int kDischargePathways = 4;  // 0 home, 1 home with support, 2 rehab bed, 3 care home

using ByAge = std::array<double, kAgeBands>;
using ByQuintile = std::array<double, kQuintiles>;
using ByFrailty = std::array<double, kFrailtyLevels>;
using ByPathway = std::array<double, kDischargePathways>;

inline constexpr std::array<const char*, kAgeBands> kAgeBandNames{"0-4",   "5-14",  "15-24", "25-44",
                                                                  "45-64", "65-74", "75-84", "85+"};
inline constexpr std::array<int, kAgeBands + 1> kAgeBandBounds{0, 5, 15, 25, 45, 65, 75, 85, 101};

// An uncertain effect: each replication draws it from the triangular distribution (low, mode, high),
// so the evidence's uncertainty reaches the confidence intervals.
struct EffectRange {
  double low = 0;
  double mode = 0;
  double high = 0;
};

struct BoroughParams {
  std::string key;
  std::string name;
  double residents = 0;  // ONS Census 2021 usual residents
  double registered_to_resident_ratio = 1;
  ByAge age_shares{};
  double male_share = 0.5;
  ByQuintile deprivation_shares{};
  double births_per_1000 = 0;       // live births a year per 1,000 residents
  std::vector<double> site_shares;  // share of the borough's emergencies going to each acute site
  // Community services
  double ucr_capacity_per_day = 0;  // new urgent community response referrals accepted per day
  double ucr_admission_avoided_probability = 0;
  double intermediate_care_beds = 0;
  double reablement_capacity = 0;          // people supported at home at once after a pathway-1 discharge
  double assessment_capacity_per_day = 0;  // hospital discharge assessments (social work, therapy) a day
  double virtual_ward_beds = 0;
  // Social care
  double care_home_places = 0;
  double home_care_packages = 0;
};

struct PcnParams {
  std::string name;
  int borough = 0;        // index into ModelParams::boroughs
  double list_share = 0;  // share of the borough's registered population
};

struct SiteParams {
  std::string key;
  std::string name;
  std::string trust;
  double ga_beds = 0;
  double elective_and_other_bed_share = 0;  // G&A beds used by patients this model does not simulate
  double elective_hub_share = 0;            // of its elective beds, at a ring-fenced elective hub
  bool in_acute_collaborative = false;      // its trust pools waiting lists with the others (pooled_lists lever)
};

struct PrimaryCareParams {
  double appointments_per_person_year = 0;
  ByAge age_relative_rate{};
  ByQuintile deprivation_relative_rate{};
  double working_days_per_year = 252;
  double capacity_to_demand_ratio = 1;
  double same_day_share = 0;  // of appointments, held for booking on the day
  double urgent_need_share = 0;
  double urgent_max_wait_days = 0;
  double routine_max_wait_days = 0;
  double ae_instead_if_no_slot_probability = 0;
};

struct AcuteParams {
  ByAge other_emergency_rate_per_year{};   // non-ACSC emergencies that bring a resident to A&E
  ByAge direct_admission_rate_per_year{};  // emergency admissions not through A&E (GP-referred, ...)
  ByAge ae_admission_probability{};
  double relapse_admission_probability = 0;  // an emergency from the post-discharge excess risk is admitted
  double escalation_bed_share = 0;           // extra beds a site can open under pressure, share of its emergency beds
  double ae_4h_target_hours = 4;
  double ae_non_admitted_median_hours = 0;  // arrival to leaving A&E, not admitted (lognormal)
  double ae_non_admitted_sigma = 0;
  double ae_decision_median_hours = 0;  // arrival to decision to admit (lognormal)
  double ae_decision_sigma = 0;
  ByAge zero_day_stay_share{};
  double zero_day_stay_min_hours = 2;  // zero-day stays last between these (uniform)
  double zero_day_stay_max_hours = 20;
  ByAge clinical_los_nonzero_days{};  // medically necessary part of stays of a day or more (mean)
  double los_sigma = 0;               // lognormal shape of those stays
  ByFrailty frailty_los_multiplier{};
  ByAge in_hospital_death_probability{};
  double readmission_excess_probability = 0;  // extra emergency risk in the window after discharge
  double readmission_window_days = 30;
  double bed_state_report_hours = 6;  // mutual aid: how often sites share their free beds
};

struct CommunityParams {
  double ucr_referral_share = 0;  // share of exacerbations referred to urgent community response first
  double rehab_los_days = 0;      // intermediate care (pathway 2) stay
  // Virtual wards as SEL runs them today (both scenarios); the admission-avoidance lever adds beds.
  double virtual_ward_beds_per_100k = 0;  // today's rate per registered population, which BoroughParams follow
  double virtual_ward_los_days = 0;
  double virtual_ward_occupancy = 0;      // share of the beds in use
  int virtual_ward_min_frailty = 2;       // besides exacerbations, residents this frail (eFI level) or more
  EffectRange virtual_ward_substitution;  // admissions avoided per virtual-ward admission, today's and added
};

struct HealthParams {
  ByAge ltc_mean_count{};
  int ltc_max_count = 15;  // cap on the Poisson count of long-term conditions
  ByQuintile ltc_deprivation_multiplier{};
  std::array<ByFrailty, kAgeBands> frailty_shares{};
  ByAge annual_mortality{};
  ByQuintile mortality_deprivation_multiplier{};
  ByFrailty mortality_frailty_multiplier{};
  double acsc_exacerbation_rate_per_ltc_year = 0;
  ByFrailty acsc_frailty_multiplier{};
  ByQuintile acsc_deprivation_multiplier{};
  double unmet_gp_need_exacerbation_multiplier = 1;
  double unmet_gp_need_effect_days = 0;
  ByAge initial_home_care_share{};
  ByAge initial_care_home_share{};
};

struct SocialCareParams {
  std::array<ByPathway, kAgeBands> pathway_shares{};  // of survivors of stays of a day or more
  ByPathway handoff_days{};         // siloed referral and assessment time, medically fit to ready, pathways 1..3
  double reablement_days = 42;      // pathway 1 support after discharge
  double assessment_days = 1;       // an assessment in hospital occupies an assessor this long, pathways 1..3
  ByPathway place_sourcing_days{};  // mean days to find a provider who takes the patient, pathways 1..3
  // The hospital's own steps before anyone leaves a bed: discharge summary, medicines to take out,
  // transport (mean hours, and each step's share of the patients waiting on them), and the hours of the
  // day when patients leave.
  double discharge_process_hours = 0;
  std::array<double, 3> discharge_process_shares{};  // summary, medicines, transport
  double discharge_window_start_hour = 8;
  double discharge_window_end_hour = 20;
  double reablement_to_long_term_probability = 0;
  double home_care_to_care_home_annual_probability = 0;
  double home_care_annual_exit_probability = 0;  // packages ending other than by death or a care home
  ByAge home_care_onset_age_profile{};           // relative rates of starting home care from home, by age
  ByAge care_home_onset_age_profile{};
  double new_client_from_hospital_share = 0.2;  // of new social-care clients, the share from hospital
};

// Unit costs in GBP (price year in costs.toml).
struct CostParams {
  double gp_appointment = 0;
  double ae_attendance_not_admitted = 0;
  double ae_attendance_admitted = 0;
  double bed_day = 0;
  double zero_day_spell = 0;
  double ucr_episode = 0;
  double intermediate_care_bed_day = 0;
  double virtual_ward_day = 0;
  double home_care_week = 0;
  double reablement_week = 0;
  double care_home_week = 0;
  // Cash released by closing wards (costs.toml [ward]).
  double ward_beds = 28;
  double ward_target_occupancy = 0.92;
  double ward_releasable_share = 0.5;  // of the bed-day cost, leaving with a closed ward
  double discount_rate = 0.035;        // a year, for cash in later years (HM Treasury Green Book)
};

// Multipliers on the baseline capacities (1 = as in the data).
struct CapacityMultipliers {
  double ga_beds = 1;
  double escalation_beds = 1;
  double gp_appointments = 1;
  double urgent_community_response = 1;
  double reablement = 1;
  double discharge_assessment = 1;
  double intermediate_care_beds = 1;
  double home_care_packages = 1;
  double care_home_places = 1;
  double virtual_ward_beds = 1;
};

// The partnership-by-default levers, each switchable on its own (docs/scenarios.md gives the evidence).
struct PolicyParams {
  struct Handoffs {  // shared records and trusted assessors
    bool enabled = false;
    EffectRange reduction;  // share of the siloed hand-off days removed
  } handoffs;
  struct ProactiveCare {  // multidisciplinary care for the highest-risk residents
    bool enabled = false;
    double target_share = 0;          // of residents, by predicted risk of an exacerbation
    EffectRange exacerbation_effect;  // relative change in the exacerbation rate of those enrolled
    double cost_per_resident_year = 0;
  } proactive_care;
  struct CareHomeSupport {  // enhanced health in care homes
    bool enabled = false;
    EffectRange emergency_effect;  // relative change in care home residents' emergencies
    double cost_per_resident_year = 0;
  } care_home_support;
  struct AdmissionAvoidance {  // urgent community response and virtual wards as alternatives to admission
    bool enabled = false;
    double ucr_referral_share = 0;
    double ucr_capacity_multiplier = 1;
    double virtual_ward_beds_per_100k = 0;  // the target, on the same denominator as today's rate
  } admission_avoidance;
  struct DischargeToAssess {  // assessment after discharge, not in the bed
    bool enabled = false;
    EffectRange assessment_moved_share;  // share of the hand-off done after leaving hospital
  } discharge_to_assess;
  struct MutualAid {  // acute sites take each other's patients when one is full
    bool enabled = false;
    double wait_hours_before_transfer = 4;
    double transfer_hours = 2;
  } mutual_aid;
  struct SinglePound {  // one budget: money moved between sectors at equal total spend
    bool enabled = false;
    double escalation_budget_moved_share = 0;  // of the escalation beds' budget
    double to_home_care_share = 0.5;           // of the money moved; the rest buys intermediate care beds
  } single_pound;
  struct PooledLists {  // the acute collaborative's shared waiting list for planned operations
    bool enabled = false;
    EffectRange acceptance;        // of patients offered a shorter wait at another site, those who take it
    double min_weeks_shorter = 4;  // the offer is made when another site's wait is at least this much shorter
  } pooled_lists;
  struct ElectiveRingFence {  // elective beds protected from emergency pressure
    bool enabled = false;
    double ring_fenced_share =
        1;  // of the elective beds outside hubs (today: elective.toml capacity.ring_fenced_share)
  } elective_ring_fence;
  struct Targeting {  // borough partnerships direct proactive capacity by deprivation
    bool enabled = false;
    ByQuintile deprivation_weights{1, 1, 1, 1, 1};
  } targeting;
  struct Prevention {  // blood pressure optimisation: more people with hypertension treated to target
    bool enabled = false;
    EffectRange reach;                   // share of full optimisation reached, over what SEL does today
    double events_avoided_per_100k = 0;  // heart attacks and strokes a year per 100,000 residents, full optimisation
    double deaths_avoided_per_100k = 0;  // deaths a year per 100,000 residents, full optimisation
    double patients_per_100k = 0;        // residents with hypertension above target, per 100,000
    double cost_per_patient_year = 0;    // GBP for each patient brought to target, a year
  } prevention;
  struct LtcCare {  // better care of COPD and diabetes in general practice: fewer exacerbations
    bool enabled = false;
    EffectRange reach;                       // share of the patients reached, over today's care
    double copd_exacerbation_share = 0;      // of the exacerbations (chronic ACSC admissions), COPD's
    double diabetes_exacerbation_share = 0;  // and diabetes complications'
    EffectRange copd_effect;                 // relative change in the COPD exacerbations of those reached
    EffectRange diabetes_effect;             // relative change in the diabetes complications of those reached
    double copd_patients_per_100k = 0;
    double diabetes_patients_per_100k = 0;
    double cost_per_copd_patient_year = 0;      // GBP for each patient reached, a year
    double cost_per_diabetes_patient_year = 0;  // GBP for each patient reached, a year
  } ltc_care;
  struct Timing {  // not a lever: how fast the levers' effects and added capacity arrive
    // From the start of the results period, each lever's effect and the capacity it adds rise linearly
    // from none to full over this many years; 0 = full from the start.
    double years_to_full_effect = 0;
  } timing;
};

// Population change between the years of a run (population.toml, [demography]).
struct DemographyParams {
  double in_migration_per_1000 = 0;   // people moving in a year per 1,000 residents at the start
  double out_migration_per_1000 = 0;  // all-age rate of moving out at the starting population
  ByAge in_migrant_age_shares{};
  ByAge out_migration_relative_rate{};     // by age, relative to the all-age rate
  double capacity_follows_demography = 1;  // share of the projected growth in demand that capacities follow
};

// How demand and stays vary over the year (seasons.toml). Each profile is by month of the year, January first,
// relative to the year's average; the loader scales it to average one over the year's days, so annual rates stay
// the published annual rates. All ones: an average year.
inline constexpr int kMonths = 12;
using ByMonth = std::array<double, kMonths>;
inline constexpr ByMonth kNoSeason{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

struct SeasonParams {
  int results_start_month = 4;          // the results period starts on the first of this month (4: April, the NHS year)
  double strength = 1;                  // 0: an average year all year; 1: the profiles as published (scenario key)
  ByMonth exacerbation = kNoSeason;     // exacerbations of long-term conditions (ambulatory care sensitive)
  ByMonth other_emergency = kNoSeason;  // other emergencies: A&E arrivals and direct admissions
  ByMonth death = kNoSeason;            // deaths
  ByMonth stay = kNoSeason;             // clinical length of an emergency stay, by month of admission
};

// Planned care: referral to treatment (RTT) pathways from GP appointments to a first outpatient appointment and, for
// some, an admission for treatment (elective.toml). P1 (within 72 hours) is treated as an emergency, not listed.
inline constexpr int kSpecialties = 7;
inline constexpr std::array<const char*, kSpecialties> kSpecialtyNames{
    "trauma_orthopaedics", "ent", "ophthalmology", "gynaecology", "general_surgery", "urology", "other"};
inline constexpr int kElectivePriorities = 3;  // P2 (within 4 weeks), P3 (3 months), P4 (later)
inline constexpr int kMaxSubspecialtyLists = 16;
inline constexpr int kWaitBands = 4;  // the warm list's weeks waited: < 18, 18-52, 52-65, 65-104
inline constexpr std::array<double, kWaitBands + 1> kWaitBandWeeks{0, 18, 52, 65, 104};
using BySpecialty = std::array<double, kSpecialties>;

struct ElectiveParams {
  double clock_starts_per_gp_appointment = 0;  // RTT pathways started per GP appointment kept
  double urgent_referral_share = 0;            // seen first at outpatients (suspected cancer, other urgent)
  BySpecialty specialty_shares{};
  double admitted_share = 0;             // pathways that end in an admission for treatment
  double discharged_at_first_share = 0;  // pathways whose clock stops at the first outpatient appointment
  double non_admitted_weeks = 0;         // mean weeks from the first outpatient appointment to a later stop
  double leaving_per_month = 0;          // hazard of leaving the list other than by treatment (validation)
  double day_case_share = 0;             // of admissions for treatment
  double ordinary_los_days = 0;          // mean stay of an ordinary (overnight) elective admission
  double ordinary_los_sigma = 0;         // lognormal spread of that stay
  std::array<double, kElectivePriorities> priority_shares{};  // of decisions to admit
  std::array<double, kElectivePriorities> priority_weeks{};   // booked within, from the decision
  double rebook_days = 28;                                    // a cancelled operation's new date, at most
  double outpatient_capacity_to_demand = 1;
  // First outpatient appointments are booked from this many sub-specialty lists per site and specialty, each with
  // its own clinics: list j of n has capacity x (1 + spread x (2j / (n - 1) - 1)) of its referrals' share.
  int subspecialty_lists = 1;
  double subspecialty_load_spread = 0;
  double theatre_capacity_to_demand = 1;
  double bed_occupancy = 0.85;     // elective beds are sized for the expected stays at this occupancy
  double ring_fenced_share = 1;    // of a site's elective beds outside its hub, closed to emergency patients
  double list_per_1000 = 0;        // the waiting list at the start, pathways per 1,000 residents
  double list_admitted_share = 0;  // of which waiting for admission (a decision to admit made)
  std::array<double, kWaitBands> list_wait_shares{};  // of the list by weeks waited (kWaitBandWeeks)
};

struct ModelParams {
  std::vector<BoroughParams> boroughs;
  DemographyParams demography;
  SeasonParams seasons;
  ElectiveParams elective;
  std::vector<PcnParams> pcns;
  std::vector<SiteParams> sites;
  PrimaryCareParams primary;
  AcuteParams acute;
  HealthParams health;
  CommunityParams community;
  SocialCareParams social;
  CostParams costs;
  CapacityMultipliers capacity;
  PolicyParams policy;
};

}  // namespace icsflow::models
