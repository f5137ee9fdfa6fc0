"""The results page's data of `icsflow serve` end to end: `icsflow compare --attribution` on a small population,
then `/usr/bin/python3 analysis/icsflow_report --page-data RESULTS.h5 -o PAGE.json`; the document is read back and
checked against the file's /comparison and summaries."""
import json
import subprocess

import h5py
import numpy as np
import pytest

SMALL = ["--scale", "0.02", "--years", "0.25", "--warmup-days", "20", "--replications", "2", "--seed", "4"]
PYTHON = "/usr/bin/python3"


def run(*args):
    return subprocess.run([*map(str, args)], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def page(icsflow, repo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("page_data")
    results = folder / "comparison.h5"
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", repo / "scenarios/partnership.toml", "-o",
               results, "--attribution", "--quiet", *SMALL)
    assert done.returncode == 0, done.stderr
    out = folder / "page.json"
    done = run(PYTHON, repo / "analysis/icsflow_report", "--page-data", results, "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Page data written to {out}"
    assert sorted(p.name for p in folder.iterdir()) == ["comparison.h5", "page.json"], "no temporary left"

    def refuse(constant):
        raise AssertionError(f"{constant} in the page data")

    return results, json.loads(out.read_text(encoding="utf-8"), parse_constant=refuse)


def test_page_data_of_a_real_comparison(page):
    results, doc = page
    assert set(doc) == {"settings", "warnings", "headline", "sentences", "uncertainty", "attribution", "by_year",
                        "money", "boroughs", "deprivation", "monthly", "spend", "downloads_note"}
    assert doc["settings"]["base"] == "siloed" and doc["settings"]["alternatives"] == ["partnership"]
    assert doc["settings"]["replications"] == 2 and doc["settings"]["scale"] == 0.02 and doc["settings"]["seed"] == 4
    assert any("is a quick look, not a result" in w for w in doc["warnings"])
    assert any(w.startswith("Only 2 replications") for w in doc["warnings"])
    with h5py.File(results, "r") as f:
        g = f["comparison"]
        metric, scenario, borough = (g[c].asstr()[:] for c in ("metric", "scenario", "borough"))
        keep = (scenario == "partnership") & (borough == "All") & (g["deprivation_quintile"][:] == 0) & \
            (g["year"][:] == 0)
        diff = dict(zip(metric[keep], g["diff_mean"][:][keep]))
        factor = dict(zip(f["metrics/name"].asstr()[:], f["metrics/display_factor"][:]))
        labels = dict(zip(f["metrics/name"].asstr()[:], f["metrics/label"].asstr()[:]))
        ranked = [n for n, h in sorted(zip(f["metrics/name"].asstr()[:], f["metrics/headline"][:]), key=lambda x: x[1])
                  if h > 0]
    headline = doc["headline"]["partnership"]
    assert [r["metric"] for r in headline if r["quintile"] == 0 and r["metric"] in ranked] == ranked
    for row in headline:
        if row["quintile"] == 0:
            assert row["difference"] == pytest.approx(diff[row["metric"]] * factor[row["metric"]], rel=1e-12)
            assert row["label"] == labels[row["metric"]]
    assert doc["sentences"]["partnership"] and not any("<" in s for s in doc["sentences"]["partnership"])
    for entry in doc["uncertainty"]["partnership"]:
        if entry["differences"] is not None:
            assert len(entry["differences"]) == 2
            assert np.mean(entry["differences"]) == pytest.approx(diff[entry["metric"]] * factor[entry["metric"]],
                                                                  rel=1e-9, abs=1e-9)
        assert entry["probability_lower"] is None or 0 <= entry["probability_lower"] <= 1
    assert {"cost_gbp", "acsc_admissions", "emergency_admissions"} <= {e["metric"] for e in
                                                                        doc["uncertainty"]["partnership"]}
    attribution = doc["attribution"]
    assert attribution["bundle"] == "partnership" and attribution["metrics"]
    for m in attribution["metrics"]:
        assert {l["lever"] for l in m["levers"]} >= {"handoffs", "proactive_care", "targeting"}
        assert m["together"] == pytest.approx(m["total"] - sum(l["without"] for l in m["levers"]), abs=1e-6)
    assert doc["by_year"] is None  # a quarter of a year
    assert set(doc["monthly"]) == set(doc["spend"]) == {"siloed", "partnership"}  # not the levers' runs
    month = doc["monthly"]["siloed"]
    # A quarter of a year from 1 April, by /daily's calendar months.
    assert month["month"] == [1, 2, 3] and month["label"] == ["Apr", "May", "Jun"] and month["days"] == [30, 31, 30]
    assert all(0 < x <= 120 for x in month["occupancy"]) and all(x >= 0 for x in month["delayed"])
    for measure in ("occupancy", "delayed"):  # two replications: a 95% interval around each month's mean
        assert all(low <= mean <= high for low, mean, high in zip(month[f"{measure}_low"], month[measure],
                                                                   month[f"{measure}_high"]))
    assert [r["metric"] for r in doc["spend"]["siloed"]][-1] == "cost_gbp"
    json.dumps(doc, allow_nan=False)


def test_page_data_of_a_run_file_is_refused(icsflow, repo, tmp_path):
    results = tmp_path / "siloed.h5"
    done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", results, "--quiet", *SMALL)
    assert done.returncode == 0, done.stderr
    done = run(PYTHON, repo / "analysis/icsflow_report", "--page-data", results, "-o", tmp_path / "page.json")
    assert done.returncode == 2 and "has no comparison" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["siloed.h5"]


def test_money_over_time_is_the_files_in_millions(page, icsflow, repo, tmp_path):
    results, doc = page
    with h5py.File(results, "r") as f:
        m = f["money"]
        scenario = m["scenario"].asstr()[:]
        assert set(scenario) == {"partnership", "alone-handoffs", "alone-proactive_care", "alone-care_home_support",
                                 "alone-admission_avoidance", "alone-discharge_to_assess", "alone-mutual_aid",
                                 "alone-pooled_lists", "alone-single_pound", "alone-targeting"}
        mine = scenario == "partnership"
        pv = m["present_value_mean"][:][mine]
        net = m["net_cash_mean"][:][mine]
        years = m["years"][:][mine]
    rows = doc["money"]["partnership"]
    assert [r["year"] for r in rows] == [1]
    assert rows[0]["present_value"]["mean"] == pytest.approx(pv[0] / 1e6, rel=1e-12)
    # A results period of a quarter of a year: the present value so far is that quarter's cash, a year x 0.25.
    assert pv[0] == pytest.approx(net[0] * years[0], rel=1e-9) and years[0] == pytest.approx(0.25, abs=1 / 365)
    assert 0 <= rows[0]["break_even_share"] <= 1
    # The report has the section.
    out = tmp_path / "report.html"
    done = run(icsflow, "report", results, "-o", out)
    assert done.returncode == 0, done.stderr
    assert ">Money over time: partnership compared with siloed</h2>" in out.read_text(encoding="utf-8")
