"""Month by month, for the report's beds section and the results page's data (page_data.py, `monthly`): G&A bed
occupancy by emergency patients and patients with no criteria to reside in a bed a night, all acute sites together,
by calendar month of the results period (/daily's `month` column; consecutive 30-day blocks in files written
before it). Each is the mean over replications of each replication's mean night of the month, with its 95% interval
(Student t over replications, student_t.py)."""
from __future__ import annotations

from dataclasses import dataclass

from .by_year import DAYS_PER_YEAR
from .figures import ALL_SITES, delayed_series, occupancy_series, quiet_nan_warnings
from .results_file import Scenario
from .student_t import mean_interval

MONTH_DAYS = 30  # a block of a file without the month column
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass
class Months:
    """The blocks of the results period, in order, and their values: (mean, low, high) arrays, one entry a block."""
    labels: list | None    # "Apr", ..., "Mar", then "Apr Y2", ...; None for 30-day blocks
    first_days: list       # each block's first day of the results period (0 is the first)
    days: list             # each block's number of days
    occupancy: tuple       # % of the beds open
    delayed: tuple | None  # patients a night, whole population; None without beds_occupied_medically_fit


def month_label(month: int, day: int) -> str:
    """A calendar month starting on a day of the results period: 'Apr' in its first year, 'Apr Y2' in the second."""
    year = day // DAYS_PER_YEAR + 1
    return MONTH_NAMES[month - 1] + (f" Y{year}" if year > 1 else "")


def month_blocks(days, months):
    """Each day's block (0, 1, ...): a new block whenever the calendar month changes along the days; 30 days each
    from the start of the results period when there are no months."""
    import numpy as np
    if months is None:
        block = np.asarray(days) // MONTH_DAYS
    else:
        block = np.concatenate(([0], np.cumsum(np.diff(months) != 0)))
    return np.unique(block, return_inverse=True)[1]


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

    def interval(grid):
        """[replication, day] -> per replication the mean over each block's days, then their mean and interval."""
        with np.errstate(all="ignore"), quiet_nan_warnings():
            per_replication = np.stack([np.nanmean(grid[:, block == k], axis=1) for k in blocks], axis=1)
        return mean_interval(per_replication)

    delayed = delayed_series(scenario)
    return Months(labels=[month_label(months[i], days[i]) for i in first] if months is not None else None,
                  first_days=[int(days[i]) for i in first], days=[int(np.sum(block == k)) for k in blocks],
                  occupancy=interval(by_site[ALL_SITES]),
                  delayed=interval(delayed[2][ALL_SITES]) if delayed is not None else None)
