"""`python3 analysis/icsflow_report --page-data RESULTS.h5 -o PAGE.json`: one JSON document from a comparison
results file (`icsflow compare`) with everything the results page of `icsflow serve` draws in the browser. It is
the report's own reading of the file, as data: the same rows, words and choices as the HTML report (headline,
findings, attribution, year by year, where the averted admissions are, beds, spend), from the same functions.

Every number is a plain int or float in the metric's display unit (as the report shows it: GBP as GBP m, a fraction
as %), a year for the whole population unless said otherwise; NaN and infinities are null. Labels, units and the
better direction come from the file's /metrics. The keys:

- `settings`: base, alternatives, scale, replications, seed, years, title (and file, icsflow_version, created,
  command_line).
- `warnings`: plain-language cautions (a scale below 1, fewer than 4 replications, the reader's own notes).
- `headline` {alt: [row]}: the headline table's rows (headline.headline_rows): metric, quintile (0, or 1 and 5 for
  the inequality rows), label, unit, group, base, alt, difference, low, high, text (as the table formats them),
  reading (its words) and good (true: a clear difference in the metric's better direction; false: a clear one the
  other way; null: no clear difference, no better direction or no row).
- `sentences` {alt: [str]}: the headline findings as plain text.
- `uncertainty` {alt: [entry]}: for the headline spend metrics (those /metrics shows as money) and the headline
  counts of admissions: the per-replication differences (alternative - base, replication r against replication
  r, as /comparison pairs them) and probability_lower, the probability that the true mean difference is below
  zero (below).
- `attribution` (null without /attribution): the report's waterfall per key metric: total (the bundle's
  difference), each lever alone and what it adds to the bundle (`without`: bundle - bundle without it), and what
  the levers do only together.
- `by_year` (null for a run of a year or less): each year's difference for every headline metric.
- `money` (null in a file without /money) {alt: [row]}: each year's net cash, programme cost and present value so
  far ({mean, low, high}, GBP m), return per pound of programme cost ({mean, low, high}) and break-even share.
- `boroughs` and `deprivation` {alt: [row]}: the count and rate of "where the averted admissions are"
  (headline.where), by borough (and "All") and by deprivation quintile.
- `monthly` {scenario: {month, label, days, occupancy, occupancy_low, occupancy_high, delayed, delayed_low,
  delayed_high, outliers, outliers_low, outliers_high}}, null for a scenario without /daily: the report's month by
  month (by_month.py), a list entry a month. The months are the calendar months of the results period, from /daily's
  `month` column (a new month whenever it changes along the days; the last may be a part month), or, in a file without
  the column, consecutive 30-day blocks (the last may be shorter). `month` numbers them 1, 2, ...; `label` is the
  calendar month ("Apr", ..., "Mar", then "Apr Y2", ... in the second year of the results period; null for 30-day
  blocks); `days` the days in each. `occupancy` is G&A occupancy by emergency patients over all sites (%), `delayed`
  the patients with no criteria to reside (medically fit) in a bed a night (whole population), `outliers` the
  emergency patients in elective beds a night (whole population), all from the report's daily series
  (figures.occupancy_series, figures.delayed_series, figures.outlier_series): for each replication the mean night of
  the month, then the mean over replications m and its 95% interval, `_low` and `_high`, m -/+ t(0.975, n - 1) sd /
  sqrt(n) (sd of the replications' means with n - 1, n replications; every entry null with one replication). `delayed`
  and its interval are all null in a file without beds_occupied_medically_fit, `outliers` and its in a file without
  /daily's outliers column.
- `spend` {scenario: [row]}: the spend section's rows (sectors, then the total), mean over replications with the
  lowest and highest replication.
- `downloads_note`: the report's sentence on cash and capacity.

probability_lower. /comparison's 95% interval is the paired t interval: with d_r the difference of replication r,
n replications, mean m and standard error se = sd(d) / sqrt(n) (sd with n - 1), the interval is m -/+ t(0.975,
n - 1) se. Under the same model the true mean difference is m + se T with T a Student t of n - 1 degrees of freedom,
so P(true mean < 0) = F(-m / se), F the t distribution function. F is computed without scipy (student_t.py) from the
regularized incomplete beta function (Lentz's continued fraction, as in Numerical Recipes' betacf): for t > 0,
F(t) = 1 - I_x(k/2, 1/2) / 2 with x = k / (k + t^2), k the degrees of freedom (F(-t) = 1 - F(t)). Where the
replications' values cannot be derived from the summary (a metric computed from more than the summary, such as
the cash spend, which counts the wards the sites need at costs the file does not hold), `differences` is null and
se is taken from the /comparison interval instead: se = (high - low) / 2 / t(0.975, n - 1), with the t quantile
found by bisection of F (`probability_from` says which). With one replication, or no variation, it is null (or 0 or
1 when every replication's difference has the same sign and size).
"""
from __future__ import annotations

import html
import json
import math
import pathlib
import re

from . import headline
from .attribution import key_metrics, waterfall
from .by_month import by_month
from .by_year import year_days, year_label
from .cli import check_output, command_parser, finish, write_atomically
from .comparison_page import page_title
from .money import money_data
from .errors import ReportError
from .formatting import DASH, plural
from .metrics import Metric
from .results_file import BOROUGH_ALL, Paired, Results, Scenario, read_results, scale_caution
from .scenario_sections import spend_rows
from .student_t import t_cdf, t_quantile
from .sweep_file import SweepResults

PROG = "icsflow_report --page-data"
MIN_REPLICATIONS = 4
QUINTILES = (1, 2, 3, 4, 5)

DESCRIPTION = """\
Writes the data of the results page of `icsflow serve` as one JSON document, from a results file
written by `icsflow compare`: the report's headline, findings, attribution, year by year, boroughs,
deprivation, monthly beds and spend, in the metrics' display units (analysis/icsflow_report/page_data.py
says what every key holds).

Example:
  /usr/bin/python3 analysis/icsflow_report --page-data compare.h5 -o compare.json"""


# ---- the probability below zero, with Student's t (student_t.py) ------------------------------------------

def probability_below_zero(mean: float, se: float, n: int) -> float | None:
    """P(true mean < 0) when the true mean is mean + se T, T a Student t with n - 1 degrees of freedom."""
    if n < 2 or not (math.isfinite(mean) and math.isfinite(se)) or se < 0:
        return None
    if se == 0:
        return None if mean == 0 else float(mean < 0)
    return t_cdf(-mean / se, n - 1)


def probability_lower(differences) -> float | None:
    """From the per-replication differences: the t model of /comparison's interval."""
    values = [float(d) for d in differences]
    n = len(values)
    if n < 2 or not all(math.isfinite(v) for v in values):
        return None
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return probability_below_zero(mean, sd / math.sqrt(n), n)


def probability_lower_from_interval(v: Paired, n: int) -> float | None:
    """From a /comparison row: its interval's half width is t(0.975, n - 1) standard errors."""
    if n < 2 or not (math.isfinite(v.low) and math.isfinite(v.high)):
        return None
    return probability_below_zero(v.diff, (v.high - v.low) / 2.0 / t_quantile(0.975, n - 1), n)


# ---- the document -----------------------------------------------------------------------------------------

def good(metric: Metric, v: Paired | None) -> bool | None:
    """True for a clear difference (interval excluding zero) in the metric's better direction, False for a clear
    one the other way, None otherwise."""
    if v is None or metric.better not in ("lower", "higher") or not v.excludes_zero():
        return None
    return (v.diff < 0) == (metric.better == "lower")


def shown(metric: Metric, v: Paired | None) -> dict:
    """A /comparison row in the display unit."""
    if v is None:
        return {"base": None, "alt": None, "difference": None, "low": None, "high": None}
    return {"base": metric.shown(v.base), "alt": metric.shown(v.alt), "difference": metric.shown(v.diff),
            "low": metric.shown(v.low), "high": metric.shown(v.high)}


def plain_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def settings(r: Results) -> dict:
    base = r.scenarios[r.base]
    seed = base.seed
    if isinstance(seed, float) and seed.is_integer():
        seed = int(seed)
    return {"base": r.base, "alternatives": list(r.alternatives), "scale": base.scale,
            "replications": base.replications, "seed": seed if isinstance(seed, int) else None,
            "years": base.years, "title": page_title(r), "file": r.path.name, "icsflow_version": r.version,
            "created": r.created or None, "command_line": r.command_line or None}


def warnings(r: Results) -> list[str]:
    out = []
    caution = scale_caution(min(s.scale for s in r.scenarios.values()))
    if caution:
        out.append(caution)
    replications = min(s.replications for s in r.scenarios.values())
    if replications < MIN_REPLICATIONS:
        out.append(f"Only {plural(replications, 'replication')}: "
                   + ("no interval can be computed, so no difference can be told from the simulation's own "
                      "random variation" if replications < 2 else
                      "the 95% intervals are wide and uncertain themselves")
                   + f"; use --replications {MIN_REPLICATIONS} or more.")
    return out + list(r.notes)


def headline_part(r: Results, alt: str) -> tuple[list, list]:
    rows = []
    table = headline.headline_rows(r.metrics, r.comparison, alt)
    for row in table:
        metric, v = row.metric, row.value
        if v is None:
            text = {"base": DASH, "alt": DASH, "difference": DASH, "interval": DASH}
            words = headline.NOT_IN_FILE
        else:
            text = dict(zip(("base", "alt", "difference", "interval"), headline.format_values(metric, v)))
            words = headline.reading(metric, v)[1]
        rows.append({"metric": metric.name, "quintile": row.quintile, "label": row.label, "unit": metric.shown_unit,
                     "group": row.group, **shown(metric, v), "text": text, "reading": words, "good": good(metric, v)})
    sentences = [plain_text(item) for item in headline.findings(table)]
    return rows, sentences


def replication_differences(base: Scenario, alt: Scenario, metric: Metric):
    """Alternative - base for each replication, in the display unit, a year for the whole population (as
    /comparison's counts and spend), when the metric is a summary column of both; else None."""
    import numpy as np
    if metric.rate or not (metric.count or metric.money) or not (base.has(metric.name) and alt.has(metric.name)):
        return None
    if not np.array_equal(base.rep_ids, alt.rep_ids) or base.years != alt.years:
        return None
    return [metric.shown(float(d)) for d in alt.per_year(metric.name) - base.per_year(metric.name)]


def uncertainty_metrics(r: Results) -> list[Metric]:
    """The headline spend (what /metrics shows as money) and the headline counts of admissions."""
    return [m for m in r.metrics.headline() if m.money or (m.count and m.unit == "admissions")]


def uncertainty_part(r: Results, alt: str) -> list:
    out = []
    base, other = r.scenarios[r.base], r.scenarios[alt]
    for metric in uncertainty_metrics(r):
        v = r.comparison.get(metric.name, alt)
        if v is None:
            continue
        differences = replication_differences(base, other, metric)
        if differences is not None:
            probability, source = probability_lower(differences), "replications"
        else:
            probability = probability_lower_from_interval(v, min(base.replications, other.replications))
            source = "interval"
        out.append({"metric": metric.name, "label": metric.label, "unit": metric.shown_unit,
                    "difference": metric.shown(v.diff), "low": metric.shown(v.low), "high": metric.shown(v.high),
                    "differences": differences, "probability_lower": probability, "probability_from": source})
    return out


def attribution_part(r: Results) -> dict | None:
    if not r.attribution or not r.alternatives:
        return None
    bundle = r.alternatives[0]
    metrics = []
    for metric in key_metrics(r):
        steps, total, row = waterfall(r, metric, bundle)
        levers = []
        for share, (label, mean, low, high) in zip(r.attribution[metric.name], steps):
            alone = [metric.shown(x) for x in share.alone]
            levers.append({"lever": share.lever, "label": label, "alone": alone[0], "alone_low": alone[1],
                           "alone_high": alone[2], "without": mean, "without_low": low, "without_high": high})
        metrics.append({"metric": metric.name, "label": metric.label, "unit": metric.shown_unit, "total": total,
                        "total_low": metric.shown(row.low) if row is not None else None,
                        "total_high": metric.shown(row.high) if row is not None else None,
                        "together": steps[-1][1], "levers": levers})
    return {"bundle": bundle, "metrics": metrics} if metrics else None


def by_year_part(r: Results) -> list | None:
    if not r.comparison.years:
        return None
    days = year_days(r.scenarios[r.base].years)
    out = []
    for year in r.comparison.years:
        entry = {"year": year, "label": year_label(year, days)}
        for alt in r.alternatives:
            rows = []
            for metric in r.metrics.headline():
                v = r.comparison.get(metric.name, alt, year=year)
                values = shown(metric, v)
                rows.append({"metric": metric.name, "label": metric.label, "unit": metric.shown_unit,
                             "difference": values["difference"], "low": values["low"], "high": values["high"],
                             "good": good(metric, v)})
            entry[alt] = rows
        out.append(entry)
    return out


def where_metrics(r: Results) -> list[Metric]:
    """The counts and rates of the report's 'by borough and deprivation' sections, each once."""
    out = []
    for count, rate in headline.where(r.metrics):
        out += [m for m in (count, rate) if m not in out]
    return out


def groups_part(r: Results, alt: str) -> tuple[list, list]:
    boroughs, quintiles = [], []
    for borough in r.scenarios[r.base].boroughs + [BOROUGH_ALL]:
        for metric in where_metrics(r):
            v = r.comparison.get(metric.name, alt, borough)
            boroughs.append({"borough": borough, "metric": metric.name, "label": metric.label,
                             "unit": metric.shown_unit, **shown(metric, v), "good": good(metric, v)})
    for quintile in QUINTILES:
        for metric in where_metrics(r):
            v = r.comparison.get(metric.name, alt, BOROUGH_ALL, quintile)
            quintiles.append({"quintile": quintile, "metric": metric.name, "label": metric.label,
                              "unit": metric.shown_unit, **shown(metric, v), "good": good(metric, v)})
    return boroughs, quintiles


def monthly_part(scenario: Scenario) -> dict | None:
    """The report's month-by-month beds (by_month.py), an entry a month in every list."""
    months = by_month(scenario)
    if months is None:
        return None
    count = len(months.days)
    out = {"month": list(range(1, count + 1)), "label": months.labels, "days": months.days}
    for name, values in (("occupancy", months.occupancy), ("delayed", months.delayed),
                         ("outliers", months.outliers)):
        mean, low, high = values if values is not None else ([None] * count,) * 3
        out.update({name: mean, f"{name}_low": low, f"{name}_high": high})
    return out


def spend_part(r: Results) -> dict:
    out = {name: [] for name in r.scenarios}
    for metric, label, values in spend_rows(r):
        for name, value in values.items():
            mean, low, high = value if value is not None else (None, None, None)
            out[name].append({"metric": metric.name, "label": metric.label, "short_label": label, "value": mean,
                              "low": low, "high": high})
    return out


def downloads_note() -> str:
    return (f"Total spend counts {headline.TOTAL_SPEND_WHAT}; cash spend is {headline.CASH_SPEND_WHAT}: "
            f"{headline.CAPACITY_NOT_CASH}.")


def jsonable(value):
    """Plain JSON values: numpy numbers as int or float, NaN and infinities as None."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def page_data(path: pathlib.Path) -> dict:
    """The results page's data from a comparison results file (see the module's docstring); ReportError when it
    is not one."""
    r = read_results(path)
    if isinstance(r, SweepResults):
        raise ReportError(f"'{path}' is a sweep file (icsflow sweep), not a comparison: the results page needs a "
                          "file written by icsflow compare")
    if r.comparison is None or not r.alternatives:
        raise ReportError(f"'{path}' has no comparison (/comparison, written by icsflow compare): the results page "
                          "compares scenarios; make the file with icsflow compare BASE.toml ALT.toml")
    document = {"settings": settings(r), "warnings": warnings(r), "headline": {}, "sentences": {},
                "uncertainty": {}, "attribution": attribution_part(r), "by_year": by_year_part(r), "money": money_data(r.money, r.alternatives), "boroughs": {},
                "deprivation": {}, "monthly": {}, "spend": spend_part(r), "downloads_note": downloads_note()}
    for alt in r.alternatives:
        document["headline"][alt], document["sentences"][alt] = headline_part(r, alt)
        document["uncertainty"][alt] = uncertainty_part(r, alt)
        document["boroughs"][alt], document["deprivation"][alt] = groups_part(r, alt)
    for name, scenario in r.scenarios.items():
        document["monthly"][name] = monthly_part(scenario)
    return jsonable(document)


def main(argv) -> int:
    parser = command_parser(PROG, f"{PROG} RESULTS.h5 -o PAGE.json", DESCRIPTION)
    parser.add_argument("results", metavar="RESULTS.h5", help="icsflow results file written by icsflow compare")
    parser.add_argument("-o", "--output", required=True, metavar="PAGE.json", help="JSON file to write")
    args = parser.parse_args(argv)
    source, output = pathlib.Path(args.results), pathlib.Path(args.output)

    def work():
        check_output(output)
        if output.resolve() == source.resolve():
            raise ReportError("the output would overwrite the results file")
        text = json.dumps(page_data(source), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        write_atomically(output, text + "\n")
        return f"Page data written to {output}"

    return finish(PROG, work, "nothing written")
