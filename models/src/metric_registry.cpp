// The metrics registry: the one declaration of every metric (see metrics.hpp).
#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "icsflow/models/metrics.hpp"

namespace icsflow::models {
namespace {

using enum MetricKind;
using enum MetricScope;
using M = Measure;

// A measure counted in events (or days) of the results period.
constexpr Metric count(std::string_view name, Measure m, std::string_view unit, std::string_view label,
                       std::string_view description, Better better, int headline = 0,
                       SweepRole sweep = SweepRole::none) {
  return {name, measure, m, group, unit, label, description, unit, 1, 0, better, headline, sweep};
}

// A measure of bed days, which the model counts in minutes.
constexpr Metric days(std::string_view name, Measure m, std::string_view label, std::string_view description,
                      Better better, int headline = 0, SweepRole sweep = SweepRole::none) {
  Metric metric = count(name, m, "days", label, description, better, headline, sweep);
  metric.tally_per_unit = 24 * 60;
  return metric;
}

// A measure of weeks waited, which the model counts in minutes.
constexpr Metric weeks(std::string_view name, Measure m, std::string_view label, std::string_view description) {
  Metric metric = count(name, m, "weeks", label, description, Better::lower);
  metric.tally_per_unit = 7 * 24 * 60;
  return metric;
}

// A measure of spend, which the model counts in pence, shown in millions.
constexpr Metric spend(std::string_view name, Measure m, std::string_view label, std::string_view description,
                       int headline) {
  Metric metric{name,    measure, m, group,         "GBP",    label,          description,
                "GBP m", 1e-6,    1, Better::lower, headline, SweepRole::none};
  metric.tally_per_unit = 100;
  return metric;
}

// A measure per 100,000 residents of the group, a year.
constexpr Metric rate(std::string_view name, Measure m, std::string_view label, std::string_view description,
                      int headline = 0) {
  return {name,
          rate_per_100k,
          m,
          group,
          "per 100,000 residents a year",
          label,
          description,
          "per 100,000 a year",
          1,
          0,
          Better::lower,
          headline,
          SweepRole::none};
}

constexpr auto kRegistry = std::to_array<Metric>({
    count("gp_appointments", M::gp_appointments, "appointments", "GP appointments", "GP practice appointments booked",
          Better::neither),
    count("gp_unmet_demand", M::gp_unmet_demand, "needs", "GP needs unmet",
          "GP needs with no appointment within the routine wait", Better::lower, 13, SweepRole::output),
    count("ae_attendances", M::ae_attendances, "attendances", "A&E attendances", "Type 1 A&E attendances",
          Better::lower, 5, SweepRole::output),
    count("ae_4h_breaches", M::ae_4h_breaches, "attendances", "A&E 4-hour breaches",
          "Attendances that left A&E (home or to a bed) more than 4 hours after arrival", Better::lower, 6,
          SweepRole::headline),
    count("emergency_admissions", M::emergency_admissions, "admissions", "Emergency admissions",
          "Emergency admissions, through A&E or direct", Better::lower, 2, SweepRole::output),
    count("acsc_admissions", M::acsc_admissions, "admissions", "Avoidable (ACSC) admissions",
          "Emergency admissions for ambulatory-care sensitive conditions (exacerbations of long-term conditions)",
          Better::lower, 4, SweepRole::headline),
    count("zero_day_admissions", M::zero_day_admissions, "admissions", "Zero-day admissions",
          "Emergency admissions discharged the same day", Better::neither),
    days("bed_days", M::bed_days, "Emergency bed days (capacity)",
         "G&A bed days of emergency patients: a fall frees beds (capacity), not cash", Better::lower, 7),
    days("zero_day_bed_days", M::zero_day_bed_days, "Bed days in zero-day stays",
         "G&A bed days of emergency patients discharged the same day", Better::neither),
    days("delayed_discharge_bed_days", M::delayed_discharge_bed_days, "Delayed-discharge bed days",
         "G&A bed days after the patient was medically fit to leave", Better::lower, 8, SweepRole::headline),
    count("readmissions_30d", M::readmissions_30d, "admissions", "Readmissions within 30 days",
          "Emergency admissions within 30 days of a discharge", Better::lower, 11, SweepRole::output),
    count("ucr_episodes", M::ucr_episodes, "episodes", "Urgent community response episodes",
          "Urgent community response (2-hour) episodes", Better::neither),
    count("admissions_avoided_by_ucr", M::admissions_avoided_by_ucr, "episodes", "Admissions avoided by UCR",
          "Urgent community response episodes after which the resident stayed at home", Better::higher),
    count("virtual_ward_admissions", M::virtual_ward_admissions, "admissions", "Virtual ward admissions",
          "Admissions a virtual ward avoided: residents cared for at home who would otherwise have taken a bed",
          Better::neither),
    count("virtual_ward_acsc_admissions", M::virtual_ward_acsc_admissions, "admissions",
          "Virtual ward admissions, exacerbations",
          "Of the virtual ward admissions, exacerbations of a long-term condition (ACSC admissions avoided)",
          Better::neither),
    count("mutual_aid_transfers", M::mutual_aid_transfers, "patients", "Mutual-aid transfers",
          "Patients admitted to another trust's bed through shared bed state", Better::neither),
    count("care_packages_started", M::care_packages_started, "packages", "Care packages started",
          "Reablement and long-term home care packages started", Better::neither),
    count("care_home_admissions", M::care_home_admissions, "admissions", "Care home admissions",
          "Permanent care home placements started", Better::lower),
    count("deaths", M::deaths, "deaths", "Deaths", "Deaths at home or in hospital", Better::lower, 12,
          SweepRole::output),
    count("elective_referrals", M::elective_referrals, "pathways", "Referrals to treatment",
          "Referral to treatment (RTT) pathways started at GP appointments (clock starts)", Better::neither),
    count("elective_clock_stops", M::elective_clock_stops, "pathways", "RTT clock stops",
          "RTT pathways ended by an admission for treatment or at outpatients", Better::higher),
    count("elective_stops_within_4w", M::elective_stops_within_4w, "pathways", "RTT clock stops within 4 weeks",
          "RTT pathways ended within 4 weeks of the referral (a point of the distribution of waits)", Better::higher),
    count("elective_stops_within_8w", M::elective_stops_within_8w, "pathways", "RTT clock stops within 8 weeks",
          "RTT pathways ended within 8 weeks of the referral (a point of the distribution of waits)", Better::higher),
    count("elective_stops_within_13w", M::elective_stops_within_13w, "pathways", "RTT clock stops within 13 weeks",
          "RTT pathways ended within 13 weeks of the referral (a point of the distribution of waits)", Better::higher),
    count("elective_stops_within_18w", M::elective_stops_within_18w, "pathways", "RTT clock stops within 18 weeks",
          "RTT pathways ended within 18 weeks of the referral", Better::higher),
    count("elective_stops_within_26w", M::elective_stops_within_26w, "pathways", "RTT clock stops within 26 weeks",
          "RTT pathways ended within 26 weeks of the referral (a point of the distribution of waits)", Better::higher),
    count("elective_stops_within_39w", M::elective_stops_within_39w, "pathways", "RTT clock stops within 39 weeks",
          "RTT pathways ended within 39 weeks of the referral (a point of the distribution of waits)", Better::higher),
    count("elective_stops_within_52w", M::elective_stops_within_52w, "pathways", "RTT clock stops within 52 weeks",
          "RTT pathways ended within 52 weeks of the referral (a point of the distribution of waits)", Better::higher),
    weeks("elective_weeks_waited", M::elective_weeks_waited, "Weeks waited at RTT clock stops",
          "Weeks from referral to clock stop, summed over the clock stops (over elective_clock_stops: the mean)"),
    count("elective_cancellations", M::elective_cancellations, "operations", "Operations cancelled on the day",
          "Elective operations cancelled on the day for want of a bed, and rebooked", Better::lower),
    count("elective_transfers", M::elective_transfers, "pathways", "Operations moved to a shorter list",
          "Patients decided to admit who took a shorter wait at another site of the acute collaborative (pooled lists)",
          Better::neither),
    spend("cost_primary_care_gbp", M::cost_primary_care_gbp, "Spend, primary care", "GP appointments", 14),
    spend("cost_acute_gbp", M::cost_acute_gbp, "Spend, acute", "A&E attendances and emergency bed days", 15),
    spend("cost_community_gbp", M::cost_community_gbp, "Spend, community",
          "Urgent community response, intermediate care beds, virtual wards and the levers' programmes", 16),
    spend("cost_social_care_gbp", M::cost_social_care_gbp, "Spend, social care", "Reablement, home care and care homes",
          17),
    spend("cost_lever_proactive_care_gbp", M::cost_lever_proactive_care_gbp, "Spend, proactive care programme",
          "Of community spend: the proactive-care lever's programme (a cost per enrolled resident a year)", 0),
    spend("cost_lever_care_home_support_gbp", M::cost_lever_care_home_support_gbp, "Spend, care home support programme",
          "Of community spend: the enhanced-health-in-care-homes lever's programme (a cost per care home resident a "
          "year)",
          0),
    spend("cost_lever_admission_avoidance_gbp", M::cost_lever_admission_avoidance_gbp,
          "Spend, admission avoidance capacity",
          "Of community spend: the virtual-ward beds and 2-hour response capacity the admission-avoidance lever adds "
          "(the added beds' share of the virtual wards' cost; 2-hour responses above today's daily capacity)",
          0),
    spend("cost_lever_prevention_gbp", M::cost_lever_prevention_gbp, "Spend, blood pressure programme",
          "Of community spend: the prevention lever's programme (a cost a year for each patient with hypertension "
          "it brings to target)",
          0),
    spend("cost_lever_ltc_care_gbp", M::cost_lever_ltc_care_gbp, "Spend, COPD and diabetes programme",
          "Of community spend: the ltc_care lever's programme (a cost a year for each patient with COPD or diabetes "
          "it reaches)",
          0),
    {"cost_gbp", total_cost, M::count, group, "GBP", "Spend, total",
     "Spend of the four sectors, bed days and activity at their average cost (capacity and cash together)", "GBP m",
     1e-6, 1, Better::lower, 18, SweepRole::headline},
    rate("emergency_admissions_per_100k", M::emergency_admissions, "Emergency admissions per 100,000",
         "Emergency admissions per 100,000 residents a year", 1),
    rate("acsc_admissions_per_100k", M::acsc_admissions, "Avoidable (ACSC) admissions per 100,000",
         "ACSC emergency admissions per 100,000 residents a year", 3),
    rate("ae_attendances_per_100k", M::ae_attendances, "A&E attendances per 100,000",
         "Type 1 A&E attendances per 100,000 residents a year"),
    rate("ae_4h_breaches_per_100k", M::ae_4h_breaches, "A&E 4-hour breaches per 100,000",
         "A&E 4-hour breaches per 100,000 residents a year"),
    rate("readmissions_30d_per_100k", M::readmissions_30d, "Readmissions within 30 days per 100,000",
         "Readmissions within 30 days per 100,000 residents a year"),
    rate("deaths_per_100k", M::deaths, "Deaths per 100,000", "Deaths per 100,000 residents a year"),
    rate("delayed_discharge_bed_days_per_100k", M::delayed_discharge_bed_days, "Delayed-discharge bed days per 100,000",
         "Delayed-discharge bed days per 100,000 residents a year"),
    rate("gp_unmet_demand_per_100k", M::gp_unmet_demand, "GP needs unmet per 100,000",
         "GP needs unmet per 100,000 residents a year"),
    {"acsc_admissions_per_100k_gap_q1_q5", gap_q1_q5, M::acsc_admissions, borough, "per 100,000 residents a year",
     "ACSC gap, most - least deprived (per 100k)",
     "ACSC admissions per 100,000 a year, most deprived quintile (1) minus least deprived (5)", "per 100,000 a year", 1,
     0, Better::lower, 20, SweepRole::output},
    {"acsc_admissions_per_100k_ratio_q1_q5", ratio_q1_q5, M::acsc_admissions, borough, "ratio",
     "ACSC ratio, most / least deprived",
     "ACSC admissions per 100,000 a year, most deprived quintile (1) over least deprived (5)", "ratio", 1, 2,
     Better::lower, 0, SweepRole::none},
    {"occupancy", MetricKind::occupancy, M::count, region, "fraction", "Occupancy of emergency G&A beds",
     "Occupied over available G&A bed days open to emergency patients (midnight census), every site", "%", 100, 1,
     Better::neither, 9, SweepRole::output},
    {"wards_needed", MetricKind::wards_needed, M::count, region, "wards", "G&A wards needed",
     "Whole wards the sites need for their emergency patients: each site's mean occupied beds at the planning "
     "occupancy (costs.toml [ward]), rounded up to wards; a fall of one is a ward that can close",
     "wards", 1, 1, Better::lower, 10, SweepRole::none},
    {"cash_wards_needed_gbp", MetricKind::ward_cost, M::count, region, "GBP", "Spend, G&A wards needed (cash)",
     "What the wards needed cost a year (beds x 365 x bed-day cost x the share that leaves with a closed ward): "
     "cash is released only as whole wards close",
     "GBP m", 1e-6, 1, Better::lower, 0, SweepRole::none},
    {"cash_gbp", MetricKind::cash_cost, M::count, region, "GBP", "Spend, cash",
     "Spend that is cash: community and social care, and the G&A wards needed; bed days and A&E attendances "
     "avoided free capacity, not cash, until a ward closes",
     "GBP m", 1e-6, 1, Better::lower, 19, SweepRole::output},
    {"cash_discounted_gbp", MetricKind::cash_discounted, M::count, region, "GBP", "Spend, cash, discounted",
     "Spend that is cash, each year discounted to the first at the Green Book's 3.5% a year (costs.toml); for the "
     "whole period the years' mean, so that times the years it is the present value",
     "GBP m", 1e-6, 1, Better::lower, 0, SweepRole::none},
    {"elective_median_weeks_waited", MetricKind::median_weeks, M::count, group, "weeks",
     "Median weeks from referral to treatment",
     "Median weeks from referral to RTT clock stop of the group's clock stops (interpolated between the clock stops "
     "within 4, 8, 13, 18, 26, 39 and 52 weeks): equity of access by borough and deprivation",
     "weeks", 1, 1, Better::lower, 0, SweepRole::output},
});

// Each measure's metric is the measure's position in the registry.
constexpr bool measures_first() {
  for (int m = 0; m < kMeasureCount; ++m) {
    const Metric& entry = kRegistry[static_cast<std::size_t>(m)];
    if (entry.kind != measure || index(entry.measure) != static_cast<std::size_t>(m)) return false;
  }
  return true;
}
static_assert(measures_first(), "the registry starts with one metric per Measure, in the enum's order");

constexpr bool names_unique() {
  for (std::size_t i = 0; i < kRegistry.size(); ++i) {
    for (std::size_t j = i + 1; j < kRegistry.size(); ++j) {
      if (kRegistry[i].name == kRegistry[j].name) return false;
    }
  }
  return true;
}
static_assert(names_unique(), "a metric's name is declared once");

}  // namespace

std::span<const Metric> metrics() { return kRegistry; }

const Metric& metric(Measure measure) { return kRegistry[index(measure)]; }

std::optional<Metric> find_metric(std::string_view name) {
  for (const Metric& m : kRegistry) {
    if (m.name == name) return m;
  }
  return std::nullopt;
}

std::vector<const Metric*> headline_metrics() {
  std::vector<const Metric*> found;
  for (const Metric& m : kRegistry) {
    if (m.headline > 0) found.push_back(&m);
  }
  std::ranges::sort(found, {}, &Metric::headline);
  return found;
}

std::vector<const Metric*> sweep_outputs() {
  std::vector<const Metric*> found;
  for (const Metric& m : kRegistry) {
    if (m.sweep != SweepRole::none) found.push_back(&m);
  }
  return found;
}

std::string_view to_string(SweepRole role) {
  switch (role) {
    case SweepRole::output:
      return "output";
    case SweepRole::headline:
      return "headline";
    case SweepRole::none:
      return "";
  }
  throw std::logic_error("unknown SweepRole");
}

std::string_view to_string(Better better) {
  switch (better) {
    case Better::lower:
      return "lower";
    case Better::higher:
      return "higher";
    case Better::neither:
      return "";
  }
  throw std::logic_error("unknown Better");
}

}  // namespace icsflow::models
