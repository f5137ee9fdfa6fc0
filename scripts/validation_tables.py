#!/usr/bin/env python3
"""Print the tables of docs/validation.md from the runs its header lists (all of SEL, 95% intervals).

Usage: /usr/bin/python3 scripts/validation_tables.py YEAR1.h5 FIVE_YEARS.h5 FULL_EFFECT.h5

The readings around the tables are written by hand: this only saves copying numbers.
"""
import sys

import h5py
import numpy as np

BUNDLE_ROWS = [("Emergency admissions", "emergency_admissions", 1, True),
               ("Avoidable (ACSC) admissions", "acsc_admissions", 1, True),
               ("A&E 4-hour breaches", "ae_4h_breaches", 1, True),
               ("Emergency bed days (capacity)", "bed_days", 1, True),
               ("Delayed-discharge bed days", "delayed_discharge_bed_days", 1, True),
               ("G&A wards needed", "wards_needed", 1, False),
               ("Deaths", "deaths", 1, False),
               ("Spend, total (GBP m; capacity at average cost)", "cost_gbp", 1e6, False),
               ("**Spend, cash (GBP m)**", "cash_gbp", 1e6, False)]
LEVER_COLUMNS = [("emergency admissions, alone", "emergency_admissions", 1, "alone"),
                 ("ACSC admissions, alone", "acsc_admissions", 1, "alone"),
                 ("4-hour breaches, alone", "ae_4h_breaches", 1, "alone"),
                 ("delayed bed days, alone", "delayed_discharge_bed_days", 1, "alone"),
                 ("cash (GBP m), alone", "cash_gbp", 1e6, "alone"),
                 ("cash, marginal", "cash_gbp", 1e6, "marginal")]


def rows_of(table, **where):
    mask = np.ones(len(table[next(iter(table.keys()))]), dtype=bool)
    for name, value in where.items():
        column = table[name]
        values = column.asstr()[...] if column.dtype.kind in "SO" else column[...]
        mask &= values == value
    return {name: (table[name].asstr()[...] if table[name].dtype.kind in "SO" else table[name][...])[mask]
            for name in table.keys()}


def number(x, scale):
    x = x / scale
    if scale > 1 or abs(x) < 100:
        return f"{x:+.1f}"
    return f"{x:+,.0f}"


def interval(mean, low, high, scale):
    return f"{number(mean, scale)} ({number(low, scale)} to {number(high, scale)})"


def comparison(path, metric, year):
    with h5py.File(path, "r") as f:
        r = rows_of(f["comparison"], metric=metric, borough="All", deprivation_quintile=0, year=year)
        if len(r["diff_mean"]) != 1:
            raise SystemExit(f"{path}: no single row for {metric}, year {year}")
        return {k: v[0] for k, v in r.items()}


def bundle_table(year1, five, full):
    print("| metric | siloed, year 1 | year 1 | year 3 | year 5 | at full effect (in year 1) |")
    print("|---|---|---|---|---|---|")
    for label, metric, scale, share in BUNDLE_ROWS:
        cells = []
        base = comparison(year1, metric, 0)["base_mean"]
        for path, year in [(year1, 0), (five, 3), (five, 5), (full, 0)]:
            r = comparison(path, metric, year)
            text = interval(r["diff_mean"], r["diff_ci_low"], r["diff_ci_high"], scale)
            if share and r["base_mean"]:
                text += f", {100 * r['diff_mean'] / r['base_mean']:+.1f}%"
            cells.append(text)
        base_text = f"{base / scale:,.1f}" if scale > 1 or metric == "wards_needed" else f"{base:,.0f}"
        print(f"| {label} | {base_text} | " + " | ".join(cells) + " |")


def lever_table(full):
    print("| lever | " + " | ".join(c[0] for c in LEVER_COLUMNS) + " |")
    print("|---|" + "---|" * len(LEVER_COLUMNS))
    with h5py.File(full, "r") as f:
        a = f["attribution"]
        levers = list(dict.fromkeys(a["lever"].asstr()[...]))
        for lever in levers:
            cells = []
            for _, metric, scale, kind in LEVER_COLUMNS:
                r = rows_of(a, lever=lever, metric=metric, borough="All", deprivation_quintile=0)
                cells.append(interval(r[f"{kind}_diff_mean"][0], r[f"{kind}_diff_ci_low"][0],
                                      r[f"{kind}_diff_ci_high"][0], scale))
            print(f"| {lever.replace('_', ' ')} | " + " | ".join(cells) + " |")


def money(five):
    with h5py.File(five, "r") as f:
        m = f["money"]
        for i in range(len(m["year"])):
            print(f"year {m['year'][i]}: net cash {m['net_cash_mean'][i] / 1e6:+.1f}m "
                  f"({m['net_cash_ci_low'][i] / 1e6:+.1f} to {m['net_cash_ci_high'][i] / 1e6:+.1f}), programmes "
                  f"{m['programme_cost_mean'][i] / 1e6:.1f}m, present value {m['present_value_mean'][i] / 1e6:+.1f}m "
                  f"({m['present_value_ci_low'][i] / 1e6:+.1f} to {m['present_value_ci_high'][i] / 1e6:+.1f}), return "
                  f"{m['return_per_pound_mean'][i]:.2f} ({m['return_per_pound_ci_low'][i]:.2f} to "
                  f"{m['return_per_pound_ci_high'][i]:.2f}), broke even {m['break_even_share'][i]:.0%}")


def main(argv):
    if len(argv) != 4:
        raise SystemExit(__doc__)
    year1, five, full = argv[1:]
    bundle_table(year1, five, full)
    print()
    lever_table(full)
    print()
    money(five)


if __name__ == "__main__":
    main(sys.argv)
