"""Small synthetic sweep results files in the layout of docs/sweeps.md ("The results file"), for testing the
sweep page of the report (analysis/icsflow_report) without running the simulator.

The outputs are known functions of the parameters, so what matters is designed in: the virtual-ward bed
base drives admissions and spend, the hand-off reduction drives delayed discharges, A&E breaches depend on
the hand-off reduction through a U shape (far from linear: R^2 well below 0.7), the bed base
(capacity.ga_beds) drives nothing, and A&E attendances and GP needs unmet do not vary at all (NaN
coefficients). The coefficients are computed here with numpy, independently of icsflow's C++ analysis; the
PRCC p-value uses Fisher's z approximation (the report shows what the file holds, whatever the method)."""
import math

import h5py
import numpy as np

from synthetic_results import _num_dataset, _str_dataset, write_root

PARAMETERS = [  # key, distribution, low, mode, high
    ("levers.handoffs.reduction", "uniform", 0.1, math.nan, 0.5),
    ("levers.admission_avoidance.virtual_ward_beds_per_100k", "log_uniform", 15.0, math.nan, 60.0),
    ("capacity.ga_beds", "triangular", 0.95, 1.0, 1.05),
]
OUTPUTS = ["acsc_admissions", "emergency_admissions", "ae_attendances", "ae_4h_breaches",
           "delayed_discharge_bed_days", "readmissions_30d", "deaths", "gp_unmet_demand", "cost_gbp",
           "occupancy", "acsc_admissions_per_100k_gap_q1_q5"]
SWEEP_TOML = """name = "synthetic"
description = "A synthetic sweep for the report's tests"
scenario = "../partnership.toml"
replications = 2
master_seed = 5
scale = 0.5
years = 1

[design]
kind = "{design}"
{size}

[[parameter]]
key = "levers.handoffs.reduction"
distribution = "uniform"
low = 0.1
high = 0.5
"""


def _value(u, distribution, low, mode, high):
    """The parameter value at quantile u of its distribution."""
    if distribution == "uniform":
        return low + u * (high - low)
    if distribution == "log_uniform":
        return math.exp(math.log(low) + u * (math.log(high) - math.log(low)))
    split = (mode - low) / (high - low)  # triangular
    if u < split:
        return low + math.sqrt(u * (high - low) * (mode - low))
    return high - math.sqrt((1 - u) * (high - low) * (high - mode))


def _outputs(x, noise):
    """One replication's outputs (a year, whole population) at parameter values x; noise: standard normals."""
    handoffs, beds, _ = x
    return {
        "acsc_admissions": 30000 - 250 * beds + 200 * noise[0],
        "emergency_admissions": 165000 - 300 * beds + 400 * noise[1],
        "ae_attendances": 546000.0,
        "ae_4h_breaches": 170000 + 2.5e6 * (handoffs - 0.3) ** 2 + 1500 * beds + 800 * noise[2],
        "delayed_discharge_bed_days": 16000 - 18000 * handoffs - 60 * beds + 300 * noise[3],
        "readmissions_30d": 20500 - 30 * beds + 60 * noise[4],
        "deaths": 11000 + 30 * noise[5],
        "gp_unmet_demand": 612000.0,
        "cost_gbp": 1.56e9 - 1.2e6 * beds + 2e7 * handoffs + 2e6 * noise[6],
        "occupancy": 0.97 - 0.003 * beds + 0.004 * noise[7],
        "acsc_admissions_per_100k_gap_q1_q5": 900 - 8 * beds + 10 * noise[8],
    }


def _ranks(v):
    order = np.argsort(v, kind="stable")
    r = np.empty(len(v))
    r[order] = np.arange(len(v))
    return r


def _residual(target, others):
    design = np.column_stack([np.ones(len(target))] + list(others))
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    return target - design @ coefficients


def regression_coefficients(x, y):
    """SRC, R^2, PRCC and its p-value per column of x (NaN when y does not vary)."""
    n, k = x.shape
    nan = [math.nan] * k
    if np.ptp(y) == 0:
        return nan, math.nan, nan, nan
    zx = (x - x.mean(axis=0)) / x.std(axis=0)
    zy = (y - y.mean()) / y.std()
    design = np.column_stack([np.ones(n), zx])
    beta, *_ = np.linalg.lstsq(design, zy, rcond=None)
    r_squared = 1 - np.sum((zy - design @ beta) ** 2) / np.sum(zy ** 2)
    rx = np.column_stack([_ranks(x[:, j]) for j in range(k)])
    ry = _ranks(y)
    prcc, p = [], []
    for j in range(k):
        others = [rx[:, i] for i in range(k) if i != j]
        a, b = _residual(rx[:, j], others), _residual(ry, others)
        r = float(np.sum(a * b) / math.sqrt(np.sum(a * a) * np.sum(b * b)))
        prcc.append(r)
        z = math.atanh(min(abs(r), 1 - 1e-15)) * math.sqrt(n - 3 - (k - 1))
        p.append(math.erfc(z / math.sqrt(2)))
    return list(beta[1:]), float(r_squared), prcc, p


def _sobol_estimates(f_a, f_b, f_ab):
    mean = np.concatenate([f_a, f_b]).mean()
    variance = np.concatenate([f_a - mean, f_b - mean]).var() if np.ptp(np.concatenate([f_a, f_b])) else 0.0
    if variance == 0:
        return [math.nan] * f_ab.shape[1], [math.nan] * f_ab.shape[1]
    first = [float(np.mean((f_b - mean) * (f_ab[:, i] - f_a)) / variance) for i in range(f_ab.shape[1])]
    total = [float(np.mean((f_a - f_ab[:, i]) ** 2) / 2 / variance) for i in range(f_ab.shape[1])]
    return first, total


def sobol_indices(f_a, f_b, f_ab, seed=3, resamples=200):
    """First-order (Saltelli 2010) and total (Jansen 1999) indices with 95% bootstrap percentile intervals."""
    first, total = _sobol_estimates(f_a, f_b, f_ab)
    rng = np.random.default_rng(seed)
    boot_first, boot_total = [], []
    for _ in range(resamples):
        rows = rng.integers(0, len(f_a), len(f_a))
        bf, bt = _sobol_estimates(f_a[rows], f_b[rows], f_ab[rows])
        boot_first.append(bf)
        boot_total.append(bt)
    with np.errstate(all="ignore"):
        fl, fh = np.percentile(boot_first, [2.5, 97.5], axis=0)
        tl, th = np.percentile(boot_total, [2.5, 97.5], axis=0)
    return first, list(fl), list(fh), total, list(tl), list(th)


def _unit_design(design, points, base_samples, rng):
    """Rows of the unit hypercube and their block names."""
    k = len(PARAMETERS)
    if design == "sobol":
        a, b = rng.random((base_samples, k)), rng.random((base_samples, k))
        rows, blocks = [a, b], ["A"] * base_samples + ["B"] * base_samples
        for i, (key, *_) in enumerate(PARAMETERS):
            ab = a.copy()
            ab[:, i] = b[:, i]
            rows.append(ab)
            blocks += [f"AB:{key}"] * base_samples
        return np.vstack(rows), blocks
    u = np.column_stack([(rng.permutation(points) + rng.random(points)) / points for _ in range(k)])
    return u, [""] * points


def build_sweep(path, design="latin_hypercube", points=30, base_samples=16, replications=2, shard=None,
                analyse=True):
    """Write a sweep results file. shard=(k, N) keeps only the points i with i mod N = k - 1 and, like a shard
    of `icsflow sweep --shard`, has no /sensitivity; analyse=False leaves it out of a complete file too (as
    icsflow does when there are too few points). Returns what was written, for the tests to check against."""
    rng = np.random.default_rng(17)
    unit, blocks = _unit_design(design, points, base_samples, rng)
    n = len(unit)
    values = np.array([[_value(u[j], *PARAMETERS[j][1:]) for j in range(len(PARAMETERS))] for u in unit])
    done = [i for i in range(n) if shard is None or i % shard[1] == shard[0] - 1]
    runs = {c: [] for c in ["point", "replication", "seed", "wall_seconds"] + OUTPUTS}
    means = {o: [] for o in OUTPUTS}
    for i in done:
        per_replication = []
        for r in range(replications):
            out = _outputs(values[i], np.random.default_rng([99, i, r]).normal(size=9))
            per_replication.append(out)
            for c, v in (("point", i), ("replication", r), ("seed", 1000 + r), ("wall_seconds", 0.25)):
                runs[c].append(v)
            for o in OUTPUTS:
                runs[o].append(out[o])
        for o in OUTPUTS:
            means[o].append(float(np.mean([out[o] for out in per_replication])))

    sensitivity = None
    if shard is None and analyse:
        sensitivity = {c: [] for c in ["output", "parameter", "src", "r_squared", "prcc", "prcc_p_value",
                                       "sobol_first", "sobol_first_low", "sobol_first_high", "sobol_total",
                                       "sobol_total_low", "sobol_total_high"]}
        for o in OUTPUTS:
            y = np.array(means[o])
            src, r_squared, prcc, p = regression_coefficients(values, y)
            sobol = [[math.nan] * len(PARAMETERS)] * 6
            if design == "sobol":
                f_ab = np.column_stack([y[(2 + j) * base_samples:(3 + j) * base_samples]
                                        for j in range(len(PARAMETERS))])
                sobol = sobol_indices(y[:base_samples], y[base_samples:2 * base_samples], f_ab)
            for j, (key, *_) in enumerate(PARAMETERS):
                row = [o, key, src[j], r_squared, prcc[j], p[j]] + [s[j] for s in sobol]
                for column, v in zip(sensitivity, row):
                    sensitivity[column].append(v)

    size = f"base_samples = {base_samples}" if design == "sobol" else f"points = {points}"
    toml = SWEEP_TOML.format(design=design, size=size)
    with h5py.File(path, "w") as f:
        write_root(f, f"icsflow sweep synthetic.toml -o {path.name}" + (f" --shard {shard[0]}/{shard[1]}" if shard
                                                                           else ""))
        sweep = f.create_group("sweep")
        for name, value in (("name", "synthetic"), ("definition", "replications = 2\nmaster_seed = 5\nscale = 0.5\n"
                                                                  "years = 1\nwarmup_days = 30\n"),
                            ("fingerprint", "00c0ffee12345678"), ("sweep_toml", toml), ("design", design),
                            ("base_scenario", "partnership")):
            sweep.attrs[name] = value
        sweep.attrs["replications"] = np.int64(replications)
        sweep.attrs["master_seed"] = np.int64(5)
        sweep.attrs["scale"] = 0.5
        sweep.attrs["years"] = 1.0
        sweep.attrs["points"] = np.int64(n)
        sweep.attrs["points_complete"] = np.int64(len(done))

        table = sweep.create_group("parameters")
        _str_dataset(table, "key", [p[0] for p in PARAMETERS])
        _str_dataset(table, "distribution", [p[1] for p in PARAMETERS])
        for c, column in (("low", 2), ("mode", 3), ("high", 4)):
            _num_dataset(table, c, np.array([p[column] for p in PARAMETERS], dtype=float))
        _num_dataset(table, "levels", np.zeros(len(PARAMETERS), dtype=np.int64), "grid only")
        _str_dataset(table, "values", [""] * len(PARAMETERS))

        table = sweep.create_group("design")
        _num_dataset(table, "point", np.arange(n, dtype=np.int64))
        _str_dataset(table, "block", blocks)
        for j, (key, *_) in enumerate(PARAMETERS):
            _num_dataset(table, key, values[:, j])

        table = sweep.create_group("runs")
        for c, v in runs.items():
            _num_dataset(table, c, np.asarray(v, dtype=np.int64 if c in ("point", "replication", "seed")
                                              else np.float64), "s" if c == "wall_seconds" else None)

        table = sweep.create_group("points")
        _num_dataset(table, "point", np.asarray(done, dtype=np.int64))
        _str_dataset(table, "block", [blocks[i] for i in done])
        for j, (key, *_) in enumerate(PARAMETERS):
            _num_dataset(table, key, values[done, j] if done else np.zeros(0))
        for o in OUTPUTS:
            _num_dataset(table, o, np.asarray(means[o], dtype=np.float64), "mean over replications")

        if sensitivity is not None:
            table = f.create_group("sensitivity")
            _str_dataset(table, "output", sensitivity["output"])
            _str_dataset(table, "parameter", sensitivity["parameter"])
            for c in list(sensitivity)[2:]:
                _num_dataset(table, c, np.asarray(sensitivity[c], dtype=np.float64))
    return {"points": n, "complete": len(done), "values": values, "means": means, "sensitivity": sensitivity,
            "toml": toml}
