"""The results page's data (analysis/icsflow_report/page_data.py, `--page-data RESULTS.h5 -o PAGE.json`, what
`icsflow serve` draws in the browser): synthetic comparison files (synthetic_results) turned into one JSON document
whose numbers are checked against the file's own /comparison rows and against values computed here; the t
distribution against known values; bad input refused with exit code 2 and nothing written.

Run: /usr/bin/python3 -m pytest -q tests/analysis"""
import json
import math
import pathlib
import subprocess
import sys

import h5py
import numpy as np
import pytest

import synthetic_results as syn

REPO = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = REPO / "analysis" / "icsflow_report"
PYTHON = "/usr/bin/python3" if pathlib.Path("/usr/bin/python3").exists() else sys.executable
sys.path.insert(0, str(REPO / "analysis"))
from icsflow_report import page_data as pd  # noqa: E402

KEYS = {"settings", "warnings", "headline", "sentences", "uncertainty", "attribution", "by_year", "money", "boroughs",
        "deprivation", "monthly", "spend", "downloads_note"}
ALTS = (("integrated", 0.9, 0.8), ("virtual_wards", 0.97, 1.0))
DAYS = 65  # from 1 April: April, May and 4 days of June (two 30-day blocks and 5 days without the month column)
MONTHS = [(0, 30), (30, 61), (61, 65)]  # DAYS' calendar months: (first day, day after the last)
MONTHLY_KEYS = {"month", "label", "days", "occupancy", "occupancy_low", "occupancy_high", "delayed", "delayed_low",
                "delayed_high", "outliers", "outliers_low", "outliers_high"}


def command(*args):
    return subprocess.run([PYTHON, str(SCRIPT), "--page-data", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def factor(metric):
    return syn.METRIC[metric]["display_factor"]


def comparison_rows(path):
    """/comparison as {(metric, scenario, borough, quintile, year): (base, alt, diff, low, high)}, read here."""
    with h5py.File(path, "r") as f:
        g = f["comparison"]
        text = {c: g[c].asstr()[:] for c in ("metric", "scenario", "borough")}
        quintile = g["deprivation_quintile"][:]
        year = g["year"][:] if "year" in g else np.zeros(len(quintile), dtype=int)
        numbers = [g[c][:] for c in ("base_mean", "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high")]
    return {(text["metric"][i], text["scenario"][i], text["borough"][i], int(quintile[i]), int(year[i])):
            tuple(float(n[i]) for n in numbers) for i in range(len(quintile))}


def close(got, expected):
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return got is None
    return got == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """Two alternatives at scale 0.05, 4 replications, the document written by the command."""
    folder = tmp_path_factory.mktemp("page")
    source = folder / "compare.h5"
    base, alts = syn.build_comparison(source, alternatives=ALTS, replications=4, scale=0.05, days=DAYS)
    out = folder / "page.json"
    done = command(source, "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Page data written to {out}"
    return source, json.loads(out.read_text(encoding="utf-8")), base, dict((n, (s, d)) for n, s, d in alts)


# ---- Student's t --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("t", [-30.0, -3.0, -1.0, -0.2, 0.0, 0.5, 1.0, 2.5, 12.0, 400.0])
def test_t_cdf_closed_forms(t):
    # The t distribution functions of 1 to 4 degrees of freedom in closed form.
    assert pd.t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-13)  # Cauchy
    assert pd.t_cdf(t, 2) == pytest.approx(0.5 + t / (2 * math.sqrt(2 + t * t)), abs=1e-13)
    u = t / math.sqrt(3)
    assert pd.t_cdf(t, 3) == pytest.approx(0.5 + (u / (1 + u * u) + math.atan(u)) / math.pi, abs=1e-13)
    w = 1 + t * t / 4
    assert pd.t_cdf(t, 4) == pytest.approx(0.5 + 3 / 8 * t / math.sqrt(w) * (1 - t * t / (12 * w)), abs=1e-13)


def density(x, k):
    return math.exp(math.lgamma((k + 1) / 2) - math.lgamma(k / 2)) / math.sqrt(k * math.pi) * (1 + x * x / k) ** (
        -(k + 1) / 2)


@pytest.mark.parametrize("t, k", [(2.0, 10), (0.7, 7), (1.96, 1000), (-2.3, 5.5)])
def test_t_cdf_against_the_integral_of_the_density(t, k):
    n = 20000  # Simpson's rule from 0 to t
    h = t / n
    total = density(0, k) + density(t, k) + sum((4 if i % 2 else 2) * density(i * h, k) for i in range(1, n))
    assert pd.t_cdf(t, k) == pytest.approx(0.5 + total * h / 3, abs=1e-11)


def test_t_cdf_known_values():
    assert pd.t_cdf(1.0, 3) == pytest.approx(0.80450, abs=5e-6)  # scipy.stats.t.cdf(1, 3)
    assert pd.t_cdf(1.0, 1) == pytest.approx(0.75, abs=1e-13)
    assert pd.t_cdf(-1.0, 3) == pytest.approx(1 - pd.t_cdf(1.0, 3), abs=1e-15)
    normal = 0.5 * (1 + math.erf(1.96 / math.sqrt(2)))
    assert pd.t_cdf(1.96, 1e8) == pytest.approx(normal, abs=1e-8)  # the normal as the degrees of freedom grow
    assert pd.t_cdf(math.inf, 3) == 1.0 and pd.t_cdf(-math.inf, 3) == 0.0 and pd.t_cdf(0.0, 3) == 0.5


@pytest.mark.parametrize("df", sorted(syn.T975))
def test_t_quantile_is_the_interval_s(df):
    assert pd.t_quantile(0.975, df) == pytest.approx(syn.T975[df], abs=1e-8)
    assert pd.t_quantile(0.025, df) == pytest.approx(-syn.T975[df], abs=1e-8)


def test_probability_lower_by_hand():
    # 4 replications whose differences have mean -1 and standard error 1: P(T3 < 1).
    k = math.sqrt(3)
    assert pd.probability_lower([-1 - k, -1 + k, -1 - k, -1 + k]) == pytest.approx(0.80450, abs=5e-6)
    assert pd.probability_lower([1 - k, 1 + k, 1 - k, 1 + k]) == pytest.approx(1 - 0.80450, abs=5e-6)
    # 2 replications, mean -1, standard error 1: P(T1 < 1) = 0.75.
    assert pd.probability_lower([-2.0, 0.0]) == pytest.approx(0.75, abs=1e-12)
    assert pd.probability_lower([-2.0]) is None  # one replication: no t model
    assert pd.probability_lower([-2.0, -2.0, -2.0]) == 1.0 and pd.probability_lower([0.0, 0.0]) is None


# ---- the document -------------------------------------------------------------------------------------------

def test_the_document_has_the_contract_s_keys(compared):
    _, doc, _, _ = compared
    assert set(doc) == KEYS
    assert {"base", "alternatives", "scale", "replications", "seed", "years", "title"} <= set(doc["settings"])
    assert doc["settings"]["base"] == "siloed" and doc["settings"]["alternatives"] == ["integrated", "virtual_wards"]
    assert doc["settings"]["replications"] == 4 and doc["settings"]["scale"] == 0.05 and doc["settings"]["seed"] == 7
    assert doc["settings"]["title"] == "siloed compared with integrated, virtual_wards"
    for part in ("headline", "sentences", "uncertainty", "boroughs", "deprivation"):
        assert list(doc[part]) == ["integrated", "virtual_wards"], part
    assert doc["money"] is None  # the synthetic file has no /money (icsflow compare writes it)
    row = doc["headline"]["integrated"][0]
    assert {"metric", "label", "unit", "group", "base", "alt", "difference", "low", "high", "text", "reading",
            "good"} <= set(row)
    assert set(row["text"]) == {"base", "alt", "difference", "interval"}
    assert {"metric", "label", "unit", "differences", "probability_lower"} <= set(doc["uncertainty"]["integrated"][0])
    assert {"borough", "metric", "label", "unit", "base", "alt", "difference", "low", "high"} <= \
        set(doc["boroughs"]["integrated"][0])
    assert {"quintile", "metric", "label", "unit", "base", "alt", "difference", "low", "high"} <= \
        set(doc["deprivation"]["integrated"][0])
    assert set(doc["monthly"]) == set(doc["spend"]) == {"siloed", "integrated", "virtual_wards"}
    assert set(doc["monthly"]["siloed"]) == MONTHLY_KEYS
    assert {"metric", "label", "value"} <= set(doc["spend"]["siloed"][0])
    assert doc["attribution"] is None and doc["by_year"] is None  # no /attribution; a one-year run
    assert "capacity" in doc["downloads_note"] and "cash" in doc["downloads_note"]
    json.dumps(doc, allow_nan=False)


def test_headline_is_the_comparison_rows(compared):
    source, doc, _, _ = compared
    rows = comparison_rows(source)
    for alt in ("integrated", "virtual_wards"):
        table = doc["headline"][alt]
        headline_names = [r["name"] for r in sorted(syn.METRICS["rows"], key=lambda r: r["headline"])
                          if r["headline"] > 0]
        assert [r["metric"] for r in table if r["quintile"] == 0 and r["metric"] in headline_names] == \
            [n for n in headline_names]
        for row in table:
            assert row["label"].startswith(syn.label(row["metric"]))
            expected = rows.get((row["metric"], alt, "All", row["quintile"], 0))
            if expected is None:  # the synthetic file has no wards or cash rows: shown as the report shows them
                assert row["reading"] == "not in the file" and row["text"]["difference"] == "\u2014"
                assert row["difference"] is None and row["good"] is None
                continue
            for key, value in zip(("base", "alt", "difference", "low", "high"), expected):
                assert close(row[key], value * factor(row["metric"])), (row["metric"], key)
    acsc = next(r for r in doc["headline"]["integrated"] if r["metric"] == "acsc_admissions")
    assert acsc["good"] is True and acsc["reading"].startswith("clearly lower:") and "averted" in acsc["reading"]
    assert acsc["text"]["difference"].startswith("\u2212") and acsc["unit"] == "admissions a year"
    spend = next(r for r in doc["headline"]["integrated"] if r["metric"] == "cost_gbp")
    assert spend["text"]["base"].startswith("£") and spend["text"]["base"].endswith("m")
    groups = [(r["metric"], r["group"]) for r in doc["headline"]["integrated"] if r["group"]]
    assert groups[0] == ("emergency_admissions_per_100k", "Activity and outcomes (all of South East London, a year)")
    assert groups[1] == ("cost_primary_care_gbp", "Spend a year (£ million)")  # the heading above the first spend
    occupancy = next(r for r in doc["headline"]["integrated"] if r["metric"] == "occupancy")
    assert occupancy["good"] is None  # /metrics gives occupancy no better direction
    # The rate is a headline row of its own and, under the inequality heading, the most and least deprived.
    assert [r["quintile"] for r in doc["headline"]["integrated"] if r["metric"] == "acsc_admissions_per_100k"] == \
        [0, 1, 5]


def test_good_follows_the_better_direction_and_the_interval(compared):
    _, doc, _, _ = compared
    for row in doc["headline"]["integrated"]:
        better = syn.METRIC[row["metric"]]["better"]
        clear = row["low"] is not None and (row["low"] > 0 or row["high"] < 0)
        if not clear or better not in ("lower", "higher"):
            assert row["good"] is None, row["metric"]
        else:
            assert row["good"] == ((row["difference"] < 0) == (better == "lower")), row["metric"]
    deaths = next(r for r in doc["headline"]["integrated"] if r["metric"] == "deaths")
    if deaths["low"] <= 0 <= deaths["high"]:
        assert deaths["good"] is None and "no clear difference" in deaths["reading"]


def test_sentences_are_plain_text(compared):
    _, doc, _, _ = compared
    sentences = doc["sentences"]["integrated"]
    assert sentences and not any("<" in s or "&amp;" in s for s in sentences)
    acsc = next(r for r in doc["headline"]["integrated"] if r["metric"] == "acsc_admissions")
    averted = acsc["text"]["difference"].lstrip("\u2212")
    assert any(s.startswith(f"{averted} avoidable (ACSC) admissions averted a year") for s in sentences), sentences
    assert any(s.startswith("Total spend, every bed day and attendance at its average cost, changes by")
               for s in sentences), sentences


def test_uncertainty_differences_are_the_replications(compared):
    source, doc, (base, base_daily), alts = compared
    rows = comparison_rows(source)
    entries = doc["uncertainty"]["integrated"]
    names = [e["metric"] for e in entries]
    assert {"emergency_admissions", "acsc_admissions", "cost_gbp"} <= set(names)
    assert all(syn.METRIC[n]["display_unit"] == "GBP m" or syn.METRIC[n]["unit"] == "admissions" for n in names)
    for entry in entries:
        name = entry["metric"]
        diffs = entry["differences"]
        assert len(diffs) == 4
        # As /comparison computes them: a year for the whole population, in the display unit.
        expected = (syn.per_replication(alts["integrated"][0], name) - syn.per_replication(base, name)) / 1.0 / 0.05
        assert diffs == pytest.approx(list(expected * factor(name)), rel=1e-9)
        assert np.mean(diffs) == pytest.approx(rows[(name, "integrated", "All", 0, 0)][2] * factor(name), rel=1e-9)
        assert entry["probability_from"] == "replications"
        # The same probability from the file's interval: the two routes agree.
        _, _, d, low, high = rows[(name, "integrated", "All", 0, 0)]
        se = (high - low) / 2 / syn.T975[3]
        assert entry["probability_lower"] == pytest.approx(pd.t_cdf(-d / se, 3), abs=1e-9)
        assert (entry["probability_lower"] > 0.5) == (entry["difference"] < 0)


def test_a_metric_not_in_the_summary_takes_its_probability_from_the_interval(tmp_path):
    # cash_gbp counts the wards the sites need, at costs the file does not hold: no per-replication values.
    source = tmp_path / "cash.h5"
    syn.build_comparison(source, replications=4, days=DAYS)
    with h5py.File(source, "r+") as f:
        g = f["comparison"]
        columns = {c: list(g[c].asstr()[:]) if g[c].dtype.kind in "OS" else list(g[c][:]) for c in g}
        i = columns["metric"].index("cost_gbp")
        row = {c: v[i] for c, v in columns.items()}
        row.update(metric="cash_gbp", base_mean=9e8, alt_mean=8.9e8, diff_mean=-1e7, diff_ci_low=-1.5e7,
                   diff_ci_high=-0.5e7)
        del f["comparison"]
        g = f.create_group("comparison")
        for c, values in columns.items():
            values = values + [row[c]]
            if isinstance(values[0], str):
                g.create_dataset(c, data=np.array(values, dtype=object), dtype=h5py.string_dtype("utf-8"))
            else:
                g.create_dataset(c, data=np.asarray(values))
    cash = next(e for e in pd.page_data(source)["uncertainty"]["integrated"] if e["metric"] == "cash_gbp")
    assert cash["differences"] is None and cash["probability_from"] == "interval"
    assert cash["difference"] == pytest.approx(-10.0)
    assert cash["probability_lower"] == pytest.approx(pd.t_cdf(10 / (5 / syn.T975[3]), 3), abs=1e-9)


def test_small_scale_and_few_replications_warn(compared, tmp_path):
    _, doc, _, _ = compared
    assert any(w.startswith("Scale 0.05 is a quick look, not a result") for w in doc["warnings"]), doc["warnings"]
    assert not any("replication" in w for w in doc["warnings"])
    full = tmp_path / "full.h5"
    syn.build_comparison(full, replications=4, scale=1.0, days=DAYS)
    assert pd.page_data(full)["warnings"] == []
    few = tmp_path / "few.h5"
    syn.build_comparison(few, replications=3, scale=1.0, days=DAYS)
    warnings = pd.page_data(few)["warnings"]
    assert len(warnings) == 1 and warnings[0].startswith("Only 3 replications"), warnings
    half = tmp_path / "half.h5"  # any fraction of SEL changes the queues: only full scale is a result
    syn.build_comparison(half, replications=4, scale=0.5, days=DAYS)
    assert [w[:24] for w in pd.page_data(half)["warnings"]] == ["Scale 0.5 is a quick loo"]


def test_one_replication_gives_nulls_not_nan(tmp_path):
    source = tmp_path / "one.h5"
    syn.build_comparison(source, replications=1, days=DAYS)  # /comparison's intervals are NaN
    out = tmp_path / "one.json"
    done = command(source, "-o", out)
    assert done.returncode == 0, done.stderr

    def refuse(constant):
        raise AssertionError(f"{constant} in the JSON")

    doc = json.loads(out.read_text(encoding="utf-8"), parse_constant=refuse)
    row = next(r for r in doc["headline"]["integrated"] if r["metric"] == "emergency_admissions")
    assert row["low"] is None and row["high"] is None and row["good"] is None
    assert row["reading"] == "no interval (one replication)" and row["text"]["interval"] == "\u2014"
    assert all(e["probability_lower"] is None for e in doc["uncertainty"]["integrated"])
    assert any(w.startswith("Only 1 replication:") for w in doc["warnings"])


def test_where_the_admissions_are(compared):
    source, doc, _, _ = compared
    rows = comparison_rows(source)
    boroughs = doc["boroughs"]["integrated"]
    assert {r["metric"] for r in boroughs} == {"acsc_admissions", "acsc_admissions_per_100k"}
    assert [r["borough"] for r in boroughs if r["metric"] == "acsc_admissions"] == syn.BOROUGHS + ["All"]
    for r in boroughs:
        expected = rows[(r["metric"], "integrated", r["borough"], 0, 0)]
        assert [r[k] for k in ("base", "alt", "difference", "low", "high")] == pytest.approx(list(expected))
        assert r["label"] == syn.label(r["metric"])
    quintiles = doc["deprivation"]["virtual_wards"]
    assert [r["quintile"] for r in quintiles if r["metric"] == "acsc_admissions"] == [1, 2, 3, 4, 5]
    for r in quintiles:
        expected = rows[(r["metric"], "virtual_wards", "All", r["quintile"], 0)]
        assert r["difference"] == pytest.approx(expected[2]) and r["high"] == pytest.approx(expected[4])


def assert_months(month, expected):
    """expected: syn.monthly's (occupancy, delayed), and syn.monthly_outliers' outliers after them if given."""
    for measure, rows in zip(("occupancy", "delayed", "outliers"), expected):
        for k, (mean, low, high) in enumerate(rows):
            for key, value in ((measure, mean), (f"{measure}_low", low), (f"{measure}_high", high)):
                if math.isnan(value):
                    assert month[key][k] is None, (key, k)
                else:
                    assert month[key][k] == pytest.approx(value, rel=1e-9), (key, k)  # T975 to 10 digits


def test_monthly_beds_by_calendar_month(compared):
    _, doc, (_, daily), alts = compared
    month = doc["monthly"]["siloed"]
    assert month["month"] == [1, 2, 3] and month["label"] == ["Apr", "May", "Jun"] and month["days"] == [30, 31, 4]
    assert_months(month, (*syn.monthly(daily, MONTHS, 0.05), syn.monthly_outliers(daily, MONTHS, 0.05)))
    integrated = alts["integrated"][1]
    assert_months(doc["monthly"]["integrated"], (*syn.monthly(integrated, MONTHS, 0.05),
                                                 syn.monthly_outliers(integrated, MONTHS, 0.05)))
    assert month["occupancy_low"][0] < month["occupancy"][0] < month["occupancy_high"][0]


def test_monthly_outliers_by_hand_and_null_without_the_column(tmp_path):
    # Two replications, every site's outliers 0 and 2 a night in every month (simulated; / 0.05 for the whole
    # population: 0 and 40 x 3 sites): 60 -/+ t(0.975, 1) x 60 sqrt(2) / sqrt(2).
    source = tmp_path / "outliers.h5"
    syn.build_comparison(source, replications=2, days=DAYS, scale=0.05)
    with h5py.File(source, "r+") as f:
        g = f["scenarios/siloed/daily"]
        g["outliers"][...] = np.where(g["replication"][:] == 0, 0, 2)
    month = pd.page_data(source)["monthly"]["siloed"]
    assert month["outliers"] == pytest.approx([60.0] * 3, rel=1e-12)
    assert month["outliers_low"] == pytest.approx([60.0 - 60 * syn.T975[1]] * 3, rel=1e-9)
    assert month["outliers_high"] == pytest.approx([60.0 + 60 * syn.T975[1]] * 3, rel=1e-9)
    # A file written before the column: the keys are there, every entry null; the other measures as they were.
    with h5py.File(source, "r+") as f:
        for name in f["scenarios"]:
            del f[f"scenarios/{name}/daily/outliers"]
    month = pd.page_data(source)["monthly"]["siloed"]
    assert set(month) == MONTHLY_KEYS
    assert month["outliers"] == month["outliers_low"] == month["outliers_high"] == [None] * 3
    assert all(isinstance(x, float) for x in month["occupancy"] + month["delayed"])


def test_a_year_is_twelve_calendar_months(tmp_path):
    source = tmp_path / "year.h5"
    (_, daily), _ = syn.build_comparison(source, replications=3, days=365)
    month = pd.page_data(source)["monthly"]["siloed"]
    assert month["label"] == ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    assert month["days"] == [30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31]
    assert month["month"] == list(range(1, 13))
    firsts = np.cumsum([0] + month["days"])
    assert_months(month, syn.monthly(daily, list(zip(firsts[:-1], firsts[1:])), 1.0))


def test_a_second_year_s_months_are_marked(tmp_path):
    source = tmp_path / "two_years.h5"
    syn.build_comparison(source, replications=2, days=400)
    month = pd.page_data(source)["monthly"]["siloed"]
    assert month["label"][-4:] == ["Feb", "Mar", "Apr Y2", "May Y2"] and month["days"][-4:] == [28, 31, 30, 5]
    assert month["month"] == list(range(1, 15))


def test_monthly_beds_without_the_month_column_are_30_day_blocks(compared, tmp_path):
    source = tmp_path / "old.h5"
    source.write_bytes(compared[0].read_bytes())
    with h5py.File(source, "r+") as f:
        for name in f["scenarios"]:
            del f[f"scenarios/{name}/daily/month"]
    month = pd.page_data(source)["monthly"]["siloed"]
    assert month["month"] == [1, 2, 3] and month["label"] is None and month["days"] == [30, 30, 5]
    assert_months(month, syn.monthly(compared[2][1], [(0, 30), (30, 60), (60, 65)], 0.05))


def test_one_replication_has_no_monthly_interval(tmp_path):
    source = tmp_path / "one.h5"
    (_, daily), _ = syn.build_comparison(source, replications=1, days=DAYS)
    month = pd.page_data(source)["monthly"]["siloed"]
    assert month["occupancy_low"] == month["occupancy_high"] == month["delayed_low"] == [None] * 3
    assert_months(month, syn.monthly(daily, MONTHS, 1.0))


def test_monthly_interval_by_hand(tmp_path):
    # Two replications whose June nights are 90% and 94% full: mean 92%, sd 2 sqrt(2), so the half width is
    # t(0.975, 1) x 2 sqrt(2) / sqrt(2) = 2 x 12.706.
    source = tmp_path / "hand.h5"
    syn.build_comparison(source, replications=2, days=DAYS)
    with h5py.File(source, "r+") as f:
        g = f["scenarios/siloed/daily"]
        rep, day, available = g["replication"][:], g["day"][:], g["beds_available"][:]
        occupied = np.where(rep == 0, 0.90, 0.94) * available
        g["beds_occupied"][...] = np.where(day >= 61, np.round(occupied), g["beds_occupied"][:])
    june = pd.page_data(source)["monthly"]["siloed"]
    assert june["occupancy"][2] == pytest.approx(92.0, abs=1e-9)
    assert june["occupancy_low"][2] == pytest.approx(92.0 - 2 * syn.T975[1], abs=1e-6)
    assert june["occupancy_high"][2] == pytest.approx(92.0 + 2 * syn.T975[1], abs=1e-6)


def test_spend_by_sector(compared):
    _, doc, (base, _), alts = compared
    spend = doc["spend"]
    names = [r["metric"] for r in spend["siloed"]]
    assert names == ["cost_primary_care_gbp", "cost_acute_gbp", "cost_community_gbp", "cost_social_care_gbp",
                     "cost_gbp"]
    for scenario, summary in (("siloed", base), ("integrated", alts["integrated"][0])):
        for row in spend[scenario]:
            expected = syn.per_replication(summary, row["metric"]) / 0.05 * 1e-6
            assert row["value"] == pytest.approx(expected.mean(), rel=1e-9)
            assert row["label"] == syn.label(row["metric"])


def test_by_year_for_a_run_of_several_years(tmp_path):
    source = tmp_path / "years.h5"
    syn.build_comparison(source, replications=3, years=1.5, days=548, year_shares=[[0.6, 0.4], [0.65, 0.35]])
    doc = pd.page_data(source)
    rows = comparison_rows(source)
    assert [(y["year"], y["label"]) for y in doc["by_year"]] == [(1, "year 1"), (2, "year 2 (183 days)")]
    for entry in doc["by_year"]:
        for row in entry["integrated"]:
            expected = rows.get((row["metric"], "integrated", "All", 0, entry["year"]))
            if expected is None:
                assert row["difference"] is None
                continue
            assert close(row["difference"], expected[2] * factor(row["metric"])), row["metric"]
            assert close(row["low"], expected[3] * factor(row["metric"])), row["metric"]


def test_attribution_is_the_waterfall(tmp_path):
    source = tmp_path / "attribution.h5"
    syn.build_comparison(source, replications=3, days=DAYS)
    levers = ["handoffs", "proactive_care"]
    marginal = {"acsc_admissions": [-30.0, -50.0], "cost_gbp": [2e6, 5e6]}
    columns = {c: [] for c in ["lever", "metric", "borough", "deprivation_quintile", "year", "alone_diff_mean",
                               "alone_diff_ci_low", "alone_diff_ci_high", "marginal_diff_mean",
                               "marginal_diff_ci_low", "marginal_diff_ci_high"]}
    for metric, values in marginal.items():
        for lever, value in zip(levers, values):
            for borough in ("All", "Bexley"):  # only South East London's rows make the waterfall
                for c, v in zip(columns, [lever, metric, borough, 0, 0, value / 2, value, 0.0, value, 2 * value,
                                          0.0 if borough == "All" else 99.0]):
                    columns[c].append(v)
    with h5py.File(source, "r+") as f:
        g = f.create_group("attribution")
        for c, values in columns.items():
            if isinstance(values[0], str):
                g.create_dataset(c, data=np.array(values, dtype=object), dtype=h5py.string_dtype("utf-8"))
            else:
                g.create_dataset(c, data=np.asarray(values))
    doc = pd.page_data(source)
    attribution = doc["attribution"]
    assert attribution["bundle"] == "integrated"
    rows = comparison_rows(source)
    # The key metrics (sweep = headline in /metrics) that /attribution holds, in headline order.
    assert [m["metric"] for m in attribution["metrics"]] == ["acsc_admissions", "cost_gbp"]
    for m in attribution["metrics"]:
        f = factor(m["metric"])
        total = rows[(m["metric"], "integrated", "All", 0, 0)]
        assert m["total"] == pytest.approx(total[2] * f) and m["total_low"] == pytest.approx(total[3] * f)
        assert [l["lever"] for l in m["levers"]] == levers and m["levers"][1]["label"] == "proactive care"
        assert [l["without"] for l in m["levers"]] == pytest.approx([v * f for v in marginal[m["metric"]]])
        assert [l["alone"] for l in m["levers"]] == pytest.approx([v * f / 2 for v in marginal[m["metric"]]])
        assert [l["without_high"] for l in m["levers"]] == [0.0, 0.0]
        assert m["together"] == pytest.approx(m["total"] - sum(l["without"] for l in m["levers"]))
        assert m["label"] == syn.label(m["metric"])


def test_labels_come_from_the_file_s_metrics(tmp_path):
    source = tmp_path / "relabelled.h5"
    syn.build_comparison(source, replications=3, days=DAYS)
    rows = [dict(r) for r in syn.METRICS["rows"]]
    for row in rows:
        if row["name"] == "acsc_admissions":
            row["label"] = "Admissions GPs could have prevented"
        if row["name"] == "cost_gbp":
            row.update(display_unit="GBP", display_factor=1.0, decimals=0)
    with h5py.File(source, "r+") as f:
        del f["metrics"]
        syn.write_metrics(f, rows)
    doc = pd.page_data(source)
    acsc = next(r for r in doc["headline"]["integrated"] if r["metric"] == "acsc_admissions")
    assert acsc["label"] == "Admissions GPs could have prevented"
    assert any(r["label"] == "Admissions GPs could have prevented" for r in doc["boroughs"]["integrated"])
    total = next(e for e in doc["uncertainty"]["integrated"] if e["metric"] == "cost_gbp")
    assert total["unit"] == "£ a year" and abs(total["difference"]) > 1e4  # pounds as stored, not millions


# ---- refused ------------------------------------------------------------------------------------------------

def assert_refused(done, folder, message):
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("icsflow_report --page-data: error:"), done.stderr
    assert message in lines[0], lines[0]
    assert not any(p.suffix == ".json" or ".tmp-" in p.name for p in folder.iterdir()), list(folder.iterdir())


def test_a_run_file_is_refused(tmp_path):
    source = tmp_path / "siloed.h5"
    syn.build_single(source, replications=2, days=5)
    assert_refused(command(source, "-o", tmp_path / "page.json"), tmp_path, "has no comparison")


def test_a_sweep_file_is_refused(tmp_path):
    import synthetic_sweep
    source = tmp_path / "sweep.h5"
    synthetic_sweep.build_sweep(source, points=12)
    assert_refused(command(source, "-o", tmp_path / "page.json"), tmp_path, "is a sweep file")


@pytest.mark.parametrize("damage, message", [
    ("13", "/scenarios/siloed/daily/month must be calendar months, whole numbers from 1 (January) to 12"),
    ("0", "/scenarios/siloed/daily/month must be calendar months"),
    ("text", "/scenarios/siloed/daily/month must be calendar months"),
    ("short", "/scenarios/siloed/daily has columns of different lengths"),
    ("two months", "/scenarios/siloed/daily/month gives day 0 more than one month"),
])
def test_a_bad_month_column_is_refused(tmp_path, damage, message):
    source = tmp_path / "months.h5"
    syn.build_comparison(source, replications=2, days=5)
    with h5py.File(source, "r+") as f:
        g = f["scenarios/siloed/daily"]
        month = g["month"][:]
        del g["month"]
        if damage == "text":
            syn._str_dataset(g, "month", ["April"] * len(month))
        else:
            changed = {"13": month + 9, "0": month - 4, "short": month[:-1], "two months": np.r_[5, month[1:]]}
            g["month"] = changed[damage]
    assert_refused(command(source, "-o", tmp_path / "page.json"), tmp_path, message)


def test_a_missing_file_is_refused(tmp_path):
    assert_refused(command(tmp_path / "nothing.h5", "-o", tmp_path / "page.json"), tmp_path, "does not exist")


def test_a_bad_output_path_is_refused_and_an_old_page_left_alone(compared, tmp_path):
    source = compared[0]
    assert_refused(command(source, "-o", tmp_path / "no" / "page.json"), tmp_path, "does not exist")
    old = tmp_path / "old"
    old.mkdir()
    page = old / "page.json"
    page.write_text("{}")
    bad = old / "bad.h5"
    bad.write_text("junk")
    done = command(bad, "-o", page)
    assert done.returncode == 2 and "not an HDF5 file" in done.stderr
    assert page.read_text() == "{}" and sorted(p.name for p in old.iterdir()) == ["bad.h5", "page.json"]
