"""Small synthetic icsflow results files that follow docs/results-schema.md and the /comparison table of
`icsflow compare` exactly, for testing the report (analysis/icsflow_report) without running the simulator.

The expected numbers are computed here with plain numpy, independently of the report script."""
import json
import pathlib

import h5py
import numpy as np

# The /metrics table as icsflow writes it (kept in step with the program by test_report.py::test_real_run_file).
METRICS = json.loads((pathlib.Path(__file__).parent / "metrics.json").read_text(encoding="utf-8"))
METRIC = {row["name"]: row for row in METRICS["rows"]}


def label(name):
    """A metric's label as /metrics gives it."""
    return METRIC[name]["label"]


def write_metrics(f, rows=None):
    """The /metrics table (rows: METRICS' rows, or changed copies of them)."""
    rows = METRICS["rows"] if rows is None else rows
    g = f.create_group("metrics")
    for column in METRICS["columns"]:
        values = [row[column] for row in rows]
        if isinstance(values[0], str):
            _str_dataset(g, column, values)
        else:
            _num_dataset(g, column, np.asarray(values, dtype=np.float64 if column == "display_factor" else np.int64))
    g.attrs["rows"] = np.int64(len(rows))

BOROUGHS = ["Bexley", "Bromley", "Greenwich", "Lambeth", "Lewisham", "Southwark"]
SITES = ["St Thomas' Hospital", "King's College Hospital, Denmark Hill", "Darent Valley Hospital"]
QUINTILES = [1, 2, 3, 4, 5]
COUNTS = [
    "gp_appointments", "gp_unmet_demand", "ae_attendances", "ae_4h_breaches", "emergency_admissions",
    "acsc_admissions", "zero_day_admissions", "bed_days", "zero_day_bed_days", "delayed_discharge_bed_days",
    "readmissions_30d", "ucr_episodes", "admissions_avoided_by_ucr", "care_packages_started",
    "care_home_admissions", "deaths", "cost_primary_care_gbp", "cost_acute_gbp", "cost_community_gbp",
    "cost_social_care_gbp",
]
UNITS = {"gp_appointments": "appointments", "gp_unmet_demand": "needs", "ae_attendances": "attendances",
         "ae_4h_breaches": "attendances", "bed_days": "days", "zero_day_bed_days": "days",
         "delayed_discharge_bed_days": "days", "deaths": "deaths", "ucr_episodes": "episodes",
         "admissions_avoided_by_ucr": "episodes", "care_packages_started": "packages"}
# Events a year per resident (or GBP a year per resident) in the base scenario.
BASE_RATES = {
    "gp_appointments": 5.7, "gp_unmet_demand": 0.3, "ae_attendances": 0.31, "ae_4h_breaches": 0.12,
    "emergency_admissions": 0.09, "acsc_admissions": 0.017, "zero_day_admissions": 0.02, "bed_days": 0.5,
    "zero_day_bed_days": 0.01, "delayed_discharge_bed_days": 0.05, "readmissions_30d": 0.011,
    "ucr_episodes": 0.01, "admissions_avoided_by_ucr": 0.005, "care_packages_started": 0.006,
    "care_home_admissions": 0.001, "deaths": 0.006, "cost_primary_care_gbp": 190.0, "cost_acute_gbp": 290.0,
    "cost_community_gbp": 6.0, "cost_social_care_gbp": 370.0,
}
SPECIALTIES = ["trauma_orthopaedics", "ent", "ophthalmology", "gynaecology", "general_surgery", "urology", "other"]
ELECTIVE_COUNTS = ["waiting_list", "waiting_over_18w", "waiting_over_52w", "clock_stops", "cancellations"]
# The model's calendar: the results period starts on 1 April, a year is 365 days (no 29 February).
DAYS_FROM_APRIL = [30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31]  # April to March
T975 = {1: 12.706204736, 2: 4.302652730, 3: 3.182446305, 4: 2.776445105, 5: 2.570581836, 6: 2.446911851,
        7: 2.364624252, 9: 2.262157163}


def _str_dataset(group, name, values):
    group.create_dataset(name, data=np.array(values, dtype=object), dtype=h5py.string_dtype("utf-8"),
                         compression="gzip", chunks=True)


def _num_dataset(group, name, values, unit=None):
    d = group.create_dataset(name, data=np.asarray(values), compression="gzip", shuffle=True, chunks=True)
    if unit:
        d.attrs["unit"] = unit


def calendar_month(day):
    """The calendar month (1 = January) of a day of the results period; day 0 is 1 April."""
    day %= 365
    for k, length in enumerate(DAYS_FROM_APRIL):
        if day < length:
            return (3 + k) % 12 + 1
        day -= length


def make_scenario_data(seed, replications, effect=1.0, deprivation_effect=1.0, days=30, occupancy=0.9,
                       sites=SITES, unaffected=(), extra_noise_seed=None):
    """Summary and daily columns for one scenario. effect multiplies every count except those in unaffected;
    deprivation_effect multiplies the most deprived quintile's ACSC admissions on top. Replication r uses
    generator (seed, r) so that scenarios built from the same seed share 'random numbers' (as common random
    numbers do); extra_noise_seed adds independent noise to the unaffected columns (a difference that is only
    noise). The elective beds and their outliers (daily_elective_beds) draw from a generator of their own."""
    summary = {c: [] for c in ["replication", "borough", "deprivation_quintile", "residents"] + COUNTS}
    daily = {c: [] for c in ["replication", "day", "month", "site", "beds_available", "beds_occupied",
                             "beds_occupied_medically_fit", "nctr_referral", "nctr_care_home", "waiting_for_bed",
                             "outliers", "elective_beds", "elective_beds_occupied"]}
    for r in range(replications):
        rng = np.random.default_rng([seed, r])
        elective_rng = np.random.default_rng([seed, r, 2])
        extra = np.random.default_rng([extra_noise_seed, r]) if extra_noise_seed is not None else None
        for b, borough in enumerate(BOROUGHS):
            for q in QUINTILES:
                residents = 1000 + 150 * b + 60 * q
                summary["replication"].append(r)
                summary["borough"].append(borough)
                summary["deprivation_quintile"].append(q)
                summary["residents"].append(residents)
                noise = rng.normal(1.0, 0.05, len(COUNTS))
                deprivation = 1.0 + 0.15 * (5 - q)
                for k, column in enumerate(COUNTS):
                    value = BASE_RATES[column] * residents * deprivation * noise[k]
                    if column not in unaffected:
                        value *= effect
                    elif extra is not None:
                        value *= extra.normal(1.0, 0.05)
                    if column == "acsc_admissions" and q == 1:
                        value *= deprivation_effect
                    if not column.startswith("cost_"):
                        value = float(np.round(value))
                    summary[column].append(value)
        for d in range(days):
            for s, site in enumerate(sites):
                available = 40 + 10 * s
                occupied = int(min(available, round(available * occupancy * rng.normal(1.0, 0.03))))
                daily["replication"].append(r)
                daily["day"].append(d)
                daily["month"].append(calendar_month(d))
                daily["site"].append(site)
                daily["beds_available"].append(available)
                daily["beds_occupied"].append(occupied)
                fit = int(round(occupied * 0.1 * effect))
                daily["beds_occupied_medically_fit"].append(fit)
                daily["nctr_care_home"].append(fit // 3)  # the reasons add up to the medically fit
                daily["nctr_referral"].append(fit - fit // 3)
                daily["waiting_for_bed"].append(int(rng.integers(0, 4)))
                for column, value in zip(("elective_beds", "elective_beds_occupied", "outliers"),
                                         daily_elective_beds(elective_rng, s, calendar_month(d), occupied, effect)):
                    daily[column].append(value)
    summary["cost_gbp"] = [sum(summary[c][i] for c in COUNTS if c.startswith("cost_"))
                           for i in range(len(summary["replication"]))]
    return {k: np.asarray(v) if k not in ("borough",) else v for k, v in summary.items()}, daily


WINTER = (12, 1, 2, 3)  # the months in which emergencies take the most elective beds


def daily_elective_beds(rng, site, month, occupied, effect=1.0):
    """A site's night in elective beds, as icsflow's /daily has it: (elective_beds, elective_beds_occupied,
    outliers). The beds are constant per site; elective patients fill about 70% of them; emergency patients in them
    (outliers, of `occupied`) are few, more in winter, and never more than the beds left or than `occupied`."""
    beds = 12 + 4 * site
    elective = min(beds, int(round(beds * 0.7 * rng.normal(1.0, 0.1))))
    outliers = int(rng.poisson((3.0 if month in WINTER else 0.5) * effect))
    return beds, elective, min(outliers, beds - elective, occupied)


def make_elective(seed, replications, weeks, effect=1.0, sites=SITES):
    """An /elective table for one scenario, a row per replication x week x site x specialty (week-major, then site,
    then specialty), as icsflow writes it: small whole numbers from generator (seed, r, 1), the same draws in every
    scenario of a seed (common random numbers), so that an alternative's list (effect times the base's, rounded)
    differs from the base's by a different amount in each replication."""
    columns = {c: [] for c in ["replication", "week", "site", "specialty"] + ELECTIVE_COUNTS}
    for r in range(replications):
        rng = np.random.default_rng([seed, r, 1])
        for week in range(1, weeks + 1):
            for s, site in enumerate(sites):
                for k, specialty in enumerate(SPECIALTIES):
                    noise, waited, stops, cancelled = rng.integers(0, 30), rng.random(), rng.integers(0, 6), \
                        rng.integers(0, 3)
                    listed = int(round((200 + 40 * s + 15 * k + 4 * week + noise) * effect))
                    over_18 = int(listed * (0.3 + 0.2 * waited))
                    for column, value in zip(["replication", "week", "site", "specialty"] + ELECTIVE_COUNTS,
                                             [r, week, site, specialty, listed, over_18, over_18 // 5,
                                              10 + s + k + stops, cancelled]):
                        columns[column].append(value)
    return columns


def write_elective(f, name, columns):
    """/scenarios/<name>/elective from make_elective's columns."""
    g = f.create_group(f"scenarios/{name}/elective")
    for column, values in columns.items():
        if column in ("site", "specialty"):
            _str_dataset(g, column, values)
        else:
            _num_dataset(g, column, np.asarray(values, dtype=np.int64),
                         "operations" if column == "cancellations" else "pathways" if column in ELECTIVE_COUNTS
                         else None)
    g.attrs["rows"] = np.int64(len(columns["week"]))


def write_scenario(f, name, summary, daily, *, seed=7, scale=1.0, years=1.0, replications=5):
    g = f.create_group(f"scenarios/{name}")
    g.attrs["scenario_toml"] = f"name = '{name}'\ndescription = \"synthetic {name}\"\n"
    g.attrs["description"] = f"synthetic {name}"
    g.attrs["seed"] = np.int64(seed)
    g.attrs["scale"] = float(scale)
    g.attrs["years"] = float(years)
    g.attrs["warmup_days"] = 60.0
    g.attrs["replications"] = np.int64(replications)
    s = g.create_group("summary")
    for column, values in summary.items():
        if column == "borough":
            _str_dataset(s, column, values)
        else:
            _num_dataset(s, column, np.asarray(values, dtype=np.int64 if column in (
                "replication", "year", "deprivation_quintile", "residents") else np.float64), UNITS.get(column))
    s.attrs["rows"] = np.int64(len(summary["replication"]))
    d = g.create_group("daily")
    for column, values in daily.items():
        if column == "site":
            _str_dataset(d, column, values)
        else:
            _num_dataset(d, column, np.asarray(values, dtype=np.int64))
    d.attrs["rows"] = np.int64(len(daily["day"]))
    rep = g.create_group("replications")
    _num_dataset(rep, "replication", np.arange(replications, dtype=np.int64))
    _num_dataset(rep, "seed", np.arange(replications, dtype=np.int64) + 1000)
    _num_dataset(rep, "events", np.full(replications, 1000, dtype=np.int64))
    _num_dataset(rep, "messages", np.full(replications, 100, dtype=np.int64))
    _num_dataset(rep, "wall_seconds", np.full(replications, 0.5), "s")


def split_years(summary, shares):
    """The summary of a run of len(shares) years: each row as one row a year, holding that share of its counts
    and spend, and the same residents (at the start of the run, as every year's rows repeat them)."""
    out = {"year": []}
    out.update({c: [] for c in summary})
    for year, share in enumerate(shares, start=1):
        out["year"] += [year] * len(summary["replication"])
        for column, values in summary.items():
            keep = column in ("replication", "borough", "deprivation_quintile", "residents")
            out[column] += list(values) if keep else list(np.asarray(values, dtype=float) * share)
    return {k: np.asarray(v) if k != "borough" else v for k, v in out.items()}


POPULATION_COLUMNS = ["replication", "year", "borough", "age_band", "residents", "births", "deaths", "migration_in",
                      "migration_out"]
AGE_BANDS = [0, 5, 15, 25, 45, 65, 75, 85]


def write_population(f, name, rows):
    """/scenarios/<name>/population from rows of POPULATION_COLUMNS' values, as icsflow writes it."""
    g = f.create_group(f"scenarios/{name}/population")
    for k, column in enumerate(POPULATION_COLUMNS):
        values = [row[k] for row in rows]
        if column == "borough":
            _str_dataset(g, column, values)
        else:
            _num_dataset(g, column, np.asarray(values, dtype=np.int64), "people" if k > 3 else None)
    g.attrs["rows"] = np.int64(len(rows))


def population_rows(replications, years, deaths=1):
    """A population table of every borough and age band: residents 100 + 10 x band index + replication, changed
    only by deaths (deaths a year in each row)."""
    return [(r, y, borough, band, 100 + 10 * a + r - deaths * (y - 1), 0, deaths, 0, 0)
            for r in range(replications) for y in range(1, years + 1) for borough in BOROUGHS
            for a, band in enumerate(AGE_BANDS)]


def write_root(f, command, metrics=True):
    """Root attributes and, unless metrics is False, the /metrics table every results file carries."""
    if metrics:
        write_metrics(f)
    f.attrs["icsflow_version"] = "0.1.0-test"
    f.attrs["command_line"] = command
    f.attrs["created_utc"] = "2025-01-02T03:04:05Z"


# ---- independent expected values -------------------------------------------------------------------------

def per_replication(summary, column, borough="All", quintile=0, year=0):
    """Total of a column per replication over the selected rows (as simulated) of the whole period (year 0) or one
    year; residents, which every year's rows repeat, from one year's rows."""
    rep = np.asarray(summary["replication"])
    mask = np.ones(len(rep), dtype=bool)
    if "year" in summary and (year or column == "residents"):
        mask &= np.asarray(summary["year"]) == (year or 1)
    if borough != "All":
        mask &= np.array([b == borough for b in summary["borough"]])
    if quintile:
        mask &= np.asarray(summary["deprivation_quintile"]) == quintile
    n = rep.max() + 1
    return np.array([np.asarray(summary[column], dtype=float)[mask & (rep == r)].sum() for r in range(n)])


def occupancy(daily, year=0):
    """Per replication: occupied over available bed days, every site and day (of one year: days 365(year - 1) on)
    (a fraction)."""
    rep = np.asarray(daily["replication"])
    keep = np.ones(len(rep), dtype=bool) if not year else np.asarray(daily["day"]) // 365 + 1 == year
    occ, avail = np.asarray(daily["beds_occupied"], float), np.asarray(daily["beds_available"], float)
    return np.array([occ[keep & (rep == r)].sum() / avail[keep & (rep == r)].sum() for r in range(rep.max() + 1)])


def monthly(daily, blocks, scale):
    """Computed here for the blocks [(first day, day after the last)]: for each replication the mean night of all
    sites' occupancy (%) and of the medically fit (whole population), then over replications the mean and its 95%
    interval, mean -/+ t(0.975, n - 1) sd / sqrt(n): (occupancy, delayed), each [(mean, low, high)] a block."""
    rep, day = np.asarray(daily["replication"]), np.asarray(daily["day"])
    occupied, available = np.asarray(daily["beds_occupied"], float), np.asarray(daily["beds_available"], float)
    fit = np.asarray(daily["beds_occupied_medically_fit"], float)
    n = rep.max() + 1
    out = ([], [])
    for start, stop in blocks:
        nights = [[(rep == r) & (day == d) for d in range(start, stop)] for r in range(n)]
        per_replication = [[np.mean([100 * occupied[k].sum() / available[k].sum() for k in mine]) for mine in nights],
                           [np.mean([fit[k].sum() / scale for k in mine]) for mine in nights]]
        for values, measure in zip(per_replication, out):
            mean = np.mean(values)
            half = T975[n - 1] * np.std(values, ddof=1) / np.sqrt(n) if n > 1 else np.nan
            measure.append((mean, mean - half, mean + half))
    return out


def interval(values):
    """The mean of per-replication values and its 95% interval, mean -/+ t(0.975, n - 1) sd / sqrt(n) (NaN ends
    from one replication; NaN throughout when a value is NaN)."""
    n = len(values)
    mean = float(np.mean(values))
    half = T975[n - 1] * np.std(values, ddof=1) / np.sqrt(n) if n > 1 else np.nan
    return mean, mean - half, mean + half


def monthly_outliers(daily, blocks, scale):
    """For the blocks [(first day, day after the last)]: per replication the mean night of all sites' outliers
    (emergency patients in elective beds, whole population), then its mean and interval: [(mean, low, high)]."""
    rep, day = np.asarray(daily["replication"]), np.asarray(daily["day"])
    outliers = np.asarray(daily["outliers"], float)
    n = rep.max() + 1
    return [interval([np.mean([outliers[(rep == r) & (day == d)].sum() / scale for d in range(start, stop)])
                      for r in range(n)]) for start, stop in blocks]


def weekly_cancellations(columns, scale):
    """{week: [per replication, every site and specialty]} operations cancelled on the day, whole population."""
    rep, week = np.asarray(columns["replication"]), np.asarray(columns["week"])
    cancelled = np.asarray(columns["cancellations"], float)
    return {w: [cancelled[(rep == r) & (week == w)].sum() / scale for r in range(rep.max() + 1)]
            for w in sorted(set(week.tolist()))}


def monthly_cancellations(columns, blocks, scale):
    """For the blocks [(first day, day after the last)]: per replication the mean of the weeks whose last day
    (7w - 1) is in the block, then its mean and interval; (NaN, NaN, NaN) for a block in which no week ends."""
    weekly = weekly_cancellations(columns, scale)
    out = []
    for start, stop in blocks:
        weeks = [w for w in weekly if start <= 7 * w - 1 < stop]
        if not weeks:
            out.append((np.nan, np.nan, np.nan))
            continue
        out.append(interval(np.mean([weekly[w] for w in weeks], axis=0)))
    return out


def quarterly_cancellations(columns, scale):
    """{label: (weeks, (mean, low, high))}: the operations cancelled on the day in the weeks that end in each quarter
    of the results period from 1 April (calendar_month of the week's last day), per replication their total."""
    names = {4: "Apr–Jun", 7: "Jul–Sep", 10: "Oct–Dec", 1: "Jan–Mar"}
    weekly = weekly_cancellations(columns, scale)
    quarters = {}
    for w, values in weekly.items():
        last = 7 * w - 1
        first_month = (calendar_month(last) - 1) // 3 * 3 + 1
        label = names[first_month] + (f" Y{last // 365 + 1}" if last >= 365 else "")
        quarters.setdefault(label, []).append(values)
    return {label: (len(weeks), interval(np.sum(weeks, axis=0))) for label, weeks in quarters.items()}


MEDIAN_WEEKS = "elective_median_weeks_waited"  # a /comparison metric icsflow computes (metric_values.cpp)


def median_weeks(summary, borough, quintile, year=0):
    """Per replication, a stand-in for icsflow's median weeks from referral to treatment of a group, which icsflow
    computes (models/src/metric_values.cpp) and the report only reads from /comparison: 10 weeks plus 200 x the
    group's emergency admissions per resident, so longer for the more deprived, shorter in an alternative with a
    smaller effect, and paired between the scenarios of a seed."""
    return 10 + 200 * per_replication(summary, "emergency_admissions", borough, quintile, year) / per_replication(
        summary, "residents", borough, quintile, year)


def metric_values(summary, daily, metric, borough, quintile, years, scale, year=0):
    """Per-replication values of a metric as `icsflow compare` defines them (docs/results-schema.md): counts
    and spend a year for the whole population, rates a year per 100,000 residents, the gap and ratio of the
    quintile 1 and 5 rates, occupancy as a fraction, the median weeks waited (median_weeks' stand-in); over the
    whole period (year 0, `years` long) or one year (`years` its length)."""
    if metric == "occupancy":
        return occupancy(daily, year)
    if metric == MEDIAN_WEEKS:
        return median_weeks(summary, borough, quintile, year)
    for suffix, combine in (("_gap_q1_q5", np.subtract), ("_ratio_q1_q5", np.divide)):
        if metric.endswith(suffix):
            rate = metric[: -len(suffix)]
            with np.errstate(divide="ignore", invalid="ignore"):
                return combine(metric_values(summary, daily, rate, borough, 1, years, scale, year),
                               metric_values(summary, daily, rate, borough, 5, years, scale, year))
    if metric.endswith("_per_100k"):
        column = metric[: -len("_per_100k")]
        return 1e5 * per_replication(summary, column, borough, quintile, year) / per_replication(
            summary, "residents", borough, quintile, year) / years
    return per_replication(summary, metric, borough, quintile, year) / years / scale


def paired_interval(base, alt):
    d = np.asarray(alt) - np.asarray(base)
    n = len(d)
    half = T975[n - 1] * d.std(ddof=1) / np.sqrt(n) if n > 1 else np.nan  # no interval from one replication
    return base.mean(), alt.mean(), d.mean(), d.mean() - half, d.mean() + half


def groups(metric):
    """The (borough, quintile) rows /comparison has for a metric: every group; boroughs only for the gap and
    ratio; South East London only for occupancy."""
    if metric == "occupancy":
        return [("All", 0)]
    if metric.endswith(("_gap_q1_q5", "_ratio_q1_q5")):
        return [(b, 0) for b in ["All"] + BOROUGHS]
    return [(b, q) for b in ["All"] + BOROUGHS for q in [0] + QUINTILES]


def write_comparison(f, base_name, base, alternatives, years, scale, year_lengths=None, median=True):
    """The /comparison table: every metric of /metrics the synthetic data has x alternative x group, from
    (summary, daily) pairs, with paired intervals computed here; with year_lengths (a run longer than a year), a
    year column and the same rows for each year after the whole period's (year 0). With median, the median weeks
    waited too (median_weeks); without, /comparison as icsflow wrote it before that metric."""
    columns = {c: [] for c in ["metric", "scenario", "borough", "deprivation_quintile", "year", "base_mean",
                               "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high"]}
    metrics = [m for m in METRIC if m in base[0] or m in ("cost_gbp", "occupancy") or
               m.split("_per_100k")[0] in base[0] or (median and m == MEDIAN_WEEKS)]
    periods = [(0, years)] + list(enumerate(year_lengths or [], start=1))
    for year, length in periods:
        for alt_name, alt in alternatives:
            for metric in metrics:
                for borough, quintile in groups(metric):
                    b = metric_values(*base, metric, borough, quintile, length, scale, year)
                    a = metric_values(*alt, metric, borough, quintile, length, scale, year)
                    for key, value in zip(["metric", "scenario", "borough", "deprivation_quintile", "year"],
                                          [metric, alt_name, borough, quintile, year]):
                        columns[key].append(value)
                    for key, value in zip(["base_mean", "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high"],
                                          paired_interval(b, a)):
                        columns[key].append(float(value))
    g = f.create_group("comparison")
    for key in ("metric", "scenario", "borough"):
        _str_dataset(g, key, columns[key])
    _num_dataset(g, "deprivation_quintile", np.asarray(columns["deprivation_quintile"], dtype=np.int64))
    if year_lengths:
        _num_dataset(g, "year", np.asarray(columns["year"], dtype=np.int64))
    for key in ("base_mean", "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high"):
        _num_dataset(g, key, np.asarray(columns[key], dtype=np.float64))
    g.attrs["rows"] = np.int64(len(columns["metric"]))
    f.attrs["base_scenario"] = base_name


def build_single(path, replications=5, scale=1.0, years=1.0, days=30, sites=SITES, elective=True):
    """One scenario 'siloed'; with elective, an /elective table of the weeks in `days` (make_elective(11, ...))."""
    summary, daily = make_scenario_data(11, replications, days=days, sites=sites)
    with h5py.File(path, "w") as f:
        write_root(f, f"icsflow run scenarios/siloed.toml -o {path.name} --replications {replications}")
        write_scenario(f, "siloed", summary, daily, scale=scale, years=years, replications=replications)
        if elective:
            write_elective(f, "siloed", make_elective(11, replications, days // 7, sites=sites))
    return summary, daily


def build_comparison(path, alternatives=(("integrated", 0.9, 0.8),), replications=5, scale=1.0, years=1.0,
                     days=30, sites=SITES, year_shares=None, elective=True, median=True):
    """A base 'siloed' and alternatives (name, effect, deprivation_effect), all from the same seed (common
    random numbers). Deaths are unaffected, with independent noise: a difference that is only noise. The base
    is written last so that group order cannot be mistaken for the base. With year_shares (the base's shares of
    each year, then the alternatives'), a run of several years: the summaries split into years by those shares
    and /comparison with each year's rows. With elective, every scenario has an /elective table of the weeks in
    `days`: make_elective(11, replications, days // 7, effect, sites), effect 1 for the base. With median,
    /comparison has the median weeks from referral to treatment (write_comparison)."""
    base_summary, base_daily = make_scenario_data(11, replications, days=days, sites=sites)
    if year_shares:
        base_summary = split_years(base_summary, year_shares[0])
    alts = []
    with h5py.File(path, "w") as f:
        write_root(f, "icsflow compare scenarios/siloed.toml " + " ".join(f"{a}.toml" for a, _, _ in alternatives))
        for k, (name, effect, deprivation_effect) in enumerate(alternatives):
            summary, daily = make_scenario_data(11, replications, effect, deprivation_effect, days=days,
                                                occupancy=0.9 * effect, sites=sites, unaffected=("deaths",),
                                                extra_noise_seed=100 + k)
            if year_shares:
                summary = split_years(summary, year_shares[1 + k])
            write_scenario(f, name, summary, daily, scale=scale, years=years, replications=replications)
            if elective:
                write_elective(f, name, make_elective(11, replications, days // 7, effect, sites))
            alts.append((name, summary, daily))
        write_scenario(f, "siloed", base_summary, base_daily, scale=scale, years=years, replications=replications)
        if elective:
            write_elective(f, "siloed", make_elective(11, replications, days // 7, sites=sites))
        days_run = int(np.floor(years * 365 + 0.5))
        lengths = [min(365, days_run - 365 * k) / 365 for k in range(len(year_shares))] if year_shares else None
        write_comparison(f, "siloed", (base_summary, base_daily), [(n, (s, d)) for n, s, d in alts], years, scale,
                         lengths, median)
    return (base_summary, base_daily), alts
