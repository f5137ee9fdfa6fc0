"""Year by year, for a comparison of runs longer than a year (/comparison rows with year 1, 2, ...): how the key
metrics' differences grow as the levers ramp up, as a line per alternative with its 95% interval as a band, and a
table of every headline metric's difference each year. A comparison of a year or less has no such rows and no
such section."""
from __future__ import annotations

import math

from . import headline
from .figures import OKABE_ITO, Figures
from .formatting import DASH, esc
from .metrics import CASH_SPEND, Metric
from .results_file import Results

DAYS_PER_YEAR = 365  # the model's years (docs/results-schema.md, `year`)


def year_days(years: float) -> list[int]:
    """The days of each year of a results period of `years` years, as the model cuts it: whole days (rounded half
    up), 365 to a year, the last what is left."""
    days = math.floor(years * DAYS_PER_YEAR + 0.5)
    count = max(1, -(-days // DAYS_PER_YEAR))
    return [min(DAYS_PER_YEAR, days - DAYS_PER_YEAR * k) for k in range(count)]


def year_label(year: int, days: list[int]) -> str:
    length = days[year - 1] if year <= len(days) else DAYS_PER_YEAR
    return f"year {year}" + (f" ({length} days)" if length < DAYS_PER_YEAR else "")


def key_metrics(results: Results) -> list[Metric]:
    """The registry's key metrics (the sweeps' headline outputs) that /comparison holds, in headline order, and
    the cash spend beside the total: over the years, what is cash and what is capacity diverge."""
    chosen = [m for m in results.metrics.sweep_headline() if m.name in results.comparison.metrics]
    if CASH_SPEND in results.comparison.metrics and all(m.name != CASH_SPEND for m in chosen):
        chosen.append(results.metrics.get(CASH_SPEND))
    return chosen


def by_year_figure(figures: Figures, results: Results, metrics: list[Metric], days: list[int]) -> str:
    import numpy as np
    plt = figures.plt
    years = results.comparison.years
    columns = 2 if len(metrics) > 1 else 1
    rows = (len(metrics) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(12.5, 3.4 * rows), squeeze=False)
    for ax, metric in zip(axes.ravel(), metrics):
        for i, alt in enumerate(results.alternatives):
            values = [results.comparison.get(metric.name, alt, year=y) for y in years]
            diff, low, high = (np.array([metric.shown(getattr(v, part)) if v else np.nan for v in values])
                               for part in ("diff", "low", "high"))
            colour = OKABE_ITO[(i + 1) % len(OKABE_ITO)]
            ax.plot(years, diff, color=colour, marker="o", linewidth=1.4, label=alt)
            ax.fill_between(years, low, high, color=colour, alpha=0.18, linewidth=0)
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_xticks(years, [year_label(y, days).replace(" (", "\n(") for y in years])
        unit = metric.display_unit or metric.unit
        ax.set_title(metric.label + (f" ({unit})" if unit else ""), loc="left")
        ax.set_ylabel("alternative − base, a year")
    for ax in axes.ravel()[len(metrics):]:
        ax.set_visible(False)
    fig.tight_layout()
    fig.legend(*axes.ravel()[0].get_legend_handles_labels(), frameon=False, loc="upper center",
               title=f"alternative vs {results.base} (band: 95% interval)", bbox_to_anchor=(0.5, 0.0),
               ncol=min(4, len(results.alternatives)))
    return figures.encode(fig, "by_year")


def table_html(results: Results, alt: str, days: list[int]) -> str:
    years = results.comparison.years
    head = "<tr><th>Measure (a year)</th>" + "".join(f'<th class="num">{esc(year_label(y, days))}</th>'
                                                     for y in years) + "</tr>"
    body = []
    for metric in results.metrics.headline():
        cells = []
        for year in years:
            v = results.comparison.get(metric.name, alt, year=year)
            if v is None:
                cells.append(f'<td class="num">{DASH}</td>')
                continue
            _, _, diff, interval = headline.format_values(metric, v)
            klass, _ = headline.reading(metric, v)
            cells.append(f'<td class="num {klass}">{diff}<br><span class="ci">{interval}</span></td>')
        body.append(f"<tr><td>{esc(metric.label)}</td>{''.join(cells)}</tr>")
    return f'<table>{head}{"".join(body)}</table>'


def by_year_section(page, results: Results):
    if not results.alternatives or results.comparison is None or not results.comparison.years:
        return
    base = results.scenarios[results.base]
    days = year_days(base.years)
    page.section("by-year", f"Year by year: {', '.join(results.alternatives)} compared with {results.base}")
    metrics = key_metrics(results)
    if metrics:
        page.figure(by_year_figure(page.figures, results, metrics, days), "Key differences year by year",
                    "Each year's difference (alternative − base, a year for all South East London) with its 95% "
                    "paired interval as a band: the levers' effects and the capacity they add ramp up over "
                    "<code>levers.timing.years_to_full_effect</code> (docs/scenarios.md).")
    for alt in results.alternatives:
        page.add(f"<h3>{esc(alt)} − {esc(results.base)}, each year</h3>")
        page.add(table_html(results, alt, days))
    page.add('<p class="note">From the rows of /comparison for each year of the results period (365 days each from '
             "the end of the warm-up; a shorter last year is shown a year's worth, as a rate over its own length). "
             "Each cell is the difference and, under it, its 95% paired interval; shaded where the interval "
             "excludes zero. The headline above is the whole period, its own comparison, not the mean of these "
             "years.</p>")
