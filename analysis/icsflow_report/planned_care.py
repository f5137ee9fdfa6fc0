"""Planned care (referral to treatment), for files with /scenarios/<name>/elective (elective.py): for a comparison a
sentence per alternative (the waiting list and 18-week performance at the last census against the base, with 95%
paired intervals), the waiting list and the share of it within 18 weeks week by week (every site, a line per
scenario with its 95% band), a table by acute site for each scenario, the operations cancelled on the day by quarter
(by_month.py), the pathways a year from the summary's elective metrics and, for a comparison whose /comparison has
it, the median weeks from referral to treatment by deprivation quintile and by borough, as icsflow compare computed
it (the report reads the median, never computes it). Files written before the table have no such section."""
from __future__ import annotations

import math

from .by_month import by_quarter
from .elective import PairedCensus, SiteRow, paired_census, site_rows, weekly_series
from .figures import ALL_SITES, LINESTYLES, OKABE_ITO, Figures
from .formatting import DASH, decimals_for, esc, fmt, fmt_interval
from .page import Page
from .results_file import BOROUGH_ALL, Results, Scenario
from .scenario_sections import quintile_label, range_line
from .student_t import mean_interval

STANDARD_18W = 92  # % of the list within 18 weeks of referral: the NHS Constitution's standard
# The summary's elective metrics (the registry's names, docs/results-schema.md) the pathways table reads.
REFERRALS, STOPS, STOPS_18W = "elective_referrals", "elective_clock_stops", "elective_stops_within_18w"
WEEKS_WAITED, CANCELLATIONS = "elective_weeks_waited", "elective_cancellations"
TRANSFERS = "elective_transfers"  # pooled lists
# /comparison's median weeks from referral to clock stop of each borough's and quintile's clock stops (icsflow's, from
# the summary's elective_stops_within_ columns; files written before it have no such rows).
MEDIAN_WEEKS = "elective_median_weeks_waited"
SEL = "All South East London"  # the row of /comparison's borough 'All', quintile 0


def percent(value, decimals):
    return f"{fmt(value, decimals)}%"


def cell(triple, decimals=None, show=fmt) -> str:
    """A mean with its 95% interval under it (decimals: about three significant figures of the mean if None)."""
    mean, low, high = triple
    d = decimals_for([mean]) if decimals is None else decimals
    return f'<td class="num">{show(mean, d)}{range_line(low, high, d, show)}</td>'


def planned_care_figure(figures: Figures, r: Results, shown: list[Scenario]) -> str:
    """Every site together, week by week: the waiting list (left) and its share within 18 weeks (right)."""
    plt = figures.plt
    from matplotlib.patches import Patch
    order = list(r.scenarios)
    scaled = any(s.scale != 1 for s in shown)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12.5, 3.9))
    banded = False
    for s in shown:
        k = order.index(s.name)
        weeks, listed, within = weekly_series(s.elective, s.scale)
        colour, style = OKABE_ITO[k % len(OKABE_ITO)], LINESTYLES[k % len(LINESTYLES)]
        for ax, (mean, low, high) in ((left, listed), (right, within)):
            ax.plot(weeks, mean, color=colour, linestyle=style, linewidth=1.4, label=s.name,
                    marker="o" if len(weeks) < 3 else None)
            if len(s.elective.replications) > 1:
                ax.fill_between(weeks, low, high, color=colour, alpha=0.15, linewidth=0)
                banded = True
    right.axhline(STANDARD_18W, color="#444444", linewidth=0.9, linestyle=":")
    left.set_title("Waiting list, every acute site", loc="left")
    left.set_ylabel("pathways on the list" + (" (whole population)" if scaled else ""))
    left.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    right.set_title("Within 18 weeks of referral (18-week performance)", loc="left")
    right.set_ylabel("% of the list")
    right.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.10g}%"))
    for ax in (left, right):
        ax.set_xlabel("week of the results period (census at its end)")
    handles = left.get_legend_handles_labels()[0]
    handles.append(plt.Line2D([], [], color="#444444", linewidth=0.9, linestyle=":",
                              label=f"{STANDARD_18W}% (NHS standard)"))
    if banded:
        handles.append(Patch(facecolor="#888888", alpha=0.3, label="95% interval over replications"))
    fig.tight_layout()
    fig.legend(handles=handles, frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0),
               title="scenario (line: mean over replications)", ncol=min(4, len(handles)))
    return figures.encode(fig, "planned_care")


def site_table(s: Scenario) -> str:
    weeks = s.elective.weeks
    first, last = f"week {weeks[0]}", f"week {weeks[-1]}"
    head = ("<tr><th>Acute site</th>"
            f'<th class="num">waiting list, first census ({first})</th>'
            f'<th class="num">waiting list, last census ({last})</th>'
            f'<th class="num">within 18 weeks, {last}</th>'
            f'<th class="num">over 52 weeks, {last}</th>'
            '<th class="num">clock stops a week</th>'
            f'<th class="num">cancelled on the day, weeks {weeks[0]}–{weeks[-1]}</th></tr>')
    body = []
    for row in site_rows(s.elective, s.scale):
        label = esc(row.site) if row.site is not None else f"<b>{esc(ALL_SITES)}</b>"
        body.append(f'<tr><td class="label">{label}</td>{site_cells(row)}</tr>')
    return f"<table>{head}{''.join(body)}</table>"


def site_cells(row: SiteRow) -> str:
    return (cell(row.first_list, 0) + cell(row.last_list, 0) + cell(row.within_18w, 1, percent) +
            cell(row.over_52w) + cell(row.stops_a_week) + cell(row.cancellations))


def difference_words(triple, decimals: int, unit: str) -> str:
    """'<b>+420</b> pathways (95% paired interval -120 to +960; not clearly different from zero)'."""
    mean, low, high = triple
    if not (math.isfinite(low) and math.isfinite(high)):
        interval = "no interval with one replication"
    else:
        interval = f"95% paired interval {fmt(low, decimals, signed=True)} to {fmt(high, decimals, signed=True)}"
        if low <= 0 <= high:
            interval += "; not clearly different from zero"
    return f"<b>{fmt(mean, decimals, signed=True)}</b> {unit} ({interval})"


def paired_sentence(alt: str, base: str, p: PairedCensus) -> str:
    listed = difference_words(p.waiting_list, decimals_for(p.waiting_list), "pathways")
    within = difference_words(p.within_18w, decimals_for(p.within_18w, minimum=1), "percentage points")
    return (f"<b>{esc(alt)}</b> against {esc(base)}, at the last census (week {p.week}): the waiting list changes by "
            f"{listed} and 18-week performance by {within}.")


def comparison_sentences(r: Results) -> list[str]:
    """A sentence per alternative with /elective, for a comparison whose base has it."""
    if not r.alternatives or r.comparison is None or r.scenarios[r.base].elective is None:
        return []
    base = r.scenarios[r.base]
    sentences = []
    for alt in r.alternatives:
        s = r.scenarios[alt]
        paired = paired_census(base.elective, base.scale, s.elective, s.scale) if s.elective is not None else None
        if paired is not None:
            sentences.append(paired_sentence(alt, r.base, paired))
    return sentences


def pathways_rows(r: Results, shown: list[Scenario]) -> list:
    """The summary's pathways a year: (label, {scenario: (mean, low, high) or None}, decimals, show) for the metrics
    some scenario has; the share within 18 weeks and the mean wait are of the clock stops."""
    import numpy as np

    def counts(name):
        return lambda s: s.per_year(name) if s.has(name) else None

    def ratio(top, bottom, factor=1.0):
        def values(s):
            if not (s.has(top) and s.has(bottom)):
                return None
            with np.errstate(divide="ignore", invalid="ignore"):
                return factor * s.totals(top) / s.totals(bottom)
        return values

    metrics = r.metrics
    wanted = [(f"{metrics.get(REFERRALS).label} (clock starts) a year", counts(REFERRALS), None, fmt),
              (f"{metrics.get(STOPS).label} a year", counts(STOPS), None, fmt),
              ("of which within 18 weeks of referral", ratio(STOPS_18W, STOPS, 100.0), 1, percent),
              ("mean weeks from referral to clock stop", ratio(WEEKS_WAITED, STOPS), 1, fmt),
              (f"{metrics.get(CANCELLATIONS).label} a year", counts(CANCELLATIONS), None, fmt)]
    if metrics.get(TRANSFERS) is not None:  # files written before pooled lists do not have it
        wanted.append((f"{metrics.get(TRANSFERS).label} a year (pooled lists)", counts(TRANSFERS), None, fmt))
    rows = []
    for label, get, decimals, show in wanted:
        values = {s.name: get(s) for s in shown}
        if any(v is not None for v in values.values()):
            rows.append((label, {name: tuple(float(x) for x in mean_interval(v)) if v is not None else None
                                 for name, v in values.items()}, decimals, show))
    return rows


def pathways_table(r: Results, shown: list[Scenario]) -> str:
    rows = pathways_rows(r, shown)
    if not rows:
        return ""
    head = "<tr><th>Pathways</th>" + "".join(f'<th class="num">{esc(s.name)}</th>' for s in shown) + "</tr>"
    body = []
    for label, values, decimals, show in rows:
        cells = [cell(values[s.name], decimals, show) if values[s.name] is not None else f'<td class="num">{DASH}</td>'
                 for s in shown]
        body.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
    return f"<h3>Pathways a year, every acute site</h3><table>{head}{''.join(body)}</table>"


def quarters_table(shown: list[Scenario]) -> str:
    """Operations cancelled on the day for want of a bed in each quarter, a column per scenario with /daily's
    calendar months; nothing when none has them."""
    quarters = {s.name: by_quarter(s) for s in shown}
    shown = [s for s in shown if quarters[s.name] is not None]
    if not shown:
        return ""
    rows = []  # (label, weeks) in order, from every scenario
    for s in shown:
        rows += [(q.label, q.weeks) for q in quarters[s.name] if (q.label, q.weeks) not in rows]
    decimals = decimals_for([q.cancellations[0] for s in shown for q in quarters[s.name]])  # one for the table
    head = "<tr><th>Quarter</th>" + "".join(f'<th class="num">{esc(s.name)}</th>' for s in shown) + "</tr>"
    body = []
    for label, weeks in rows:
        cells = []
        for s in shown:
            found = [q for q in quarters[s.name] if (q.label, q.weeks) == (label, weeks)]
            cells.append(cell(found[0].cancellations, decimals) if found else f'<td class="num">{DASH}</td>')
        body.append(f"<tr><td>{esc(label)} ({weeks} week{'s' if weeks != 1 else ''})</td>{''.join(cells)}</tr>")
    return ("<h3>Operations cancelled on the day for want of a bed, by quarter</h3>"
            f"<table>{head}{''.join(body)}</table>")


def median_keys(r: Results, by: str) -> list:
    """(label, borough, quintile) of a median table's rows: by 'quintile' 1 (most deprived) to 5, or by 'borough'
    (the base's, in its order), then all South East London."""
    if by == "quintile":
        keys = [(quintile_label(q), BOROUGH_ALL, q) for q in range(1, 6)]
    else:
        keys = [(b, b, 0) for b in r.scenarios[r.base].boroughs]
    return keys + [(SEL, BOROUGH_ALL, 0)]


def median_values(r: Results, keys: list) -> dict:
    """(borough, quintile) -> {alternative: /comparison's row of the median for the whole period (year 0), or None}."""
    return {(b, q): {alt: r.comparison.get(MEDIAN_WEEKS, alt, b, q) for alt in r.alternatives} for _, b, q in keys}


def median_cells(row: dict, decimals: int, difference_decimals: int) -> str:
    """The base's median (every alternative's row holds it), then each alternative's, its difference and the 95%
    paired interval, as /comparison has them; shaded where the interval excludes zero; dashes without a row."""
    base = next((v.base for v in row.values() if v is not None), None)
    cells = [f'<td class="num">{fmt(base, decimals) if base is not None else DASH}</td>']
    for v in row.values():
        if v is None:
            cells.append(f'<td class="num">{DASH}</td>' * 3)
            continue
        klass = (" clear-down" if v.diff < 0 else " clear-up") if v.excludes_zero() else ""
        cells.append(f'<td class="num">{fmt(v.alt, decimals)}</td>'
                     f'<td class="num{klass}">{fmt(v.diff, difference_decimals, signed=True)}</td>'
                     f'<td class="num">{fmt_interval(v.low, v.high, difference_decimals)}</td>')
    return "".join(cells)


def median_table(r: Results, title: str, keys: list) -> str:
    """A row per key: the weeks to the registry's decimals, the differences to about three significant figures (at
    least as many), one number of decimals for each of the two in the table."""
    metric = r.metrics.get(MEDIAN_WEEKS)
    decimals = metric.decimals if metric.described else 1
    values = median_values(r, keys)
    differences = [x for row in values.values() for v in row.values() if v is not None
                   for x in (v.diff, v.low, v.high)]
    difference_decimals = decimals_for(differences, minimum=decimals, maximum=max(2, decimals))
    head = f'<tr><th>Residents of</th><th class="num">{esc(r.base)}</th>' + "".join(
        f'<th class="num">{esc(a)}</th><th class="num">difference</th><th class="num">95% interval</th>'
        for a in r.alternatives) + "</tr>"
    body = []
    for label, borough, quintile in keys:
        text = f"<b>{esc(label)}</b>" if label == SEL else esc(label)
        body.append(f'<tr><td class="label">{text}</td>'
                    f"{median_cells(values[(borough, quintile)], decimals, difference_decimals)}</tr>")
    return f"<h3>{esc(title)}</h3><table>{head}{''.join(body)}</table>"


def median_tables(r: Results) -> str:
    """For a comparison whose /comparison has the median weeks from referral to treatment: a table by deprivation
    quintile and one by borough, and their note; nothing for files written before the metric."""
    if not r.alternatives or r.comparison is None or MEDIAN_WEEKS not in r.comparison.metrics:
        return ""
    metric = r.metrics.get(MEDIAN_WEEKS)
    label = metric.label if metric.described else "Median weeks from referral to treatment"
    return (median_table(r, f"{label}, by deprivation quintile", median_keys(r, "quintile")) +
            median_table(r, f"{label}, by borough", median_keys(r, "borough")) +
            '<p class="note">The median weeks from referral to RTT clock stop of the clock stops of the residents of '
            "each group, over the whole results period, as <code>icsflow compare</code> computed it (the "
            "<code>/comparison</code> table): each replication's median, interpolated linearly between the clock "
            "stops within 4, 8, 13, 18, 26, 39 and 52 weeks of referral, then the mean over replications (lower is "
            "better; the gap between quintiles is the equity of access to planned care). Difference: alternative "
            "− base, with its 95% paired interval; shaded where the interval excludes zero. A dash marks a group "
            "with no clock stops, or over half of them after more than 52 weeks.</p>")


def planned_care_section(page: Page, r: Results):
    shown = [s for s in r.scenarios.values() if s.elective is not None]
    if not shown:
        return
    scaled = any(s.scale != 1 for s in shown)
    page.section("planned-care", "Planned care (referral to treatment)")
    sentences = comparison_sentences(r)
    if sentences:
        page.add('<div class="box"><ul class="findings">' + "".join(f"<li>{s}</li>" for s in sentences) +
                 "</ul></div>")
    page.figure(planned_care_figure(page.figures, r, shown),
                "Waiting list and its share within 18 weeks, week by week, every acute site",
                "Every acute site together, at the census at the end of each week of the results period: left, the "
                "pathways on the waiting list" + (" for the whole population" if scaled else "") + "; right, the "
                f"share of them waiting 18 weeks or less since referral, with the NHS standard of {STANDARD_18W}% "
                "dotted. Line: mean over replications; band: its 95% interval (Student <i>t</i> over "
                "replications). The left panel's scale does not start from zero.")
    for s in shown:
        page.add(f"<h3>Waiting list by acute site: {esc(s.name)}</h3>{site_table(s)}")
    page.add(quarters_table(shown))
    page.add(pathways_table(r, shown))
    page.add(median_tables(r))
    page.add('<p class="note">Referral to treatment (RTT) pathways, not people: a patient waiting for two treatments '
             "is on the list twice. South East London residents only: pathways start at residents' GP appointments, "
             "so patients from elsewhere on the same sites' lists are not counted. The model's outpatient clinics "
             "and theatre lists are sized to the published ratio of clock stops to clock starts "
             "(models/data/sel/elective.toml). " + cancellations_note(shown) + " The census is at the end of each "
             "week of the results period (week 1 ends a week after the warm-up); "
             "18-week performance is the share of the list waiting 18 weeks or less since referral, against the NHS "
             f"standard of {STANDARD_18W}%. Counts are "
             + ("for the whole population (simulated divided by the scale), " if scaled else "") +
             "the mean over replications with its 95% interval under it (Student <i>t</i> over replications; none "
             "from one replication); clock stops a week are the mean over the weeks. The pathways a year are the "
             "summary's, every year of the results period; the share within 18 weeks and the mean wait are of the "
             "clock stops. Operations cancelled by quarter are the total of the weeks that end in it (a week counts "
             "in the quarter of its last day, by /daily's calendar months). Differences against the base are "
             "alternative − base, replication by replication (paired, as <code>icsflow compare</code> pairs them), "
             "with the Student <i>t</i> interval of their mean.</p>")


def cancellations_note(shown: list[Scenario]) -> str:
    """Why operations are cancelled on the day: emergencies in elective beds in files with /daily's outliers column,
    only the elective beds' own variability in files written before it (elective beds ring-fenced)."""
    if any(s.daily is not None and s.daily.outliers is not None for s in shown):
        return ("When a site's emergency and escalation beds are full, emergency patients take elective beds that are "
                "not ring-fenced (outliers, month by month in the beds section), so operations are cancelled on the "
                "day for want of a bed, mostly in winter; the elective beds' own busy days cancel a few more.")
    return ("Elective beds are ring-fenced in the version that wrote this file, so emergencies do not cancel "
            "operations: an operation cancelled on the day is one the ring-fenced beds could not take.")
