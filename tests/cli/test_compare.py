"""icsflow compare, validate and report, end to end."""
import json
import subprocess

import h5py
import numpy as np
import pytest

SMALL = ["--scale", "0.02", "--years", "0.25", "--warmup-days", "20", "--replications", "3", "--seed", "4"]


def run(icsflow, *args, cwd=None):
    return subprocess.run([icsflow, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def comparison(icsflow, repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("compare") / "comparison.h5"
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", repo / "scenarios/partnership.toml",
               repo / "scenarios/levers/mutual_aid.toml", "-o", out, *SMALL)
    assert done.returncode == 0, done.stderr
    return out, done


def test_headline_is_printed(comparison):
    _, done = comparison
    for text in ("Avoidable (ACSC) admissions", "A&E 4-hour breaches", "Delayed-discharge bed days", "Spend, total",
                 "ACSC gap, most - least deprived", "Avoidable admissions averted a year"):
        assert text in done.stdout
    assert "by year" not in done.stdout, "a quarter of a year has no year of its own to show"
    # Capacity apart from cash, for the first alternative, from its own /comparison rows.
    assert "Bed days freed a year:" in done.stdout and "capacity, not cash" in done.stdout
    assert "Wards that can close:" in done.stdout and "cash spend" in done.stdout


def test_cash_is_community_social_care_and_the_wards_needed(comparison):
    out, _ = comparison
    with h5py.File(out, "r") as f:
        c = f["comparison"]
        metric, borough = c["metric"].asstr()[:], c["borough"].asstr()[:]
        scenario, quintile = c["scenario"].asstr()[:], c["deprivation_quintile"][:]

        def base(name):
            row = (metric == name) & (borough == "All") & (quintile == 0) & (scenario == "partnership")
            return float(c["base_mean"][row][0])
        assert base("cash_gbp") == pytest.approx(base("cost_community_gbp") + base("cost_social_care_gbp")
                                                 + base("cash_wards_needed_gbp"), rel=1e-9)
        wards = base("wards_needed")
        assert base("cash_wards_needed_gbp") == pytest.approx(wards * 28 * 365 * 395 * 0.5, rel=1e-9)


def test_comparison_table(comparison):
    out, _ = comparison
    with h5py.File(out, "r") as f:
        assert f.attrs["base_scenario"] == "siloed"
        assert set(f["scenarios"]) == {"siloed", "partnership", "mutual_aid"}
        c = f["comparison"]
        columns = ["metric", "scenario", "borough", "deprivation_quintile", "base_mean", "alt_mean", "diff_mean",
                   "diff_ci_low", "diff_ci_high"]
        assert {len(c[name]) for name in columns} == {len(c["metric"])}
        metric = c["metric"].asstr()[:]
        scenario = c["scenario"].asstr()[:]
        borough = c["borough"].asstr()[:]
        quintile = c["deprivation_quintile"][:]
        assert set(scenario) == {"partnership", "mutual_aid"}
        assert set(c["year"][:]) == {0}, "the whole results period only: it is shorter than a year"
        assert set(borough) == {"All", "Bexley", "Bromley", "Greenwich", "Lambeth", "Lewisham", "Southwark"}
        assert set(quintile) == {0, 1, 2, 3, 4, 5}
        diff, low, high = c["diff_mean"][:], c["diff_ci_low"][:], c["diff_ci_high"][:]
        assert np.allclose(diff, c["alt_mean"][:] - c["base_mean"][:], equal_nan=True)
        # Only a ratio can be undefined (a borough without residents in the least deprived quintile).
        assert all(m.endswith("_ratio_q1_q5") for m in metric[np.isnan(diff)])
        defined = ~np.isnan(diff)
        assert np.all(low[defined] <= diff[defined] + 1e-9) and np.all(diff[defined] <= high[defined] + 1e-9)
        # Recompute one row from the scenarios' own summaries: paired over replications, per year, whole population.
        s = f["scenarios/siloed"].attrs
        scale, years = s["scale"], s["years"]

        def per_replication(name):
            t = f[f"scenarios/{name}/summary"]
            return np.bincount(t["replication"][:], weights=t["acsc_admissions"][:]) / scale / years

        base, alt = per_replication("siloed"), per_replication("partnership")
        row = np.flatnonzero((metric == "acsc_admissions") & (scenario == "partnership") & (borough == "All") & (quintile == 0))
        assert len(row) == 1
        assert np.isclose(c["base_mean"][row[0]], base.mean())
        assert np.isclose(c["diff_mean"][row[0]], (alt - base).mean())
        d = alt - base
        half = 4.302653 * d.std(ddof=1) / np.sqrt(len(d))  # Student t, 2 degrees of freedom, 97.5%
        assert np.isclose(c["diff_ci_high"][row[0]] - c["diff_mean"][row[0]], half)


def test_report_renders_offline(icsflow, comparison, tmp_path):
    out, _ = comparison
    html = tmp_path / "report.html"
    done = run(icsflow, "report", out, "-o", html)
    assert done.returncode == 0, done.stderr
    page = html.read_text()
    assert page.count('src="data:image/png;base64,') >= 4
    assert "http://" not in page and "https://" not in page


def test_validate(icsflow, repo, tmp_path):
    done = run(icsflow, "validate", repo / "scenarios/partnership.toml", repo / "scenarios/levers/targeting.toml")
    assert done.returncode == 0, done.stderr
    assert "levers on: handoffs, proactive_care" in done.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "' + str(repo / "scenarios/siloed.toml") + '"\n[levers.handoffs]\nenabeld = true\n')
    done = run(icsflow, "validate", bad)
    assert done.returncode == 2
    assert "bad.toml:3:1: levers.handoffs.enabeld: unknown key 'enabeld' (did you mean 'enabled'?)" in done.stderr


def test_compare_refuses_bad_input_before_running(icsflow, repo, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[capacity]\nga_beds = -2\n")
    out = tmp_path / "c.h5"
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", bad, "-o", out, *SMALL)
    assert done.returncode == 2
    assert "bad.toml:2:11: capacity.ga_beds: value -2 is outside the allowed range [0, 10]" in done.stderr
    assert not list(tmp_path.glob("c.h5*"))
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", "-o", out)
    assert done.returncode == 2 and "at least one alternative" in done.stderr


def test_every_metric_is_described_in_the_file(comparison):
    # The metrics registry travels with the results: every summary column and every /comparison metric has a
    # row in /metrics with its unit, label and description, and each summary column's unit attribute agrees.
    out, done = comparison
    with h5py.File(out, "r") as f:
        m = f["metrics"]
        names = list(m["name"].asstr()[:])
        assert len(names) == len(set(names)) == m.attrs["rows"]
        described = dict(zip(names, zip(m["unit"].asstr()[:], m["label"].asstr()[:], m["description"].asstr()[:])))
        assert all(unit and label and description for unit, label, description in described.values())
        summary = f["scenarios/siloed/summary"]
        keys = ("replication", "year", "borough", "deprivation_quintile", "residents")
        measures = [c for c in summary if c not in keys]
        for column in measures:
            assert column in described, column
            assert summary[column].attrs["unit"] == described[column][0]
        assert set(f["comparison/metric"].asstr()[:]) <= set(described)
        # The console's headline is the registry's, in its order, each label printed once.
        headline = sorted((rank, name) for rank, name in zip(m["headline"][:], names) if rank > 0)
        lines = [line.strip() for line in done.stdout.splitlines()]

        def printed_at(label):
            return next(i for i, line in enumerate(lines) if line.startswith(label + "  ") or
                        line.startswith(label + " ("))

        positions = [printed_at(described[name][1]) for _, name in headline]
        assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_attribution_runs_each_lever_alone_and_the_bundle_without_it(icsflow, repo, tmp_path):
    out = tmp_path / "attribution.h5"
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", repo / "scenarios/partnership.toml", "-o", out,
               "--attribution", "-q", "--scale", "0.01", "--years", "0.1", "--warmup-days", "5", "--replications", "2")
    assert done.returncode == 0, done.stderr
    assert "each lever alone on the base" in done.stdout
    with h5py.File(out) as f:
        table = f["attribution"]
        assert list(table) == ["lever", "metric", "borough", "deprivation_quintile", "year", "alone_diff_mean",
                               "alone_diff_ci_low", "alone_diff_ci_high", "marginal_diff_mean", "marginal_diff_ci_low",
                               "marginal_diff_ci_high"]
        levers = sorted(set(table["lever"].asstr()[...]))
        assert levers == sorted(["handoffs", "proactive_care", "care_home_support", "admission_avoidance",
                                 "discharge_to_assess", "mutual_aid", "pooled_lists", "single_pound", "targeting"])
        for lever in levers:  # every run is in the file, with its results
            assert f"scenarios/alone-{lever}/summary" in f and f"scenarios/without-{lever}/summary" in f
        # Targeting directs proactive care: alone, on a base without proactive care, it changes nothing.
        rows = [i for i, (lever, metric, borough, q) in enumerate(zip(
            table["lever"].asstr()[...], table["metric"].asstr()[...], table["borough"].asstr()[...],
            table["deprivation_quintile"][...])) if lever == "targeting" and metric == "emergency_admissions"
            and borough == "All" and q == 0]
        assert len(rows) == 1 and table["alone_diff_mean"][rows[0]] == 0


def test_a_two_year_comparison_has_each_years_rows_and_prints_them(icsflow, repo, tmp_path):
    out = tmp_path / "two-years.h5"
    args = [repo / "scenarios/siloed.toml", repo / "scenarios/partnership.toml", "--scale", "0.02", "--years", "1.5",
            "--warmup-days", "10", "--replications", "3", "--seed", "4"]
    done = run(icsflow, "compare", *args, "-o", out, "-q")
    assert done.returncode == 0, done.stderr
    by_year = done.stdout[done.stdout.index("South East London by year, partnership - siloed"):]
    assert "year 1" in by_year and "year 2 (183 days)" in by_year and "Spend, total (GBP m)" in by_year
    assert "Scale 0.02 is a quick look, not a result" in done.stdout  # and says why (docs/calibration.md)
    with h5py.File(out, "r") as f:
        c = f["comparison"]
        year, metric, borough = c["year"][:], c["metric"].asstr()[:], c["borough"].asstr()[:]
        quintile = c["deprivation_quintile"][:]
        assert sorted(set(year)) == [0, 1, 2]
        assert (year == 0).sum() == (year == 1).sum() == (year == 2).sum(), "every row of the whole period, each year"
        assert list(metric[year == 2]) == list(metric[year == 0]), "in the same order"
        # Year 2 (half a year: 548 days, 183 of them in year 2) recomputed from the summaries' year-2 rows, a year
        # for the whole population, paired over replications.
        length = 183 / 365

        def per_replication(name):
            t = f[f"scenarios/{name}/summary"]
            mask = t["year"][:] == 2
            return np.bincount(t["replication"][:][mask], weights=t["acsc_admissions"][:][mask]) / 0.02 / length

        d = per_replication("partnership") - per_replication("siloed")
        row = np.flatnonzero((metric == "acsc_admissions") & (borough == "All") & (quintile == 0) & (year == 2))
        assert len(row) == 1
        assert np.isclose(c["diff_mean"][row[0]], d.mean())
        half = 4.302653 * d.std(ddof=1) / np.sqrt(len(d))
        assert np.isclose(c["diff_ci_high"][row[0]] - c["diff_mean"][row[0]], half)
        written = {int(y): c["diff_mean"][i] for i, y in enumerate(year)
                   if metric[i] == "cost_gbp" and borough[i] == "All" and quintile[i] == 0}
    done = run(icsflow, "compare", *args, "-o", tmp_path / "again.h5", "-q", "--format", "json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert [(y["year"], y["years"]) for y in answer["by_year"]] == [(1, 1), (2, length)]
    for entry in [{"year": 0, "differences": answer["differences"]}] + answer["by_year"]:
        spend = [d for d in entry["differences"] if d["metric"] == "cost_gbp"]
        assert len(spend) == 1 and spend[0]["diff_mean"] == written[entry["year"]]
    done = run(icsflow, "report", out, "-o", tmp_path / "report.html")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "report.html").read_text()
    assert "Year by year: partnership compared with siloed" in page and "year 2 (183 days)" in page


def test_attribution_needs_one_base_and_one_bundle(icsflow, repo, tmp_path):
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", repo / "scenarios/partnership.toml",
               repo / "scenarios/levers/mutual_aid.toml", "--attribution", "-o", tmp_path / "x.h5")
    assert done.returncode == 2 and "give two scenarios" in done.stderr
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", repo / "scenarios/siloed.toml", "--attribution",
               "-o", tmp_path / "x.h5")
    assert done.returncode == 2, done.stderr
