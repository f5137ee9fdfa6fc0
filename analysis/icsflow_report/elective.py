"""Planned care, /scenarios/<name>/elective (docs/results-schema.md): referral to treatment (RTT) pathways, a row per
replication x week x acute site x specialty with the census of the waiting list at the end of the week and the
week's clock stops and cancellations, read into grids; and the numbers the report shows of them, for the whole
population (simulated / scale), each the mean over replications with its 95% interval (Student t over
replications, student_t.py), or a paired difference (alternative - base, replication by replication). Files written
before the table have none, and an empty table (a results period shorter than a week) is taken as none."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ReportError
from .hdf5 import read_column
from .student_t import mean_interval

ELECTIVE_COLUMNS = ["replication", "week", "site", "specialty", "waiting_list", "waiting_over_18w", "waiting_over_52w",
                    "clock_stops", "cancellations"]
COUNTS = ELECTIVE_COLUMNS[4:]


@dataclass
class Elective:
    sites: list           # in the file's order
    specialties: list
    weeks: "object"       # 1-D array of week numbers (1 is the census at the end of the first week)
    replications: "object"
    counts: dict          # column of COUNTS -> [replication, week, site, specialty], NaN where the file has no row


def read_elective(group, where) -> Elective | None:
    """The table's grids; None for a table with no rows."""
    import numpy as np
    columns = {name: read_column(group, name, where) for name in ELECTIVE_COLUMNS}
    n = len(columns["week"])
    if any(len(c) != n for c in columns.values()):
        raise ReportError(f"{where} has columns of different lengths")
    if n == 0:
        return None
    for name in ["replication", "week", *COUNTS]:
        if columns[name].dtype.kind not in "iuf":
            raise ReportError(f"{where}/{name} is not a column of numbers")
    if np.any(columns["week"] < 1):
        raise ReportError(f"{where}/week must number the weeks of the results period from 1")
    found = {}
    for name in ("site", "specialty"):
        found[name] = list(dict.fromkeys(columns[name]))  # first appearance order
    site_of = {s: i for i, s in enumerate(found["site"])}
    specialty_of = {s: i for i, s in enumerate(found["specialty"])}
    site_index = np.fromiter((site_of[s] for s in columns["site"]), dtype=np.int64, count=n)
    specialty_index = np.fromiter((specialty_of[s] for s in columns["specialty"]), dtype=np.int64, count=n)
    reps, rep_index = np.unique(columns["replication"], return_inverse=True)
    weeks, week_index = np.unique(columns["week"], return_inverse=True)
    shape = (len(reps), len(weeks), len(found["site"]), len(found["specialty"]))
    counts = {}
    for name in COUNTS:
        grid = np.full(shape, np.nan)
        grid[rep_index, week_index, site_index, specialty_index] = columns[name]
        counts[name] = grid
    return Elective(found["site"], found["specialty"], weeks, reps, counts)


def weekly_totals(e: Elective, column: str, site: str | None = None):
    """[replication, week]: a column summed over the specialties and the sites (one site, if named), as simulated."""
    import numpy as np
    chosen = slice(None) if site is None else [e.sites.index(site)]
    return np.nansum(e.counts[column][:, :, chosen, :], axis=(2, 3))


def within_18_weeks(e: Elective, site: str | None = None):
    """[replication, week]: the share of the list (%) waiting 18 weeks or less since referral; NaN for no list."""
    import numpy as np
    listed = weekly_totals(e, "waiting_list", site)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100 * (listed - weekly_totals(e, "waiting_over_18w", site)) / listed


@dataclass
class SiteRow:
    """A row of the report's table: each (mean, low, high) over replications, the counts for the whole population."""
    site: str | None       # None: every site together
    first_list: tuple      # the waiting list at the first census
    last_list: tuple       # and at the last
    within_18w: tuple      # % of the list within 18 weeks at the last census (18-week performance)
    over_52w: tuple        # waiting over 52 weeks at the last census
    stops_a_week: tuple    # clock stops a week, the mean over the weeks
    cancellations: tuple   # operations cancelled on the day over every week of the table


def site_rows(e: Elective, scale: float) -> list[SiteRow]:
    """A row for each acute site, in the file's order, then every site together."""
    rows = []
    for site in e.sites + [None]:
        listed = weekly_totals(e, "waiting_list", site) / scale
        rows.append(SiteRow(
            site=site, first_list=_interval(listed[:, 0]), last_list=_interval(listed[:, -1]),
            within_18w=_interval(within_18_weeks(e, site)[:, -1]),
            over_52w=_interval(weekly_totals(e, "waiting_over_52w", site)[:, -1] / scale),
            stops_a_week=_interval(weekly_totals(e, "clock_stops", site).mean(axis=1) / scale),
            cancellations=_interval(weekly_totals(e, "cancellations", site).sum(axis=1) / scale)))
    return rows


def weekly_series(e: Elective, scale: float):
    """Every site together, week by week: (weeks, waiting list, % within 18 weeks), each of the two (mean, low,
    high) arrays over the weeks, the list for the whole population."""
    return (e.weeks, mean_interval(weekly_totals(e, "waiting_list") / scale),
            mean_interval(within_18_weeks(e)))


@dataclass
class PairedCensus:
    """An alternative against the base at their last common census, every site together, paired by replication:
    (mean, low, high) of alternative - base."""
    week: int
    replications: int        # the replications both have
    waiting_list: tuple      # pathways, whole population
    within_18w: tuple        # percentage points


def paired_census(base: Elective, base_scale: float, alt: Elective, alt_scale: float) -> PairedCensus | None:
    """None when the two share no replication or no census week."""
    import numpy as np
    reps = np.intersect1d(base.replications, alt.replications)
    weeks = np.intersect1d(base.weeks, alt.weeks)
    if len(reps) == 0 or len(weeks) == 0:
        return None
    week = weeks[-1]

    def at_census(e: Elective, values):
        return values[np.searchsorted(e.replications, reps), np.searchsorted(e.weeks, week)]

    listed = [at_census(e, weekly_totals(e, "waiting_list") / scale)
              for e, scale in ((base, base_scale), (alt, alt_scale))]
    within = [at_census(e, within_18_weeks(e)) for e in (base, alt)]
    return PairedCensus(int(week), len(reps), _interval(listed[1] - listed[0]), _interval(within[1] - within[0]))


def _interval(values) -> tuple:
    mean, low, high = mean_interval(values)
    return float(mean), float(low), float(high)
