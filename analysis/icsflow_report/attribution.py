"""Each lever's share of a bundle, from /attribution (icsflow compare BASE BUNDLE --attribution): a waterfall per
key metric from the base to the bundle through each lever's marginal effect (harms included, and what the levers do
only together), and a table of each lever alone and in the bundle with their 95% intervals."""
from __future__ import annotations

from .figures import Figures
from .formatting import decimals_for, esc, fmt, fmt_interval
from .metrics import Metric
from .results_file import Results

RISE, FALL, TOTAL = "#D55E00", "#0072B2", "#555555"  # Okabe-Ito: worse is up for every key metric


def key_metrics(results: Results) -> list[Metric]:
    """The sweep's headline outputs (the registry's key metrics) that /attribution holds, in headline order."""
    return [m for m in results.metrics.sweep_headline() if m.name in results.attribution]


def waterfall(results: Results, metric: Metric, bundle: str):
    """The waterfall of one key metric, in its display unit: the steps (label, mean, low, high), each lever's
    marginal effect and then what the levers do only together (no interval), and the bundle's whole difference
    (its /comparison row, or the steps' sum without one) with that row."""
    shares = results.attribution[metric.name]
    total = results.comparison.get(metric.name, bundle)
    factor = metric.display_factor or 1.0
    steps = [(s.lever.replace("_", " "), s.marginal[0] * factor, s.marginal[1] * factor, s.marginal[2] * factor)
             for s in shares]
    bundle_diff = total.diff * factor if total is not None else sum(s[1] for s in steps)
    together = bundle_diff - sum(s[1] for s in steps)
    steps.append(("levers together", together, None, None))
    return steps, bundle_diff, total


def waterfall_figure(figures: Figures, results: Results, metrics: list[Metric], bundle: str) -> str:
    plt = figures.plt
    columns = 2 if len(metrics) > 1 else 1
    rows = (len(metrics) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(12.5, 3.6 * rows), squeeze=False)
    for ax, metric in zip(axes.ravel(), metrics):
        factor = metric.display_factor or 1.0
        steps, bundle_diff, total = waterfall(results, metric, bundle)
        level = 0.0
        labels = []
        for i, (label, value, low, high) in enumerate(steps):
            ax.bar(i, value, bottom=level, color=RISE if value > 0 else FALL, width=0.7)
            if low is not None and low == low:  # an interval (not NaN): drawn around the step's end
                ax.errorbar(i, level + value, yerr=[[value - low], [high - value]], fmt="none", ecolor="#222222",
                            capsize=3, linewidth=0.9)
            level += value
            labels.append(label)
        ax.bar(len(steps), bundle_diff, color=TOTAL, width=0.7)
        if total is not None and total.low == total.low:
            ax.errorbar(len(steps), bundle_diff, yerr=[[bundle_diff - total.low * factor],
                                                       [total.high * factor - bundle_diff]],
                        fmt="none", ecolor="#222222", capsize=3, linewidth=0.9)
        labels.append(f"{bundle}")
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=35, ha="right")
        unit = metric.display_unit or metric.unit
        ax.set_title(f"{metric.label}" + (f" ({unit})" if unit else ""), loc="left")
        ax.set_ylabel("change a year")
    for ax in axes.ravel()[len(metrics):]:
        ax.set_visible(False)
    fig.tight_layout()
    return figures.encode(fig, "attribution")


def attribution_section(page, results: Results):
    if not results.attribution or not results.alternatives or results.comparison is None:
        return
    bundle = results.alternatives[0]
    metrics = key_metrics(results)
    if not metrics:
        return
    page.section("attribution", f"Each lever's share: {bundle} against {results.base}")
    page.figure(waterfall_figure(page.figures, results, metrics, bundle),
                f"From {results.base} to {bundle}, lever by lever",
                "Each bar is what a lever adds to the bundle (the bundle minus the bundle without it, with its 95% "
                "interval); orange bars make the metric worse, blue better. &ldquo;Levers together&rdquo; is what "
                "the levers do only in combination (the bundle's difference minus the sum of the levers'); the grey "
                f"bar is the whole difference, {esc(bundle)} minus {esc(results.base)}.")
    head = ("<tr><th>Lever</th>" + "".join(f'<th class="num">{esc(m.label)}, alone</th><th class="num">in the bundle'
                                            "</th>" for m in metrics) + "</tr>")
    levers = [s.lever for s in results.attribution[metrics[0].name]]
    body = []
    for i, lever in enumerate(levers):
        cells = []
        for m in metrics:
            share = results.attribution[m.name][i]
            factor = m.display_factor or 1.0
            for mean, low, high in (share.alone, share.marginal):
                d = decimals_for([mean * factor, low * factor, high * factor])
                clear = (low > 0 or high < 0) if low == low else False
                klass = ("clear-up" if mean > 0 else "clear-down") if clear else ""
                cells.append(f'<td class="num {klass}">{fmt(mean * factor, d, signed=True)}<br>'
                             f'<span class="ci">{fmt_interval(low * factor, high * factor, d)}</span></td>')
        body.append(f"<tr><td>{esc(lever.replace('_', ' '))}</td>{''.join(cells)}</tr>")
    page.add(f'<table>{head}{"".join(body)}</table>')
    page.add('<p class="note">From /attribution: each lever alone on the base (alone minus base) and in the bundle '
             "(bundle minus the bundle without it), a year, with 95% paired intervals; shaded where the interval "
             "excludes zero. Where levers compete for the same patients or beds, or one needs another (targeting "
             "directs proactive care), the two differ.</p>")
