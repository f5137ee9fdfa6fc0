"""Money over time (/money, written by `icsflow compare`): for each alternative against the base, year by year, the
net cash position, the levers' programme costs in it, the present value so far (Green Book discounting), the cash
the programmes released per pound they cost, and the share of replications that broke even. Read from the file as
icsflow computed it; nothing is recomputed here."""
from __future__ import annotations

import math

from .formatting import DASH, esc, fmt
from .hdf5 import read_table

FIELDS = ("net_cash", "programme_cost", "present_value", "return_per_pound")


def read_money(f) -> dict | None:
    """/money as {scenario: [row]} in year order, each row {year, years, <field>: (mean, low, high), break_even}."""
    if "money" not in f:
        return None
    table = read_table(f["money"], "/money")
    out: dict = {}
    for i in range(len(table["scenario"])):
        row = {"year": int(table["year"][i]), "years": float(table["years"][i]),
               "break_even": float(table["break_even_share"][i])}
        for name in FIELDS:
            row[name] = tuple(float(table[f"{name}_{part}"][i]) for part in ("mean", "ci_low", "ci_high"))
        out.setdefault(str(table["scenario"][i]), []).append(row)
    for rows in out.values():
        rows.sort(key=lambda r: r["year"])
    return out


def _money(triple, signed=True) -> str:
    mean, low, high = (v / 1e6 for v in triple)
    if not math.isfinite(mean):
        return DASH
    text = fmt(mean, 1, signed=signed)
    if math.isfinite(low) and math.isfinite(high):
        text += f'<span class="ci">{fmt(low, 1, signed=True)} to {fmt(high, 1, signed=True)}</span>'
    return text


def _ratio(triple) -> str:
    mean, low, high = triple
    if not math.isfinite(mean):
        return DASH
    text = fmt(mean, 2)
    if math.isfinite(low) and math.isfinite(high):
        text += f'<span class="ci">{fmt(low, 2)} to {fmt(high, 2)}</span>'
    return text


def money_section(page, results, money: dict | None):
    if not money or not results.alternatives:
        return
    page.section("money", f"Money over time: {', '.join(results.alternatives)} compared with {results.base}")
    for alt in results.alternatives:
        rows = money.get(alt)
        if not rows:
            continue
        body = "".join(
            f'<tr><td>{r["year"]}</td><td class="num">{_money(r["net_cash"])}</td>'
            f'<td class="num">{_money(r["programme_cost"])}</td><td class="num">{_money(r["present_value"])}</td>'
            f'<td class="num">{_ratio(r["return_per_pound"])}</td><td class="num">{fmt(100 * r["break_even"], 0)}%</td>'
            "</tr>" for r in rows)
        page.add(f"<h3>{esc(alt)} − {esc(results.base)}</h3>"
                 '<table><tr><th>year</th><th class="num">net cash, £m a year</th>'
                 '<th class="num">of which the programmes</th><th class="num">present value so far, £m</th>'
                 '<th class="num">cash released per £1 of programme</th><th class="num">replications broken even</th>'
                 f"</tr>{body}</table>")
    page.add('<p class="note">Cash only, at today\'s prices (bed days freed are capacity until a ward closes). Net '
             "cash is the alternative's cash spend minus the base's (positive: it costs more), a year; the "
             "programmes are the levers' own costs within it. The present value adds up the years so far, each "
             "discounted to the first at the Green Book's 3.5% a year. Cash released per £1 is the programmes' cost "
             "less the net cash, over their cost (1 pays back). Under each value its 95% interval over "
             "replications; the last column is the share of replications whose present value so far is at or below "
             "zero. From /money (docs/results-schema.md).</p>")


def money_data(money: dict | None, alternatives: list) -> dict | None:
    """For the results page: {alt: [{year, years, net_cash, programme_cost, present_value (each {mean, low, high}
    in £m), return_per_pound {mean, low, high}, break_even_share}]}."""
    if not money:
        return None

    def triple(values, factor):
        return {k: (v * factor if math.isfinite(v) else None) for k, v in zip(("mean", "low", "high"), values)}

    return {alt: [{"year": r["year"], "years": r["years"], "net_cash": triple(r["net_cash"], 1e-6),
                   "programme_cost": triple(r["programme_cost"], 1e-6),
                   "present_value": triple(r["present_value"], 1e-6),
                   "return_per_pound": triple(r["return_per_pound"], 1.0), "break_even_share": r["break_even"]}
                  for r in money.get(alt, [])] for alt in alternatives}
