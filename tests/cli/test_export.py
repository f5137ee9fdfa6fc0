"""icsflow export: a results file's tables as CSV, JSON and Excel, with the metrics' labels and units."""
import csv
import json
import subprocess

import h5py
import numpy as np
import pytest

SMALL = ["--scale", "0.02", "--years", "0.25", "--warmup-days", "20", "--replications", "2", "--seed", "4"]


def run(icsflow, *args):
    return subprocess.run([icsflow, *map(str, args)], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def comparison(icsflow, repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "comparison.h5"
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", repo / "scenarios/partnership.toml", "-o", out,
               *SMALL)
    assert done.returncode == 0, done.stderr
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_csv_has_a_file_a_table_with_labels_units_and_averted(icsflow, comparison, tmp_path):
    folder = tmp_path / "tables"
    done = run(icsflow, "export", comparison, "--format", "csv", "-o", folder)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in folder.iterdir()} >= {"comparison.csv", "summary.csv", "daily.csv", "metrics.csv"}
    rows = read_csv(folder / "comparison.csv")
    with h5py.File(comparison, "r") as f:
        assert len(rows) == len(f["comparison/metric"])
        labels = dict(zip(f["metrics/name"].asstr()[:], f["metrics/label"].asstr()[:]))
    assert all(r["label"] == labels[r["metric"]] for r in rows)
    acsc = next(r for r in rows if r["metric"] == "acsc_admissions" and r["borough"] == "All"
                and r["deprivation_quintile"] == "0")
    assert float(acsc["averted_mean"]) == pytest.approx(-float(acsc["diff_mean"]))
    assert float(acsc["averted_ci_low"]) == pytest.approx(-float(acsc["diff_ci_high"]))
    occupancy = next(r for r in rows if r["metric"] == "occupancy")
    assert occupancy["averted_mean"] == "", "averted only for counts of admissions"


def test_json_summary_is_long_and_adds_up_to_the_file(icsflow, comparison, tmp_path):
    out = tmp_path / "results.json"
    done = run(icsflow, "export", comparison, "--format", "json", "-o", out)
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["source"]["base_scenario"] == "siloed"
    summary = document["tables"]["summary"]
    assert {"scenario", "replication", "year", "borough", "deprivation_quintile", "metric", "label", "unit",
            "value"} <= set(summary[0])
    with h5py.File(comparison, "r") as f:
        for scenario in ("siloed", "partnership"):
            expected = float(np.sum(f[f"scenarios/{scenario}/summary/acsc_admissions"][:]))
            got = sum(r["value"] for r in summary if r["scenario"] == scenario and r["metric"] == "acsc_admissions")
            assert got == pytest.approx(expected)


def test_xlsx_has_a_readme_then_a_sheet_a_table(icsflow, comparison, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "results.xlsx"
    done = run(icsflow, "export", comparison, "--format", "xlsx", "-o", out)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[0] == "README" and "comparison" in book.sheetnames and "summary" in book.sheetnames
    with h5py.File(comparison, "r") as f:
        assert book["comparison"].max_row == len(f["comparison/metric"]) + 1  # and the header


@pytest.mark.parametrize("case", ["csv onto an existing folder", "missing input", "output is the input",
                                  "unknown format"])
def test_bad_input_is_refused_and_nothing_written(icsflow, comparison, tmp_path, case):
    existing = tmp_path / "existing"
    existing.mkdir()
    arguments = {
        "csv onto an existing folder": [comparison, "--format", "csv", "-o", existing],
        "missing input": [tmp_path / "nope.h5", "--format", "json", "-o", tmp_path / "x.json"],
        "output is the input": [comparison, "--format", "json", "-o", comparison],
        "unknown format": [comparison, "--format", "ods", "-o", tmp_path / "x.ods"],
    }[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    done = run(icsflow, "export", *arguments)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("icsflow export: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing written, no temporary left"
    assert not any(existing.iterdir())
