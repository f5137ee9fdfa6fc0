"""Reading a results file of `icsflow sweep` or `icsflow merge` (docs/sweeps.md)."""
from __future__ import annotations

import math
import pathlib
from dataclasses import dataclass

from .errors import ReportError
from .formatting import MINUS, fmt, number_text
from .hdf5 import as_number, read_attr
from .hdf5 import read_table as read_group
from .metrics import Metric, Metrics, read_metrics

SENSITIVITY_COLUMNS = ["output", "parameter", "src", "r_squared", "prcc", "prcc_p_value"]
SOBOL_COLUMNS = ["sobol_first", "sobol_first_low", "sobol_first_high", "sobol_total", "sobol_total_low",
                 "sobol_total_high"]
# Below this R^2 the linear regression explains little, so SRC is unreliable (docs/sweeps.md).
R_SQUARED_WARNING = 0.7
# PRCC bars with a p-value at or above this are marked as not clearly different from zero.
P_VALUE_MARK = 0.05


def fmt_output(metric: Metric, value: float, decimals: int) -> str:
    """An output already in its display unit, as the tables show it: £1,542.2m, 90.0%, 26,623."""
    if metric.money:
        return metric.money_text(value, decimals)
    return fmt(value, decimals) + ("%" if metric.percent and math.isfinite(value) else "")


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
        def shown(v):
            return number_text(v).replace("-", MINUS)

        if self.distribution == "list":
            text = f"one of {self.values}" if self.values else "list"
        elif self.distribution == "triangular":
            text = f"triangular from {shown(self.low)} to {shown(self.high)}, mode {shown(self.mode)}"
        else:
            kind = {"log_uniform": "log-uniform", "uniform": "uniform"}.get(self.distribution, self.distribution)
            text = f"{kind} from {shown(self.low)} to {shown(self.high)}"
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
    outputs: list              # output columns of /sweep/points, in /metrics order then any others
    sensitivity: list | None   # Coefficients, in the file's order; None without /sensitivity
    runs: int
    wall_seconds: float | None
    metrics: Metrics

    def metric(self, output: str) -> Metric:
        return self.metrics.get(output)

    def headline_outputs(self) -> list[str]:
        """The outputs /metrics marks as a sweep's headline, in headline order: one section each."""
        return [m.name for m in self.metrics.sweep_headline()]

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


def read_table(f, name: str, required=()) -> dict:
    """A table as docs/results-schema.md has them: a group of equal-length 1-D columns."""
    import h5py
    where = "/" + name
    if name not in f or not isinstance(f[name], h5py.Group):
        raise ReportError(f"the sweep results file has no {where} table (see docs/sweeps.md)")
    group = f[name]
    for column in required:
        if column not in group:
            raise ReportError(f"{where} has no column '{column}'")
    return read_group(group, where)


def _description_from_toml(text: str) -> str:
    try:
        import tomllib
        value = tomllib.loads(text).get("description", "")
    except Exception:  # the TOML is shown as given anyway; a description is a nicety
        return ""
    return value if isinstance(value, str) else ""


def read_sweep(f, path) -> SweepResults:
    import numpy as np
    sweep = f["sweep"]
    parameters_table = read_table(f, "sweep/parameters", ["key", "distribution", "low", "high"])
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

    points = read_table(f, "sweep/points", ["point"] + [p.key for p in parameters])
    numeric = {c for c, v in points.items() if getattr(v, "dtype", None) is not None and v.dtype.kind in "fiu"}
    others = [c for c in points if c in numeric and c not in ("point",) and c not in {p.key for p in parameters}]
    metrics = read_metrics(f)
    outputs = metrics.in_order(others)
    for column in outputs + [p.key for p in parameters]:
        points[column] = np.asarray(points[column], dtype=float)

    sensitivity = None
    if "sensitivity" in f:
        table = read_table(f, "sensitivity", SENSITIVITY_COLUMNS)
        rows = len(table["output"])
        nan = np.full(rows, math.nan)
        numeric_columns = [np.asarray(table[c], dtype=float) if c in table else nan
                           for c in SENSITIVITY_COLUMNS[2:] + SOBOL_COLUMNS]
        sensitivity = [Coefficients(str(table["output"][i]), str(table["parameter"][i]),
                                    *(float(c[i]) for c in numeric_columns)) for i in range(rows)]

    runs, wall = 0, None
    if "sweep/runs" in f:
        run_table = read_table(f, "sweep/runs")
        runs = len(run_table.get("point", []))
        if "wall_seconds" in run_table:
            wall = float(np.nansum(np.asarray(run_table["wall_seconds"], dtype=float)))

    where = "/sweep"
    complete_rows = len(points["point"])
    total = read_attr(sweep, "points", None)
    done = read_attr(sweep, "points_complete", None)
    toml = read_attr(sweep, "sweep_toml", "") or ""
    return SweepResults(
        path=path, version=read_attr(f, "icsflow_version", "unknown") or "unknown",
        command_line=read_attr(f, "command_line", "") or "", created=read_attr(f, "created_utc", "") or "",
        name=read_attr(sweep, "name", "") or path.stem, description=_description_from_toml(toml),
        base_scenario=read_attr(sweep, "base_scenario", "") or "", design=read_attr(sweep, "design", "") or "",
        replications=read_attr(sweep, "replications", "?"), master_seed=read_attr(sweep, "master_seed", "?"),
        scale=as_number(read_attr(sweep, "scale"), "scale", where, default=math.nan),
        years=as_number(read_attr(sweep, "years"), "years", where, default=math.nan),
        points_total=int(as_number(total, "points", where)) if total is not None else complete_rows,
        points_complete=int(as_number(done, "points_complete", where)) if done is not None else complete_rows,
        toml=toml, definition=read_attr(sweep, "definition", "") or "",
        fingerprint=read_attr(sweep, "fingerprint", "") or "",
        parameters=parameters, points=points, outputs=outputs, sensitivity=sensitivity, runs=runs,
        wall_seconds=wall, metrics=metrics)
