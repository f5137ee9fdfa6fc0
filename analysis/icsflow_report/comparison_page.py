"""The page for a results file of `icsflow run` or `icsflow compare`: settings, how to read it, headlines,
where admissions are averted, beds, spend and results by borough."""
from __future__ import annotations

import math

from .figures import averted_figure, delayed_series, occupancy_series, spend_figure, time_series_figure, quiet_nan_warnings
from .figures import Figures
from .formatting import DASH, decimals_for, esc, fmt, fmt_interval, fmt_money, number_text, slug
from .page import Page, Row
from .results_file import BOROUGH_ALL, COUNT_COLUMNS, SECTORS, Results, Scenario
from .stats import Paired, mean_ci, paired


class Report(Page):
    def __init__(self, results: Results, figures: Figures, input_name: str):
        super().__init__(figures, input_name)
        self.results = results

    # -- statistics, from /comparison when it has them, else computed from the scenarios' own tables --
    def stat(self, metric: str, alt: str, borough: str = BOROUGH_ALL, quintile: int = 0) -> Paired | None:
        r = self.results
        if r.comparison is not None:
            row = r.comparison.rows.get((metric, alt, borough, quintile))
            if row is not None:
                if metric in COUNT_COLUMNS:
                    return row.scaled(r.comparison_factor)
                return row
        base, other = r.scenarios[r.base], r.scenarios[alt]
        b, a = self._per_replication(base, metric, borough, quintile), self._per_replication(other, metric, borough,
                                                                                            quintile)
        if b is None or a is None:
            return None
        return self._pair(base, other, b, a)

    def _pair(self, base: Scenario, alt: Scenario, b, a) -> Paired:
        import numpy as np
        common = np.intersect1d(base.rep_ids, alt.rep_ids)
        bi = np.searchsorted(base.rep_ids, common)
        ai = np.searchsorted(alt.rep_ids, common)
        return paired(np.asarray(b)[bi], np.asarray(a)[ai])

    @staticmethod
    def _per_replication(s: Scenario, metric: str, borough: str, quintile: int):
        if metric.endswith("_per_100k"):
            column = metric[: -len("_per_100k")]
            return s.rate(column, 1e5, borough, quintile) if s.has(column) else None
        if metric.endswith("_per_1000"):
            column = metric[: -len("_per_1000")]
            return s.rate(column, 1e3, borough, quintile) if s.has(column) else None
        if s.has(metric):
            return s.per_year(metric, borough, quintile)
        return None

    def own_stat(self, alt: str, per_replication) -> Paired | None:
        """A paired statistic computed here from the scenarios' tables: per_replication(scenario) -> array."""
        base, other = self.results.scenarios[self.results.base], self.results.scenarios[alt]
        b, a = per_replication(base), per_replication(other)
        if b is None or a is None:
            return None
        return self._pair(base, other, b, a)

    # -- the document --
    def build(self) -> str:
        r = self.results
        base_name = r.base or next(iter(r.scenarios))
        if r.alternatives:
            title = f"{base_name} compared with {', '.join(r.alternatives)}"
        else:
            title = ", ".join(r.scenarios)
        self.title = title
        self.settings_section()
        self.how_to_read_section()
        if r.alternatives:
            for alt in r.alternatives:
                self.headline_section(alt)
            self.where_section()
        self.beds_section()
        self.spend_section()
        for scenario in r.scenarios.values():
            self.borough_section(scenario)
        return self.document()

    def scale_note(self) -> str:
        scales = {s.scale for s in self.results.scenarios.values()}
        if scales == {1.0}:
            return ""
        scale = ", ".join(f"{s:g}" for s in sorted(scales))
        return (f" The runs simulated a fraction {scale} of the population and of every capacity "
                "(<code>--scale</code>); "
                "counts, bed days, beds and spend are shown for the whole South East London population (simulated "
                "values divided by the scale). Rates per 1,000 or 100,000 residents and occupancy need no scaling.")

    def settings_section(self):
        r = self.results
        self.section("settings", "Scenarios and run settings")
        rows = [("Role", lambda s: "base" if s.name == r.base else "alternative" if s.name in r.alternatives
                 else "scenario"),
                ("Description", lambda s: s.description or DASH),
                ("Seed", lambda s: s.seed),
                ("Scale", lambda s: f"{s.scale:g}"),
                ("Results period", lambda s: f"{s.years:g} year(s) after a {number_text(s.warmup_days)}-day warm-up"),
                ("Replications", lambda s: f"{s.replications}"),
                ("Simulation time", lambda s: f"{s.wall_seconds:,.1f} s (sum over replications)"
                 if s.wall_seconds is not None else DASH)]
        head = "".join(f"<th>{esc(s.name)}</th>" for s in r.scenarios.values())
        body = "".join("<tr><th>" + esc(label) + "</th>" + "".join(f"<td>{esc(get(s))}</td>"
                                                                   for s in r.scenarios.values()) + "</tr>"
                       for label, get in rows)
        self.add(f'<table class="settings"><tr><th>Scenario</th>{head}</tr>{body}</table>')
        self.add('<table class="settings">'
                 f"<tr><th>Results file</th><td><code>{esc(self.input_name)}</code></td></tr>"
                 f"<tr><th>icsflow version</th><td>{esc(r.version)}</td></tr>"
                 f"<tr><th>Command line</th><td><code>{esc(r.command_line or DASH)}</code></td></tr>"
                 f"<tr><th>Created (UTC)</th><td>{esc(r.created or DASH)}</td></tr></table>")
        tomls = [(s.name, s.toml) for s in r.scenarios.values() if s.toml]
        if tomls:
            inner = "".join(f"<p><b>{esc(n)}</b></p><pre>{esc(t)}</pre>" for n, t in tomls)
            self.add(f"<details><summary>Scenario files as applied (TOML)</summary>{inner}</details>")

    def how_to_read_section(self):
        r = self.results
        self.section("how-to-read", "How to read this report")
        reps = sorted({s.replications for s in r.scenarios.values()})
        reps_text = " or ".join(str(n) for n in reps)
        text = (f"<p>Each scenario was simulated {reps_text} times (replications) with different random numbers. "
                "Figures are means over replications, per year of the results period (after the warm-up). ")
        if r.alternatives:
            text += (f"<b>Differences are alternative minus base</b> (base: <b>{esc(r.base)}</b>), so a negative "
                     "difference means the alternative has fewer admissions, breaches, bed days or less spend; "
                     "&ldquo;averted&rdquo; is base minus alternative. Replication <i>r</i> of every scenario uses "
                     "the same random numbers (common random numbers), so differences are compared replication by "
                     "replication: the <b>95% interval</b> is a paired <i>t</i> interval over replications of "
                     "alternative minus base. An interval that excludes zero (shaded, with &ldquo;clearly "
                     "lower/higher&rdquo;) means the difference is larger than the simulation's own random "
                     "variation; an interval that includes zero means the model cannot tell the scenarios apart at "
                     "this number of replications. ")
        else:
            text += ("The 95% intervals under each mean are <i>t</i> intervals across replications: they show how "
                     "precisely the model's mean is estimated, not the uncertainty in its inputs. ")
        text += ("Intervals include the simulation's random variation and the uncertainty of the partnership "
                 "levers' effects: each replication draws its own effect sizes from the ranges in the scenario "
                 "files (docs/scenarios.md). Uncertainty in the baseline data and assumptions "
                 "(docs/data-sources.md) is not included. With one replication no interval can be "
                 "computed (shown as &mdash;).")
        text += self.scale_note() + "</p>"
        self.add(text)
        for note in r.notes:
            self.add(f'<p class="note">Note: {esc(note)}</p>')

    def headline_rows(self, alt: str) -> list[Row]:
        import numpy as np
        s = self.stat
        rows = [
            Row("Emergency admissions per 100,000 residents", "rate", s("emergency_admissions_per_100k", alt),
                group="Admissions (all of South East London, a year)"),
            Row("Emergency admissions", "count", s("emergency_admissions", alt), noun="admissions"),
            Row("Avoidable (ACSC) admissions per 100,000 residents", "rate", s("acsc_admissions_per_100k", alt)),
            Row("Avoidable (ACSC) admissions", "count", s("acsc_admissions", alt), noun="admissions"),
            Row("Readmissions within 30 days", "count", s("readmissions_30d", alt), noun="readmissions"),
            Row("A&E 4-hour breaches", "count", s("ae_4h_breaches", alt), noun="breaches",
                group="Urgent care and hospital beds"),
            Row("Delayed-discharge bed days", "count", s("delayed_discharge_bed_days", alt), noun="bed days"),
            Row("G&A bed occupancy (mean, emergency beds)", "pct",
                self.own_stat(alt, lambda sc: None if sc.occupancy() is None else 100 * sc.occupancy())),
            Row("Deaths", "count", s("deaths", alt), noun="deaths", group="Outcomes"),
            Row("GP needs unmet", "count", s("gp_unmet_demand", alt), noun="needs"),
        ]
        first = True
        for column, label in SECTORS + [("cost_gbp", "Total")]:
            rows.append(Row(f"Spend: {label.lower() if label != 'Total' else 'total, all sectors'}", "money",
                            s(column, alt), noun="", group="Spend a year (£ million)" if first else None))
            first = False

        def quintile_rate(q):
            return lambda sc: sc.rate("acsc_admissions", 1e5, BOROUGH_ALL, q) if sc.has("acsc_admissions") else None

        def gap(sc):
            if not sc.has("acsc_admissions"):
                return None
            return sc.rate("acsc_admissions", 1e5, BOROUGH_ALL, 1) - sc.rate("acsc_admissions", 1e5, BOROUGH_ALL, 5)

        def ratio(sc):
            if not sc.has("acsc_admissions"):
                return None
            with np.errstate(divide="ignore", invalid="ignore"):
                return sc.rate("acsc_admissions", 1e5, BOROUGH_ALL, 1) / sc.rate("acsc_admissions", 1e5, BOROUGH_ALL,
                                                                                   5)

        q1 = s("acsc_admissions_per_100k", alt, BOROUGH_ALL, 1)
        q5 = s("acsc_admissions_per_100k", alt, BOROUGH_ALL, 5)
        rows += [
            Row("ACSC admissions per 100,000, most deprived quintile (1)", "rate", q1,
                group="Inequality: avoidable admissions, most vs least deprived quintile"),
            Row("ACSC admissions per 100,000, least deprived quintile (5)", "rate", q5),
            Row("Gap: quintile 1 minus quintile 5, per 100,000", "rate", self.own_stat(alt, gap)),
            Row("Ratio: quintile 1 / quintile 5", "ratio", self.own_stat(alt, ratio)),
        ]
        return rows

    def headline_section(self, alt: str):
        r = self.results
        self.section(f"headline-{slug(alt)}", f"Headline: {alt} compared with {r.base}")
        rows = self.headline_rows(alt)
        self.add(self.findings(alt, rows))
        out = ['<table class="headline"><tr><th>Measure (a year)</th>'
               f'<th class="num">Base<br>{esc(r.base)}</th><th class="num">Alternative<br>{esc(alt)}</th>'
               '<th class="num">Difference<br>(alt − base)</th><th class="num">95% interval</th>'
               "<th>Reading</th></tr>"]
        for row in rows:
            if row.group:
                out.append(f'<tr class="group"><td colspan="6">{esc(row.group)}</td></tr>')
            out.append(self.headline_row_html(row))
        out.append("</table>")
        self.add("".join(out))
        self.add('<p class="note">Counts, bed days and spend are a year for all South East London residents; '
                 "rates are a year per 100,000 residents; occupancy is beds occupied by emergency patients over beds "
                 "open to them, over every site and night; the gap and ratio compare the avoidable admission rates "
                 "of residents of the most deprived (1) and least deprived (5) national IMD 2019 quintiles. "
                 "Shaded differences have a 95% interval that excludes zero.</p>")

    def headline_row_html(self, row: Row) -> str:
        v = row.value
        if v is None:
            return (f'<tr><td class="label">{esc(row.label)}</td>' + f'<td class="num">{DASH}</td>' * 4 +
                    '<td class="reading">not in the file</td></tr>')
        base_text, alt_text, diff_text, ci_text = self.format_values(row.kind, v)
        klass, reading = self.reading(row, v)
        return (f'<tr><td class="label">{esc(row.label)}</td><td class="num">{base_text}</td>'
                f'<td class="num">{alt_text}</td><td class="num {klass}">{diff_text}</td>'
                f'<td class="num">{ci_text}</td><td class="reading {klass}">{reading}</td></tr>')

    @staticmethod
    def format_values(kind: str, v: Paired):
        scale = 1e6 if kind == "money" else 1.0
        base, alt, diff, low, high = (x / scale for x in (v.base, v.alt, v.diff, v.low, v.high))
        level = decimals_for([base, alt], minimum=1 if kind in ("pct", "money") else 0)
        if kind == "ratio":
            level = 2
        change = decimals_for([diff, low, high], minimum=level if kind != "count" else 0)
        if kind == "ratio":
            change = 2
        diff_suffix = " pp" if kind == "pct" else ""
        value_suffix = "%" if kind == "pct" else ""

        if kind == "money":
            interval = (f"{fmt_money(low, change, signed=True)} to {fmt_money(high, change, signed=True)}"
                        if math.isfinite(low) and math.isfinite(high) else DASH)
            return (fmt_money(base, level), fmt_money(alt, level), fmt_money(diff, change, signed=True), interval)
        interval = fmt_interval(low, high, change)
        return (fmt(base, level) + value_suffix, fmt(alt, level) + value_suffix,
                fmt(diff, change, signed=True) + diff_suffix, interval + (diff_suffix if interval != DASH else ""))

    @staticmethod
    def reading(row: Row, v: Paired):
        if not math.isfinite(v.low):
            return "", "no interval (one replication)"
        if not v.excludes_zero():
            return "", "no clear difference (interval includes zero)"
        lower = v.diff < 0
        klass = "clear-down" if lower else "clear-up"
        if row.kind == "count" and row.noun:
            amount = fmt(abs(v.diff), decimals_for([v.diff]))
            word = "fewer" if lower else "more"
            if row.noun == "admissions" and lower:
                return klass, f"clearly lower: {amount} averted a year"
            return klass, f"clearly {'lower' if lower else 'higher'}: {amount} {word} {row.noun} a year"
        return klass, f"clearly {'lower' if lower else 'higher'}"

    def findings(self, alt: str, rows: list[Row]) -> str:
        """Three or four sentences a strategy team can lift: averted admissions, beds, spend, inequality."""
        by_label = {row.label: row.value for row in rows}
        items = []

        def interval_words(v, scale=1.0, decimals=0, money=False, negate=False):
            lo, hi = (-v.high, -v.low) if negate else (v.low, v.high)
            if not math.isfinite(lo):
                return "no interval with one replication"
            if money:
                return f"95% interval {fmt_money(lo / scale, decimals)} to {fmt_money(hi / scale, decimals)}"
            return f"95% interval {fmt(lo / scale, decimals)} to {fmt(hi / scale, decimals)}"

        def unclear(v):
            return "" if v.excludes_zero() or not math.isfinite(v.low) else "; not clearly different from zero"

        for label, what in (("Avoidable (ACSC) admissions", "avoidable (ACSC) admissions"),
                            ("Emergency admissions", "emergency admissions")):
            v = by_label.get(label)
            if v is None:
                continue
            d = decimals_for([v.diff, v.low, v.high])
            if v.diff <= 0:
                items.append(f"<b>{fmt(-v.diff, d)}</b> {what} averted a year "
                             f"({interval_words(v, decimals=d, negate=True)}; averted = base − alternative"
                             f"{unclear(v)}).")
            else:
                items.append(f"<b>{fmt(v.diff, d)} more</b> {what} a year than the base "
                             f"({interval_words(v, decimals=d)}{unclear(v)}).")
        v = by_label.get("Delayed-discharge bed days")
        if v is not None:
            d = decimals_for([v.diff, v.low, v.high])
            beds = abs(v.diff) / 365.25
            items.append(f"Delayed-discharge bed days change by <b>{fmt(v.diff, d, signed=True)}</b> a year "
                         f"({interval_words(v, decimals=d)}{unclear(v)}): about {fmt(beds, decimals_for([beds]))} "
                         f"{'fewer' if v.diff <= 0 else 'more'} beds occupied every night by patients fit to leave.")
        v = by_label.get("Spend: total, all sectors")
        if v is not None:
            d = decimals_for([v.diff / 1e6, v.low / 1e6, v.high / 1e6], minimum=1)
            items.append(f"Total spend changes by <b>{fmt_money(v.diff / 1e6, d, signed=True)}</b> a year "
                         f"({interval_words(v, 1e6, d, money=True)}{unclear(v)}).")
        v = by_label.get("Gap: quintile 1 minus quintile 5, per 100,000")
        if v is not None:
            level = decimals_for([v.base, v.alt])
            d = decimals_for([v.diff, v.low, v.high], minimum=level)
            items.append(f"The gap in avoidable admission rates between residents of the most and least deprived "
                         f"quintiles goes from {fmt(v.base, level)} to {fmt(v.alt, level)} per 100,000 a year "
                         f"(change {fmt(v.diff, d, signed=True)}, {interval_words(v, decimals=d)}{unclear(v)}).")
        if not items:
            return ""
        return '<div class="box"><ul class="findings">' + "".join(f"<li>{i}</li>" for i in items) + "</ul></div>"

    def where_section(self):
        r = self.results
        base = r.scenarios[r.base]
        boroughs = base.boroughs
        self.section("where", "Avoidable admissions by borough and deprivation")
        png = self.figures and averted_figure(self.figures, r, self.stat, boroughs)
        self.figure(png, "ACSC admissions averted by borough and deprivation quintile",
                    f"Avoidable (ambulatory-care sensitive) emergency admissions averted a year (base − alternative) "
                    f"for residents of each borough and of each national deprivation quintile, with 95% paired "
                    f"intervals. Bars above zero: fewer admissions than in {esc(r.base)}.")
        # Table: rates per 100,000 by borough and quintile.
        keys = [(b, 0, b) for b in boroughs] + [(BOROUGH_ALL, q, f"Quintile {q}" + (" (most deprived)" if q == 1 else
                                                                                 " (least deprived)" if q == 5 else ""))
                                               for q in range(1, 6)] + [(BOROUGH_ALL, 0, "All South East London")]
        head = "<tr><th>Residents of</th>" + f'<th class="num">{esc(r.base)}</th>' + "".join(
            f'<th class="num">{esc(a)}</th><th class="num">difference</th><th class="num">95% interval</th>'
            for a in r.alternatives) + "</tr>"
        body = []
        for borough, quintile, label in keys:
            cells = []
            base_value = None
            for alt in r.alternatives:
                v = self.stat("acsc_admissions_per_100k", alt, borough, quintile)
                if v is None:
                    cells.append(f'<td class="num">{DASH}</td>' * 3)
                    continue
                base_value = v.base if base_value is None else base_value
                klass = ("clear-down" if v.diff < 0 else "clear-up") if v.excludes_zero() else ""
                d = decimals_for([v.diff, v.low, v.high])
                cells.append(f'<td class="num">{fmt(v.alt, decimals_for([v.alt]))}</td><td class="num {klass}">'
                             f'{fmt(v.diff, d, signed=True)}</td><td class="num">{fmt_interval(v.low, v.high, d)}</td>')
            base_text = fmt(base_value, decimals_for([base_value])) if base_value is not None else DASH
            body.append(f"<tr><td>{esc(label)}</td><td class=\"num\">{base_text}</td>{''.join(cells)}</tr>")
        self.add("<h3>Avoidable (ACSC) admissions per 100,000 residents a year</h3>"
                 f"<table>{head}{''.join(body)}</table>")

    def beds_section(self):
        r = self.results
        import numpy as np
        self.section("beds", "Bed occupancy and delayed discharges")
        has_daily = any(s.daily is not None for s in r.scenarios.values())
        if not has_daily:
            self.add('<p class="note">The file has no /daily table, so there are no bed plots.</p>')
            return
        self.add("<h3>Bed occupancy</h3>")
        png = time_series_figure(self.figures, r, occupancy_series,
                                  "G&A bed occupancy by emergency patients, midnight census", "beds occupied (%)",
                                  "occupancy", reference=(92, "92% (NHS planning guidance)"), percent=True)
        self.figure(png, "Bed occupancy over time per acute site",
                    "Beds occupied by emergency patients as a share of the general &amp; acute beds open to them "
                    "(including escalation beds open that night), each night of the results period. Line: mean over "
                    "replications; shaded band: lowest to highest replication. The dotted line marks 92%.")
        self.add("<h3>Delayed discharges</h3>")
        png = time_series_figure(self.figures, r, delayed_series,
                                  "Beds occupied by medically fit patients waiting to leave (delayed discharges)",
                                  "beds" + (" (whole population)" if any(s.scale != 1 for s in r.scenarios.values())
                                            else ""), "delayed_discharges")
        self.figure(png, "Delayed-discharge beds over time per acute site",
                    "Beds occupied each night by patients who are medically fit but waiting for a place or package "
                    "to leave to. Line: mean over replications; band: lowest to highest replication.")
        # Per-site table.
        sites = []
        for s in r.scenarios.values():
            if s.daily is not None:
                sites += [x for x in s.daily.sites if x not in sites]
        head = "<tr><th>Acute site</th>" + "".join(
            f'<th class="num">{esc(s.name)}<br>beds open</th><th class="num">occupancy</th>'
            f'<th class="num">delayed-discharge beds</th>' for s in r.scenarios.values()) + "</tr>"
        body = []
        for site in sites + ["All acute sites"]:
            cells = []
            for s in r.scenarios.values():
                d = s.daily
                if d is None or (site not in d.sites and site != "All acute sites"):
                    cells.append(f'<td class="num">{DASH}</td>' * 3)
                    continue
                sel = slice(None) if site == "All acute sites" else [d.sites.index(site)]
                with np.errstate(all="ignore"), quiet_nan_warnings():
                    avail = np.nansum(d.available[:, sel, :], axis=1)
                    occ = np.nansum(d.occupied[:, sel, :], axis=1)
                    fit = np.nansum(d.fit[:, sel, :], axis=1) if not np.all(np.isnan(d.fit)) else None
                    per_rep_occ = 100 * occ.sum(axis=1) / avail.sum(axis=1)
                    beds = np.nanmean(avail) / s.scale
                    fit_mean = np.nanmean(fit) / s.scale if fit is not None else math.nan
                m, lo, hi = mean_ci(per_rep_occ)
                ci = f'<span class="ci">{fmt(lo, 1)} to {fmt(hi, 1)}</span>' if math.isfinite(lo) else ""
                cells.append(f'<td class="num">{fmt(beds, 0)}</td><td class="num">{fmt(m, 1)}%{ci}</td>'
                             f'<td class="num">{fmt(fit_mean, 1)}</td>')
            body.append(f"<tr><td>{esc(site)}</td>{''.join(cells)}</tr>")
        self.add("<h3>Mean over the results period, by acute site</h3>"
                 f"<table>{head}{''.join(body)}</table>"
                 '<p class="note">Beds open and delayed-discharge beds are nightly means'
                 + (" for the whole population (simulated beds divided by the scale)" if
                    any(s.scale != 1 for s in r.scenarios.values()) else "") +
                 "; occupancy is the mean over replications with its 95% interval across replications.</p>")

    def spend_section(self):
        r = self.results
        self.section("spend", "Spend by sector")
        png = spend_figure(self.figures, r, self.stat)
        caption = ("Spend a year on South East London residents by sector (£ million, mean over replications): "
                   "primary care (GP appointments), acute (A&amp;E attendances and emergency bed days), community "
                   "(urgent community response, intermediate care beds) and social care (reablement, home care, "
                   "care homes).")
        if r.alternatives:
            caption += " Right: change against the base with 95% paired intervals."
        self.figure(png, "Spend by sector per scenario", caption)
        scenarios = list(r.scenarios.values())
        head = "<tr><th>£ million a year</th>" + "".join(f'<th class="num">{esc(s.name)}</th>' for s in scenarios) + \
            "</tr>"
        body = []
        for column, label in SECTORS + [("cost_gbp", "Total")]:
            cells = []
            for s in scenarios:
                if not s.has(column):
                    cells.append(f'<td class="num">{DASH}</td>')
                    continue
                m, lo, hi = mean_ci(s.per_year(column) / 1e6)
                d = decimals_for([m], minimum=1)
                ci = f'<span class="ci">{fmt(lo, d)} to {fmt(hi, d)}</span>' if math.isfinite(lo) else ""
                cells.append(f'<td class="num">{fmt_money(m, d)}{ci}</td>')
            body.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
        self.add(f"<table>{head}{''.join(body)}</table>"
                 '<p class="note">Mean over replications; below it, the 95% interval across replications.</p>')

    BOROUGH_MEASURES = [
        ("GP appointments", "gp_appointments", 1000),
        ("GP needs unmet", "gp_unmet_demand", 1000),
        ("A&E attendances (type 1)", "ae_attendances", 1000),
        ("A&E 4-hour breaches", "ae_4h_breaches", 1000),
        ("A&E 4-hour breaches, % of attendances", ("ae_4h_breaches", "ae_attendances"), "pct"),
        ("Emergency admissions", "emergency_admissions", 1000),
        ("Avoidable (ACSC) admissions", "acsc_admissions", 1000),
        ("Emergency bed days", "bed_days", 1000),
        ("Delayed-discharge bed days", "delayed_discharge_bed_days", 1000),
        ("Readmissions within 30 days", "readmissions_30d", 1000),
        ("Urgent community response episodes", "ucr_episodes", 1000),
        ("Care packages started", "care_packages_started", 1000),
        ("Care home admissions", "care_home_admissions", 1000),
        ("Deaths", "deaths", 1000),
        ("Spend per resident (£)", "cost_gbp", 1),
    ]

    def borough_section(self, s: Scenario):
        self.section(f"boroughs-{slug(s.name)}", f"Results by borough: {s.name}")
        columns = [(b, b, 0) for b in s.boroughs] + [("All South East London", BOROUGH_ALL, 0)]
        self.add(self.rates_table(s, columns, "A year, per 1,000 residents"))
        quintiles = sorted({int(q) for q in s.summary["deprivation_quintile"]})
        columns = [(f"Quintile {q}" + (" (most deprived)" if q == 1 else " (least deprived)" if q == 5 else ""),
                    BOROUGH_ALL, q) for q in quintiles] + [("All", BOROUGH_ALL, 0)]
        self.add(f"<details><summary>The same by deprivation quintile (national IMD 2019) for {esc(s.name)}"
                 f"</summary>{self.rates_table(s, columns, 'A year, per 1,000 residents')}</details>")
        self.add(f'<p class="note">Rates a year per 1,000 residents (spend: £ a resident a year), mean over '
                 f"{s.replications} replication(s); below each, the 95% interval across replications"
                 f"{'' if s.replications > 1 else ' (none with one replication)'}.</p>")

    def rates_table(self, s: Scenario, columns, corner: str) -> str:
        import numpy as np
        head = f"<tr><th>{esc(corner)}</th>" + "".join(
            f'<th class="num">{esc(label)}</th>' for label, _, _ in columns) + "</tr>"
        residents = [float(np.mean(s.totals("residents", b, q))) / s.scale for _, b, q in columns]
        body = ["<tr><td>Residents" + (" (whole population)" if s.scale != 1 else "") + "</td>" +
                "".join(f'<td class="num">{fmt(v, 0)}</td>' for v in residents) + "</tr>"]
        for label, column, per in self.BOROUGH_MEASURES:
            needed = column if isinstance(column, tuple) else (column,)
            if not all(s.has(c) for c in needed):
                continue
            cells = []
            for _, b, q in columns:
                with np.errstate(divide="ignore", invalid="ignore"):
                    if per == "pct":
                        values = 100 * s.totals(column[0], b, q) / s.totals(column[1], b, q)
                    else:
                        values = s.rate(column, per, b, q)
                m, lo, hi = mean_ci(values)
                d = 1 if per == "pct" else decimals_for([m])
                suffix = "%" if per == "pct" else ""
                ci = f'<span class="ci">{fmt(lo, d)} to {fmt(hi, d)}</span>' if math.isfinite(lo) else ""
                cells.append(f'<td class="num">{fmt(m, d)}{suffix}{ci}</td>')
            body.append(f"<tr><td>{esc(label)}</td>{''.join(cells)}</tr>")
        return f"<table>{head}{''.join(body)}</table>"

    def document(self) -> str:
        r = self.results
        lede = ("Simulated patient flow in South East London's integrated care system"
                + (f" — {len(r.alternatives)} alternative(s) against the base" if r.alternatives else "") + ".")
        return self.html_document(self.title, lede, r.version, "docs/results-schema.md")
