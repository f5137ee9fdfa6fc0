"""The report's reading of metric metadata (/metrics, the C++ metrics registry written into every results file)
and of /comparison, unit by unit: the package is imported, not run.

Run: /usr/bin/python3 -m pytest -q tests/analysis"""
import math
import pathlib
import sys

import h5py
import numpy as np
import pytest

import synthetic_results as syn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "analysis"))
from icsflow_report import ReportError  # noqa: E402
from icsflow_report import headline  # noqa: E402
from icsflow_report.metrics import read_metrics  # noqa: E402
from icsflow_report.results_file import Comparison, Paired, read_results  # noqa: E402


def metrics_file(path, rows=None, drop=(), extra=None):
    """A file holding only /metrics: the fixture's rows (or changed copies), without the columns in drop."""
    rows = [dict(r) for r in (syn.METRICS["rows"] if rows is None else rows)]
    with h5py.File(path, "w") as f:
        syn.write_metrics(f, rows)
        for column in drop:
            del f["metrics"][column]
        for column, values in (extra or {}).items():
            del f["metrics"][column]
            f["metrics"][column] = values
    return h5py.File(path, "r")


@pytest.fixture
def metrics(tmp_path):
    with metrics_file(tmp_path / "m.h5") as f:
        return read_metrics(f)


def test_every_row_is_read_in_the_files_order(metrics):
    assert [m.name for m in metrics] == [r["name"] for r in syn.METRICS["rows"]]
    for m, row in zip(metrics, syn.METRICS["rows"]):
        assert (m.unit, m.label, m.description, m.headline, m.display_unit, m.display_factor, m.decimals, m.better,
                m.sweep) == tuple(row[c] for c in ("unit", "label", "description", "headline", "display_unit",
                                                   "display_factor", "decimals", "better", "sweep"))


def test_headline_and_sweep_headline_order(metrics):
    ranked = sorted((r for r in syn.METRICS["rows"] if r["headline"] > 0), key=lambda r: r["headline"])
    assert [m.name for m in metrics.headline()] == [r["name"] for r in ranked]
    chosen = sorted((r for r in syn.METRICS["rows"] if r["sweep"] == "headline"), key=lambda r: r["headline"])
    assert [m.name for m in metrics.sweep_headline()] == [r["name"] for r in chosen]
    assert metrics.in_order(["occupancy", "new_output", "deaths"]) == ["deaths", "occupancy", "new_output"]


def test_kinds_and_display(metrics):
    spend, occupancy = metrics.get("cost_gbp"), metrics.get("occupancy")
    assert spend.money and not spend.count and spend.shown(2.5e6) == pytest.approx(2.5)
    assert spend.money_text(1542.24, 1) == "£1,542.2m" and spend.shown_unit == "£ million a year"
    assert occupancy.percent and not occupancy.count and occupancy.shown(0.9) == pytest.approx(90)
    rate = metrics.get("acsc_admissions_per_100k")
    assert rate.rate and not rate.count
    assert metrics.get("deaths").count and metrics.get("deaths").shown_unit == "deaths a year"
    assert not metrics.get("acsc_admissions_per_100k_ratio_q1_q5").count
    assert [m.name for m in metrics.spend_sectors()] == ["cost_primary_care_gbp", "cost_acute_gbp",
                                                         "cost_community_gbp", "cost_social_care_gbp"]
    assert metrics.spend_total().name == "cost_gbp"


def test_a_name_the_file_does_not_describe(metrics):
    unknown = metrics.get("beds_blocked_by_gremlins")
    assert not unknown.described and unknown.label == "beds blocked by gremlins"
    assert unknown.shown(3.0) == 3.0 and not unknown.money and "beds_blocked_by_gremlins" not in metrics


def test_gap_brings_its_rate_and_ratio(metrics):
    gap = metrics.get("acsc_admissions_per_100k_gap_q1_q5")
    rate, ratio = metrics.gap_parts(gap)
    assert (rate.name, ratio.name) == ("acsc_admissions_per_100k", "acsc_admissions_per_100k_ratio_q1_q5")
    assert [(c.name, r.name) for c, r in headline.where(metrics)] == [("acsc_admissions", "acsc_admissions_per_100k")]


def test_only_the_required_columns(tmp_path):
    keep = ["name", "unit", "label"]
    with metrics_file(tmp_path / "m.h5", drop=[c for c in syn.METRICS["columns"] if c not in keep]) as f:
        metrics = read_metrics(f)
    deaths = metrics.get("deaths")
    assert deaths.display_unit == "deaths" and deaths.display_factor == 1 and deaths.headline == 0
    assert metrics.headline() == [] and metrics.sweep_headline() == []


@pytest.mark.parametrize("change, message", [
    (dict(drop=["label"]), "/metrics has no column 'label'"),
    (dict(rows=syn.METRICS["rows"] + [syn.METRICS["rows"][0]]), "names 'gp_appointments' more than once"),
    (dict(extra={"headline": np.arange(3)}), "columns of different lengths"),
    (dict(extra={"display_factor": np.zeros(len(syn.METRICS["rows"]))}), "has display_factor 0"),
])
def test_bad_metrics_tables(tmp_path, change, message):
    with metrics_file(tmp_path / "m.h5", **change) as f:
        with pytest.raises(ReportError, match=message):
            read_metrics(f)


def test_no_metrics_table(tmp_path):
    with h5py.File(tmp_path / "m.h5", "w") as f:
        f.create_group("scenarios")
        with pytest.raises(ReportError, match="no /metrics table"):
            read_metrics(f)


def test_comparison_rows_as_written(tmp_path):
    source = tmp_path / "c.h5"
    (base, base_daily), [(_, alt, alt_daily)] = syn.build_comparison(source, replications=3, scale=0.5)
    results = read_results(source)
    row = results.comparison.get("occupancy", "integrated")
    expected = syn.paired_interval(syn.occupancy(base_daily), syn.occupancy(alt_daily))
    assert (row.base, row.alt, row.diff, row.low, row.high) == pytest.approx(expected)
    assert results.comparison.get("occupancy", "integrated", "Lambeth") is None  # South East London only
    gap = results.comparison.get("acsc_admissions_per_100k_gap_q1_q5", "integrated", "Lambeth")
    assert gap is not None and results.comparison.get("acsc_admissions_per_100k_gap_q1_q5", "integrated",
                                                      "Lambeth", 1) is None


def test_headline_rows_group_and_missing(metrics):
    rows = {("deaths", "alt", "All", 0, 0): Paired(10, 8, -2, -3, -1)}
    table = headline.headline_rows(metrics, Comparison(rows, ["alt"], {"deaths"}), "alt")
    names = [r.metric.name for r in table]
    ranked = [m.name for m in metrics.headline() if not m.name.endswith("_gap_q1_q5")]
    assert names[:len(ranked)] == ranked
    assert names[len(ranked):] == ["acsc_admissions_per_100k", "acsc_admissions_per_100k",
                                   "acsc_admissions_per_100k_gap_q1_q5", "acsc_admissions_per_100k_ratio_q1_q5"]
    assert [r.value for r in table if r.metric.name == "deaths"] == [Paired(10, 8, -2, -3, -1)]
    assert sum(r.value is not None for r in table) == 1
    groups = [r.group for r in table if r.group]
    assert groups[0] == headline.ACTIVITY and headline.SPEND in groups and groups[-1].startswith("Inequality")
    assert headline.reading(metrics.get("deaths"), Paired(10, 8, -2, -3, -1)) == ("clear-down",
                                                                                "clearly lower: 2.0 fewer a year")
    assert headline.reading(metrics.get("deaths"), Paired(10, 8, -2, math.nan, math.nan))[1] == \
        "no interval (one replication)"


def test_a_summary_of_several_years_is_read_as_the_whole_period(tmp_path):
    # The years' rows add up to the whole period; every year repeats the residents, which count once.
    summary, daily = syn.make_scenario_data(11, 3)
    path = tmp_path / "two-years.h5"
    with h5py.File(path, "w") as f:
        syn.write_root(f, "icsflow run scenarios/siloed.toml --years 2")
        syn.write_scenario(f, "siloed", syn.split_years(summary, [0.25, 0.75]), daily, years=2.0, replications=3)
    scenario = read_results(path).scenarios["siloed"]
    assert np.allclose(scenario.totals("residents", "Lambeth", 2), syn.per_replication(summary, "residents",
                                                                                        "Lambeth", 2))
    assert np.allclose(scenario.totals("deaths"), syn.per_replication(summary, "deaths"))
    assert np.allclose(scenario.rate("deaths", 1000), 1000 * syn.per_replication(summary, "deaths") /
                       syn.per_replication(summary, "residents") / 2)
