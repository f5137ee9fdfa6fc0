#!/usr/bin/python3
"""icsflow report: one self-contained HTML report from an icsflow results file (HDF5).

Reads the layout of docs/results-schema.md (/scenarios/<name>/summary, /daily, /replications and, for files
written by `icsflow compare`, the /comparison table) or, for files written by `icsflow sweep` or `icsflow merge`,
the layout of docs/sweeps.md (/sweep and /sensitivity), and writes one HTML file with every plot embedded as a
base64 PNG, inline CSS and no external links, so that it opens offline. The report is written to a
temporary file in the output's folder and renamed only when complete.

Only Debian's python3-h5py, python3-numpy, python3-matplotlib and the standard library are used.
See docs/report.md.
"""
from __future__ import annotations

import argparse
import base64
import datetime as _dt
import html
import io
import math
import os
import pathlib
import re
import sys
import tempfile
from dataclasses import dataclass, field

PROG = "icsflow report"

EXAMPLE = """\
examples:
  icsflow run scenarios/siloed.toml -o siloed.h5 --replications 5
  icsflow report siloed.h5 -o siloed.html

  icsflow compare scenarios/siloed.toml ALT.toml -o compare.h5 --replications 10
  icsflow report compare.h5 -o compare.html --figures-dir compare-figures

  icsflow sweep scenarios/sweeps/partnership_uncertainty.toml -o uncertainty.h5
  icsflow report uncertainty.h5 -o uncertainty.html

  # the same without the icsflow program:
  /usr/bin/python3 analysis/icsflow_report.py compare.h5 -o compare.html

exit status: 0 report written; 2 bad input (missing, unreadable or not an icsflow results file) or
bad output path; 1 unexpected internal error. Nothing is left behind unless the report is complete."""


class ReportError(Exception):
    """A problem with the input or output the user can fix (exit code 2)."""


# ---- Statistics -------------------------------------------------------------------------------------------

# Two-sided 95% Student t quantiles t(0.975, df) for df = 1..30.
_T975 = [12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252,
         2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688,
         2.131449546, 2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447, 2.079613845,
         2.073873068, 2.068657610, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
         2.045229642, 2.042272456]


def t975(df: int) -> float:
    """The 0.975 quantile of Student's t with df degrees of freedom (exact table to 30, then a
    Cornish-Fisher expansion accurate to better than 1e-5)."""
    if df < 1:
        return math.nan
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959963984540054
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


def mean_ci(values):
    """Mean and 95% t interval of the mean of independent replications (NaN interval for n < 2)."""
    import numpy as np
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    m = float(x.mean())
    if n < 2:
        return m, math.nan, math.nan
    half = t975(n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return m, m - half, m + half


@dataclass
class Paired:
    """Base and alternative means and the paired difference (alternative - base) with its 95% interval."""
    base: float
    alt: float
    diff: float
    low: float
    high: float

    def excludes_zero(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high) and (self.low > 0 or self.high < 0)

    def scaled(self, factor: float) -> "Paired":
        return Paired(*(v * factor for v in (self.base, self.alt, self.diff, self.low, self.high)))


def paired(base_values, alt_values) -> Paired:
    """Paired comparison over replications: replication r of both scenarios used the same random numbers."""
    import numpy as np
    b = np.asarray(base_values, dtype=float)
    a = np.asarray(alt_values, dtype=float)
    d, low, high = mean_ci(a - b)
    return Paired(float(np.nanmean(b)) if len(b) else math.nan, float(np.nanmean(a)) if len(a) else math.nan,
                  d, low, high)


# ---- Reading the results file ----------------------------------------------------------------------------

BOROUGH_ALL = "All"

COUNT_COLUMNS = [
    "gp_appointments", "gp_unmet_demand", "ae_attendances", "ae_4h_breaches", "emergency_admissions",
    "acsc_admissions", "zero_day_admissions", "bed_days", "zero_day_bed_days", "delayed_discharge_bed_days",
    "readmissions_30d", "ucr_episodes", "admissions_avoided_by_ucr", "care_packages_started",
    "care_home_admissions", "deaths", "cost_primary_care_gbp", "cost_acute_gbp", "cost_community_gbp",
    "cost_social_care_gbp", "cost_gbp",
]
SECTORS = [("cost_primary_care_gbp", "Primary care"), ("cost_acute_gbp", "Acute"),
           ("cost_community_gbp", "Community"), ("cost_social_care_gbp", "Social care")]
REQUIRED_SUMMARY = ["replication", "borough", "deprivation_quintile", "residents"]
REQUIRED_DAILY = ["replication", "day", "site", "beds_available", "beds_occupied"]
COMPARISON_COLUMNS = ["metric", "scenario", "borough", "deprivation_quintile", "base_mean", "alt_mean",
                      "diff_mean", "diff_ci_low", "diff_ci_high"]


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
        if isinstance(value, bytes):
            return value.decode("utf-8", errors="replace")
    return str(value)


def _attr(obj, name, default=None):
    if name not in obj.attrs:
        return default
    value = obj.attrs[name]
    if hasattr(value, "shape") and getattr(value, "shape", ()) not in ((), None) and len(value) == 1:
        value = value[0]
    if isinstance(value, (bytes, str)):
        return _text(value)
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, bytes):
            return _text(value)
    return value


def _column(group, name, where):
    import numpy as np
    if name not in group:
        raise ReportError(f"{where} has no column '{name}'")
    dataset = group[name]
    if getattr(dataset, "ndim", None) != 1:
        raise ReportError(f"{where}/{name} is not a 1-D column")
    if dataset.dtype.kind in ("S", "O", "U"):
        raw = dataset[:]
        return np.array([_text(v) for v in raw], dtype=object)
    return dataset[:]


@dataclass
class Daily:
    sites: list
    days: "object"          # 1-D array of day numbers
    replications: "object"  # 1-D array of replication numbers
    available: "object"     # [replication, site, day], NaN where missing
    occupied: "object"
    fit: "object"           # medically fit (delayed discharges); NaN if the column is absent


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
    rep_ids: "object" = None   # sorted replication numbers present in the summary
    rep_index: "object" = None  # summary row -> index into rep_ids
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
        one deprivation quintile (0: every quintile), as simulated (not divided by years or scale)."""
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

    def occupancy(self):
        """Per-replication G&A occupancy over every site and day: sum(occupied) / sum(available)."""
        import numpy as np
        if self.daily is None:
            return None
        with np.errstate(divide="ignore", invalid="ignore"):
            return (np.nansum(self.daily.occupied, axis=(1, 2)) / np.nansum(self.daily.available, axis=(1, 2)))


def _read_daily(group, where):
    import numpy as np
    columns = {name: _column(group, name, where) for name in REQUIRED_DAILY}
    fit = _column(group, "beds_occupied_medically_fit", where) if "beds_occupied_medically_fit" in group else None
    n = len(columns["day"])
    if any(len(c) != n for c in columns.values()) or (fit is not None and len(fit) != n):
        raise ReportError(f"{where} has columns of different lengths")
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

    return Daily(sites, days, reps, grid(columns["beds_available"]), grid(columns["beds_occupied"]), grid(fit))


def _number(value, name, where, default=None):
    if value is None:
        if default is not None:
            return default
        raise ReportError(f"{where} has no attribute '{name}'")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ReportError(f"{where}: attribute '{name}' is not a number ({value!r})") from None


def _read_scenario(f, name):
    import numpy as np
    where = f"/scenarios/{name}"
    group = f["scenarios"][name]
    if "summary" not in group:
        raise ReportError(f"{where} has no summary table")
    summary_group = group["summary"]
    summary = {}
    for column in REQUIRED_SUMMARY:
        summary[column] = _column(summary_group, column, f"{where}/summary")
    for column in COUNT_COLUMNS:
        if column in summary_group:
            summary[column] = _column(summary_group, column, f"{where}/summary")
    n = len(summary["replication"])
    if n == 0:
        raise ReportError(f"{where}/summary is empty")
    if any(len(c) != n for c in summary.values()):
        raise ReportError(f"{where}/summary has columns of different lengths")
    if not any(c in summary for c in ("emergency_admissions", "cost_gbp")):
        raise ReportError(f"{where}/summary has none of the measure columns (emergency_admissions, cost_gbp, ...)")
    summary["deprivation_quintile"] = np.asarray(summary["deprivation_quintile"]).astype(np.int64)
    rep_ids, rep_index = np.unique(np.asarray(summary["replication"]).astype(np.int64), return_inverse=True)

    daily = _read_daily(group["daily"], f"{where}/daily") if "daily" in group else None
    wall = None
    if "replications" in group and "wall_seconds" in group["replications"]:
        wall = float(np.sum(group["replications"]["wall_seconds"][:]))
    scale = _number(_attr(group, "scale"), "scale", where)
    years = _number(_attr(group, "years"), "years", where)
    if not (scale > 0 and years > 0):
        raise ReportError(f"{where}: scale and years must be positive (scale {scale}, years {years})")
    return Scenario(
        name=name, description=_attr(group, "description", "") or "", seed=_attr(group, "seed", "?"),
        scale=scale, years=years, warmup_days=_attr(group, "warmup_days", "?"),
        replications_attr=_attr(group, "replications", None), toml=_attr(group, "scenario_toml", "") or "",
        summary=summary, daily=daily, wall_seconds=wall, rep_ids=rep_ids, rep_index=rep_index)


@dataclass
class Comparison:
    rows: dict                 # (metric, alt, borough, quintile) -> Paired
    alternatives: list         # in order of first appearance
    metrics: set


def _read_comparison(f):
    import numpy as np
    group = f["comparison"]
    columns = {c: _column(group, c, "/comparison") for c in COMPARISON_COLUMNS}
    n = len(columns["metric"])
    if any(len(c) != n for c in columns.values()):
        raise ReportError("/comparison has columns of different lengths")
    rows, alternatives = {}, []
    quintiles = np.asarray(columns["deprivation_quintile"]).astype(np.int64)
    numbers = [np.asarray(columns[c], dtype=float) for c in COMPARISON_COLUMNS[4:]]
    for i in range(n):
        alt = columns["scenario"][i]
        if alt not in alternatives:
            alternatives.append(alt)
        rows[(columns["metric"][i], alt, columns["borough"][i], int(quintiles[i]))] = Paired(
            *(float(v[i]) for v in numbers))
    return Comparison(rows, alternatives, {m for m in columns["metric"]})


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
    comparison_factor: float = 1.0   # multiply /comparison counts and GBP by this for full-population figures
    notes: list = field(default_factory=list)


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
            return _read_sweep(f, path)
        raise ReportError(f"'{path}' is not an icsflow results file (neither a /scenarios group, as written by "
                          "icsflow run and compare, nor a /sweep group, as written by icsflow sweep; see "
                          "docs/results-schema.md and docs/sweeps.md)")
    names = [n for n in f["scenarios"] if isinstance(f["scenarios"][n], h5py.Group)]
    scenarios = {n: _read_scenario(f, n) for n in names}
    comparison = _read_comparison(f) if "comparison" in f else None
    base = _attr(f, "base_scenario", None)
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
        order = (comparison.alternatives if comparison else []) + sorted(names)
        for n in order:
            if n != base and n in scenarios and n not in alternatives:
                alternatives.append(n)
        scenarios = {base: scenarios[base], **{n: scenarios[n] for n in alternatives}}
    results = Results(path=path, version=_attr(f, "icsflow_version", "unknown") or "unknown",
                      command_line=_attr(f, "command_line", "") or "", created=_attr(f, "created_utc", "") or "",
                      scenarios=scenarios, base=base, alternatives=alternatives, comparison=comparison, notes=notes)
    if comparison is not None:
        results.comparison_factor = _comparison_factor(results)
    return results


def _comparison_factor(results: Results) -> float:
    """Whether /comparison's counts and GBP are per year as simulated (at --scale; multiply by 1/scale for the
    whole population) or already for the whole population (multiply by 1). Decided by checking its base_mean
    against the base scenario's own summary."""
    base = results.scenarios[results.base]
    if base.scale == 1:
        return 1.0
    for metric in ("emergency_admissions", "cost_gbp", "ae_attendances", "bed_days"):
        for alt in results.comparison.alternatives:
            row = results.comparison.rows.get((metric, alt, BOROUGH_ALL, 0))
            if row is None or not base.has(metric) or not math.isfinite(row.base):
                continue
            simulated = float(base.per_year(metric, full_population=False).mean())
            if simulated == 0:
                continue
            if abs(row.base / simulated - 1) < 0.02:
                return 1.0 / base.scale
            if abs(row.base * base.scale / simulated - 1) < 0.02:
                return 1.0
            results.notes.append(
                f"/comparison's base mean of {metric} ({row.base:.6g} a year) matches neither the base scenario's "
                f"summary ({simulated:.6g} a year simulated) nor its full-population equivalent; it was taken as "
                "simulated at the run's scale.")
            return 1.0 / base.scale
    return 1.0 / base.scale


# ---- Reading a sweep results file (docs/sweeps.md) ---------------------------------------------------------

# Outputs of `icsflow sweep`, a year for the whole population: (label, unit as shown, factor to that unit).
SWEEP_OUTPUTS = {
    "acsc_admissions": ("Avoidable (ACSC) admissions", "admissions a year", 1.0),
    "emergency_admissions": ("Emergency admissions", "admissions a year", 1.0),
    "ae_attendances": ("A&E attendances", "attendances a year", 1.0),
    "ae_4h_breaches": ("A&E 4-hour breaches", "breaches a year", 1.0),
    "delayed_discharge_bed_days": ("Delayed-discharge bed days", "bed days a year", 1.0),
    "readmissions_30d": ("Readmissions within 30 days", "readmissions a year", 1.0),
    "deaths": ("Deaths", "deaths a year", 1.0),
    "gp_unmet_demand": ("GP needs unmet", "needs a year", 1.0),
    "cost_gbp": ("Total spend (all sectors)", "£ million a year", 1e-6),
    "occupancy": ("G&A bed occupancy", "% of emergency G&A bed days occupied", 100.0),
    "acsc_admissions_per_100k_gap_q1_q5": ("Deprivation gap in avoidable admissions",
                                "ACSC admissions per 100,000 a year, quintile 1 minus quintile 5", 1.0),
}
# The outputs docs/sweeps.md names as the ones that matter; each gets its own section.
HEADLINE_OUTPUTS = ["acsc_admissions", "delayed_discharge_bed_days", "ae_4h_breaches", "cost_gbp"]
SENSITIVITY_COLUMNS = ["output", "parameter", "src", "r_squared", "prcc", "prcc_p_value"]
SOBOL_COLUMNS = ["sobol_first", "sobol_first_low", "sobol_first_high", "sobol_total", "sobol_total_low",
                 "sobol_total_high"]
# Below this R^2 the linear regression explains little, so SRC is unreliable (docs/sweeps.md).
R_SQUARED_WARNING = 0.7
# PRCC bars with a p-value at or above this are marked as not clearly different from zero.
P_VALUE_MARK = 0.05


def output_label(name: str) -> str:
    return SWEEP_OUTPUTS.get(name, (name.replace("_", " "), "", 1.0))[0]


def output_unit(name: str) -> tuple[str, float]:
    _, unit, factor = SWEEP_OUTPUTS.get(name, ("", "a year", 1.0))
    return unit, factor


def fmt_output(name: str, value: float, decimals: int) -> str:
    """An output already multiplied by its factor, as the tables show it: £1,542.2m, 90.0%, 26,623."""
    if name == "cost_gbp":
        return fmt_money(value, decimals)
    return fmt(value, decimals) + ("%" if name == "occupancy" and math.isfinite(value) else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@dataclass
class SweepParameter:
    key: str
    distribution: str
    low: float
    mode: float
    high: float
    levels: int
    values: str

    def describe(self) -> str:
        def number(v):
            return _g(v).replace("-", MINUS)

        if self.distribution == "list":
            text = f"one of {self.values}" if self.values else "list"
        elif self.distribution == "triangular":
            text = f"triangular from {number(self.low)} to {number(self.high)}, mode {number(self.mode)}"
        else:
            kind = {"log_uniform": "log-uniform", "uniform": "uniform"}.get(self.distribution, self.distribution)
            text = f"{kind} from {number(self.low)} to {number(self.high)}"
        return text + (f"; {self.levels} levels" if self.levels else "")


@dataclass
class Coefficients:
    """One row of /sensitivity: one output against one parameter (NaN where not computed)."""
    output: str
    parameter: str
    src: float
    r_squared: float
    prcc: float
    p_value: float
    sobol_first: float
    sobol_first_low: float
    sobol_first_high: float
    sobol_total: float
    sobol_total_low: float
    sobol_total_high: float

    @property
    def weak(self) -> bool:
        """PRCC not clearly different from zero (or not computed)."""
        return not (math.isfinite(self.p_value) and self.p_value < P_VALUE_MARK)


@dataclass
class SweepResults:
    path: pathlib.Path
    version: str
    command_line: str
    created: str
    name: str
    description: str
    base_scenario: str
    design: str
    replications: object
    master_seed: object
    scale: float
    years: float
    points_total: int
    points_complete: int
    toml: str
    definition: str
    fingerprint: str
    parameters: list           # SweepParameter, in the sweep file's order
    points: dict               # /sweep/points: column -> array, one row per complete point
    outputs: list              # output columns of /sweep/points, in SWEEP_OUTPUTS order then any others
    sensitivity: list | None   # Coefficients, in the file's order; None without /sensitivity
    runs: int
    wall_seconds: float | None

    @property
    def complete(self) -> bool:
        return self.points_complete >= self.points_total

    @property
    def keys(self) -> list:
        return [p.key for p in self.parameters]

    def parameter(self, key: str) -> SweepParameter:
        return next(p for p in self.parameters if p.key == key)

    def coefficients(self, output: str) -> list:
        return [c for c in (self.sensitivity or []) if c.output == output]


def _read_table(f, name: str, required=()) -> dict:
    """A table as docs/results-schema.md has them: a group of equal-length 1-D columns."""
    import h5py
    where = "/" + name
    if name not in f or not isinstance(f[name], h5py.Group):
        raise ReportError(f"the sweep results file has no {where} table (see docs/sweeps.md)")
    group = f[name]
    for column in required:
        if column not in group:
            raise ReportError(f"{where} has no column '{column}'")
    columns = {c: _column(group, c, where) for c in group if isinstance(group[c], h5py.Dataset)}
    if len({len(v) for v in columns.values()}) > 1:
        raise ReportError(f"{where} has columns of different lengths")
    return columns


def _description_from_toml(text: str) -> str:
    try:
        import tomllib
        value = tomllib.loads(text).get("description", "")
    except Exception:  # the TOML is shown as given anyway; a description is a nicety
        return ""
    return value if isinstance(value, str) else ""


def _read_sweep(f, path) -> SweepResults:
    import numpy as np
    sweep = f["sweep"]
    parameters_table = _read_table(f, "sweep/parameters", ["key", "distribution", "low", "high"])
    n = len(parameters_table["key"])
    if n == 0:
        raise ReportError("/sweep/parameters is empty")

    def numbers(column, default):
        return np.asarray(parameters_table[column], dtype=float) if column in parameters_table else np.full(n, default)

    low, mode, high = numbers("low", math.nan), numbers("mode", math.nan), numbers("high", math.nan)
    levels = numbers("levels", 0)
    values = parameters_table.get("values", [""] * n)
    parameters = [SweepParameter(str(parameters_table["key"][i]), str(parameters_table["distribution"][i]),
                                 float(low[i]), float(mode[i]), float(high[i]),
                                 int(levels[i]) if math.isfinite(levels[i]) else 0, str(values[i]))
                  for i in range(n)]

    points = _read_table(f, "sweep/points", ["point"] + [p.key for p in parameters])
    numeric = {c for c, v in points.items() if getattr(v, "dtype", None) is not None and v.dtype.kind in "fiu"}
    others = [c for c in points if c in numeric and c not in ("point",) and c not in {p.key for p in parameters}]
    outputs = [o for o in SWEEP_OUTPUTS if o in others] + [o for o in others if o not in SWEEP_OUTPUTS]
    for column in outputs + [p.key for p in parameters]:
        points[column] = np.asarray(points[column], dtype=float)

    sensitivity = None
    if "sensitivity" in f:
        table = _read_table(f, "sensitivity", SENSITIVITY_COLUMNS)
        rows = len(table["output"])
        nan = np.full(rows, math.nan)
        numeric_columns = [np.asarray(table[c], dtype=float) if c in table else nan
                           for c in SENSITIVITY_COLUMNS[2:] + SOBOL_COLUMNS]
        sensitivity = [Coefficients(str(table["output"][i]), str(table["parameter"][i]),
                                    *(float(c[i]) for c in numeric_columns)) for i in range(rows)]

    runs, wall = 0, None
    if "sweep/runs" in f:
        run_table = _read_table(f, "sweep/runs")
        runs = len(run_table.get("point", []))
        if "wall_seconds" in run_table:
            wall = float(np.nansum(np.asarray(run_table["wall_seconds"], dtype=float)))

    where = "/sweep"
    complete_rows = len(points["point"])
    total = _attr(sweep, "points", None)
    done = _attr(sweep, "points_complete", None)
    toml = _attr(sweep, "sweep_toml", "") or ""
    return SweepResults(
        path=path, version=_attr(f, "icsflow_version", "unknown") or "unknown",
        command_line=_attr(f, "command_line", "") or "", created=_attr(f, "created_utc", "") or "",
        name=_attr(sweep, "name", "") or path.stem, description=_description_from_toml(toml),
        base_scenario=_attr(sweep, "base_scenario", "") or "", design=_attr(sweep, "design", "") or "",
        replications=_attr(sweep, "replications", "?"), master_seed=_attr(sweep, "master_seed", "?"),
        scale=_number(_attr(sweep, "scale"), "scale", where, default=math.nan),
        years=_number(_attr(sweep, "years"), "years", where, default=math.nan),
        points_total=int(_number(total, "points", where)) if total is not None else complete_rows,
        points_complete=int(_number(done, "points_complete", where)) if done is not None else complete_rows,
        toml=toml, definition=_attr(sweep, "definition", "") or "", fingerprint=_attr(sweep, "fingerprint", "") or "",
        parameters=parameters, points=points, outputs=outputs, sensitivity=sensitivity, runs=runs,
        wall_seconds=wall)


# ---- Formatting -------------------------------------------------------------------------------------------

MINUS = "\u2212"
DASH = "\u2014"


def decimals_for(values, minimum=0, maximum=2) -> int:
    """Decimals so that the largest magnitude shows about three significant figures (0 from 100 up)."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    m = max(finite) if finite else 0.0
    d = 0 if m >= 100 else 1 if m >= 1 else 2
    return max(minimum, min(maximum, d))


def fmt(value, decimals=0, signed=False) -> str:
    """Thousands separators, a real minus sign, an em dash for missing values."""
    if value is None or not math.isfinite(value):
        return DASH
    if round(value, decimals) == 0:
        value = 0.0
    text = f"{abs(value):,.{decimals}f}"
    if value < 0:
        return MINUS + text
    return ("+" + text) if signed and value > 0 else text


def fmt_money(millions, decimals=1, signed=False) -> str:
    """£ million with the sign in front of the pound sign: -£1.2m, +£0.35m."""
    text = fmt(millions, decimals, signed)
    if text == DASH:
        return text
    sign = text[0] if text[0] in ("+", MINUS) else ""
    return f"{sign}£{text[len(sign):]}m"


def fmt_interval(low, high, decimals=0) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return DASH
    return f"{fmt(low, decimals, signed=True)} to {fmt(high, decimals, signed=True)}"


def fmt_coefficient(value) -> str:
    """SRC, PRCC: two decimals and a sign (+0.14, −0.98)."""
    return fmt(value, 2, signed=True)


def fmt_p(value) -> str:
    """A p-value to two significant figures, as `icsflow sweep` prints it; "< 0.001" below that."""
    if value is None or not math.isfinite(value):
        return DASH
    return "< 0.001" if value < 0.001 else f"{value:.2g}"


def esc(text) -> str:
    return html.escape(str(text), quote=True)


# ---- Plots ------------------------------------------------------------------------------------------------

# Okabe-Ito colour-blind-safe palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
LINESTYLES = ["-", "--", "-.", ":"]
SECTOR_COLOURS = {"cost_primary_care_gbp": "#009E73", "cost_acute_gbp": "#D55E00",
                  "cost_community_gbp": "#56B4E9", "cost_social_care_gbp": "#CC79A7"}


class Figures:
    """Renders matplotlib figures to base64 PNG (and optionally to a folder of PNG files)."""

    def __init__(self, save_dir: pathlib.Path | None):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        self.plt = plt
        plt.rcParams.update({
            "font.size": 10, "axes.titlesize": 11, "axes.titleweight": "bold", "axes.labelsize": 10,
            "legend.fontsize": 9, "xtick.labelsize": 9, "ytick.labelsize": 9, "figure.titlesize": 13,
            "figure.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False,
            "axes.grid": True, "grid.color": "#dddddd", "grid.linewidth": 0.6, "axes.axisbelow": True,
            "svg.fonttype": "none", "figure.dpi": 100, "savefig.dpi": 110,
        })
        self.save_dir = save_dir
        self.count = 0

    def encode(self, fig, name: str) -> str:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight", facecolor="white")
        self.plt.close(fig)
        data = buffer.getvalue()
        self.count += 1
        if self.save_dir is not None:
            self.save_dir.mkdir(parents=True, exist_ok=True)
            (self.save_dir / f"{self.count:02d}_{name}.png").write_bytes(data)
        return base64.b64encode(data).decode("ascii")


def _panel_grid(plt, panels: int, width=12.5, row_height=2.9):
    """Small multiples with one spare cell for the legend. The first panel (all sites) has its own y axis; the
    others (one per site) share theirs so that sites compare at a glance."""
    columns = 4 if panels > 6 else 3 if panels > 2 else 2
    rows = math.ceil((panels + 1) / columns)
    fig = plt.figure(figsize=(width, row_height * rows + 0.8))
    axes = [fig.add_subplot(rows, columns, 1)]
    for k in range(1, rows * columns):
        share = axes[1] if len(axes) > 1 else None
        axes.append(fig.add_subplot(rows, columns, k + 1, sharex=axes[0], sharey=share))
    return fig, axes, columns


def _time_series_figure(figures: Figures, results: Results, series, title, ylabel, name, reference=None,
                        percent=False):
    """One panel per acute site (and one for all sites): per scenario, the mean over replications by day and a
    band from the lowest to the highest replication. `series(scenario)` gives (sites, days, {site: [rep, day]})."""
    import numpy as np
    plt = figures.plt
    data = {}
    sites = []
    for scenario in results.scenarios.values():
        got = series(scenario)
        if got is None:
            continue
        data[scenario.name] = got
        for s in got[0]:
            if s not in sites:
                sites.append(s)
    if not data:
        return None
    panels = ["All acute sites"] + sites
    fig, axes, columns = _panel_grid(plt, len(panels))
    handles = []
    for p, (ax, panel) in enumerate(zip(axes, panels)):
        for i, (scenario_name, (_, days, by_site)) in enumerate(data.items()):
            if panel not in by_site:
                continue
            values = by_site[panel]
            with np.errstate(all="ignore"), _quiet_nan_warnings():
                mean = np.nanmean(values, axis=0)
                low = np.nanmin(values, axis=0)
                high = np.nanmax(values, axis=0)
            colour = OKABE_ITO[i % len(OKABE_ITO)]
            style = LINESTYLES[i % len(LINESTYLES)]
            line, = ax.plot(days, mean, color=colour, linestyle=style, linewidth=1.3, label=scenario_name)
            if values.shape[0] > 1:
                ax.fill_between(days, low, high, color=colour, alpha=0.18, linewidth=0)
            if p == 0:
                handles.append(line)
        if reference is not None:
            ax.axhline(reference[0], color="#444444", linewidth=0.9, linestyle=":")
        ax.set_title(_short_site(panel), fontsize=10)
        if percent:
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.10g}%"))
        else:
            ax.set_ylim(bottom=0)
    for ax in axes[len(panels):]:
        ax.axis("off")
    for k, ax in enumerate(axes[:len(panels)]):
        if k % columns == 0 or k == 1:
            ax.set_ylabel(ylabel)
        if k + columns >= len(panels):
            ax.set_xlabel("day of the results period")
        else:
            ax.tick_params(labelbottom=False)
        if k > 1 and k % columns != 0:
            ax.tick_params(labelleft=False)
    legend_ax = axes[len(panels)] if len(axes) > len(panels) else axes[-1]
    labels = [h.get_label() for h in handles]
    extra = []
    if reference is not None:
        extra.append(plt.Line2D([], [], color="#444444", linewidth=0.9, linestyle=":", label=reference[1]))
    if len(next(iter(data.values()))[2][panels[0]]) > 1:
        from matplotlib.patches import Patch
        extra.append(Patch(facecolor="#888888", alpha=0.3, label="lowest to highest replication"))
    legend_ax.legend(handles + extra, labels + [e.get_label() for e in extra], loc="center", frameon=False,
                     title="scenario (mean over replications)")
    fig.suptitle(title)
    fig.tight_layout()
    return figures.encode(fig, name)


class _quiet_nan_warnings:
    def __enter__(self):
        import warnings
        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", category=RuntimeWarning)

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def _short_site(name: str) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(name, 30)) or name


def occupancy_series(scenario: Scenario):
    import numpy as np
    d = scenario.daily
    if d is None:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        by_site = {s: 100 * d.occupied[:, i, :] / d.available[:, i, :] for i, s in enumerate(d.sites)}
        by_site["All acute sites"] = 100 * np.nansum(d.occupied, axis=1) / np.nansum(d.available, axis=1)
    return d.sites, d.days, by_site


def delayed_series(scenario: Scenario):
    import numpy as np
    d = scenario.daily
    if d is None or np.all(np.isnan(d.fit)):
        return None
    factor = 1.0 / scenario.scale
    by_site = {s: d.fit[:, i, :] * factor for i, s in enumerate(d.sites)}
    by_site["All acute sites"] = np.nansum(d.fit, axis=1) * factor
    return d.sites, d.days, by_site


def averted_figure(figures: Figures, results: Results, stat, boroughs):
    """ACSC admissions averted a year (base - alternative) by borough and by deprivation quintile, with 95%
    intervals."""
    import numpy as np
    plt = figures.plt
    fig, (left, right) = plt.subplots(1, 2, figsize=(12.5, 4.6), gridspec_kw={"width_ratios": [6, 5]})
    groups = [(left, boroughs, [(b, 0) for b in boroughs], "by borough", "borough of residence"),
              (right, [f"{q}" for q in range(1, 6)], [(BOROUGH_ALL, q) for q in range(1, 6)],
               "by deprivation quintile", "IMD 2019 quintile (1 = most deprived, 5 = least)")]
    alts = results.alternatives
    width = 0.8 / max(1, len(alts))
    for ax, labels, keys, title, xlabel in groups:
        x = np.arange(len(labels))
        for i, alt in enumerate(alts):
            values = [stat("acsc_admissions", alt, b, q) for b, q in keys]
            averted = np.array([-v.diff if v else np.nan for v in values])
            low = np.array([-v.high if v else np.nan for v in values])
            high = np.array([-v.low if v else np.nan for v in values])
            err = np.vstack([averted - low, high - averted])
            err = np.where(np.isfinite(err), err, 0)
            ax.bar(x + (i - (len(alts) - 1) / 2) * width, averted, width * 0.92, yerr=err, capsize=3,
                   color=OKABE_ITO[(i + 1) % len(OKABE_ITO)], edgecolor="#333333", linewidth=0.5,
                   error_kw={"elinewidth": 1, "ecolor": "#222222"}, label=alt)
        ax.axhline(0, color="#222222", linewidth=0.8)
        ax.set_xticks(x, labels)
        ax.set_title(f"ACSC admissions averted a year, {title}")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("admissions averted a year")
        ax.grid(axis="x", visible=False)
    fig.legend(*left.get_legend_handles_labels(), title=f"alternative vs {results.base} (bars: 95% interval)",
               frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(4, len(alts)))
    fig.tight_layout()
    return figures.encode(fig, "acsc_averted")


def spend_figure(figures: Figures, results: Results, stat):
    """Spend a year by sector: stacked bars per scenario; with a comparison, the difference by sector."""
    import numpy as np
    plt = figures.plt
    scenarios = list(results.scenarios.values())
    sectors = [(c, label) for c, label in SECTORS if all(s.has(c) for s in scenarios)]
    if not sectors:
        return None
    has_diff = bool(results.alternatives)
    fig, axes = plt.subplots(1, 2 if has_diff else 1, squeeze=False,
                             figsize=(12.5 if has_diff else 3.5 + 1.3 * len(scenarios), 4.8))
    ax = axes[0][0]
    x = np.arange(len(scenarios))
    bottom = np.zeros(len(scenarios))
    for column, label in sectors:
        values = np.array([s.per_year(column).mean() / 1e6 for s in scenarios])
        ax.bar(x, values, 0.6, bottom=bottom, label=label, color=SECTOR_COLOURS[column], edgecolor="white",
               linewidth=0.6)
        bottom += values
    for xi, total in zip(x, bottom):
        ax.annotate(f"£{total:,.1f}m", (xi, total), ha="center", va="bottom", fontsize=9, xytext=(0, 2),
                    textcoords="offset points")
    ax.set_xticks(x, [s.name for s in scenarios])
    ax.set_ylabel("£ million a year")
    ax.set_title("Spend a year by sector")
    ax.set_ylim(0, max(bottom.max() * 1.12, 1e-9))
    ax.grid(axis="x", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if has_diff:
        ax = axes[0][1]
        columns = sectors + [("cost_gbp", "Total")]
        xs = np.arange(len(columns))
        width = 0.8 / len(results.alternatives)
        for i, alt in enumerate(results.alternatives):
            values = [stat(c, alt, BOROUGH_ALL, 0) for c, _ in columns]
            diff = np.array([v.diff / 1e6 if v else np.nan for v in values])
            low = np.array([v.low / 1e6 if v else np.nan for v in values])
            high = np.array([v.high / 1e6 if v else np.nan for v in values])
            err = np.where(np.isfinite(low), np.vstack([diff - low, high - diff]), 0)
            ax.bar(xs + (i - (len(results.alternatives) - 1) / 2) * width, diff, width * 0.92, yerr=err, capsize=3,
                   color=OKABE_ITO[(i + 1) % len(OKABE_ITO)], edgecolor="#333333", linewidth=0.5, label=alt,
                   error_kw={"elinewidth": 1, "ecolor": "#222222"})
        ax.axhline(0, color="#222222", linewidth=0.8)
        ax.set_xticks(xs, [label for _, label in columns])
        ax.set_ylabel("£ million a year (alternative − base)")
        ax.set_title(f"Change in spend a year vs {results.base}")
        ax.grid(axis="x", visible=False)
        ax.legend(title="alternative (bars: 95% interval)", frameon=False, loc="upper center",
                  bbox_to_anchor=(0.5, -0.1), ncol=min(4, len(results.alternatives)))
    fig.tight_layout()
    return figures.encode(fig, "spend_by_sector")


# ---- Plots of a sweep -------------------------------------------------------------------------------------

SRC_COLOUR, PRCC_COLOUR = OKABE_ITO[1], OKABE_ITO[0]
SOBOL_FIRST_COLOUR, SOBOL_TOTAL_COLOUR = OKABE_ITO[2], OKABE_ITO[3]


def by_influence(rows: list) -> list:
    """Coefficients ordered by |PRCC|, largest first; uncomputed (NaN) last, in file order."""
    return sorted(rows, key=lambda c: -abs(c.prcc) if math.isfinite(c.prcc) else math.inf)


def _bar_labels(ax, y, values, text, offset=4):
    for yi, v, t in zip(y, values, text):
        if math.isfinite(v):
            ax.annotate(t, (v, yi), xytext=(offset if v >= 0 else -offset, 0), textcoords="offset points",
                        ha="left" if v >= 0 else "right", va="center", fontsize=8)


def tornado_figure(figures: Figures, output: str, rows: list):
    """PRCC and SRC per parameter as horizontal bars, most influential (|PRCC|) at the top; PRCC bars whose
    p-value is 0.05 or more are hatched and carry their p-value."""
    import numpy as np
    from matplotlib.patches import Patch
    rows = by_influence(rows)
    if not any(math.isfinite(c.prcc) or math.isfinite(c.src) for c in rows):
        return None
    plt = figures.plt
    fig, ax = plt.subplots(figsize=(11.5, 1.2 + 0.62 * len(rows)))
    y = np.arange(len(rows))
    prcc = np.array([c.prcc for c in rows])
    src = np.array([c.src for c in rows])
    weak = np.array([c.weak for c in rows])
    strong = np.where(weak | ~np.isfinite(prcc), np.nan, prcc)
    faint = np.where(weak & np.isfinite(prcc), prcc, np.nan)
    ax.barh(y - 0.2, strong, 0.38, color=PRCC_COLOUR, edgecolor=PRCC_COLOUR, linewidth=1.0)
    ax.barh(y - 0.2, faint, 0.38, color="white", edgecolor=PRCC_COLOUR, hatch="////", linewidth=1.0)
    ax.barh(y + 0.2, np.nan_to_num(src), 0.38, color=SRC_COLOUR, edgecolor="#333333", linewidth=0.5)
    _bar_labels(ax, y - 0.2, prcc, [fmt_coefficient(c.prcc) + (f"  (p = {fmt_p(c.p_value)})" if c.weak else "")
                                    for c in rows])
    _bar_labels(ax, y + 0.2, src, [fmt_coefficient(c.src) for c in rows])
    for yi, c in zip(y, rows):
        if not math.isfinite(c.prcc):
            ax.annotate("not computed", (0, yi), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=8, color="#5b6670")
    reach = max([1.0] + [abs(v) for v in np.concatenate([prcc, src]) if math.isfinite(v)])
    ax.set_xlim(-reach * 1.45, reach * 1.45)
    ax.axvline(0, color="#222222", linewidth=0.8)
    ax.set_yticks(y, [c.parameter for c in rows])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("coefficient (−1 to +1): − the output falls as the parameter rises, + it rises")
    r2 = rows[0].r_squared
    title = f"{output_label(output)}: PRCC and SRC per parameter (linear R² = {fmt(r2, 2)})"
    low_r2 = math.isfinite(r2) and r2 < R_SQUARED_WARNING
    if low_r2:
        title += f"\nWarning: R² below {R_SQUARED_WARNING:g}, the output is far from linear here: read SRC with care"
    ax.set_title(title, loc="left", color="#8a4b00" if low_r2 else "#1d2329")
    fig.tight_layout()
    fig.legend(handles=[Patch(facecolor=PRCC_COLOUR, edgecolor=PRCC_COLOUR, label="PRCC (p < 0.05)"),
                        Patch(facecolor="white", edgecolor=PRCC_COLOUR, hatch="////",
                              label="PRCC, p ≥ 0.05: not clearly different from zero"),
                        Patch(facecolor=SRC_COLOUR, edgecolor="#333333", label="SRC")],
               frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3)
    return figures.encode(fig, f"sensitivity_{output}")


def sobol_figure(figures: Figures, output: str, rows: list):
    """First-order and total Sobol indices per parameter with their 95% bootstrap intervals, in the order of
    the tornado chart."""
    import numpy as np
    rows = by_influence(rows)
    if not any(math.isfinite(c.sobol_first) or math.isfinite(c.sobol_total) for c in rows):
        return None
    plt = figures.plt
    fig, ax = plt.subplots(figsize=(11.5, 1.2 + 0.62 * len(rows)))
    y = np.arange(len(rows))
    limits = [0.0, 1.0]
    for shift, (name, colour, label) in zip((-0.2, 0.2), (("sobol_first", SOBOL_FIRST_COLOUR, "first-order"),
                                                         ("sobol_total", SOBOL_TOTAL_COLOUR, "total"))):
        value = np.array([getattr(c, name) for c in rows])
        low = np.array([getattr(c, name + "_low") for c in rows])
        high = np.array([getattr(c, name + "_high") for c in rows])
        # A bootstrap interval need not contain the estimate; draw the whiskers to the interval's ends anyway.
        err = np.vstack([np.clip(value - low, 0, None), np.clip(high - value, 0, None)])
        err = np.where(np.isfinite(err), err, 0)
        ax.barh(y + shift, np.nan_to_num(value), 0.38, xerr=err, color=colour, edgecolor="#333333", linewidth=0.5,
                capsize=3, error_kw={"elinewidth": 1, "ecolor": "#222222"}, label=f"{label} index (95% interval)")
        limits += [v for v in np.concatenate([low, high, value]) if math.isfinite(v)]
    ax.axvline(0, color="#222222", linewidth=0.8)
    ax.axvline(1, color="#444444", linewidth=0.8, linestyle=":")
    span = max(limits) - min(limits)
    ax.set_xlim(min(limits) - 0.05 * span, max(limits) + 0.05 * span)
    ax.set_yticks(y, [c.parameter for c in rows])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("share of the output's variance across points")
    ax.set_title(f"{output_label(output)}: Sobol indices per parameter", loc="left")
    fig.tight_layout()
    fig.legend(*ax.get_legend_handles_labels(), frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0),
               ncol=2)
    return figures.encode(fig, f"sobol_{output}")


def _wrap_key(key: str, width: int = 34) -> str:
    """A scenario key path on as few lines as fit width, broken after its dots."""
    lines = [""]
    for i, part in enumerate(key.split(".")):
        piece = part + ("." if i < key.count(".") else "")
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)


def _plain_number(v, _=None) -> str:
    return f"{v:,.10g}".replace("-", MINUS)


def sweep_scatter_figure(figures: Figures, sweep: SweepResults, output: str, keys: list):
    """The output's mean over replications at each complete point against each parameter in keys."""
    import numpy as np
    if not keys or len(sweep.points["point"]) == 0:
        return None
    plt = figures.plt
    unit, factor = output_unit(output)
    y = sweep.points[output] * factor
    columns = min(len(keys), 3)
    rows_of_panels = math.ceil(len(keys) / columns)
    fig, axes = plt.subplots(rows_of_panels, columns, squeeze=False, sharey=True,
                             figsize=(4.2 * columns + 0.8, 3.4 * rows_of_panels + 0.6))
    by_key = {c.parameter: c for c in sweep.coefficients(output)}
    for k, ax in enumerate(axes.flat):
        if k >= len(keys):
            ax.axis("off")
            continue
        key = keys[k]
        x = sweep.points[key]
        parameter = sweep.parameter(key)
        ax.scatter(x, y, s=24, color=OKABE_ITO[0], alpha=0.85, edgecolor="white", linewidth=0.5)
        low, high = parameter.low, parameter.high
        if parameter.distribution == "log_uniform" and np.all(x[np.isfinite(x)] > 0) and low > 0:
            ax.set_xscale("log")
            ax.set_xlim(low / 1.05, high * 1.05)
            ax.xaxis.set_major_formatter(plt.FuncFormatter(_plain_number))
            ax.xaxis.set_minor_formatter(plt.FuncFormatter(_plain_number))
        elif parameter.distribution != "list" and math.isfinite(low) and math.isfinite(high) and high > low:
            # The whole range swept, so that an incomplete sweep shows where its points are missing.
            ax.set_xlim(low - 0.04 * (high - low), high + 0.04 * (high - low))
        ax.set_xlabel(_wrap_key(key))
        c = by_key.get(key)
        if c is not None and math.isfinite(c.prcc):
            ax.set_title(f"PRCC {fmt_coefficient(c.prcc)}, SRC {fmt_coefficient(c.src)}", fontsize=10)
        if k % columns == 0:
            ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(plt.FuncFormatter(_plain_number))
    fig.suptitle(f"{output_label(output)}: mean over replications at each of {len(y)} "
                 f"point{'s' if len(y) != 1 else ''}")
    fig.tight_layout()
    return figures.encode(fig, f"scatter_{output}")


# ---- The report -------------------------------------------------------------------------------------------

CSS = """
:root { --ink:#1d2329; --muted:#5b6670; --rule:#d5dadf; --band:#f4f6f8; --accent:#0072B2;
        --down:#0b5e8e; --down-bg:#e3f0f8; --up:#8a4b00; --up-bg:#fcefd9; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); margin: 0; line-height: 1.45; font-size: 15px; background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 1.75em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.3em; margin-top: 2.2em; padding-bottom: 0.2em; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.08em; margin-top: 1.6em; }
p.lede { color: var(--muted); margin-top: 0; }
nav { background: var(--band); padding: 10px 14px; border-radius: 6px; font-size: 0.92em; }
nav a { color: var(--accent); margin-right: 1.1em; text-decoration: none; }
table { border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.9em; }
th, td { padding: 5px 9px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { text-align: left; background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.label { min-width: 16em; }
tr.group td { background: #fafbfc; font-weight: 600; color: var(--muted); font-size: 0.92em; }
span.ci { display: block; color: var(--muted); font-size: 0.85em; }
td.clear-down { background: var(--down-bg); color: var(--down); font-weight: 600; }
td.clear-up { background: var(--up-bg); color: var(--up); font-weight: 600; }
td.reading { font-size: 0.88em; color: var(--muted); }
td.clear-down.reading, td.clear-up.reading { font-size: 0.88em; }
table.settings td, table.settings th { font-size: 0.95em; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; }
pre { background: var(--band); padding: 8px 10px; white-space: pre-wrap; word-break: break-word; }
figure { margin: 1em 0 1.6em; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 0.9em; margin-top: 0.4em; }
.box { background: var(--band); border-left: 4px solid var(--accent); padding: 10px 14px; margin: 1em 0; }
ul.findings li { margin: 0.25em 0; }
.note { color: var(--muted); font-size: 0.9em; }
footer { color: var(--muted); font-size: 0.85em; margin-top: 3em; border-top: 1px solid var(--rule);
         padding-top: 0.8em; }
details summary { cursor: pointer; color: var(--accent); }
.box.warning { border-left-color: #D55E00; background: var(--up-bg); }
@media print { nav { display: none; } h2 { page-break-before: auto; } figure { page-break-inside: avoid; } }
"""


@dataclass
class Row:
    label: str
    kind: str          # count | rate | money | pct | ratio
    value: Paired | None
    lower_better: bool = True
    noun: str = ""     # for the reading: "admissions", "bed days", ...
    group: str | None = None


class Page:
    """What every report shares: sections with a table of contents, embedded figures, the HTML frame."""

    def __init__(self, figures: Figures, input_name: str):
        self.figures = figures
        self.input_name = input_name
        self.parts: list[str] = []
        self.toc: list[tuple[str, str]] = []

    def section(self, anchor: str, title: str):
        self.toc.append((anchor, title))
        self.parts.append(f'<h2 id="{anchor}">{esc(title)}</h2>')

    def add(self, text: str):
        self.parts.append(text)

    def figure(self, png_b64: str | None, alt_text: str, caption: str):
        if png_b64 is None:
            self.add(f'<p class="note">{esc(alt_text)}: no data in the file for this plot.</p>')
            return
        self.add(f'<figure><img src="data:image/png;base64,{png_b64}" alt="{esc(alt_text)}">'
                 f"<figcaption>{caption}</figcaption></figure>")

    def html_document(self, title: str, lede: str, version: str, layout_doc: str, before_nav: str = "") -> str:
        """The whole page; lede and before_nav are HTML, title and version plain text."""
        nav = "".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in self.toc)
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>icsflow report: {esc(title)}</title><style>{CSS}</style></head><body><main>"
                f"<h1>icsflow report: {esc(title)}</h1>"
                f'<p class="lede">{lede}</p>{before_nav}<nav>{nav}</nav>' + "\n".join(self.parts) +
                f"<footer>Written {esc(now)} by analysis/icsflow_report.py from <code>{esc(self.input_name)}</code> "
                f"(icsflow {esc(version)}). All figures are model outputs, not observed data. "
                f"See docs/report.md for how the report is made and {layout_doc} for the file."
                "</footer></main></body></html>\n")


class Report(Page):
    def __init__(self, results: Results, figures: Figures, input_name: str):
        super().__init__(figures, input_name)
        self.results = results

    # -- statistics, from /comparison when it has them, else computed from the scenarios' own tables --
    def stat(self, metric: str, alt: str, borough: str = BOROUGH_ALL, quintile: int = 0) -> Paired | None:
        r = self.results
        if r.comparison is not None:
            row = r.comparison.rows.get((metric, alt, borough, quintile))
            if row is not None:
                if metric in COUNT_COLUMNS:
                    return row.scaled(r.comparison_factor)
                return row
        base, other = r.scenarios[r.base], r.scenarios[alt]
        b, a = self._per_replication(base, metric, borough, quintile), self._per_replication(other, metric, borough,
                                                                                            quintile)
        if b is None or a is None:
            return None
        return self._pair(base, other, b, a)

    def _pair(self, base: Scenario, alt: Scenario, b, a) -> Paired:
        import numpy as np
        common = np.intersect1d(base.rep_ids, alt.rep_ids)
        bi = np.searchsorted(base.rep_ids, common)
        ai = np.searchsorted(alt.rep_ids, common)
        return paired(np.asarray(b)[bi], np.asarray(a)[ai])

    @staticmethod
    def _per_replication(s: Scenario, metric: str, borough: str, quintile: int):
        if metric.endswith("_per_100k"):
            column = metric[: -len("_per_100k")]
            return s.rate(column, 1e5, borough, quintile) if s.has(column) else None
        if metric.endswith("_per_1000"):
            column = metric[: -len("_per_1000")]
            return s.rate(column, 1e3, borough, quintile) if s.has(column) else None
        if s.has(metric):
            return s.per_year(metric, borough, quintile)
        return None

    def own_stat(self, alt: str, per_replication) -> Paired | None:
        """A paired statistic computed here from the scenarios' tables: per_replication(scenario) -> array."""
        base, other = self.results.scenarios[self.results.base], self.results.scenarios[alt]
        b, a = per_replication(base), per_replication(other)
        if b is None or a is None:
            return None
        return self._pair(base, other, b, a)

    # -- the document --
    def build(self) -> str:
        r = self.results
        base_name = r.base or next(iter(r.scenarios))
        if r.alternatives:
            title = f"{base_name} compared with {', '.join(r.alternatives)}"
        else:
            title = ", ".join(r.scenarios)
        self.title = title
        self.settings_section()
        self.how_to_read_section()
        if r.alternatives:
            for alt in r.alternatives:
                self.headline_section(alt)
            self.where_section()
        self.beds_section()
        self.spend_section()
        for scenario in r.scenarios.values():
            self.borough_section(scenario)
        return self.document()

    def scale_note(self) -> str:
        scales = {s.scale for s in self.results.scenarios.values()}
        if scales == {1.0}:
            return ""
        scale = ", ".join(f"{s:g}" for s in sorted(scales))
        return (f" The runs simulated a fraction {scale} of the population and of every capacity "
                "(<code>--scale</code>); "
                "counts, bed days, beds and spend are shown for the whole South East London population (simulated "
                "values divided by the scale). Rates per 1,000 or 100,000 residents and occupancy need no scaling.")

    def settings_section(self):
        r = self.results
        self.section("settings", "Scenarios and run settings")
        rows = [("Role", lambda s: "base" if s.name == r.base else "alternative" if s.name in r.alternatives
                 else "scenario"),
                ("Description", lambda s: s.description or DASH),
                ("Seed", lambda s: s.seed),
                ("Scale", lambda s: f"{s.scale:g}"),
                ("Results period", lambda s: f"{s.years:g} year(s) after a {_g(s.warmup_days)}-day warm-up"),
                ("Replications", lambda s: f"{s.replications}"),
                ("Simulation time", lambda s: f"{s.wall_seconds:,.1f} s (sum over replications)"
                 if s.wall_seconds is not None else DASH)]
        head = "".join(f"<th>{esc(s.name)}</th>" for s in r.scenarios.values())
        body = "".join("<tr><th>" + esc(label) + "</th>" + "".join(f"<td>{esc(get(s))}</td>"
                                                                   for s in r.scenarios.values()) + "</tr>"
                       for label, get in rows)
        self.add(f'<table class="settings"><tr><th>Scenario</th>{head}</tr>{body}</table>')
        self.add('<table class="settings">'
                 f"<tr><th>Results file</th><td><code>{esc(self.input_name)}</code></td></tr>"
                 f"<tr><th>icsflow version</th><td>{esc(r.version)}</td></tr>"
                 f"<tr><th>Command line</th><td><code>{esc(r.command_line or DASH)}</code></td></tr>"
                 f"<tr><th>Created (UTC)</th><td>{esc(r.created or DASH)}</td></tr></table>")
        tomls = [(s.name, s.toml) for s in r.scenarios.values() if s.toml]
        if tomls:
            inner = "".join(f"<p><b>{esc(n)}</b></p><pre>{esc(t)}</pre>" for n, t in tomls)
            self.add(f"<details><summary>Scenario files as applied (TOML)</summary>{inner}</details>")

    def how_to_read_section(self):
        r = self.results
        self.section("how-to-read", "How to read this report")
        reps = sorted({s.replications for s in r.scenarios.values()})
        reps_text = " or ".join(str(n) for n in reps)
        text = (f"<p>Each scenario was simulated {reps_text} times (replications) with different random numbers. "
                "Figures are means over replications, per year of the results period (after the warm-up). ")
        if r.alternatives:
            text += (f"<b>Differences are alternative minus base</b> (base: <b>{esc(r.base)}</b>), so a negative "
                     "difference means the alternative has fewer admissions, breaches, bed days or less spend; "
                     "&ldquo;averted&rdquo; is base minus alternative. Replication <i>r</i> of every scenario uses "
                     "the same random numbers (common random numbers), so differences are compared replication by "
                     "replication: the <b>95% interval</b> is a paired <i>t</i> interval over replications of "
                     "alternative minus base. An interval that excludes zero (shaded, with &ldquo;clearly "
                     "lower/higher&rdquo;) means the difference is larger than the simulation's own random "
                     "variation; an interval that includes zero means the model cannot tell the scenarios apart at "
                     "this number of replications. ")
        else:
            text += ("The 95% intervals under each mean are <i>t</i> intervals across replications: they show how "
                     "precisely the model's mean is estimated, not the uncertainty in its inputs. ")
        text += ("Intervals include the simulation's random variation and the uncertainty of the partnership "
                 "levers' effects: each replication draws its own effect sizes from the ranges in the scenario "
                 "files (docs/scenarios.md). Uncertainty in the baseline data and assumptions "
                 "(docs/data-sources.md) is not included. With one replication no interval can be "
                 "computed (shown as &mdash;).")
        text += self.scale_note() + "</p>"
        self.add(text)
        for note in r.notes:
            self.add(f'<p class="note">Note: {esc(note)}</p>')

    def headline_rows(self, alt: str) -> list[Row]:
        import numpy as np
        s = self.stat
        rows = [
            Row("Emergency admissions per 100,000 residents", "rate", s("emergency_admissions_per_100k", alt),
                group="Admissions (all of South East London, a year)"),
            Row("Emergency admissions", "count", s("emergency_admissions", alt), noun="admissions"),
            Row("Avoidable (ACSC) admissions per 100,000 residents", "rate", s("acsc_admissions_per_100k", alt)),
            Row("Avoidable (ACSC) admissions", "count", s("acsc_admissions", alt), noun="admissions"),
            Row("Readmissions within 30 days", "count", s("readmissions_30d", alt), noun="readmissions"),
            Row("A&E 4-hour breaches", "count", s("ae_4h_breaches", alt), noun="breaches",
                group="Urgent care and hospital beds"),
            Row("Delayed-discharge bed days", "count", s("delayed_discharge_bed_days", alt), noun="bed days"),
            Row("G&A bed occupancy (mean, emergency beds)", "pct",
                self.own_stat(alt, lambda sc: None if sc.occupancy() is None else 100 * sc.occupancy())),
            Row("Deaths", "count", s("deaths", alt), noun="deaths", group="Outcomes"),
            Row("GP needs unmet", "count", s("gp_unmet_demand", alt), noun="needs"),
        ]
        first = True
        for column, label in SECTORS + [("cost_gbp", "Total")]:
            rows.append(Row(f"Spend: {label.lower() if label != 'Total' else 'total, all sectors'}", "money",
                            s(column, alt), noun="", group="Spend a year (£ million)" if first else None))
            first = False

        def quintile_rate(q):
            return lambda sc: sc.rate("acsc_admissions", 1e5, BOROUGH_ALL, q) if sc.has("acsc_admissions") else None

        def gap(sc):
            if not sc.has("acsc_admissions"):
                return None
            return sc.rate("acsc_admissions", 1e5, BOROUGH_ALL, 1) - sc.rate("acsc_admissions", 1e5, BOROUGH_ALL, 5)

        def ratio(sc):
            if not sc.has("acsc_admissions"):
                return None
            with np.errstate(divide="ignore", invalid="ignore"):
                return sc.rate("acsc_admissions", 1e5, BOROUGH_ALL, 1) / sc.rate("acsc_admissions", 1e5, BOROUGH_ALL,
                                                                                   5)

        q1 = s("acsc_admissions_per_100k", alt, BOROUGH_ALL, 1)
        q5 = s("acsc_admissions_per_100k", alt, BOROUGH_ALL, 5)
        rows += [
            Row("ACSC admissions per 100,000, most deprived quintile (1)", "rate", q1,
                group="Inequality: avoidable admissions, most vs least deprived quintile"),
            Row("ACSC admissions per 100,000, least deprived quintile (5)", "rate", q5),
            Row("Gap: quintile 1 minus quintile 5, per 100,000", "rate", self.own_stat(alt, gap)),
            Row("Ratio: quintile 1 / quintile 5", "ratio", self.own_stat(alt, ratio)),
        ]
        return rows

    def headline_section(self, alt: str):
        r = self.results
        self.section(f"headline-{_slug(alt)}", f"Headline: {alt} compared with {r.base}")
        rows = self.headline_rows(alt)
        self.add(self.findings(alt, rows))
        out = ['<table class="headline"><tr><th>Measure (a year)</th>'
               f'<th class="num">Base<br>{esc(r.base)}</th><th class="num">Alternative<br>{esc(alt)}</th>'
               '<th class="num">Difference<br>(alt − base)</th><th class="num">95% interval</th>'
               "<th>Reading</th></tr>"]
        for row in rows:
            if row.group:
                out.append(f'<tr class="group"><td colspan="6">{esc(row.group)}</td></tr>')
            out.append(self.headline_row_html(row))
        out.append("</table>")
        self.add("".join(out))
        self.add('<p class="note">Counts, bed days and spend are a year for all South East London residents; '
                 "rates are a year per 100,000 residents; occupancy is beds occupied by emergency patients over beds "
                 "open to them, over every site and night; the gap and ratio compare the avoidable admission rates "
                 "of residents of the most deprived (1) and least deprived (5) national IMD 2019 quintiles. "
                 "Shaded differences have a 95% interval that excludes zero.</p>")

    def headline_row_html(self, row: Row) -> str:
        v = row.value
        if v is None:
            return (f'<tr><td class="label">{esc(row.label)}</td>' + f'<td class="num">{DASH}</td>' * 4 +
                    '<td class="reading">not in the file</td></tr>')
        base_text, alt_text, diff_text, ci_text = self.format_values(row.kind, v)
        klass, reading = self.reading(row, v)
        return (f'<tr><td class="label">{esc(row.label)}</td><td class="num">{base_text}</td>'
                f'<td class="num">{alt_text}</td><td class="num {klass}">{diff_text}</td>'
                f'<td class="num">{ci_text}</td><td class="reading {klass}">{reading}</td></tr>')

    @staticmethod
    def format_values(kind: str, v: Paired):
        scale = 1e6 if kind == "money" else 1.0
        base, alt, diff, low, high = (x / scale for x in (v.base, v.alt, v.diff, v.low, v.high))
        level = decimals_for([base, alt], minimum=1 if kind in ("pct", "money") else 0)
        if kind == "ratio":
            level = 2
        change = decimals_for([diff, low, high], minimum=level if kind != "count" else 0)
        if kind == "ratio":
            change = 2
        diff_suffix = " pp" if kind == "pct" else ""
        value_suffix = "%" if kind == "pct" else ""

        if kind == "money":
            interval = (f"{fmt_money(low, change, signed=True)} to {fmt_money(high, change, signed=True)}"
                        if math.isfinite(low) and math.isfinite(high) else DASH)
            return (fmt_money(base, level), fmt_money(alt, level), fmt_money(diff, change, signed=True), interval)
        interval = fmt_interval(low, high, change)
        return (fmt(base, level) + value_suffix, fmt(alt, level) + value_suffix,
                fmt(diff, change, signed=True) + diff_suffix, interval + (diff_suffix if interval != DASH else ""))

    @staticmethod
    def reading(row: Row, v: Paired):
        if not math.isfinite(v.low):
            return "", "no interval (one replication)"
        if not v.excludes_zero():
            return "", "no clear difference (interval includes zero)"
        lower = v.diff < 0
        klass = "clear-down" if lower else "clear-up"
        if row.kind == "count" and row.noun:
            amount = fmt(abs(v.diff), decimals_for([v.diff]))
            word = "fewer" if lower else "more"
            if row.noun == "admissions" and lower:
                return klass, f"clearly lower: {amount} averted a year"
            return klass, f"clearly {'lower' if lower else 'higher'}: {amount} {word} {row.noun} a year"
        return klass, f"clearly {'lower' if lower else 'higher'}"

    def findings(self, alt: str, rows: list[Row]) -> str:
        """Three or four sentences a strategy team can lift: averted admissions, beds, spend, inequality."""
        by_label = {row.label: row.value for row in rows}
        items = []

        def interval_words(v, scale=1.0, decimals=0, money=False, negate=False):
            lo, hi = (-v.high, -v.low) if negate else (v.low, v.high)
            if not math.isfinite(lo):
                return "no interval with one replication"
            if money:
                return f"95% interval {fmt_money(lo / scale, decimals)} to {fmt_money(hi / scale, decimals)}"
            return f"95% interval {fmt(lo / scale, decimals)} to {fmt(hi / scale, decimals)}"

        def unclear(v):
            return "" if v.excludes_zero() or not math.isfinite(v.low) else "; not clearly different from zero"

        for label, what in (("Avoidable (ACSC) admissions", "avoidable (ACSC) admissions"),
                            ("Emergency admissions", "emergency admissions")):
            v = by_label.get(label)
            if v is None:
                continue
            d = decimals_for([v.diff, v.low, v.high])
            if v.diff <= 0:
                items.append(f"<b>{fmt(-v.diff, d)}</b> {what} averted a year "
                             f"({interval_words(v, decimals=d, negate=True)}; averted = base − alternative"
                             f"{unclear(v)}).")
            else:
                items.append(f"<b>{fmt(v.diff, d)} more</b> {what} a year than the base "
                             f"({interval_words(v, decimals=d)}{unclear(v)}).")
        v = by_label.get("Delayed-discharge bed days")
        if v is not None:
            d = decimals_for([v.diff, v.low, v.high])
            beds = abs(v.diff) / 365.25
            items.append(f"Delayed-discharge bed days change by <b>{fmt(v.diff, d, signed=True)}</b> a year "
                         f"({interval_words(v, decimals=d)}{unclear(v)}): about {fmt(beds, decimals_for([beds]))} "
                         f"{'fewer' if v.diff <= 0 else 'more'} beds occupied every night by patients fit to leave.")
        v = by_label.get("Spend: total, all sectors")
        if v is not None:
            d = decimals_for([v.diff / 1e6, v.low / 1e6, v.high / 1e6], minimum=1)
            items.append(f"Total spend changes by <b>{fmt_money(v.diff / 1e6, d, signed=True)}</b> a year "
                         f"({interval_words(v, 1e6, d, money=True)}{unclear(v)}).")
        v = by_label.get("Gap: quintile 1 minus quintile 5, per 100,000")
        if v is not None:
            level = decimals_for([v.base, v.alt])
            d = decimals_for([v.diff, v.low, v.high], minimum=level)
            items.append(f"The gap in avoidable admission rates between residents of the most and least deprived "
                         f"quintiles goes from {fmt(v.base, level)} to {fmt(v.alt, level)} per 100,000 a year "
                         f"(change {fmt(v.diff, d, signed=True)}, {interval_words(v, decimals=d)}{unclear(v)}).")
        if not items:
            return ""
        return '<div class="box"><ul class="findings">' + "".join(f"<li>{i}</li>" for i in items) + "</ul></div>"

    def where_section(self):
        r = self.results
        base = r.scenarios[r.base]
        boroughs = base.boroughs
        self.section("where", "Avoidable admissions by borough and deprivation")
        png = self.figures and averted_figure(self.figures, r, self.stat, boroughs)
        self.figure(png, "ACSC admissions averted by borough and deprivation quintile",
                    f"Avoidable (ambulatory-care sensitive) emergency admissions averted a year (base − alternative) "
                    f"for residents of each borough and of each national deprivation quintile, with 95% paired "
                    f"intervals. Bars above zero: fewer admissions than in {esc(r.base)}.")
        # Table: rates per 100,000 by borough and quintile.
        keys = [(b, 0, b) for b in boroughs] + [(BOROUGH_ALL, q, f"Quintile {q}" + (" (most deprived)" if q == 1 else
                                                                                 " (least deprived)" if q == 5 else ""))
                                               for q in range(1, 6)] + [(BOROUGH_ALL, 0, "All South East London")]
        head = "<tr><th>Residents of</th>" + f'<th class="num">{esc(r.base)}</th>' + "".join(
            f'<th class="num">{esc(a)}</th><th class="num">difference</th><th class="num">95% interval</th>'
            for a in r.alternatives) + "</tr>"
        body = []
        for borough, quintile, label in keys:
            cells = []
            base_value = None
            for alt in r.alternatives:
                v = self.stat("acsc_admissions_per_100k", alt, borough, quintile)
                if v is None:
                    cells.append(f'<td class="num">{DASH}</td>' * 3)
                    continue
                base_value = v.base if base_value is None else base_value
                klass = ("clear-down" if v.diff < 0 else "clear-up") if v.excludes_zero() else ""
                d = decimals_for([v.diff, v.low, v.high])
                cells.append(f'<td class="num">{fmt(v.alt, decimals_for([v.alt]))}</td><td class="num {klass}">'
                             f'{fmt(v.diff, d, signed=True)}</td><td class="num">{fmt_interval(v.low, v.high, d)}</td>')
            base_text = fmt(base_value, decimals_for([base_value])) if base_value is not None else DASH
            body.append(f"<tr><td>{esc(label)}</td><td class=\"num\">{base_text}</td>{''.join(cells)}</tr>")
        self.add("<h3>Avoidable (ACSC) admissions per 100,000 residents a year</h3>"
                 f"<table>{head}{''.join(body)}</table>")

    def beds_section(self):
        r = self.results
        import numpy as np
        self.section("beds", "Bed occupancy and delayed discharges")
        has_daily = any(s.daily is not None for s in r.scenarios.values())
        if not has_daily:
            self.add('<p class="note">The file has no /daily table, so there are no bed plots.</p>')
            return
        self.add("<h3>Bed occupancy</h3>")
        png = _time_series_figure(self.figures, r, occupancy_series,
                                  "G&A bed occupancy by emergency patients, midnight census", "beds occupied (%)",
                                  "occupancy", reference=(92, "92% (NHS planning guidance)"), percent=True)
        self.figure(png, "Bed occupancy over time per acute site",
                    "Beds occupied by emergency patients as a share of the general &amp; acute beds open to them "
                    "(including escalation beds open that night), each night of the results period. Line: mean over "
                    "replications; shaded band: lowest to highest replication. The dotted line marks 92%.")
        self.add("<h3>Delayed discharges</h3>")
        png = _time_series_figure(self.figures, r, delayed_series,
                                  "Beds occupied by medically fit patients waiting to leave (delayed discharges)",
                                  "beds" + (" (whole population)" if any(s.scale != 1 for s in r.scenarios.values())
                                            else ""), "delayed_discharges")
        self.figure(png, "Delayed-discharge beds over time per acute site",
                    "Beds occupied each night by patients who are medically fit but waiting for a place or package "
                    "to leave to. Line: mean over replications; band: lowest to highest replication.")
        # Per-site table.
        sites = []
        for s in r.scenarios.values():
            if s.daily is not None:
                sites += [x for x in s.daily.sites if x not in sites]
        head = "<tr><th>Acute site</th>" + "".join(
            f'<th class="num">{esc(s.name)}<br>beds open</th><th class="num">occupancy</th>'
            f'<th class="num">delayed-discharge beds</th>' for s in r.scenarios.values()) + "</tr>"
        body = []
        for site in sites + ["All acute sites"]:
            cells = []
            for s in r.scenarios.values():
                d = s.daily
                if d is None or (site not in d.sites and site != "All acute sites"):
                    cells.append(f'<td class="num">{DASH}</td>' * 3)
                    continue
                sel = slice(None) if site == "All acute sites" else [d.sites.index(site)]
                with np.errstate(all="ignore"), _quiet_nan_warnings():
                    avail = np.nansum(d.available[:, sel, :], axis=1)
                    occ = np.nansum(d.occupied[:, sel, :], axis=1)
                    fit = np.nansum(d.fit[:, sel, :], axis=1) if not np.all(np.isnan(d.fit)) else None
                    per_rep_occ = 100 * occ.sum(axis=1) / avail.sum(axis=1)
                    beds = np.nanmean(avail) / s.scale
                    fit_mean = np.nanmean(fit) / s.scale if fit is not None else math.nan
                m, lo, hi = mean_ci(per_rep_occ)
                ci = f'<span class="ci">{fmt(lo, 1)} to {fmt(hi, 1)}</span>' if math.isfinite(lo) else ""
                cells.append(f'<td class="num">{fmt(beds, 0)}</td><td class="num">{fmt(m, 1)}%{ci}</td>'
                             f'<td class="num">{fmt(fit_mean, 1)}</td>')
            body.append(f"<tr><td>{esc(site)}</td>{''.join(cells)}</tr>")
        self.add("<h3>Mean over the results period, by acute site</h3>"
                 f"<table>{head}{''.join(body)}</table>"
                 '<p class="note">Beds open and delayed-discharge beds are nightly means'
                 + (" for the whole population (simulated beds divided by the scale)" if
                    any(s.scale != 1 for s in r.scenarios.values()) else "") +
                 "; occupancy is the mean over replications with its 95% interval across replications.</p>")

    def spend_section(self):
        r = self.results
        self.section("spend", "Spend by sector")
        png = spend_figure(self.figures, r, self.stat)
        caption = ("Spend a year on South East London residents by sector (£ million, mean over replications): "
                   "primary care (GP appointments), acute (A&amp;E attendances and emergency bed days), community "
                   "(urgent community response, intermediate care beds) and social care (reablement, home care, "
                   "care homes).")
        if r.alternatives:
            caption += " Right: change against the base with 95% paired intervals."
        self.figure(png, "Spend by sector per scenario", caption)
        scenarios = list(r.scenarios.values())
        head = "<tr><th>£ million a year</th>" + "".join(f'<th class="num">{esc(s.name)}</th>' for s in scenarios) + \
            "</tr>"
        body = []
        for column, label in SECTORS + [("cost_gbp", "Total")]:
            cells = []
            for s in scenarios:
                if not s.has(column):
                    cells.append(f'<td class="num">{DASH}</td>')
                    continue
                m, lo, hi = mean_ci(s.per_year(column) / 1e6)
                d = decimals_for([m], minimum=1)
                ci = f'<span class="ci">{fmt(lo, d)} to {fmt(hi, d)}</span>' if math.isfinite(lo) else ""
                cells.append(f'<td class="num">{fmt_money(m, d)}{ci}</td>')
            body.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
        self.add(f"<table>{head}{''.join(body)}</table>"
                 '<p class="note">Mean over replications; below it, the 95% interval across replications.</p>')

    BOROUGH_MEASURES = [
        ("GP appointments", "gp_appointments", 1000),
        ("GP needs unmet", "gp_unmet_demand", 1000),
        ("A&E attendances (type 1)", "ae_attendances", 1000),
        ("A&E 4-hour breaches", "ae_4h_breaches", 1000),
        ("A&E 4-hour breaches, % of attendances", ("ae_4h_breaches", "ae_attendances"), "pct"),
        ("Emergency admissions", "emergency_admissions", 1000),
        ("Avoidable (ACSC) admissions", "acsc_admissions", 1000),
        ("Emergency bed days", "bed_days", 1000),
        ("Delayed-discharge bed days", "delayed_discharge_bed_days", 1000),
        ("Readmissions within 30 days", "readmissions_30d", 1000),
        ("Urgent community response episodes", "ucr_episodes", 1000),
        ("Care packages started", "care_packages_started", 1000),
        ("Care home admissions", "care_home_admissions", 1000),
        ("Deaths", "deaths", 1000),
        ("Spend per resident (£)", "cost_gbp", 1),
    ]

    def borough_section(self, s: Scenario):
        self.section(f"boroughs-{_slug(s.name)}", f"Results by borough: {s.name}")
        columns = [(b, b, 0) for b in s.boroughs] + [("All South East London", BOROUGH_ALL, 0)]
        self.add(self.rates_table(s, columns, "A year, per 1,000 residents"))
        quintiles = sorted({int(q) for q in s.summary["deprivation_quintile"]})
        columns = [(f"Quintile {q}" + (" (most deprived)" if q == 1 else " (least deprived)" if q == 5 else ""),
                    BOROUGH_ALL, q) for q in quintiles] + [("All", BOROUGH_ALL, 0)]
        self.add(f"<details><summary>The same by deprivation quintile (national IMD 2019) for {esc(s.name)}"
                 f"</summary>{self.rates_table(s, columns, 'A year, per 1,000 residents')}</details>")
        self.add(f'<p class="note">Rates a year per 1,000 residents (spend: £ a resident a year), mean over '
                 f"{s.replications} replication(s); below each, the 95% interval across replications"
                 f"{'' if s.replications > 1 else ' (none with one replication)'}.</p>")

    def rates_table(self, s: Scenario, columns, corner: str) -> str:
        import numpy as np
        head = f"<tr><th>{esc(corner)}</th>" + "".join(
            f'<th class="num">{esc(label)}</th>' for label, _, _ in columns) + "</tr>"
        residents = [float(np.mean(s.totals("residents", b, q))) / s.scale for _, b, q in columns]
        body = ["<tr><td>Residents" + (" (whole population)" if s.scale != 1 else "") + "</td>" +
                "".join(f'<td class="num">{fmt(v, 0)}</td>' for v in residents) + "</tr>"]
        for label, column, per in self.BOROUGH_MEASURES:
            needed = column if isinstance(column, tuple) else (column,)
            if not all(s.has(c) for c in needed):
                continue
            cells = []
            for _, b, q in columns:
                with np.errstate(divide="ignore", invalid="ignore"):
                    if per == "pct":
                        values = 100 * s.totals(column[0], b, q) / s.totals(column[1], b, q)
                    else:
                        values = s.rate(column, per, b, q)
                m, lo, hi = mean_ci(values)
                d = 1 if per == "pct" else decimals_for([m])
                suffix = "%" if per == "pct" else ""
                ci = f'<span class="ci">{fmt(lo, d)} to {fmt(hi, d)}</span>' if math.isfinite(lo) else ""
                cells.append(f'<td class="num">{fmt(m, d)}{suffix}{ci}</td>')
            body.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
        return f"<table>{head}{''.join(body)}</table>"

    def document(self) -> str:
        r = self.results
        lede = ("Simulated patient flow in South East London's integrated care system"
                + (f" — {len(r.alternatives)} alternative(s) against the base" if r.alternatives else "") + ".")
        return self.html_document(self.title, lede, r.version, "docs/results-schema.md")


DESIGN_NAMES = {"latin_hypercube": "Latin hypercube", "grid": "grid", "sobol": "Sobol (Saltelli)"}


def _lower_first(label: str) -> str:
    """'Avoidable (ACSC) admissions' -> 'avoidable (ACSC) admissions'; 'A&E ...' and 'GP ...' stay."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


class SweepReport(Page):
    """The report on a sweep results file (docs/sweeps.md): settings, how to read SRC, PRCC and Sobol indices,
    one section per headline output, every coefficient, and the outputs' spread over the points."""

    MAX_SCATTER_PANELS = 6

    def __init__(self, sweep: SweepResults, figures: Figures, input_name: str):
        super().__init__(figures, input_name)
        self.sweep = sweep

    def build(self) -> str:
        s = self.sweep
        self.settings_section()
        self.how_to_read_section()
        for output in HEADLINE_OUTPUTS:
            self.output_section(output)
        self.coefficients_section()
        self.outputs_section()
        lede = (f"Sensitivity of simulated patient flow in South East London's integrated care system to "
                f"{len(s.parameters)} parameter(s) of the scenario <b>{esc(s.base_scenario or '?')}</b>: "
                f"{s.points_total} points ({esc(DESIGN_NAMES.get(s.design, s.design))} design) × "
                f"{esc(s.replications)} replication(s).")
        return self.html_document(f"sweep {s.name}", lede, s.version, "docs/sweeps.md",
                                  before_nav=self.status_box())

    # -- what is missing --
    def missing_analysis(self) -> str:
        """Why there are no coefficients, as one HTML sentence or two (empty when /sensitivity is there)."""
        s = self.sweep
        if s.sensitivity is not None:
            return ""
        if not s.complete:
            return (f"<b>This sweep is incomplete: {s.points_complete} of {s.points_total} points complete</b>, "
                    "so the file has no sensitivity analysis (<code>/sensitivity</code>). If it is one slice of a "
                    "sweep run with <code>--shard</code>, join the slices with <code>icsflow merge PART.h5 ... -o "
                    "OUT.h5</code>; if the run was interrupted, run the same <code>icsflow sweep</code> command "
                    "again to resume it (it runs only the missing points). Then make the report from the complete "
                    f"file. Until then the plots show the {_plural(s.points_complete, 'complete point')} only.")
        return (f"The file has no sensitivity analysis (<code>/sensitivity</code>) although all {s.points_total} "
                "points are complete: <code>icsflow sweep</code> computes it only when there are more points than "
                "parameters + 2. Only the points are shown.")

    def status_box(self) -> str:
        text = self.missing_analysis()
        return f'<div class="box warning"><p>{text}</p></div>' if text else ""

    # -- sections --
    def settings_section(self):
        s = self.sweep
        self.section("settings", "Sweep and run settings")
        warmup = re.search(r"^warmup_days\s*=\s*(\S+)", s.definition, flags=re.M)
        period = f"{_g(s.years)} year(s)" + (f" after a {_g(warmup.group(1))}-day warm-up" if warmup else "")
        rows = [("Sweep", s.name), ("Description", s.description or DASH), ("Base scenario", s.base_scenario or DASH),
                ("Design", DESIGN_NAMES.get(s.design, s.design or DASH)),
                ("Points complete", f"{s.points_complete} of {s.points_total}"),
                ("Replications per point", s.replications), ("Runs in the file", s.runs),
                ("Scale", _g(s.scale)), ("Results period", period), ("Master seed", s.master_seed),
                ("Simulation time", f"{s.wall_seconds:,.1f} s (sum over runs)" if s.wall_seconds is not None
                 else DASH)]
        self.add('<table class="settings">' + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>"
                                                        for k, v in rows) +
                 f"<tr><th>Results file</th><td><code>{esc(self.input_name)}</code></td></tr>"
                 f"<tr><th>icsflow version</th><td>{esc(s.version)}</td></tr>"
                 f"<tr><th>Command line</th><td><code>{esc(s.command_line or DASH)}</code></td></tr>"
                 f"<tr><th>Created (UTC)</th><td>{esc(s.created or DASH)}</td></tr>"
                 f"<tr><th>Fingerprint</th><td><code>{esc(s.fingerprint or DASH)}</code></td></tr></table>")
        body = "".join(f"<tr><td><code>{esc(p.key)}</code></td><td>{esc(p.describe())}</td></tr>"
                       for p in s.parameters)
        self.add(f"<h3>Parameters</h3><table><tr><th>Scenario key</th><th>Distribution over the sweep</th></tr>"
                 f"{body}</table>")
        if s.toml:
            self.add(f"<details><summary>Sweep file as given (TOML)</summary><pre>{esc(s.toml)}</pre></details>")
        if s.definition:
            self.add("<details><summary>Sweep definition as run, with the resolved base scenario</summary>"
                     f"<pre>{esc(s.definition)}</pre></details>")

    def how_to_read_section(self):
        s = self.sweep
        self.section("how-to-read", "How to read a sensitivity analysis")
        scale = f" (simulated values divided by the scale, {_g(s.scale)}, and by the years)" if s.scale != 1 else ""
        self.add(
            f"<p>Each point of the sweep is one set of parameter values, drawn by the design from the ranges in the "
            f"sweep file; each point was simulated {esc(s.replications)} time(s) (replications). Outputs are a year "
            f"of the results period for the whole South East London population{scale}. Every coefficient is "
            "computed on each point's mean over its replications. Replication <i>r</i> uses the same random numbers "
            "at every point (common random numbers), so the differences between points are the parameters' doing, "
            "not noise; more replications per point still shrink the noise that remains.</p>"
            "<ul>"
            "<li><b>SRC</b>, the standardized regression coefficient: the change in the output, in standard "
            "deviations, for one standard deviation of the parameter, from a linear regression on all parameters. "
            "Its square is the share of the output's variance that parameter explains &mdash; when the model is "
            "close to linear, which the regression's R² tells you (below 0.7, read SRC with care; the report "
            "warns).</li>"
            "<li><b>PRCC</b>, the partial rank correlation coefficient (with its p-value): how monotonically the "
            "output rises (+) or falls (&minus;) with the parameter once the others are accounted for. It needs "
            "monotonicity, not linearity. A PRCC with p &ge; 0.05 (a hatched bar) is not clearly different from "
            "zero: with this many points the sweep cannot tell whether that parameter matters.</li>"
            "<li><b>Sobol indices</b> (only with a <code>sobol</code> design): the first-order index is the share "
            "of the output's variance due to the parameter alone; the total index adds its interactions. Intervals "
            "are 95% bootstrap intervals over the base samples. Estimators: Saltelli et al. (2010) for the first "
            "order, Jansen (1999) for the total. With few base samples the estimates are noisy and can fall below "
            "0 or above 1; a wide interval asks for more base samples.</li>"
            "</ul>"
            "<p>Bars are ordered by |PRCC|, the most influential parameter at the top. An output that does not vary "
            "across the points has no coefficients (&mdash;). These are statements about the model under the "
            "stated ranges, not new evidence: a parameter may matter outside its range, and what the sweep does "
            "not vary (the baseline data and assumptions, docs/data-sources.md) is not assessed. See "
            "docs/sweeps.md.</p>")
        if s.design != "sobol":
            self.add(f'<p class="note">This sweep used a {esc(DESIGN_NAMES.get(s.design, s.design))} design, so it '
                     'has no Sobol indices (they need <code>kind = "sobol"</code>).</p>')

    def output_section(self, output: str):
        s = self.sweep
        label = output_label(output)
        self.section(f"output-{_slug(output)}", label)
        if output not in s.outputs:
            self.add(f'<p class="note">The file has no column <code>{esc(output)}</code> in /sweep/points.</p>')
            return
        unit, factor = output_unit(output)
        values = s.points[output] * factor
        finite = values[[math.isfinite(v) for v in values]] if len(values) else values
        spread = ""
        if len(finite):
            low, high = float(finite.min()), float(finite.max())
            d = decimals_for([low, high], minimum=1 if factor != 1 else 0)
            spread = (f"; over the {_plural(len(finite), 'complete point')} it ranges from "
                      f"{fmt_output(output, low, d)} to {fmt_output(output, high, d)}")
        self.add(f'<p class="note"><code>{esc(output)}</code>, {esc(unit)}: the mean over replications at each '
                 f"point{spread}.</p>")
        rows = s.coefficients(output)
        computed = [c for c in rows if math.isfinite(c.prcc) or math.isfinite(c.src)]
        if s.sensitivity is None:
            why = (f"only {s.points_complete} of {s.points_total} points are complete" if not s.complete else
                   "the file has no /sensitivity table")
            self.add(f'<p class="note">No sensitivity coefficients: {why} (see the top of the report). The plot shows '
                     "the complete points against each parameter.</p>")
            keys = s.keys[: self.MAX_SCATTER_PANELS]
            self.add("<h3>The output against each parameter</h3>")
            self.scatter(output, keys, "each parameter" + (f" (the first {len(keys)})" if len(keys) < len(s.keys)
                                                           else ""))
            return
        if not computed:
            self.add('<p class="note">No coefficients: ' + ("the output does not vary across the points."
                                                           if rows else "/sensitivity has no rows for it.") + "</p>")
            keys = s.keys[:2]
            self.add("<h3>The output against the first parameters</h3>")
            self.scatter(output, keys, "the first parameters of the sweep")
            return
        self.add(self.reading(output, rows))
        self.add("<h3>PRCC and SRC</h3>")
        self.figure(tornado_figure(self.figures, output, rows), f"PRCC and SRC of {label} per parameter",
                    f"Partial rank correlation (PRCC, blue) and standardized regression coefficient (SRC, orange) of "
                    f"{esc(_lower_first(label))} with each parameter, most influential (largest |PRCC|) at the top. "
                    "Bars left of zero: the output falls as the parameter rises. Hatched bars: PRCC with p &ge; 0.05, "
                    "not clearly different from zero. The title gives the linear regression's R².")
        if s.design == "sobol":
            self.add("<h3>Sobol indices</h3>")
            self.figure(sobol_figure(self.figures, output, rows), f"Sobol indices of {label} per parameter",
                        "First-order (green) and total (pink) Sobol indices with their 95% bootstrap intervals, in "
                        "the order of the chart above. First-order: the share of the output's variance due to the "
                        "parameter alone; total: with its interactions. The dotted line marks 1.")
        top = [c.parameter for c in by_influence(rows) if math.isfinite(c.prcc)][:2]
        self.add("<h3>The output against its most influential parameters</h3>")
        self.scatter(output, top, "the two parameters with the largest |PRCC|" if len(top) == 2 else
                     "the parameter with the largest |PRCC|")

    def scatter(self, output: str, keys: list, which: str):
        s = self.sweep
        log = [k for k in keys if s.parameter(k).distribution == "log_uniform"]
        caption = (f"Each dot is one complete point of the sweep: {esc(_lower_first(output_label(output)))} (its "
                   f"mean over {esc(s.replications)} replication(s)) against the value of {esc(which)}, over the "
                   "range swept. The other parameters vary too, which is much of the scatter around any trend.")
        if log:
            caption += " Log-uniform parameters are on a logarithmic axis."
        if s.design == "sobol":
            caption += " A Sobol design's points include the A, B and mixed (AB) matrices."
        self.figure(sweep_scatter_figure(self.figures, s, output, keys),
                    f"{output_label(output)} against {', '.join(keys)}", caption)

    def reading(self, output: str, rows: list) -> str:
        """A few sentences: which parameters matter, which do not clearly, and how linear the output is."""
        ordered = [c for c in by_influence(rows) if math.isfinite(c.prcc)]
        clear = [c for c in ordered if not c.weak]
        unclear = [c for c in ordered if c.weak]
        name = esc(_lower_first(output_label(output)))

        def cite(c):
            return f"<code>{esc(c.parameter)}</code> (PRCC {fmt_coefficient(c.prcc)}, SRC {fmt_coefficient(c.src)})"

        items = []
        if clear:
            named = [cite(c) for c in clear[:3]]
            joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
            items.append(f"Within these ranges, the parameters that matter most for {name} are {joined}."
                         if len(named) > 1 else f"Within these ranges, the parameter that matters most for {name} "
                                                f"is {joined}.")
        else:
            items.append(f"No parameter has a PRCC with {name} clearly different from zero (every p &ge; 0.05).")
        if unclear:
            items.append("Not clearly related (p &ge; 0.05): " +
                         ", ".join(f"<code>{esc(c.parameter)}</code>" for c in unclear) + ".")
        r2 = rows[0].r_squared
        if math.isfinite(r2):
            sentence = (f"The linear regression on all parameters explains {fmt(100 * r2, 0)}% of the variance across "
                        f"the points (R² = {fmt(r2, 2)})")
            if r2 < R_SQUARED_WARNING:
                sentence = (f"<b>Warning: R² = {fmt(r2, 2)}, below {R_SQUARED_WARNING:g}</b>: the output is far from "
                            "linear in the parameters, so read SRC with care and rely on PRCC"
                            + (" and the Sobol indices" if self.sweep.design == "sobol" else ""))
            items.append(sentence + ".")
        return '<div class="box"><ul class="findings">' + "".join(f"<li>{i}</li>" for i in items) + "</ul></div>"

    def coefficients_section(self):
        s = self.sweep
        self.section("sensitivity", "All sensitivity coefficients")
        if s.sensitivity is None:
            self.add(f"<p>{self.missing_analysis()}</p>")
            return
        sobol = s.design == "sobol"
        head = ('<tr><th>Parameter</th><th class="num">SRC</th><th class="num">PRCC</th><th class="num">p-value</th>'
                + ('<th class="num">Sobol first<br>(95% interval)</th><th class="num">Sobol total<br>'
                   "(95% interval)</th>" if sobol else "") + "</tr>")
        columns = 6 if sobol else 4
        body = []
        outputs = []
        for c in s.sensitivity:
            if c.output not in outputs:
                outputs.append(c.output)
        for output in outputs:
            rows = s.coefficients(output)
            r2 = rows[0].r_squared
            if not any(math.isfinite(c.prcc) or math.isfinite(c.src) for c in rows):
                note = "does not vary across the points: no coefficients"
            else:
                note = f"linear R² = {fmt(r2, 2)}" + (f" (below {R_SQUARED_WARNING:g}: read SRC with care)"
                                                      if math.isfinite(r2) and r2 < R_SQUARED_WARNING else "")
            body.append(f'<tr class="group"><td colspan="{columns}">{esc(output_label(output))} '
                        f"(<code>{esc(output)}</code>): {esc(note)}</td></tr>")
            for c in rows:
                cells = [fmt_coefficient(c.src), fmt_coefficient(c.prcc), esc(fmt_p(c.p_value))]
                if sobol:
                    cells += [self.index_cell(c.sobol_first, c.sobol_first_low, c.sobol_first_high),
                              self.index_cell(c.sobol_total, c.sobol_total_low, c.sobol_total_high)]
                body.append(f"<tr><td><code>{esc(c.parameter)}</code></td>" +
                            "".join(f'<td class="num">{v}</td>' for v in cells) + "</tr>")
        self.add(f"<table>{head}{''.join(body)}</table>")
        self.add('<p class="note">Every row of /sensitivity: one per output and parameter, in the file\'s order. SRC '
                 "and PRCC to two decimals; the p-value is the PRCC's (two-sided)"
                 + ("; Sobol indices with their 95% bootstrap interval underneath" if sobol else
                    f"; no Sobol indices ({esc(DESIGN_NAMES.get(s.design, s.design))} design)")
                 + ". &mdash;: not computed.</p>")

    @staticmethod
    def index_cell(value, low, high) -> str:
        interval = f'<span class="ci">{fmt(low, 2)} to {fmt(high, 2)}</span>' if math.isfinite(low) and \
            math.isfinite(high) else ""
        return fmt(value, 2) + interval

    def outputs_section(self):
        import numpy as np
        s = self.sweep
        self.section("outputs", "Outputs across the points")
        n = len(s.points["point"])
        if n == 0:
            self.add('<p class="note">No point is complete yet.</p>')
            return
        body = []
        for output in s.outputs:
            unit, factor = output_unit(output)
            values = s.points[output] * factor
            with _quiet_nan_warnings():
                low, mean, high = float(np.nanmin(values)), float(np.nanmean(values)), float(np.nanmax(values))
            d = decimals_for([low, high], minimum=1 if factor != 1 else 0)
            body.append(f"<tr><td>{esc(output_label(output))}<br><code>{esc(output)}</code></td><td>{esc(unit)}</td>"
                        + "".join(f'<td class="num">{fmt_output(output, v, d)}</td>' for v in (low, mean, high))
                        + "</tr>")
        self.add('<table><tr><th>Output</th><th>Unit</th><th class="num">Lowest</th><th class="num">Mean</th>'
                 f'<th class="num">Highest</th></tr>{"".join(body)}</table>'
                 f'<p class="note">Over the {_plural(n, "complete point")}, each point\'s value being its mean over '
                 "replications: how far each output moves across the ranges swept.</p>")


def _g(value) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "x"


# ---- Output -----------------------------------------------------------------------------------------------

def check_output(path: pathlib.Path):
    if path.is_dir():
        raise ReportError(f"output '{path}' is a directory")
    folder = path.parent
    if not folder.is_dir():
        raise ReportError(f"cannot write '{path}': folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportError(f"cannot write '{path}': folder '{folder}' is not writable")


def write_atomically(path: pathlib.Path, text: str):
    """Write to a temporary file in the same folder, then rename over the target: never a partial report."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=PROG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write one self-contained HTML report (tables and embedded plots, no external links) from\n"
                    "an icsflow results file written by `icsflow run`, `icsflow compare` or `icsflow sweep`.\n"
                    "See docs/report.md.",
        epilog=EXAMPLE)
    parser.add_argument("results", metavar="RESULTS.h5", help="icsflow results file (HDF5)")
    parser.add_argument("-o", "--output", metavar="REPORT.html",
                        help="report to write (default: RESULTS with .html instead of .h5)")
    parser.add_argument("--figures-dir", metavar="DIR",
                        help="also save every plot as a PNG file in DIR (for slides or checking)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    source = pathlib.Path(args.results)
    output = pathlib.Path(args.output) if args.output else source.with_suffix(".html")
    try:
        check_output(output)
        if output.resolve() == source.resolve():
            raise ReportError("the output would overwrite the results file")
        results = read_results(source)
        figures = Figures(pathlib.Path(args.figures_dir) if args.figures_dir else None)
        page = SweepReport if isinstance(results, SweepResults) else Report
        text = page(results, figures, source.name).build()
        write_atomically(output, text)
    except ReportError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; no report written", file=sys.stderr)
        return 130
    print(f"Report written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
