"""The sweep page's plots: tornado charts of PRCC and SRC, Sobol indices, outputs against parameters."""
from __future__ import annotations

import math

from .figures import OKABE_ITO, Figures
from .formatting import MINUS, fmt, fmt_coefficient, fmt_p
from .metrics import Metric
from .sweep_file import R_SQUARED_WARNING, SweepResults

SRC_COLOUR, PRCC_COLOUR = OKABE_ITO[1], OKABE_ITO[0]
SOBOL_FIRST_COLOUR, SOBOL_TOTAL_COLOUR = OKABE_ITO[2], OKABE_ITO[3]


def by_influence(rows: list) -> list:
    """Coefficients ordered by |PRCC|, largest first; uncomputed (NaN) last, in file order."""
    return sorted(rows, key=lambda c: -abs(c.prcc) if math.isfinite(c.prcc) else math.inf)


def _bar_labels(ax, y, values, text, offset=4):
    for yi, v, t in zip(y, values, text):
        if math.isfinite(v):
            ax.annotate(t, (v, yi), xytext=(offset if v >= 0 else -offset, 0), textcoords="offset points",
                        ha="left" if v >= 0 else "right", va="center", fontsize=8)


def tornado_figure(figures: Figures, output: Metric, rows: list):
    """PRCC and SRC per parameter as horizontal bars, most influential (|PRCC|) at the top; PRCC bars whose
    p-value is 0.05 or more are hatched and carry their p-value."""
    import numpy as np
    from matplotlib.patches import Patch
    rows = by_influence(rows)
    if not any(math.isfinite(c.prcc) or math.isfinite(c.src) for c in rows):
        return None
    plt = figures.plt
    fig, ax = plt.subplots(figsize=(11.5, 1.2 + 0.62 * len(rows)))
    y = np.arange(len(rows))
    prcc = np.array([c.prcc for c in rows])
    src = np.array([c.src for c in rows])
    weak = np.array([c.weak for c in rows])
    strong = np.where(weak | ~np.isfinite(prcc), np.nan, prcc)
    faint = np.where(weak & np.isfinite(prcc), prcc, np.nan)
    ax.barh(y - 0.2, strong, 0.38, color=PRCC_COLOUR, edgecolor=PRCC_COLOUR, linewidth=1.0)
    ax.barh(y - 0.2, faint, 0.38, color="white", edgecolor=PRCC_COLOUR, hatch="////", linewidth=1.0)
    ax.barh(y + 0.2, np.nan_to_num(src), 0.38, color=SRC_COLOUR, edgecolor="#333333", linewidth=0.5)
    _bar_labels(ax, y - 0.2, prcc, [fmt_coefficient(c.prcc) + (f"  (p = {fmt_p(c.p_value)})" if c.weak else "")
                                    for c in rows])
    _bar_labels(ax, y + 0.2, src, [fmt_coefficient(c.src) for c in rows])
    for yi, c in zip(y, rows):
        if not math.isfinite(c.prcc):
            ax.annotate("not computed", (0, yi), xytext=(4, 0), textcoords="offset points", va="center",
                        fontsize=8, color="#5b6670")
    reach = max([1.0] + [abs(v) for v in np.concatenate([prcc, src]) if math.isfinite(v)])
    ax.set_xlim(-reach * 1.45, reach * 1.45)
    ax.axvline(0, color="#222222", linewidth=0.8)
    ax.set_yticks(y, [c.parameter for c in rows])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("coefficient (−1 to +1): − the output falls as the parameter rises, + it rises")
    r2 = rows[0].r_squared
    title = f"{output.label}: PRCC and SRC per parameter (linear R² = {fmt(r2, 2)})"
    low_r2 = math.isfinite(r2) and r2 < R_SQUARED_WARNING
    if low_r2:
        title += f"\nWarning: R² below {R_SQUARED_WARNING:g}, the output is far from linear here: read SRC with care"
    ax.set_title(title, loc="left", color="#8a4b00" if low_r2 else "#1d2329")
    fig.tight_layout()
    fig.legend(handles=[Patch(facecolor=PRCC_COLOUR, edgecolor=PRCC_COLOUR, label="PRCC (p < 0.05)"),
                        Patch(facecolor="white", edgecolor=PRCC_COLOUR, hatch="////",
                              label="PRCC, p ≥ 0.05: not clearly different from zero"),
                        Patch(facecolor=SRC_COLOUR, edgecolor="#333333", label="SRC")],
               frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3)
    return figures.encode(fig, f"sensitivity_{output.name}")


def sobol_figure(figures: Figures, output: Metric, rows: list):
    """First-order and total Sobol indices per parameter with their 95% bootstrap intervals, in the order of
    the tornado chart."""
    import numpy as np
    rows = by_influence(rows)
    if not any(math.isfinite(c.sobol_first) or math.isfinite(c.sobol_total) for c in rows):
        return None
    plt = figures.plt
    fig, ax = plt.subplots(figsize=(11.5, 1.2 + 0.62 * len(rows)))
    y = np.arange(len(rows))
    limits = [0.0, 1.0]
    for shift, (name, colour, label) in zip((-0.2, 0.2), (("sobol_first", SOBOL_FIRST_COLOUR, "first-order"),
                                                         ("sobol_total", SOBOL_TOTAL_COLOUR, "total"))):
        value = np.array([getattr(c, name) for c in rows])
        low = np.array([getattr(c, name + "_low") for c in rows])
        high = np.array([getattr(c, name + "_high") for c in rows])
        # A bootstrap interval need not contain the estimate; draw the whiskers to the interval's ends anyway.
        err = np.vstack([np.clip(value - low, 0, None), np.clip(high - value, 0, None)])
        err = np.where(np.isfinite(err), err, 0)
        ax.barh(y + shift, np.nan_to_num(value), 0.38, xerr=err, color=colour, edgecolor="#333333", linewidth=0.5,
                capsize=3, error_kw={"elinewidth": 1, "ecolor": "#222222"}, label=f"{label} index (95% interval)")
        limits += [v for v in np.concatenate([low, high, value]) if math.isfinite(v)]
    ax.axvline(0, color="#222222", linewidth=0.8)
    ax.axvline(1, color="#444444", linewidth=0.8, linestyle=":")
    span = max(limits) - min(limits)
    ax.set_xlim(min(limits) - 0.05 * span, max(limits) + 0.05 * span)
    ax.set_yticks(y, [c.parameter for c in rows])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("share of the output's variance across points")
    ax.set_title(f"{output.label}: Sobol indices per parameter", loc="left")
    fig.tight_layout()
    fig.legend(*ax.get_legend_handles_labels(), frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0),
               ncol=2)
    return figures.encode(fig, f"sobol_{output.name}")


def _wrap_key(key: str, width: int = 34) -> str:
    """A scenario key path on as few lines as fit width, broken after its dots."""
    lines = [""]
    for i, part in enumerate(key.split(".")):
        piece = part + ("." if i < key.count(".") else "")
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)


def _plain_number(v, _=None) -> str:
    return f"{v:,.10g}".replace("-", MINUS)


def sweep_scatter_figure(figures: Figures, sweep: SweepResults, output: Metric, keys: list):
    """The output's mean over replications at each complete point against each parameter in keys."""
    import numpy as np
    if not keys or len(sweep.points["point"]) == 0:
        return None
    plt = figures.plt
    unit = output.shown_unit
    y = output.shown(sweep.points[output.name])
    columns = min(len(keys), 3)
    rows_of_panels = math.ceil(len(keys) / columns)
    fig, axes = plt.subplots(rows_of_panels, columns, squeeze=False, sharey=True,
                             figsize=(4.2 * columns + 0.8, 3.4 * rows_of_panels + 0.6))
    by_key = {c.parameter: c for c in sweep.coefficients(output.name)}
    for k, ax in enumerate(axes.flat):
        if k >= len(keys):
            ax.axis("off")
            continue
        key = keys[k]
        x = sweep.points[key]
        parameter = sweep.parameter(key)
        ax.scatter(x, y, s=24, color=OKABE_ITO[0], alpha=0.85, edgecolor="white", linewidth=0.5)
        low, high = parameter.low, parameter.high
        if parameter.distribution == "log_uniform" and np.all(x[np.isfinite(x)] > 0) and low > 0:
            ax.set_xscale("log")
            ax.set_xlim(low / 1.05, high * 1.05)
            ax.xaxis.set_major_formatter(plt.FuncFormatter(_plain_number))
            ax.xaxis.set_minor_formatter(plt.FuncFormatter(_plain_number))
        elif parameter.distribution != "list" and math.isfinite(low) and math.isfinite(high) and high > low:
            # The whole range swept, so that an incomplete sweep shows where its points are missing.
            ax.set_xlim(low - 0.04 * (high - low), high + 0.04 * (high - low))
        ax.set_xlabel(_wrap_key(key))
        c = by_key.get(key)
        if c is not None and math.isfinite(c.prcc):
            ax.set_title(f"PRCC {fmt_coefficient(c.prcc)}, SRC {fmt_coefficient(c.src)}", fontsize=10)
        if k % columns == 0:
            ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(plt.FuncFormatter(_plain_number))
    fig.suptitle(f"{output.label}: mean over replications at each of {len(y)} "
                 f"point{'s' if len(y) != 1 else ''}")
    fig.tight_layout()
    return figures.encode(fig, f"scatter_{output.name}")
