"""Reading a results file of `icsflow run` or `icsflow compare` (docs/results-schema.md), with the schema checked
and every problem a ReportError. Paired differences and their intervals are read from /comparison as written;
nothing here computes a statistic beyond sums and means of the file's own rows."""
from __future__ import annotations

import math
import os
import pathlib
from dataclasses import dataclass, field

from .elective import Elective, read_elective
from .errors import ReportError
from .hdf5 import as_number, read_attr, read_column
from .metrics import Metrics, read_metrics
from .money import read_money
from .sweep_file import SweepResults, read_sweep

BOROUGH_ALL = "All"
REQUIRED_SUMMARY = ["replication", "borough", "deprivation_quintile", "residents"]
REQUIRED_DAILY = ["replication", "day", "site", "beds_available", "beds_occupied"]
POPULATION_COLUMNS = ["replication", "year", "borough", "age_band", "residents", "births", "deaths", "migration_in",
                      "migration_out"]
NCTR_PREFIX = "nctr_"  # daily columns of patients with no criteria to reside, one per reason
COMPARISON_COLUMNS = ["metric", "scenario", "borough", "deprivation_quintile", "base_mean", "alt_mean",
                      "diff_mean", "diff_ci_low", "diff_ci_high"]


@dataclass
class Daily:
    sites: list
    days: "object"          # 1-D array of day numbers
    replications: "object"  # 1-D array of replication numbers
    available: "object"     # [replication, site, day], NaN where missing
    occupied: "object"
    fit: "object"           # medically fit (delayed discharges); NaN if the column is absent
    reasons: dict = field(default_factory=dict)  # `nctr_<reason>` -> grid, in the file's order (may be empty)
    months: "object" = None  # calendar month (1 = January) of each of `days`; None in files without the column
    outliers: "object" = None  # emergency patients in elective beds (of `occupied`), a grid; None without the column


@dataclass
class Scenario:
    name: str
    description: str
    seed: object
    scale: float
    years: float
    warmup_days: object
    replications_attr: object
    toml: str
    summary: dict
    daily: Daily | None
    wall_seconds: float | None
    population: dict | None = None  # /population's columns (POPULATION_COLUMNS); None in files written before it
    elective: Elective | None = None  # /elective (elective.py); None in files written before it
    rep_ids: "object" = None   # sorted replication numbers present in the summary
    rep_index: "object" = None  # summary row -> index into rep_ids
    year: "object" = None       # summary row -> year of the results period (1 in files without the column)
    cache: dict = field(default_factory=dict)

    @property
    def replications(self) -> int:
        return len(self.rep_ids)

    @property
    def boroughs(self) -> list:
        seen = []
        for b in self.summary["borough"]:
            if b not in seen:
                seen.append(b)
        return seen

    def has(self, column: str) -> bool:
        return column in self.summary

    def totals(self, column: str, borough: str = BOROUGH_ALL, quintile: int = 0):
        """Per-replication total of a summary column over the rows of one borough ("All": every borough) and
        one deprivation quintile (0: every quintile), for the whole results period, as simulated (not divided by
        years or scale). Residents: each year's rows hold that year's, so the whole period has the mean of the years'
        (as the C++ totals: a rate a year is then per person-year)."""
        import numpy as np
        key = (column, borough, quintile)
        if key not in self.cache:
            mask = np.ones(len(self.rep_index), dtype=bool)
            if borough != BOROUGH_ALL:
                mask &= self.summary["borough"] == borough
            if quintile:
                mask &= self.summary["deprivation_quintile"] == quintile
            values = np.asarray(self.summary[column], dtype=float)
            self.cache[key] = np.bincount(self.rep_index[mask], weights=values[mask], minlength=self.replications)
            if column == "residents":
                self.cache[key] = self.cache[key] / max(1, len(np.unique(self.year)))
        return self.cache[key]

    def per_year(self, column, borough=BOROUGH_ALL, quintile=0, full_population=True):
        """Per-replication events (or GBP) a year; divided by scale when full_population."""
        factor = 1.0 / self.years / (self.scale if full_population else 1.0)
        return self.totals(column, borough, quintile) * factor

    def rate(self, column, per, borough=BOROUGH_ALL, quintile=0):
        """Per-replication rate a year per `per` residents (scale-free)."""
        import numpy as np
        residents = self.totals("residents", borough, quintile)
        with np.errstate(divide="ignore", invalid="ignore"):
            return per * self.totals(column, borough, quintile) / residents / self.years

    def mean_per_year(self, column, borough=BOROUGH_ALL, quintile=0) -> float:
        """The mean over replications of a column a year for the whole population (simulated / scale)."""
        return float(self.per_year(column, borough, quintile).mean())


def scale_caution(scale: float) -> str | None:
    """Why a run at a fraction of SEL is only a quick look (None at full scale): the one wording of the report, the
    page data and their tests."""
    if scale >= 1:
        return None
    return (f"Scale {scale:g} is a quick look, not a result: the runs simulated a fraction {scale:g} of the population "
            "with the same fraction of every bed, team and place, and queues at a fraction of the capacity are longer "
            "than at full scale (fewer servers are more often all busy). The comparison itself changes with the scale, "
            "even in sign (docs/calibration.md, \"Scale\"): use full scale (1) for anything you report.")


def spread(values) -> tuple[float, float, float]:
    """Mean, lowest and highest of per-replication values (NaN ignored; no range from fewer than two). A
    description of the replications, not an interval: the file holds intervals only for differences."""
    import numpy as np
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    if len(x) < 2:
        return float(x[0]), math.nan, math.nan
    return float(x.mean()), float(x.min()), float(x.max())


def _read_daily(group, where):
    import numpy as np
    columns = {name: read_column(group, name, where) for name in REQUIRED_DAILY}
    fit = read_column(group, "beds_occupied_medically_fit", where) if "beds_occupied_medically_fit" in group else None
    month = read_column(group, "month", where) if "month" in group else None
    outliers = read_column(group, "outliers", where) if "outliers" in group else None
    reasons = {name[len(NCTR_PREFIX):]: read_column(group, name, where)
               for name in group.keys() if name.startswith(NCTR_PREFIX)}
    n = len(columns["day"])
    if any(c is not None and len(c) != n for c in [*columns.values(), *reasons.values(), fit, month, outliers]):
        raise ReportError(f"{where} has columns of different lengths")
    if outliers is not None and outliers.dtype.kind not in "iuf":
        raise ReportError(f"{where}/outliers is not a column of numbers")
    sites = []
    for s in columns["site"]:
        if s not in sites:
            sites.append(s)
    site_of = {s: i for i, s in enumerate(sites)}
    site_index = np.fromiter((site_of[s] for s in columns["site"]), dtype=np.int64, count=n)
    reps, rep_index = np.unique(columns["replication"], return_inverse=True)
    days, day_index = np.unique(columns["day"], return_inverse=True)
    shape = (len(reps), len(sites), len(days))

    def grid(values):
        out = np.full(shape, np.nan)
        if values is not None:
            out[rep_index, site_index, day_index] = values
        return out

    return Daily(sites, days, reps, grid(columns["beds_available"]), grid(columns["beds_occupied"]), grid(fit),
                 {reason: grid(values) for reason, values in reasons.items()},
                 _months_of_days(month, days, day_index, where) if month is not None else None,
                 grid(outliers) if outliers is not None else None)


def _months_of_days(month, days, day_index, where):
    """The calendar month of each of `days` from /daily's `month` column (row i is day days[day_index[i]]): whole
    numbers 1 to 12, the same in every row of a day."""
    import numpy as np
    if month.dtype.kind not in "iuf" or not np.all((month >= 1) & (month <= 12) & (month == np.floor(month))):
        raise ReportError(f"{where}/month must be calendar months, whole numbers from 1 (January) to 12")
    months = np.zeros(len(days), dtype=np.int64)
    months[day_index] = month
    different = np.flatnonzero(months[day_index] != month)
    if len(different):
        raise ReportError(f"{where}/month gives day {days[day_index[different[0]]]} more than one month")
    return months


def _read_population(group, where) -> dict:
    """/scenarios/<name>/population: every column of POPULATION_COLUMNS, of one length, numbers but the borough."""
    import numpy as np
    columns = {name: read_column(group, name, where) for name in POPULATION_COLUMNS}
    if len({len(c) for c in columns.values()}) > 1:
        raise ReportError(f"{where} has columns of different lengths")
    for name, values in columns.items():
        if name != "borough":
            if values.dtype.kind not in "iuf":
                raise ReportError(f"{where}/{name} is not a column of numbers")
            columns[name] = values.astype(np.int64)
    return columns


def _read_scenario(f, name):
    import h5py
    import numpy as np
    where = f"/scenarios/{name}"
    group = f["scenarios"][name]
    if "summary" not in group:
        raise ReportError(f"{where} has no summary table")
    summary_group = group["summary"]
    summary = {}
    for column in REQUIRED_SUMMARY:
        summary[column] = read_column(summary_group, column, f"{where}/summary")
    for column in summary_group:
        if column not in summary and isinstance(summary_group[column], h5py.Dataset):
            summary[column] = read_column(summary_group, column, f"{where}/summary")
    n = len(summary["replication"])
    if n == 0:
        raise ReportError(f"{where}/summary is empty")
    if any(len(c) != n for c in summary.values()):
        raise ReportError(f"{where}/summary has columns of different lengths")
    year = np.asarray(summary.pop("year")).astype(np.int64) if "year" in summary else np.ones(n, dtype=np.int64)
    if len(summary) == len(REQUIRED_SUMMARY):
        raise ReportError(f"{where}/summary has no measure columns (emergency_admissions, cost_gbp, ...)")
    summary["deprivation_quintile"] = np.asarray(summary["deprivation_quintile"]).astype(np.int64)
    rep_ids, rep_index = np.unique(np.asarray(summary["replication"]).astype(np.int64), return_inverse=True)

    daily = _read_daily(group["daily"], f"{where}/daily") if "daily" in group else None
    population = _read_population(group["population"], f"{where}/population") if "population" in group else None
    elective = read_elective(group["elective"], f"{where}/elective") if "elective" in group else None
    wall = None
    if "replications" in group and "wall_seconds" in group["replications"]:
        wall = float(np.sum(group["replications"]["wall_seconds"][:]))
    scale = as_number(read_attr(group, "scale"), "scale", where)
    years = as_number(read_attr(group, "years"), "years", where)
    if not (scale > 0 and years > 0):
        raise ReportError(f"{where}: scale and years must be positive (scale {scale}, years {years})")
    return Scenario(
        name=name, description=read_attr(group, "description", "") or "", seed=read_attr(group, "seed", "?"),
        scale=scale, years=years, warmup_days=read_attr(group, "warmup_days", "?"),
        replications_attr=read_attr(group, "replications", None), toml=read_attr(group, "scenario_toml", "") or "",
        summary=summary, daily=daily, wall_seconds=wall, population=population, elective=elective, rep_ids=rep_ids,
        rep_index=rep_index, year=year)


@dataclass
class Paired:
    """One row of /comparison: base and alternative means over replications, the mean paired difference
    (alternative - base) and its 95% interval, in the metric's unit from /metrics, as written."""
    base: float
    alt: float
    diff: float
    low: float
    high: float

    def excludes_zero(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high) and (self.low > 0 or self.high < 0)


@dataclass
class Comparison:
    rows: dict                 # (metric, alt, borough, quintile, year) -> Paired
    alternatives: list         # in order of first appearance
    metrics: set
    years: list = field(default_factory=list)  # the years with rows of their own (1, 2, ...); none for one year

    def get(self, metric: str, alt: str, borough: str = BOROUGH_ALL, quintile: int = 0,
            year: int = 0) -> Paired | None:
        """A row of /comparison: year 0 is the whole results period, 1.. one year of it."""
        return self.rows.get((metric, alt, borough, quintile, year))


def _year_column(group, n, where):
    """The `year` column of a table (0 for every row of a file written before it existed: the whole period)."""
    import numpy as np
    if "year" not in group:
        return np.zeros(n, dtype=np.int64)
    year = np.asarray(read_column(group, "year", where)).astype(np.int64)
    if len(year) != n:
        raise ReportError(f"{where} has columns of different lengths")
    return year


def _read_comparison(f):
    import numpy as np
    group = f["comparison"]
    columns = {c: read_column(group, c, "/comparison") for c in COMPARISON_COLUMNS}
    n = len(columns["metric"])
    if any(len(c) != n for c in columns.values()):
        raise ReportError("/comparison has columns of different lengths")
    rows, alternatives = {}, []
    quintiles = np.asarray(columns["deprivation_quintile"]).astype(np.int64)
    years = _year_column(group, n, "/comparison")
    numbers = [np.asarray(columns[c], dtype=float) for c in COMPARISON_COLUMNS[4:]]
    for i in range(n):
        alt = columns["scenario"][i]
        if alt not in alternatives:
            alternatives.append(alt)
        rows[(columns["metric"][i], alt, columns["borough"][i], int(quintiles[i]), int(years[i]))] = Paired(
            *(float(v[i]) for v in numbers))
    return Comparison(rows, alternatives, {m for m in columns["metric"]}, sorted({int(y) for y in years} - {0}))


ATTRIBUTION_COLUMNS = ["lever", "metric", "borough", "deprivation_quintile", "alone_diff_mean", "alone_diff_ci_low",
                       "alone_diff_ci_high", "marginal_diff_mean", "marginal_diff_ci_low", "marginal_diff_ci_high"]


@dataclass
class LeverShare:
    """A lever's effect on one metric for all South East London: alone on the base, and what it adds to the
    bundle (bundle - bundle without it), as /attribution has them."""
    lever: str
    alone: tuple   # (mean, low, high)
    marginal: tuple


def _read_attribution(f) -> dict:
    """/attribution rows for all of South East London over the whole results period: metric -> [LeverShare] in the
    file's lever order."""
    import numpy as np
    group = f["attribution"]
    columns = {c: read_column(group, c, "/attribution") for c in ATTRIBUTION_COLUMNS}
    quintiles = np.asarray(columns["deprivation_quintile"]).astype(np.int64)
    years = _year_column(group, len(columns["lever"]), "/attribution")
    numbers = {c: np.asarray(columns[c], dtype=float) for c in ATTRIBUTION_COLUMNS[4:]}
    shares = {}
    for i in range(len(columns["lever"])):
        if columns["borough"][i] != BOROUGH_ALL or quintiles[i] != 0 or years[i] != 0:
            continue
        triple = lambda kind: tuple(float(numbers[f"{kind}_diff_{p}"][i]) for p in ("mean", "ci_low", "ci_high"))
        shares.setdefault(columns["metric"][i], []).append(LeverShare(columns["lever"][i], triple("alone"),
                                                                      triple("marginal")))
    return shares


@dataclass
class Results:
    path: pathlib.Path
    version: str
    command_line: str
    created: str
    scenarios: dict            # name -> Scenario, base first when there is a comparison
    base: str | None
    alternatives: list
    comparison: Comparison | None
    metrics: Metrics
    notes: list = field(default_factory=list)
    attribution: dict | None = None  # metric -> [LeverShare], from compare --attribution
    money: dict | None = None        # scenario -> [year row], /money (money.py)


def read_results(path: pathlib.Path) -> "Results | SweepResults":
    try:
        import h5py
    except ImportError as error:  # pragma: no cover - environment problem
        raise ReportError(f"cannot import h5py ({error}); install Debian's python3-h5py") from None
    if not path.exists():
        raise ReportError(f"'{path}' does not exist")
    if path.is_dir():
        raise ReportError(f"'{path}' is a directory, not a results file")
    if not os.access(path, os.R_OK):
        raise ReportError(f"cannot read '{path}': permission denied")
    try:
        if not h5py.is_hdf5(str(path)):
            raise ReportError(f"'{path}' is not an HDF5 file, so not an icsflow results file")
        f = h5py.File(str(path), "r")
    except ReportError:
        raise
    except (OSError, ValueError) as error:
        raise ReportError(f"cannot read '{path}': {error}") from None
    with f:
        try:
            return _read_open_file(f, path)
        except ReportError:
            raise
        except (KeyError, OSError, ValueError, TypeError) as error:
            raise ReportError(f"'{path}' is not a readable icsflow results file: {error}") from None


def _read_open_file(f, path) -> "Results | SweepResults":
    import h5py
    if "scenarios" not in f or not isinstance(f["scenarios"], h5py.Group) or len(f["scenarios"]) == 0:
        if "sweep" in f and isinstance(f["sweep"], h5py.Group):
            return read_sweep(f, path)
        raise ReportError(f"'{path}' is not an icsflow results file (neither a /scenarios group, as written by "
                          "icsflow run and compare, nor a /sweep group, as written by icsflow sweep; see "
                          "docs/results-schema.md and docs/sweeps.md)")
    names = [n for n in f["scenarios"] if isinstance(f["scenarios"][n], h5py.Group)]
    scenarios = {n: _read_scenario(f, n) for n in names}
    comparison = _read_comparison(f) if "comparison" in f else None
    base = read_attr(f, "base_scenario", None)
    notes = []
    if comparison is not None or base is not None:
        if base is None:
            # HDF5 lists groups by name, not creation order; without base_scenario use the one scenario that is
            # never an alternative in /comparison.
            candidates = [n for n in names if n not in comparison.alternatives]
            base = candidates[0] if candidates else names[0]
            notes.append(f"The file has no base_scenario attribute; '{base}' was taken as the base.")
        if base not in scenarios:
            raise ReportError(f"base_scenario '{base}' has no group /scenarios/{base}")
    if comparison is not None:
        missing = [a for a in comparison.alternatives if a not in scenarios]
        if missing:
            raise ReportError(f"/comparison names scenario '{missing[0]}' but the file has no /scenarios/{missing[0]}")
    alternatives = []
    if base is not None:
        # With /comparison its alternatives only: an --attribution file's runs of each lever alone and of the
        # bundle without it have a section of their own.
        order = comparison.alternatives if comparison else sorted(names)
        for n in order:
            if n != base and n in scenarios and n not in alternatives:
                alternatives.append(n)
        scenarios = {base: scenarios[base], **{n: scenarios[n] for n in alternatives}}
    results = Results(path=path, version=read_attr(f, "icsflow_version", "unknown") or "unknown",
                      command_line=read_attr(f, "command_line", "") or "",
                      created=read_attr(f, "created_utc", "") or "",
                      scenarios=scenarios, base=base, alternatives=alternatives, comparison=comparison,
                      metrics=read_metrics(f), notes=notes,
                      attribution=_read_attribution(f) if "attribution" in f else None,
                      money=read_money(f))
    return results
