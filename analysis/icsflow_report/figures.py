"""The comparison page's plots: beds over time per site, admissions averted, spend by sector (matplotlib, Agg)."""
from __future__ import annotations

import base64
import io
import math
import pathlib

from .metrics import Metric, Metrics
from .results_file import BOROUGH_ALL, Results, Scenario

# Okabe-Ito colour-blind-safe palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
LINESTYLES = ["-", "--", "-.", ":"]
# Spend by sector, in the order of /metrics (primary care, acute, community, social care as the registry has them).
SECTOR_COLOURS = ["#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#E69F00", "#0072B2"]
ALL_SITES = "All acute sites"  # the daily series' key, and panel, of every site together


class Figures:
    """Renders matplotlib figures to base64 PNG (and optionally to a folder of PNG files)."""

    def __init__(self, save_dir: pathlib.Path | None):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        self.plt = plt
        plt.rcParams.update({
            "font.size": 10, "axes.titlesize": 11, "axes.titleweight": "bold", "axes.labelsize": 10,
            "legend.fontsize": 9, "xtick.labelsize": 9, "ytick.labelsize": 9, "figure.titlesize": 13,
            "figure.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False,
            "axes.grid": True, "grid.color": "#dddddd", "grid.linewidth": 0.6, "axes.axisbelow": True,
            "svg.fonttype": "none", "figure.dpi": 100, "savefig.dpi": 110,
        })
        self.save_dir = save_dir
        self.count = 0

    def encode(self, fig, name: str) -> str:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight", facecolor="white")
        self.plt.close(fig)
        data = buffer.getvalue()
        self.count += 1
        if self.save_dir is not None:
            self.save_dir.mkdir(parents=True, exist_ok=True)
            (self.save_dir / f"{self.count:02d}_{name}.png").write_bytes(data)
        return base64.b64encode(data).decode("ascii")


def _panel_grid(plt, panels: int, width=12.5, row_height=2.9):
    """Small multiples with one spare cell for the legend. The first panel (all sites) has its own y axis; the
    others (one per site) share theirs so that sites compare at a glance."""
    columns = 4 if panels > 6 else 3 if panels > 2 else 2
    rows = math.ceil((panels + 1) / columns)
    fig = plt.figure(figsize=(width, row_height * rows + 0.8))
    axes = [fig.add_subplot(rows, columns, 1)]
    for k in range(1, rows * columns):
        share = axes[1] if len(axes) > 1 else None
        axes.append(fig.add_subplot(rows, columns, k + 1, sharex=axes[0], sharey=share))
    return fig, axes, columns


def time_series_figure(figures: Figures, results: Results, series, title, ylabel, name, reference=None,
                        percent=False):
    """One panel per acute site (and one for all sites): per scenario, the mean over replications by day and a
    band from the lowest to the highest replication. `series(scenario)` gives (sites, days, {site: [rep, day]})."""
    import numpy as np
    plt = figures.plt
    data = {}
    sites = []
    for scenario in results.scenarios.values():
        got = series(scenario)
        if got is None:
            continue
        data[scenario.name] = got
        for s in got[0]:
            if s not in sites:
                sites.append(s)
    if not data:
        return None
    panels = [ALL_SITES] + sites
    fig, axes, columns = _panel_grid(plt, len(panels))
    handles = []
    for p, (ax, panel) in enumerate(zip(axes, panels)):
        for i, (scenario_name, (_, days, by_site)) in enumerate(data.items()):
            if panel not in by_site:
                continue
            values = by_site[panel]
            with np.errstate(all="ignore"), quiet_nan_warnings():
                mean = np.nanmean(values, axis=0)
                low = np.nanmin(values, axis=0)
                high = np.nanmax(values, axis=0)
            colour = OKABE_ITO[i % len(OKABE_ITO)]
            style = LINESTYLES[i % len(LINESTYLES)]
            line, = ax.plot(days, mean, color=colour, linestyle=style, linewidth=1.3, label=scenario_name)
            if values.shape[0] > 1:
                ax.fill_between(days, low, high, color=colour, alpha=0.18, linewidth=0)
            if p == 0:
                handles.append(line)
        if reference is not None:
            ax.axhline(reference[0], color="#444444", linewidth=0.9, linestyle=":")
        ax.set_title(_short_site(panel), fontsize=10)
        if percent:
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.10g}%"))
        else:
            ax.set_ylim(bottom=0)
    for ax in axes[len(panels):]:
        ax.axis("off")
    for k, ax in enumerate(axes[:len(panels)]):
        if k % columns == 0 or k == 1:
            ax.set_ylabel(ylabel)
        if k + columns >= len(panels):
            ax.set_xlabel("day of the results period")
        else:
            ax.tick_params(labelbottom=False)
        if k > 1 and k % columns != 0:
            ax.tick_params(labelleft=False)
    legend_ax = axes[len(panels)] if len(axes) > len(panels) else axes[-1]
    labels = [h.get_label() for h in handles]
    extra = []
    if reference is not None:
        extra.append(plt.Line2D([], [], color="#444444", linewidth=0.9, linestyle=":", label=reference[1]))
    if len(next(iter(data.values()))[2][panels[0]]) > 1:
        from matplotlib.patches import Patch
        extra.append(Patch(facecolor="#888888", alpha=0.3, label="lowest to highest replication"))
    legend_ax.legend(handles + extra, labels + [e.get_label() for e in extra], loc="center", frameon=False,
                     title="scenario (mean over replications)")
    fig.suptitle(title)
    fig.tight_layout()
    return figures.encode(fig, name)


class quiet_nan_warnings:
    def __enter__(self):
        import warnings
        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", category=RuntimeWarning)

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def _short_site(name: str) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(name, 30)) or name


def occupancy_series(scenario: Scenario):
    import numpy as np
    d = scenario.daily
    if d is None:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        by_site = {s: 100 * d.occupied[:, i, :] / d.available[:, i, :] for i, s in enumerate(d.sites)}
        by_site[ALL_SITES] = 100 * np.nansum(d.occupied, axis=1) / np.nansum(d.available, axis=1)
    return d.sites, d.days, by_site


def delayed_series(scenario: Scenario):
    import numpy as np
    d = scenario.daily
    if d is None or np.all(np.isnan(d.fit)):
        return None
    factor = 1.0 / scenario.scale
    by_site = {s: d.fit[:, i, :] * factor for i, s in enumerate(d.sites)}
    by_site[ALL_SITES] = np.nansum(d.fit, axis=1) * factor
    return d.sites, d.days, by_site


def outlier_series(scenario: Scenario):
    """Emergency patients in elective beds at midnight (outliers), whole population, like delayed_series; None for a
    file without /daily's outliers column."""
    import numpy as np
    d = scenario.daily
    if d is None or d.outliers is None:
        return None
    factor = 1.0 / scenario.scale
    by_site = {s: d.outliers[:, i, :] * factor for i, s in enumerate(d.sites)}
    by_site[ALL_SITES] = np.nansum(d.outliers, axis=1) * factor
    return d.sites, d.days, by_site


def averted_figure(figures: Figures, results: Results, metric: Metric, boroughs):
    """A count metric's change a year by borough and by deprivation quintile, from /comparison with its 95%
    intervals: averted (base - alternative) when lower is better, else alternative - base."""
    import numpy as np
    plt = figures.plt
    averted = metric.better == "lower"
    sign = -1.0 if averted else 1.0
    what = f"{metric.label} {'averted' if averted else 'change'} a year"
    fig, (left, right) = plt.subplots(1, 2, figsize=(12.5, 4.6), gridspec_kw={"width_ratios": [6, 5]})
    groups = [(left, boroughs, [(b, 0) for b in boroughs], "by borough", "borough of residence"),
              (right, [f"{q}" for q in range(1, 6)], [(BOROUGH_ALL, q) for q in range(1, 6)],
               "by deprivation quintile", "IMD 2019 quintile (1 = most deprived, 5 = least)")]
    alts = results.alternatives
    width = 0.8 / max(1, len(alts))
    for ax, labels, keys, title, xlabel in groups:
        x = np.arange(len(labels))
        for i, alt in enumerate(alts):
            values = [results.comparison.get(metric.name, alt, b, q) for b, q in keys]
            shown = np.array([sign * metric.shown(v.diff) if v else np.nan for v in values])
            ends = np.array([sorted((sign * metric.shown(v.low), sign * metric.shown(v.high))) if v
                             else (np.nan, np.nan) for v in values])
            err = np.vstack([shown - ends[:, 0], ends[:, 1] - shown])
            err = np.where(np.isfinite(err), err, 0)
            ax.bar(x + (i - (len(alts) - 1) / 2) * width, shown, width * 0.92, yerr=err, capsize=3,
                   color=OKABE_ITO[(i + 1) % len(OKABE_ITO)], edgecolor="#333333", linewidth=0.5,
                   error_kw={"elinewidth": 1, "ecolor": "#222222"}, label=alt)
        ax.axhline(0, color="#222222", linewidth=0.8)
        ax.set_xticks(x, labels)
        ax.set_title(f"{what}, {title}", fontsize=10.5)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(f"{metric.display_unit} {'averted' if averted else '(alternative − base)'} a year")
        ax.grid(axis="x", visible=False)
    fig.legend(*left.get_legend_handles_labels(), title=f"alternative vs {results.base} (bars: 95% interval)",
               frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(4, len(alts)))
    fig.tight_layout()
    return figures.encode(fig, f"{metric.name}_by_group")


def short_labels(labels: list) -> list:
    """Labels without the words they all start with up to a comma ('Spend, acute' -> 'Acute')."""
    heads = {label.split(", ", 1)[0] for label in labels}
    if len(heads) != 1 or not all(", " in label for label in labels):
        return labels
    return [(rest := label.split(", ", 1)[1])[:1].upper() + rest[1:] for label in labels]


def spend_figure(figures: Figures, results: Results, metrics: Metrics):
    """Spend a year by sector: stacked bars per scenario (means over replications of the summary); with a
    comparison, the difference by sector from /comparison."""
    import numpy as np
    plt = figures.plt
    scenarios = list(results.scenarios.values())
    sectors = [m for m in metrics.spend_sectors() if all(s.has(m.name) for s in scenarios)]
    total = metrics.spend_total()
    if not sectors:
        return None
    names = short_labels([m.label for m in sectors])
    has_diff = bool(results.alternatives) and results.comparison is not None
    fig, axes = plt.subplots(1, 2 if has_diff else 1, squeeze=False,
                             figsize=(12.5 if has_diff else 3.5 + 1.3 * len(scenarios), 4.8))
    ax = axes[0][0]
    x = np.arange(len(scenarios))
    bottom = np.zeros(len(scenarios))
    for k, (metric, label) in enumerate(zip(sectors, names)):
        values = np.array([metric.shown(s.mean_per_year(metric.name)) for s in scenarios])
        ax.bar(x, values, 0.6, bottom=bottom, label=label, color=SECTOR_COLOURS[k % len(SECTOR_COLOURS)],
               edgecolor="white", linewidth=0.6)
        bottom += values
    for xi, value in zip(x, bottom):
        ax.annotate(sectors[0].money_text(value, 1), (xi, value), ha="center", va="bottom", fontsize=9, xytext=(0, 2),
                    textcoords="offset points")
    ax.set_xticks(x, [s.name for s in scenarios])
    ax.set_ylabel(sectors[0].shown_unit)
    ax.set_title("Spend a year by sector")
    ax.set_ylim(0, max(bottom.max() * 1.12, 1e-9))
    ax.grid(axis="x", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if has_diff:
        ax = axes[0][1]
        columns = list(zip(sectors, names)) + ([(total, "Total")] if total is not None else [])
        xs = np.arange(len(columns))
        width = 0.8 / len(results.alternatives)
        for i, alt in enumerate(results.alternatives):
            values = [(m, results.comparison.get(m.name, alt)) for m, _ in columns]
            diff = np.array([m.shown(v.diff) if v else np.nan for m, v in values])
            low = np.array([m.shown(v.low) if v else np.nan for m, v in values])
            high = np.array([m.shown(v.high) if v else np.nan for m, v in values])
            err = np.where(np.isfinite(low), np.vstack([diff - low, high - diff]), 0)
            ax.bar(xs + (i - (len(results.alternatives) - 1) / 2) * width, diff, width * 0.92, yerr=err, capsize=3,
                   color=OKABE_ITO[(i + 1) % len(OKABE_ITO)], edgecolor="#333333", linewidth=0.5, label=alt,
                   error_kw={"elinewidth": 1, "ecolor": "#222222"})
        ax.axhline(0, color="#222222", linewidth=0.8)
        ax.set_xticks(xs, [label for _, label in columns])
        ax.set_ylabel("£ million a year (alternative − base)")
        ax.set_title(f"Change in spend a year vs {results.base}")
        ax.margins(y=0.12)  # room between the bars and the title when every change has one sign
        ax.grid(axis="x", visible=False)
        ax.legend(title="alternative (bars: 95% interval)", frameon=False, loc="upper center",
                  bbox_to_anchor=(0.5, -0.1), ncol=min(4, len(results.alternatives)))
    fig.tight_layout()
    return figures.encode(fig, "spend_by_sector")
