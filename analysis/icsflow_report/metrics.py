"""What the metrics mean, read from the file's /metrics table (the C++ metrics registry, models/metrics.hpp, as
docs/results-schema.md describes it): labels, units, how tables show them, headline order. The report keeps no
list of metrics of its own; it only knows the naming conventions the registry documents (`X_per_100k`,
`X_gap_q1_q5`, `X_ratio_q1_q5`)."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ReportError
from .formatting import fmt_money
from .hdf5 import read_column

REQUIRED = ["name", "unit", "label"]
GAP_SUFFIX, RATIO_SUFFIX = "_gap_q1_q5", "_ratio_q1_q5"
SPEND_TOTAL = "cost_gbp"  # the summary column of docs/results-schema.md that sums the sectors
CASH_SPEND = "cash_gbp"  # the spend that is cash (community, social care, the G&A wards needed)
LEVER_SPEND_PREFIX = "cost_lever_"  # a lever's programme: part of a sector's spend, not a sector
SECTOR_SPEND_PREFIX = "cost_"  # a sector (and the total, and the levers' programmes); `cash_` metrics are not sectors


@dataclass(frozen=True)
class Metric:
    """One row of /metrics."""
    name: str
    unit: str                 # of the values as stored (counts and spend: a year, whole population)
    label: str
    description: str = ""
    headline: int = 0         # position in the headline table, 0 when not a headline
    display_unit: str = ""
    display_factor: float = 1.0
    decimals: int = 0
    better: str = ""          # lower, higher or empty
    sweep: str = ""           # output, headline or empty
    described: bool = True    # False for a name the file's /metrics does not describe (see Metrics.get)

    @property
    def money(self) -> bool:
        """Spend: shown as £ million (display unit 'GBP m')."""
        return self.display_unit.upper().startswith("GBP")

    @property
    def percent(self) -> bool:
        return self.display_unit == "%"

    @property
    def rate(self) -> bool:
        """A value per so many residents (scale-free)."""
        return self.unit.startswith("per ")

    @property
    def count(self) -> bool:
        """Events (or days) a year that can be summed over groups and divided by the scale simulated."""
        return not (self.money or self.rate or self.unit in ("fraction", "ratio", ""))

    @property
    def shown_unit(self) -> str:
        """The unit as a table heading says it: '£ million a year', '%', 'admissions a year'."""
        if self.money:
            return "£ million a year" if self.display_unit.endswith(" m") else "£ a year"
        if self.percent or self.rate or not self.count:
            return self.display_unit or self.unit
        return f"{self.display_unit or self.unit} a year"

    def money_text(self, value: float, decimals: int, signed: bool = False) -> str:
        """Spend already in its display unit: £1,542.2m for 'GBP m', £1,542 for 'GBP'."""
        return fmt_money(value, decimals, signed, suffix="m" if self.display_unit.endswith(" m") else "")

    def shown(self, value: float) -> float:
        """A stored value in the display unit (GBP to GBP m, a fraction to %)."""
        return value * self.display_factor


class Metrics:
    """The file's /metrics rows, in the file's (registry) order."""

    def __init__(self, rows: list[Metric]):
        self.rows = rows
        self.by_name = {m.name: m for m in rows}

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def __iter__(self):
        return iter(self.rows)

    def get(self, name: str) -> Metric:
        """The metric, or for a name /metrics does not describe (a column added after the file's registry) one
        labelled by its own name, in no unit, shown as stored: a page can still show it, recognisably raw."""
        found = self.by_name.get(name)
        return found if found is not None else Metric(name, "", name.replace("_", " "), described=False)

    def headline(self) -> list[Metric]:
        """The headline metrics in headline order."""
        return sorted((m for m in self.rows if m.headline > 0), key=lambda m: m.headline)

    def sweep_headline(self) -> list[Metric]:
        """The sweep outputs whose sensitivity is shown first, in headline order (registry order if unranked)."""
        chosen = [m for m in self.rows if m.sweep == "headline"]
        return sorted(chosen, key=lambda m: (m.headline <= 0, m.headline))

    def in_order(self, names) -> list[str]:
        """names in registry order, then any the registry does not describe, in the order given."""
        names = list(names)
        return [m.name for m in self.rows if m.name in names] + [n for n in names if n not in self.by_name]

    def spend_total(self) -> Metric | None:
        """The total spend: the summary column docs/results-schema.md names `cost_gbp` (the four sectors' sum)."""
        return self.by_name.get(SPEND_TOTAL)

    def spend_sectors(self) -> list[Metric]:
        """Spend by sector: the `cost_` spend metrics but the total and the levers' programmes (parts of a sector),
        in registry order (the `cash_` metrics are another view of the same spend)."""
        return [m for m in self.rows if m.money and not m.rate and m.name.startswith(SECTOR_SPEND_PREFIX)
                and m.name != SPEND_TOTAL and not m.name.startswith(LEVER_SPEND_PREFIX)]

    def gap_parts(self, gap: Metric) -> tuple[Metric, Metric | None]:
        """For `X_gap_q1_q5`: the rate X it is the gap of, and `X_ratio_q1_q5` when /metrics has it."""
        base = gap.name[: -len(GAP_SUFFIX)]
        ratio = self.by_name.get(base + RATIO_SUFFIX)
        return self.get(base), ratio


def is_gap(metric: Metric) -> bool:
    return metric.name.endswith(GAP_SUFFIX)


def read_metrics(f, where: str = "/metrics") -> Metrics:
    """The /metrics table; a file without one was written before the registry and is refused: without it the
    units of /comparison (as simulated or for the whole population) could only be guessed."""
    import h5py
    import numpy as np
    if "metrics" not in f or not isinstance(f["metrics"], h5py.Group):
        raise ReportError("the file has no /metrics table (the metrics registry, which says what each metric "
                          "means and in which unit it is stored; docs/results-schema.md): it was written by an "
                          "icsflow older than this report; run it again with this icsflow")
    group = f["metrics"]
    columns = {c: read_column(group, c, where) for c in REQUIRED}
    n = len(columns["name"])
    optional = {"description": "", "headline": 0, "display_unit": "", "display_factor": 1.0, "decimals": 0,
                "better": "", "sweep": ""}
    for column, default in optional.items():
        if column in group:
            columns[column] = read_column(group, column, where)
        else:
            columns[column] = np.full(n, default, dtype=object)
    if any(len(c) != n for c in columns.values()):
        raise ReportError(f"{where} has columns of different lengths")
    if n == 0:
        raise ReportError(f"{where} is empty")
    rows = []
    for i in range(n):
        try:
            factor = float(columns["display_factor"][i])
            headline, decimals = int(columns["headline"][i]), int(columns["decimals"][i])
        except (TypeError, ValueError):
            raise ReportError(f"{where}: row {i} ('{columns['name'][i]}') has a headline, display_factor or "
                              "decimals that is not a number") from None
        if not factor or factor != factor:
            raise ReportError(f"{where}: '{columns['name'][i]}' has display_factor {factor}")
        display_unit = str(columns["display_unit"][i]) or str(columns["unit"][i])
        rows.append(Metric(str(columns["name"][i]), str(columns["unit"][i]), str(columns["label"][i]),
                           str(columns["description"][i]), headline, display_unit, factor, max(0, decimals),
                           str(columns["better"][i]), str(columns["sweep"][i])))
    names = [m.name for m in rows]
    duplicated = sorted({x for x in names if names.count(x) > 1})
    if duplicated:
        raise ReportError(f"{where} names '{duplicated[0]}' more than once")
    return Metrics(rows)
