"""The page for a results file of `icsflow run` or `icsflow compare`: settings, how to read it, a headline per
alternative and where the admissions it averts are (both from /comparison), then the population year by year
(population, for runs of more than a year), the sections every file gets (scenario_sections) and planned care
(planned_care, for files with /elective)."""
from __future__ import annotations

from . import headline
from .attribution import attribution_section
from .by_year import by_year_section
from .figures import Figures, averted_figure
from .formatting import DASH, decimals_for, esc, fmt, fmt_interval, number_text, slug
from .metrics import Metric
from .money import money_section
from .page import Page
from .planned_care import planned_care_section
from .population import population_section
from .results_file import BOROUGH_ALL, Results, scale_caution
from .scenario_sections import beds_section, borough_section, quintile_label, spend_section


def page_title(r: Results) -> str:
    """What the report is of: 'base compared with alt, ...' or the scenarios' names."""
    if r.alternatives:
        return f"{r.base or next(iter(r.scenarios))} compared with {', '.join(r.alternatives)}"
    return ", ".join(r.scenarios)


class Report(Page):
    def __init__(self, results: Results, figures: Figures, input_name: str):
        super().__init__(figures, input_name)
        self.results = results

    def build(self) -> str:
        r = self.results
        self.title = page_title(r)
        if r.alternatives and r.comparison is None:
            r.notes.append("The file names a base scenario but has no /comparison table, so there are no "
                           "differences to show: make it with icsflow compare.")
        self.settings_section()
        self.how_to_read_section()
        if r.alternatives and r.comparison is not None:
            for alt in r.alternatives:
                self.headline_section(alt)
            by_year_section(self, r)
            money_section(self, r, r.money)
            for count, rate in headline.where(r.metrics):
                self.where_section(count, rate)
        attribution_section(self, r)
        population_section(self, r)
        beds_section(self, r)
        planned_care_section(self, r)
        spend_section(self, r)
        for scenario in r.scenarios.values():
            borough_section(self, r, scenario)
        lede = ("Simulated patient flow in South East London's integrated care system"
                + (f" — {len(r.alternatives)} alternative(s) against the base" if r.alternatives else "") + ".")
        return self.html_document(self.title, lede, r.version, "docs/results-schema.md")

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
                     "this number of replications. Every difference and interval is read from the file's "
                     "<code>/comparison</code> table, as <code>icsflow compare</code> computed it. ")
        else:
            text += ("Under each mean is the range from the lowest to the highest replication: how much the model's "
                     "result varies from one run to the next, not the uncertainty in its inputs. ")
        what, none = ("Intervals", "no interval can be computed") if r.alternatives else \
            ("The ranges", "there is no range")
        text += (f"{what} include the simulation's random variation and the uncertainty of the partnership "
                 "levers' effects: each replication draws its own effect sizes from the ranges in the scenario "
                 "files (docs/scenarios.md). Uncertainty in the baseline data and assumptions "
                 f"(docs/data-sources.md) is not included. With one replication {none}"
                 + (" (shown as &mdash;)." if r.alternatives else "."))
        text += self.scale_note() + "</p>"
        self.add(text)
        caution = scale_caution(min(s.scale for s in r.scenarios.values()))
        if caution:
            self.add(f'<p class="note"><strong>{esc(caution)}</strong></p>')
        for note in r.notes:
            self.add(f'<p class="note">Note: {esc(note)}</p>')

    def headline_section(self, alt: str):
        r = self.results
        self.section(f"headline-{slug(alt)}", f"Headline: {alt} compared with {r.base}")
        rows = headline.headline_rows(r.metrics, r.comparison, alt)
        self.add(headline.findings_html(rows))
        self.add(headline.table_html(rows, r.base, alt))
        self.add('<p class="note">The headline metrics of the file\'s /metrics table in its headline order, each as '
                 "/comparison has it. Counts, bed days and spend are a year for all South East London residents; "
                 "rates are a year per 100,000 residents; occupancy is beds occupied by emergency patients over beds "
                 "open to them, over every site and night (difference in percentage points, pp); the inequality "
                 "rows compare residents of the most deprived (1) and least deprived (5) national IMD 2019 "
                 "quintiles. Shaded differences have a 95% interval that excludes zero; &mdash; marks what the file "
                 "does not hold.</p>")

    def where_section(self, count: Metric, rate: Metric):
        """A count's change by borough and by deprivation quintile (plot) and its rate per 100,000 (table)."""
        r = self.results
        boroughs = r.scenarios[r.base].boroughs
        self.section(f"where-{slug(count.name)}", f"{count.label} by borough and deprivation")
        averted = count.better == "lower"
        self.figure(averted_figure(self.figures, r, count, boroughs),
                    f"{count.label} {'averted' if averted else 'change'} by borough and deprivation quintile",
                    f"{esc(count.description or count.label)}: "
                    + ("averted a year (base − alternative)" if averted else "change a year (alternative − base)")
                    + " for residents of each borough and of each national deprivation quintile, with 95% paired "
                    "intervals from /comparison."
                    + (f" Bars above zero: fewer than in {esc(r.base)}." if averted else ""))
        keys = [(b, 0, b) for b in boroughs] + [(BOROUGH_ALL, q, quintile_label(q)) for q in range(1, 6)] + \
            [(BOROUGH_ALL, 0, "All South East London")]
        head = "<tr><th>Residents of</th>" + f'<th class="num">{esc(r.base)}</th>' + "".join(
            f'<th class="num">{esc(a)}</th><th class="num">difference</th><th class="num">95% interval</th>'
            for a in r.alternatives) + "</tr>"
        body = []
        for borough, quintile, label in keys:
            cells = []
            base_value = None
            for alt in r.alternatives:
                v = r.comparison.get(rate.name, alt, borough, quintile)
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
        self.add(f"<h3>{esc(rate.label)} residents a year</h3><table>{head}{''.join(body)}</table>")
