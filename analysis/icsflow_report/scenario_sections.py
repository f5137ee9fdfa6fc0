"""The sections every results file gets, one column (or bar) per scenario: beds over time, by site and month by
month, spend by sector, results by borough and by deprivation quintile. Each number is the mean over replications
of the file's own rows (/daily, /scenarios/<name>/summary) with, underneath, the lowest to the highest replication:
the file holds no interval for a single scenario. The one exception is month by month, with its 95% interval over
replications (by_month.py), as the results page draws it."""
from __future__ import annotations

import math

from .by_month import Months, by_month
from .figures import ALL_SITES, delayed_series, occupancy_series, quiet_nan_warnings, short_labels, spend_figure, \
    time_series_figure
from .formatting import DASH, decimals_for, esc, fmt, lower_first, slug
from .page import Page
from .results_file import BOROUGH_ALL, Results, Scenario, spread

PER_RESIDENTS = 1000  # the borough tables' rates are a year per 1,000 residents


def range_line(low: float, high: float, decimals: int, show=fmt) -> str:
    """The replications' range under a mean, or nothing with one replication."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return ""
    return f'<span class="ci">{show(low, decimals)} to {show(high, decimals)}</span>'


def quintile_label(q: int) -> str:
    return f"Quintile {q}" + (" (most deprived)" if q == 1 else " (least deprived)" if q == 5 else "")


def beds_section(page: Page, r: Results):
    import numpy as np
    page.section("beds", "Bed occupancy and delayed discharges")
    if not any(s.daily is not None for s in r.scenarios.values()):
        page.add('<p class="note">The file has no /daily table, so there are no bed plots.</p>')
        return
    scaled = any(s.scale != 1 for s in r.scenarios.values())
    page.add("<h3>Bed occupancy</h3>")
    png = time_series_figure(page.figures, r, occupancy_series,
                             "G&A bed occupancy by emergency patients, midnight census", "beds occupied (%)",
                             "occupancy", reference=(92, "92% (NHS planning guidance)"), percent=True)
    page.figure(png, "Bed occupancy over time per acute site",
                "Beds occupied by emergency patients as a share of the general &amp; acute beds open to them "
                "(including escalation beds open that night), each night of the results period. Line: mean over "
                "replications; shaded band: lowest to highest replication. The dotted line marks 92%.")
    page.add("<h3>Delayed discharges</h3>")
    png = time_series_figure(page.figures, r, delayed_series,
                             "Beds occupied by medically fit patients waiting to leave (delayed discharges)",
                             "beds" + (" (whole population)" if scaled else ""), "delayed_discharges")
    page.figure(png, "Delayed-discharge beds over time per acute site",
                "Beds occupied each night by patients who are medically fit (no criteria to reside) but still in "
                "the bed: waiting for the hospital's own steps, a referral, an assessment or a place to go to. "
                "Line: mean over replications; band: lowest to highest replication.")
    sites = []
    for s in r.scenarios.values():
        if s.daily is not None:
            sites += [x for x in s.daily.sites if x not in sites]
    head = ('<tr><th rowspan="2">Acute site</th>' + "".join(
        f'<th class="span" colspan="3">{esc(s.name)}</th>' for s in r.scenarios.values()) + "</tr><tr>" +
        '<th class="num">beds open</th><th class="num">occupancy</th><th class="num">delayed-discharge beds</th>'
        * len(r.scenarios) + "</tr>")
    body = []
    for site in sites + [ALL_SITES]:
        cells = []
        for s in r.scenarios.values():
            d = s.daily
            if d is None or (site not in d.sites and site != ALL_SITES):
                cells.append(f'<td class="num">{DASH}</td>' * 3)
                continue
            chosen = slice(None) if site == ALL_SITES else [d.sites.index(site)]
            with np.errstate(all="ignore"), quiet_nan_warnings():
                available = np.nansum(d.available[:, chosen, :], axis=1)
                occupied = np.nansum(d.occupied[:, chosen, :], axis=1)
                fit = np.nansum(d.fit[:, chosen, :], axis=1) if not np.all(np.isnan(d.fit)) else None
                occupancy = 100 * occupied.sum(axis=1) / available.sum(axis=1)
                beds = np.nanmean(available) / s.scale
                fit_mean = np.nanmean(fit) / s.scale if fit is not None else math.nan
            m, low, high = spread(occupancy)
            cells.append(f'<td class="num">{fmt(beds, 0)}</td><td class="num">{fmt(m, 1)}%'
                         f'{range_line(low, high, 1)}</td><td class="num">{fmt(fit_mean, 1)}</td>')
        body.append(f"<tr><td>{esc(site)}</td>{''.join(cells)}</tr>")
    page.add("<h3>Mean over the results period, by acute site</h3>"
             f"<table>{head}{''.join(body)}</table>"
             '<p class="note">Beds open and delayed-discharge beds are nightly means'
             + (" for the whole population (simulated beds divided by the scale)" if scaled else "") +
             "; occupancy is the mean over replications with, below it, the lowest to the highest replication."
             "</p>")
    reasons_table(page, r, scaled)
    months_tables(page, r, scaled)


# NHS England's discharge-delay categories, as the daily table's `nctr_<reason>` columns name them.
NCTR_REASONS = {
    "discharge_summary": "a medical decision or the discharge summary",
    "medicines": "medicines to take out",
    "transport": "transport (or the morning's discharge window)",
    "referral": "referral to the community's single point of access",
    "assessment": "a ward assessment for support after discharge",
    "home_care": "reablement or care at home (pathway 1)",
    "rehab_bed": "a rehabilitation or intermediate care bed (pathway 2)",
    "care_home": "a residential or nursing home place (pathway 3)",
}


def reasons_table(page: Page, r: Results, scaled: bool):
    """Patients with no criteria to reside still in a bed at midnight, by what they wait for, every site."""
    import numpy as np
    with_reasons = [s for s in r.scenarios.values() if s.daily is not None and s.daily.reasons]
    if not with_reasons:
        return
    reasons = list(NCTR_REASONS) + [x for s in with_reasons for x in s.daily.reasons if x not in NCTR_REASONS]
    head = "<tr><th>Waiting for</th>" + "".join(f'<th class="num">{esc(s.name)}</th>' for s in with_reasons) + "</tr>"
    body = []
    for reason in reasons + [None]:
        cells = []
        for s in with_reasons:
            if reason and reason not in s.daily.reasons:
                cells.append(f'<td class="num">{DASH}</td>')
                continue
            grids = [s.daily.reasons[reason]] if reason else list(s.daily.reasons.values())
            with quiet_nan_warnings():
                # Summed over sites, then the mean night over days and replications.
                value = float(np.nanmean(sum(np.nansum(g, axis=1) for g in grids))) / s.scale
            cells.append(f'<td class="num">{fmt(value, 1)}</td>')
        label = esc(NCTR_REASONS.get(reason, reason.replace("_", " "))) if reason else "<b>all reasons</b>"
        body.append(f"<tr><td>{label}</td>{''.join(cells)}</tr>")
    page.add("<h3>Why medically fit patients are still in a bed</h3>"
             f"<table>{head}{''.join(body)}</table>"
             '<p class="note">Patients with no criteria to reside in a G&amp;A bed at midnight, every site, by what '
             "they are waiting for (NHS England's discharge-delay categories), mean a night"
             + (" for the whole population" if scaled else "") +
             ". Published for comparison: about 270-330 a night for South East London's share of London in "
             "2022-23 (docs/calibration.md), including elective and out-of-area patients the model does not "
             "simulate.</p>")


def months_tables(page: Page, r: Results, scaled: bool):
    """Month by month (by_month.py), a table for each scenario with /daily."""
    shown = [(s, by_month(s)) for s in r.scenarios.values()]
    shown = [(s, months) for s, months in shown if months is not None]
    for s, months in shown:
        page.add(f"<h3>Month by month: {esc(s.name)}</h3>{month_table(months)}")
    if shown:
        page.add('<p class="note">All acute sites together. For each replication the mean night of the month, then '
                 "the mean over replications with, under it, its 95% interval (Student <i>t</i> over replications; "
                 "none from one replication). Patients with no criteria to reside are the medically fit still in a "
                 "G&amp;A bed at midnight" + (", for the whole population" if scaled else "") + ". Calendar months "
                 "of the results period, which starts on 1 April (Y2 marks its second year), from /daily's "
                 "<code>month</code> column; a file written before the column has 30-day blocks instead."
                 + months_elective_note([m for _, m in shown]) + "</p>")


def months_elective_note(shown: list[Months]) -> str:
    """The note's words on the outliers and cancellations columns, for those the tables have."""
    words = ""
    if any(m.outliers is not None for m in shown):
        words += (" Outliers are emergency patients in an elective bed at midnight, put there when the site's "
                  "emergency and escalation beds were full (they are in the occupancy too).")
    if any(m.cancellations is not None for m in shown):
        words += (" Operations cancelled on the day for want of a bed are from the weekly planned care table: for "
                  "each replication the mean of the weeks that end in the month (a week of the results period "
                  "counts in the month of its last day; a dash where none ends), then the mean over replications.")
    return words


def month_table(months: Months) -> str:
    """A row a month: its days, occupancy, patients with no criteria to reside and, in files that have them,
    outliers and operations cancelled on the day."""
    def percent(value, decimals):
        return f"{fmt(value, decimals)}%"

    labels = months.labels or [f"days {first + 1}–{first + n}" for first, n in zip(months.first_days, months.days)]
    columns = [("occupancy", months.occupancy, 1, percent),
               ("patients with no criteria to reside, a night", months.delayed, 1, fmt)]
    columns += [(name, values, 1, fmt) for name, values in (
        ("emergency patients in elective beds (outliers), a night", months.outliers),
        ("operations cancelled on the day for want of a bed, a week", months.cancellations)) if values is not None]
    head = ('<tr><th>Month</th><th class="num">days</th>' +
            "".join(f'<th class="num">{esc(name)}</th>' for name, *_ in columns) + "</tr>")
    body = []
    for k, label in enumerate(labels):
        cells = [f'<td class="num">{months.days[k]}</td>']
        for _, values, decimals, show in columns:
            if values is None:
                cells.append(f'<td class="num">{DASH}</td>')
                continue
            mean, low, high = (v[k] for v in values)
            cells.append(f'<td class="num">{show(mean, decimals)}{range_line(low, high, decimals, show)}</td>'
                         if math.isfinite(mean) else f'<td class="num">{DASH}</td>')
        body.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
    return f"<table>{head}{''.join(body)}</table>"


def spend_section(page: Page, r: Results):
    metrics = r.metrics
    page.section("spend", "Spend by sector")
    sectors = metrics.spend_sectors()
    names = short_labels([m.label for m in sectors])
    parts = [f"{esc(lower_first(name))} ({esc(lower_first(m.description))})"
             for name, m in zip(names, sectors)]
    caption = ("Spend a year on South East London residents by sector (£ million, mean over replications): "
               + ", ".join(parts) + ".")
    if r.alternatives and r.comparison is not None:
        caption += " Right: change against the base with 95% paired intervals, from /comparison."
    page.figure(spend_figure(page.figures, r, metrics), "Spend by sector per scenario", caption)
    scenarios = list(r.scenarios.values())
    head = "<tr><th>£ million a year</th>" + "".join(f'<th class="num">{esc(s.name)}</th>' for s in scenarios) + \
        "</tr>"
    body = []
    for metric, label, values in spend_rows(r):
        cells = []
        for s in scenarios:
            if values[s.name] is None:
                cells.append(f'<td class="num">{DASH}</td>')
                continue
            m, low, high = values[s.name]
            d = decimals_for([m], minimum=metric.decimals)
            cells.append(f'<td class="num">{metric.money_text(m, d)}{range_line(low, high, d)}</td>')
        body.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
    page.add(f"<table>{head}{''.join(body)}</table>"
             '<p class="note">Mean over replications; below it, the lowest to the highest replication.</p>')


def spend_rows(r: Results) -> list:
    """The spend table's rows: (metric, label, {scenario: (mean, lowest, highest replication) or None where its
    summary lacks the column}), each sector by its short label and then the total, in the display unit, a year for
    the whole population."""
    metrics = r.metrics
    sectors = metrics.spend_sectors()
    names = short_labels([m.label for m in sectors])
    total = metrics.spend_total()
    rows = []
    for metric, label in list(zip(sectors, names)) + ([(total, "Total")] if total is not None else []):
        rows.append((metric, label, {s.name: spread(metric.shown(s.per_year(metric.name))) if s.has(metric.name)
                                     else None for s in r.scenarios.values()}))
    return rows


def borough_section(page: Page, r: Results, s: Scenario):
    page.section(f"boroughs-{slug(s.name)}", f"Results by borough: {s.name}")
    columns = [(b, b, 0) for b in s.boroughs] + [("All South East London", BOROUGH_ALL, 0)]
    page.add(rates_table(r, s, columns, "A year, per 1,000 residents"))
    quintiles = sorted({int(q) for q in s.summary["deprivation_quintile"]})
    columns = [(quintile_label(q), BOROUGH_ALL, q) for q in quintiles] + [("All", BOROUGH_ALL, 0)]
    page.add(f"<details><summary>The same by deprivation quintile (national IMD 2019) for {esc(s.name)}"
             f"</summary>{rates_table(r, s, columns, 'A year, per 1,000 residents')}</details>")
    page.add(f'<p class="note">Every measure of the summary that /metrics describes, in its order: counts a year '
             f"per 1,000 residents, spend in £ a resident a year; the mean over {s.replications} replication(s)"
             + (", with the lowest to the highest replication below it" if s.replications > 1 else "") + ".</p>")


def rates_table(r: Results, s: Scenario, columns, corner: str) -> str:
    import numpy as np
    head = f"<tr><th>{esc(corner)}</th>" + "".join(
        f'<th class="num">{esc(label)}</th>' for label, _, _ in columns) + "</tr>"
    residents = [float(np.mean(s.totals("residents", b, q))) / s.scale for _, b, q in columns]
    body = ["<tr><td>Residents" + (" (whole population)" if s.scale != 1 else "") + "</td>" +
            "".join(f'<td class="num">{fmt(v, 0)}</td>' for v in residents) + "</tr>"]
    for metric in r.metrics:
        if not s.has(metric.name) or not (metric.count or metric.money):
            continue
        per = 1 if metric.money else PER_RESIDENTS
        cells = []
        for _, b, q in columns:
            m, low, high = spread(s.rate(metric.name, per, b, q))
            d = decimals_for([m])
            cells.append(f'<td class="num">{fmt(m, d)}{range_line(low, high, d)}</td>')
        label = f"{metric.label} (£ a resident)" if metric.money else metric.label
        body.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
    return f"<table>{head}{''.join(body)}</table>"
