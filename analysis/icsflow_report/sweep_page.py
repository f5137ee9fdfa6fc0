"""The page for a sweep results file: settings, how to read SRC, PRCC and Sobol indices, one section per
headline output, every coefficient, the outputs across the points."""
from __future__ import annotations

import math
import re

from .figures import Figures, quiet_nan_warnings
from .formatting import DASH, decimals_for, esc, fmt, fmt_coefficient, fmt_p, lower_first, number_text, plural, slug
from .page import Page
from .sweep_figures import by_influence, sobol_figure, sweep_scatter_figure, tornado_figure
from .sweep_file import R_SQUARED_WARNING, SweepResults, fmt_output

DESIGN_NAMES = {"latin_hypercube": "Latin hypercube", "grid": "grid", "sobol": "Sobol (Saltelli)"}


class SweepReport(Page):
    """The report on a sweep results file (docs/sweeps.md): settings, how to read SRC, PRCC and Sobol indices,
    one section per headline output, every coefficient, and the outputs' spread over the points."""

    MAX_SCATTER_PANELS = 6

    def __init__(self, sweep: SweepResults, figures: Figures, input_name: str):
        super().__init__(figures, input_name)
        self.sweep = sweep

    def build(self) -> str:
        s = self.sweep
        self.settings_section()
        self.how_to_read_section()
        for output in s.headline_outputs():
            self.output_section(output)
        self.coefficients_section()
        self.outputs_section()
        lede = (f"Sensitivity of simulated patient flow in South East London's integrated care system to "
                f"{len(s.parameters)} parameter(s) of the scenario <b>{esc(s.base_scenario or '?')}</b>: "
                f"{s.points_total} points ({esc(DESIGN_NAMES.get(s.design, s.design))} design) × "
                f"{esc(s.replications)} replication(s).")
        return self.html_document(f"sweep {s.name}", lede, s.version, "docs/sweeps.md",
                                  before_nav=self.status_box())

    # -- what is missing --
    def missing_analysis(self) -> str:
        """Why there are no coefficients, as one HTML sentence or two (empty when /sensitivity is there)."""
        s = self.sweep
        if s.sensitivity is not None:
            return ""
        if not s.complete:
            return (f"<b>This sweep is incomplete: {s.points_complete} of {s.points_total} points complete</b>, "
                    "so the file has no sensitivity analysis (<code>/sensitivity</code>). If it is one slice of a "
                    "sweep run with <code>--shard</code>, join the slices with <code>icsflow merge PART.h5 ... -o "
                    "OUT.h5</code>; if the run was interrupted, run the same <code>icsflow sweep</code> command "
                    "again to resume it (it runs only the missing points). Then make the report from the complete "
                    f"file. Until then the plots show the {plural(s.points_complete, 'complete point')} only.")
        return (f"The file has no sensitivity analysis (<code>/sensitivity</code>) although all {s.points_total} "
                "points are complete: <code>icsflow sweep</code> computes it only when there are more points than "
                "parameters + 2. Only the points are shown.")

    def status_box(self) -> str:
        text = self.missing_analysis()
        return f'<div class="box warning"><p>{text}</p></div>' if text else ""

    # -- sections --
    def settings_section(self):
        s = self.sweep
        self.section("settings", "Sweep and run settings")
        warmup = re.search(r"^warmup_days\s*=\s*(\S+)", s.definition, flags=re.M)
        period = f"{number_text(s.years)} year(s)" + (
            f" after a {number_text(warmup.group(1))}-day warm-up" if warmup else "")
        rows = [("Sweep", s.name), ("Description", s.description or DASH), ("Base scenario", s.base_scenario or DASH),
                ("Design", DESIGN_NAMES.get(s.design, s.design or DASH)),
                ("Points complete", f"{s.points_complete} of {s.points_total}"),
                ("Replications per point", s.replications), ("Runs in the file", s.runs),
                ("Scale", number_text(s.scale)), ("Results period", period), ("Master seed", s.master_seed),
                ("Simulation time", f"{s.wall_seconds:,.1f} s (sum over runs)" if s.wall_seconds is not None
                 else DASH)]
        self.add('<table class="settings">' + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>"
                                                        for k, v in rows) +
                 f"<tr><th>Results file</th><td><code>{esc(self.input_name)}</code></td></tr>"
                 f"<tr><th>icsflow version</th><td>{esc(s.version)}</td></tr>"
                 f"<tr><th>Command line</th><td><code>{esc(s.command_line or DASH)}</code></td></tr>"
                 f"<tr><th>Created (UTC)</th><td>{esc(s.created or DASH)}</td></tr>"
                 f"<tr><th>Fingerprint</th><td><code>{esc(s.fingerprint or DASH)}</code></td></tr></table>")
        body = "".join(f"<tr><td><code>{esc(p.key)}</code></td><td>{esc(p.describe())}</td></tr>"
                       for p in s.parameters)
        self.add(f"<h3>Parameters</h3><table><tr><th>Scenario key</th><th>Distribution over the sweep</th></tr>"
                 f"{body}</table>")
        if s.toml:
            self.add(f"<details><summary>Sweep file as given (TOML)</summary><pre>{esc(s.toml)}</pre></details>")
        if s.definition:
            self.add("<details><summary>Sweep definition as run, with the resolved base scenario</summary>"
                     f"<pre>{esc(s.definition)}</pre></details>")

    def how_to_read_section(self):
        s = self.sweep
        self.section("how-to-read", "How to read a sensitivity analysis")
        scale = (f" (simulated values divided by the scale, {number_text(s.scale)}, and by the years)"
                 if s.scale != 1 else "")
        self.add(
            f"<p>Each point of the sweep is one set of parameter values, drawn by the design from the ranges in the "
            f"sweep file; each point was simulated {esc(s.replications)} time(s) (replications). Outputs are a year "
            f"of the results period for the whole South East London population{scale}. Every coefficient is "
            "computed on each point's mean over its replications. Replication <i>r</i> uses the same random numbers "
            "at every point (common random numbers), so the differences between points are the parameters' doing, "
            "not noise; more replications per point still shrink the noise that remains.</p>"
            "<ul>"
            "<li><b>SRC</b>, the standardized regression coefficient: the change in the output, in standard "
            "deviations, for one standard deviation of the parameter, from a linear regression on all parameters. "
            "Its square is the share of the output's variance that parameter explains &mdash; when the model is "
            "close to linear, which the regression's R² tells you (below 0.7, read SRC with care; the report "
            "warns).</li>"
            "<li><b>PRCC</b>, the partial rank correlation coefficient (with its p-value): how monotonically the "
            "output rises (+) or falls (&minus;) with the parameter once the others are accounted for. It needs "
            "monotonicity, not linearity. A PRCC with p &ge; 0.05 (a hatched bar) is not clearly different from "
            "zero: with this many points the sweep cannot tell whether that parameter matters.</li>"
            "<li><b>Sobol indices</b> (only with a <code>sobol</code> design): the first-order index is the share "
            "of the output's variance due to the parameter alone; the total index adds its interactions. Intervals "
            "are 95% bootstrap intervals over the base samples. Estimators: Saltelli et al. (2010) for the first "
            "order, Jansen (1999) for the total. With few base samples the estimates are noisy and can fall below "
            "0 or above 1; a wide interval asks for more base samples.</li>"
            "</ul>"
            "<p>Bars are ordered by |PRCC|, the most influential parameter at the top. An output that does not vary "
            "across the points has no coefficients (&mdash;). These are statements about the model under the "
            "stated ranges, not new evidence: a parameter may matter outside its range, and what the sweep does "
            "not vary (the baseline data and assumptions, docs/data-sources.md) is not assessed. See "
            "docs/sweeps.md.</p>")
        if s.design != "sobol":
            self.add(f'<p class="note">This sweep used a {esc(DESIGN_NAMES.get(s.design, s.design))} design, so it '
                     'has no Sobol indices (they need <code>kind = "sobol"</code>).</p>')

    def output_section(self, output: str):
        s = self.sweep
        metric = s.metric(output)
        label = metric.label
        self.section(f"output-{slug(output)}", label)
        if output not in s.outputs:
            self.add(f'<p class="note">The file has no column <code>{esc(output)}</code> in /sweep/points.</p>')
            return
        unit = metric.shown_unit
        values = metric.shown(s.points[output])
        finite = values[[math.isfinite(v) for v in values]] if len(values) else values
        spread = ""
        if len(finite):
            low, high = float(finite.min()), float(finite.max())
            d = decimals_for([low, high], minimum=metric.decimals)
            spread = (f"; over the {plural(len(finite), 'complete point')} it ranges from "
                      f"{fmt_output(metric, low, d)} to {fmt_output(metric, high, d)}")
        self.add(f'<p class="note"><code>{esc(output)}</code>, {esc(unit)}: the mean over replications at each '
                 f"point{spread}.</p>")
        rows = s.coefficients(output)
        computed = [c for c in rows if math.isfinite(c.prcc) or math.isfinite(c.src)]
        if s.sensitivity is None:
            why = (f"only {s.points_complete} of {s.points_total} points are complete" if not s.complete else
                   "the file has no /sensitivity table")
            self.add(f'<p class="note">No sensitivity coefficients: {why} (see the top of the report). The plot shows '
                     "the complete points against each parameter.</p>")
            keys = s.keys[: self.MAX_SCATTER_PANELS]
            self.add("<h3>The output against each parameter</h3>")
            self.scatter(output, keys, "each parameter" + (f" (the first {len(keys)})" if len(keys) < len(s.keys)
                                                           else ""))
            return
        if not computed:
            self.add('<p class="note">No coefficients: ' + ("the output does not vary across the points."
                                                           if rows else "/sensitivity has no rows for it.") + "</p>")
            keys = s.keys[:2]
            self.add("<h3>The output against the first parameters</h3>")
            self.scatter(output, keys, "the first parameters of the sweep")
            return
        self.add(self.reading(output, rows))
        self.add("<h3>PRCC and SRC</h3>")
        self.figure(tornado_figure(self.figures, metric, rows), f"PRCC and SRC of {label} per parameter",
                    f"Partial rank correlation (PRCC, blue) and standardized regression coefficient (SRC, orange) of "
                    f"{esc(lower_first(label))} with each parameter, most influential (largest |PRCC|) at the top. "
                    "Bars left of zero: the output falls as the parameter rises. Hatched bars: PRCC with p &ge; 0.05, "
                    "not clearly different from zero. The title gives the linear regression's R².")
        if s.design == "sobol":
            self.add("<h3>Sobol indices</h3>")
            self.figure(sobol_figure(self.figures, metric, rows), f"Sobol indices of {label} per parameter",
                        "First-order (green) and total (pink) Sobol indices with their 95% bootstrap intervals, in "
                        "the order of the chart above. First-order: the share of the output's variance due to the "
                        "parameter alone; total: with its interactions. The dotted line marks 1.")
        top = [c.parameter for c in by_influence(rows) if math.isfinite(c.prcc)][:2]
        self.add("<h3>The output against its most influential parameters</h3>")
        self.scatter(output, top, "the two parameters with the largest |PRCC|" if len(top) == 2 else
                     "the parameter with the largest |PRCC|")

    def scatter(self, output: str, keys: list, which: str):
        s = self.sweep
        log = [k for k in keys if s.parameter(k).distribution == "log_uniform"]
        caption = (f"Each dot is one complete point of the sweep: {esc(lower_first(s.metric(output).label))} (its "
                   f"mean over {esc(s.replications)} replication(s)) against the value of {esc(which)}, over the "
                   "range swept. The other parameters vary too, which is much of the scatter around any trend.")
        if log:
            caption += " Log-uniform parameters are on a logarithmic axis."
        if s.design == "sobol":
            caption += " A Sobol design's points include the A, B and mixed (AB) matrices."
        self.figure(sweep_scatter_figure(self.figures, s, s.metric(output), keys),
                    f"{s.metric(output).label} against {', '.join(keys)}", caption)

    def reading(self, output: str, rows: list) -> str:
        """A few sentences: which parameters matter, which do not clearly, and how linear the output is."""
        ordered = [c for c in by_influence(rows) if math.isfinite(c.prcc)]
        clear = [c for c in ordered if not c.weak]
        unclear = [c for c in ordered if c.weak]
        name = esc(lower_first(self.sweep.metric(output).label))

        def cite(c):
            return f"<code>{esc(c.parameter)}</code> (PRCC {fmt_coefficient(c.prcc)}, SRC {fmt_coefficient(c.src)})"

        items = []
        if clear:
            named = [cite(c) for c in clear[:3]]
            joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
            items.append(f"Within these ranges, the parameters that matter most for {name} are {joined}."
                         if len(named) > 1 else f"Within these ranges, the parameter that matters most for {name} "
                                                f"is {joined}.")
        else:
            items.append(f"No parameter has a PRCC with {name} clearly different from zero (every p &ge; 0.05).")
        if unclear:
            items.append("Not clearly related (p &ge; 0.05): " +
                         ", ".join(f"<code>{esc(c.parameter)}</code>" for c in unclear) + ".")
        r2 = rows[0].r_squared
        if math.isfinite(r2):
            sentence = (f"The linear regression on all parameters explains {fmt(100 * r2, 0)}% of the variance across "
                        f"the points (R² = {fmt(r2, 2)})")
            if r2 < R_SQUARED_WARNING:
                sentence = (f"<b>Warning: R² = {fmt(r2, 2)}, below {R_SQUARED_WARNING:g}</b>: the output is far from "
                            "linear in the parameters, so read SRC with care and rely on PRCC"
                            + (" and the Sobol indices" if self.sweep.design == "sobol" else ""))
            items.append(sentence + ".")
        return '<div class="box"><ul class="findings">' + "".join(f"<li>{i}</li>" for i in items) + "</ul></div>"

    def coefficients_section(self):
        s = self.sweep
        self.section("sensitivity", "All sensitivity coefficients")
        if s.sensitivity is None:
            self.add(f"<p>{self.missing_analysis()}</p>")
            return
        sobol = s.design == "sobol"
        head = ('<tr><th>Parameter</th><th class="num">SRC</th><th class="num">PRCC</th><th class="num">p-value</th>'
                + ('<th class="num">Sobol first<br>(95% interval)</th><th class="num">Sobol total<br>'
                   "(95% interval)</th>" if sobol else "") + "</tr>")
        columns = 6 if sobol else 4
        body = []
        outputs = []
        for c in s.sensitivity:
            if c.output not in outputs:
                outputs.append(c.output)
        for output in outputs:
            rows = s.coefficients(output)
            r2 = rows[0].r_squared
            if not any(math.isfinite(c.prcc) or math.isfinite(c.src) for c in rows):
                note = "does not vary across the points: no coefficients"
            else:
                note = f"linear R² = {fmt(r2, 2)}" + (f" (below {R_SQUARED_WARNING:g}: read SRC with care)"
                                                      if math.isfinite(r2) and r2 < R_SQUARED_WARNING else "")
            body.append(f'<tr class="group"><td colspan="{columns}">{esc(s.metric(output).label)} '
                        f"(<code>{esc(output)}</code>): {esc(note)}</td></tr>")
            for c in rows:
                cells = [fmt_coefficient(c.src), fmt_coefficient(c.prcc), esc(fmt_p(c.p_value))]
                if sobol:
                    cells += [self.index_cell(c.sobol_first, c.sobol_first_low, c.sobol_first_high),
                              self.index_cell(c.sobol_total, c.sobol_total_low, c.sobol_total_high)]
                body.append(f"<tr><td><code>{esc(c.parameter)}</code></td>" +
                            "".join(f'<td class="num">{v}</td>' for v in cells) + "</tr>")
        self.add(f"<table>{head}{''.join(body)}</table>")
        self.add('<p class="note">Every row of /sensitivity: one per output and parameter, in the file\'s order. SRC '
                 "and PRCC to two decimals; the p-value is the PRCC's (two-sided)"
                 + ("; Sobol indices with their 95% bootstrap interval underneath" if sobol else
                    f"; no Sobol indices ({esc(DESIGN_NAMES.get(s.design, s.design))} design)")
                 + ". &mdash;: not computed.</p>")

    @staticmethod
    def index_cell(value, low, high) -> str:
        interval = f'<span class="ci">{fmt(low, 2)} to {fmt(high, 2)}</span>' if math.isfinite(low) and \
            math.isfinite(high) else ""
        return fmt(value, 2) + interval

    def outputs_section(self):
        import numpy as np
        s = self.sweep
        self.section("outputs", "Outputs across the points")
        n = len(s.points["point"])
        if n == 0:
            self.add('<p class="note">No point is complete yet.</p>')
            return
        body = []
        for output in s.outputs:
            metric = s.metric(output)
            unit = metric.shown_unit
            values = metric.shown(s.points[output])
            with quiet_nan_warnings():
                low, mean, high = float(np.nanmin(values)), float(np.nanmean(values)), float(np.nanmax(values))
            d = decimals_for([low, high], minimum=metric.decimals)
            body.append(f"<tr><td>{esc(metric.label)}<br><code>{esc(output)}</code></td><td>{esc(unit)}</td>"
                        + "".join(f'<td class="num">{fmt_output(metric, v, d)}</td>' for v in (low, mean, high))
                        + "</tr>")
        self.add('<table><tr><th>Output</th><th>Unit</th><th class="num">Lowest</th><th class="num">Mean</th>'
                 f'<th class="num">Highest</th></tr>{"".join(body)}</table>'
                 f'<p class="note">Over the {plural(n, "complete point")}, each point\'s value being its mean over '
                 "replications: how far each output moves across the ranges swept.</p>")
