"""The headline of a comparison, one per alternative: a few sentences to lift into a paper and a table of the
headline metrics of /metrics in their headline order, each row as /comparison has it (base, alternative, the
paired difference and its 95% interval), in the metric's display unit, with a reading in words."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .formatting import DASH, decimals_for, esc, fmt, fmt_interval, lower_first
from .metrics import CASH_SPEND, SPEND_TOTAL, Metric, Metrics, is_gap
from .results_file import Comparison, Paired

ACTIVITY = "Activity and outcomes (all of South East London, a year)"
SPEND = "Spend a year (£ million)"
DAYS_A_YEAR = 365.25
# What the cash spend is, and why bed days freed are not cash (docs/model.md, Costs), as the findings say it.
TOTAL_SPEND_WHAT = "every bed day and attendance at its average cost"
CASH_SPEND_WHAT = "community and social care, and the G&A wards the sites need"
CAPACITY_NOT_CASH = "bed days freed are capacity, and release cash only as whole wards close"
NOT_IN_FILE = "not in the file"  # the reading of a headline row /comparison does not hold


@dataclass
class Row:
    label: str
    metric: Metric
    value: Paired | None
    group: str | None = None   # a heading row above this one
    quintile: int = 0          # the deprivation quintile of the row (0: every quintile)


def headline_rows(metrics: Metrics, comparison: Comparison, alt: str) -> list[Row]:
    """The headline metrics in order; a deprivation gap brings its rates in the most and least deprived
    quintiles and its ratio with it, under an inequality heading; headings where the kind of row changes."""
    rows, heading = [], None
    for metric in metrics.headline():
        if is_gap(metric):
            rate, ratio = metrics.gap_parts(metric)
            rows += [Row(f"{rate.label}, most deprived quintile (1)", rate, comparison.get(rate.name, alt, quintile=1),
                         group=f"Inequality: {lower_first(rate.label)}, most vs least deprived quintile", quintile=1),
                     Row(f"{rate.label}, least deprived quintile (5)", rate,
                         comparison.get(rate.name, alt, quintile=5), quintile=5),
                     Row(metric.label, metric, comparison.get(metric.name, alt))]
            if ratio is not None:
                rows.append(Row(ratio.label, ratio, comparison.get(ratio.name, alt)))
            heading = None
            continue
        group = SPEND if metric.money else ACTIVITY
        rows.append(Row(metric.label, metric, comparison.get(metric.name, alt), group=group if group != heading
                        else None))
        heading = group
    return rows


def format_values(metric: Metric, v: Paired):
    """Base, alternative, difference and interval as the table shows them (display unit, about three significant
    figures, at least the registry's decimals)."""
    base, alt, diff, low, high = (metric.shown(x) for x in (v.base, v.alt, v.diff, v.low, v.high))
    most = max(2, metric.decimals)
    level = decimals_for([base, alt], minimum=metric.decimals, maximum=most)
    change = decimals_for([diff, low, high], minimum=level, maximum=most)
    if metric.money:
        money = metric.money_text
        interval = (f"{money(low, change, signed=True)} to {money(high, change, signed=True)}"
                    if math.isfinite(low) and math.isfinite(high) else DASH)
        return money(base, level), money(alt, level), money(diff, change, signed=True), interval
    diff_suffix, value_suffix = (" pp", "%") if metric.percent else ("", "")
    interval = fmt_interval(low, high, change)
    return (fmt(base, level) + value_suffix, fmt(alt, level) + value_suffix,
            fmt(diff, change, signed=True) + diff_suffix, interval + (diff_suffix if interval != DASH else ""))


def reading(metric: Metric, v: Paired) -> tuple[str, str]:
    """The table's reading in words and its shading class: 'clearly lower: 1,234 averted a year'."""
    if not math.isfinite(v.low):
        return "", "no interval (one replication)"
    if not v.excludes_zero():
        return "", "no clear difference (interval includes zero)"
    lower = v.diff < 0
    klass = "clear-down" if lower else "clear-up"
    if metric.count:
        amount = fmt(abs(metric.shown(v.diff)), decimals_for([metric.shown(v.diff)]))
        if metric.unit == "admissions" and lower:
            return klass, f"clearly lower: {amount} averted a year"
        return klass, f"clearly {'lower' if lower else 'higher'}: {amount} {'fewer' if lower else 'more'} a year"
    return klass, f"clearly {'lower' if lower else 'higher'}"


def row_html(row: Row) -> str:
    v = row.value
    if v is None:
        return (f'<tr><td class="label">{esc(row.label)}</td>' + f'<td class="num">{DASH}</td>' * 4 +
                f'<td class="reading">{NOT_IN_FILE}</td></tr>')
    base_text, alt_text, diff_text, ci_text = format_values(row.metric, v)
    klass, words = reading(row.metric, v)
    return (f'<tr><td class="label">{esc(row.label)}</td><td class="num">{base_text}</td>'
            f'<td class="num">{alt_text}</td><td class="num {klass}">{diff_text}</td>'
            f'<td class="num">{ci_text}</td><td class="reading {klass}">{words}</td></tr>')


def table_html(rows: list[Row], base: str, alt: str) -> str:
    out = ['<table class="headline"><tr><th>Measure (a year)</th>'
           f'<th class="num">Base<br>{esc(base)}</th><th class="num">Alternative<br>{esc(alt)}</th>'
           '<th class="num">Difference<br>(alt − base)</th><th class="num">95% interval</th>'
           "<th>Reading</th></tr>"]
    for row in rows:
        if row.group:
            out.append(f'<tr class="group"><td colspan="6">{esc(row.group)}</td></tr>')
        out.append(row_html(row))
    out.append("</table>")
    return "".join(out)


def findings_html(rows: list[Row]) -> str:
    items = findings(rows)
    if not items:
        return ""
    return '<div class="box"><ul class="findings">' + "".join(f"<li>{i}</li>" for i in items) + "</ul></div>"


def findings(rows: list[Row]) -> list[str]:
    """A sentence (HTML) for each headline count of admissions (averted a year) and of bed days (and the beds they
    fill every night), for the total and the cash spend, the wards needed and each deprivation gap: chosen by unit,
    not by name."""
    items = []

    def interval_words(metric, v, decimals, negate=False):
        lo, hi = (-v.high, -v.low) if negate else (v.low, v.high)
        if not math.isfinite(lo):
            return "no interval with one replication"
        show = metric.money_text if metric.money else fmt
        return f"95% interval {show(metric.shown(lo), decimals)} to {show(metric.shown(hi), decimals)}"

    def unclear(v):
        return "" if v.excludes_zero() or not math.isfinite(v.low) else "; not clearly different from zero"

    for row in rows:
        metric, v = row.metric, row.value
        if v is None or row.label != metric.label:
            continue
        diff, low, high = (metric.shown(x) for x in (v.diff, v.low, v.high))
        if metric.count and metric.unit == "admissions":
            d = decimals_for([diff, low, high])
            what = esc(lower_first(metric.label))
            if diff <= 0:
                items.append(f"<b>{fmt(-diff, d)}</b> {what} averted a year "
                             f"({interval_words(metric, v, d, negate=True)}; averted = base − alternative"
                             f"{unclear(v)}).")
            else:
                items.append(f"<b>{fmt(diff, d)} more</b> {what} a year than the base "
                             f"({interval_words(metric, v, d)}{unclear(v)}).")
        elif metric.count and metric.unit == "days":
            d = decimals_for([diff, low, high])
            beds = abs(diff) / DAYS_A_YEAR
            items.append(f"{esc(metric.label)} change by <b>{fmt(diff, d, signed=True)}</b> a year "
                         f"({interval_words(metric, v, d)}{unclear(v)}): about {fmt(beds, decimals_for([beds]))} "
                         f"{'fewer' if diff <= 0 else 'more'} beds occupied every night by these patients.")
        elif metric.name == SPEND_TOTAL:
            d = decimals_for([diff, low, high], minimum=1)
            items.append(f"Total spend, {esc(TOTAL_SPEND_WHAT)}, changes by "
                         f"<b>{metric.money_text(diff, d, signed=True)}</b> a year "
                         f"({interval_words(metric, v, d)}{unclear(v)}).")
        elif metric.name == CASH_SPEND:
            d = decimals_for([diff, low, high], minimum=1)
            items.append(f"Cash spend changes by <b>{metric.money_text(diff, d, signed=True)}</b> a year "
                         f"({interval_words(metric, v, d)}{unclear(v)}): {esc(CASH_SPEND_WHAT)}; "
                         f"{esc(CAPACITY_NOT_CASH)}.")
        elif metric.unit == "wards":
            d = decimals_for([diff, low, high], minimum=1)
            items.append(f"{esc(metric.label)} change by <b>{fmt(diff, d, signed=True)}</b> "
                         f"({interval_words(metric, v, d)}{unclear(v)}): a fall of one is a ward that can close.")
        elif is_gap(metric):
            level = decimals_for([v.base, v.alt])
            d = decimals_for([diff, low, high], minimum=level)
            items.append(f"Inequality, {esc(lower_first(metric.label))}: from {fmt(v.base, level)} to "
                         f"{fmt(v.alt, level)} {esc(metric.display_unit)} (change {fmt(diff, d, signed=True)}, "
                         f"{interval_words(metric, v, d)}{unclear(v)}).")
    return items


def where(metrics: Metrics) -> list[tuple[Metric, Metric]]:
    """For each headline deprivation gap, the count metric it is built on and its rate per 100,000
    (`X_per_100k_gap_q1_q5` -> X, X_per_100k): what the 'by borough and deprivation' section shows."""
    found = []
    for gap in metrics.headline():
        if is_gap(gap):
            rate, _ = metrics.gap_parts(gap)
            count = rate.name[: -len("_per_100k")] if rate.name.endswith("_per_100k") else None
            if count in metrics:
                found.append((metrics.get(count), rate))
    return found

