"""Month by month, for the report's beds section and the results page's data (page_data.py, `monthly`): G&A bed
occupancy by emergency patients, patients with no criteria to reside in a bed a night and emergency patients in
elective beds a night (outliers), all acute sites together, by calendar month of the results period (/daily's
`month` column; consecutive 30-day blocks in files written before it), and operations cancelled on the day for want
of a bed a week (/elective). Each is the mean over replications of each replication's mean night (or week) of the
month, with its 95% interval (Student t over replications, student_t.py). And the cancellations by quarter, for the
planned care section (planned_care.py).

The weeks of /elective are the results period's: week w is days 7(w - 1) to 7w - 1, and it counts in the month (or
quarter) its last day, 7w - 1, falls in, by /daily's calendar of the days."""
from __future__ import annotations

from dataclasses import dataclass

from .by_year import DAYS_PER_YEAR
from .elective import weekly_totals
from .figures import ALL_SITES, delayed_series, occupancy_series, outlier_series, quiet_nan_warnings
from .results_file import Scenario
from .student_t import mean_interval

MONTH_DAYS = 30  # a block of a file without the month column
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
QUARTER_NAMES = ["Apr–Jun", "Jul–Sep", "Oct–Dec", "Jan–Mar"]  # the quarters of a year from 1 April
WEEK_DAYS = 7


@dataclass
class Months:
    """The blocks of the results period, in order, and their values: (mean, low, high) arrays, one entry a block."""
    labels: list | None    # "Apr", ..., "Mar", then "Apr Y2", ...; None for 30-day blocks
    first_days: list       # each block's first day of the results period (0 is the first)
    days: list             # each block's number of days
    occupancy: tuple       # % of the beds open
    delayed: tuple | None  # patients a night, whole population; None without beds_occupied_medically_fit
    # Emergency patients in elective beds a night, whole population; None without /daily's outliers column.
    outliers: tuple | None = None
    # Operations cancelled on the day a week, whole population (NaN in a block where no week ends); None without
    # /elective.
    cancellations: tuple | None = None


@dataclass
class Quarter:
    """A quarter of the results period and the operations cancelled on the day in its weeks."""
    label: str             # "Apr–Jun", ..., "Jan–Mar", then "Apr–Jun Y2", ...
    weeks: int             # the weeks of /elective that end in it
    cancellations: tuple   # (mean, low, high) over replications of the quarter's total, whole population


def month_label(month: int, day: int) -> str:
    """A calendar month starting on a day of the results period: 'Apr' in its first year, 'Apr Y2' in the second."""
    return MONTH_NAMES[month - 1] + year_mark(day)


def year_mark(day: int) -> str:
    """'' in the first year of the results period, ' Y2' in the second, and so on."""
    year = day // DAYS_PER_YEAR + 1
    return f" Y{year}" if year > 1 else ""


def month_blocks(days, months):
    """Each day's block (0, 1, ...): a new block whenever the calendar month changes along the days; 30 days each
    from the start of the results period when there are no months."""
    import numpy as np
    if months is None:
        block = np.asarray(days) // MONTH_DAYS
    else:
        block = changes(months)
    return np.unique(block, return_inverse=True)[1]


def changes(keys):
    """0, 1, ... along `keys`, a new number whenever the key changes."""
    import numpy as np
    return np.concatenate(([0], np.cumsum(np.diff(keys) != 0)))


def week_ends(weeks, days):
    """For each week of /elective, the index in `days` (/daily's sorted days) of its last day, 7w - 1; -1 for a week
    whose last day /daily does not have."""
    import numpy as np
    last = WEEK_DAYS * np.asarray(weeks, dtype=np.int64) - 1
    at = np.minimum(np.searchsorted(days, last), len(days) - 1)
    return np.where(np.asarray(days)[at] == last, at, -1)


def by_month(scenario: Scenario) -> Months | None:
    """The scenario's months (None without /daily)."""
    import numpy as np
    occupancy = occupancy_series(scenario)
    if occupancy is None:
        return None
    _, days, by_site = occupancy
    months = scenario.daily.months
    block = month_blocks(days, months)
    blocks = range(block.max() + 1)
    first = [int(np.argmax(block == k)) for k in blocks]

    def interval(grid, of=block):
        """[replication, day or week] -> per replication the mean over each block's days (or weeks: `of` gives
        their blocks), then their mean and interval; NaN for a block with none."""
        with np.errstate(all="ignore"), quiet_nan_warnings():
            per_replication = np.stack([np.nanmean(grid[:, of == k], axis=1) for k in blocks], axis=1)
        return mean_interval(per_replication)

    delayed, outliers = delayed_series(scenario), outlier_series(scenario)
    weekly = cancellations_a_week(scenario)
    return Months(labels=[month_label(months[i], days[i]) for i in first] if months is not None else None,
                  first_days=[int(days[i]) for i in first], days=[int(np.sum(block == k)) for k in blocks],
                  occupancy=interval(by_site[ALL_SITES]),
                  delayed=interval(delayed[2][ALL_SITES]) if delayed is not None else None,
                  outliers=interval(outliers[2][ALL_SITES]) if outliers is not None else None,
                  cancellations=interval(weekly[0], of=np.where(weekly[1] >= 0, block[weekly[1]], -1))
                  if weekly is not None else None)


def cancellations_a_week(scenario: Scenario):
    """([replication, week] operations cancelled on the day, every site, whole population; each week's index in
    /daily's days, week_ends), or None without /elective or /daily."""
    e, d = scenario.elective, scenario.daily
    if e is None or d is None:
        return None
    return weekly_totals(e, "cancellations") / scenario.scale, week_ends(e.weeks, d.days)


def by_quarter(scenario: Scenario) -> list[Quarter] | None:
    """The operations cancelled on the day in each quarter of the results period (Apr–Jun, Jul–Sep, Oct–Dec,
    Jan–Mar, by /daily's calendar months), the total of the weeks that end in it; None without /elective or without
    /daily's month column, or with no week /daily has."""
    import numpy as np
    weekly = cancellations_a_week(scenario)
    if weekly is None or scenario.daily.months is None or not np.any(weekly[1] >= 0):
        return None
    counts, at = weekly[0][:, weekly[1] >= 0], weekly[1][weekly[1] >= 0]
    day, month = scenario.daily.days[at], scenario.daily.months[at]
    quarter = (month - 4) % 12 // 3  # 0 for April to June, ... 3 for January to March
    group = changes(day // DAYS_PER_YEAR * len(QUARTER_NAMES) + quarter)
    out = []
    for k in range(group.max() + 1):
        mine = group == k
        first = int(np.argmax(mine))
        mean, low, high = mean_interval(counts[:, mine].sum(axis=1))
        out.append(Quarter(QUARTER_NAMES[quarter[first]] + year_mark(int(day[first])), int(mine.sum()),
                           (float(mean), float(low), float(high))))
    return out
