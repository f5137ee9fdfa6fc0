"""The report (analysis/icsflow_report) on sweep results files (docs/sweeps.md, "The results file"): synthetic sweeps
(Latin hypercube, Sobol, an incomplete shard) turned into one self-contained HTML report; the coefficients in
the report checked against the file, the most influential parameters against values worked out here; and a
real `icsflow sweep` file when the program is built.

Run: /usr/bin/python3 -m pytest -q tests/analysis"""
import html
import math
import re
import subprocess

import h5py
import numpy as np
import pytest

import synthetic_sweep as syn
from synthetic_results import METRICS
from test_report import (MINUS, PNG, REPO, assert_refused, assert_self_contained, find_icsflow, report,
                         row_cells, section_html, text_of)

# The outputs /metrics marks `sweep = headline`, in headline order -> the title of each one's section (its label).
HEADLINES = {row["name"]: row["label"] for row in sorted(
    (r for r in METRICS["rows"] if r["sweep"] == "headline"), key=lambda r: r["headline"])}
SECTIONS = ["Sweep and run settings", "How to read a sensitivity analysis", *HEADLINES.values(),
            "All sensitivity coefficients", "Outputs across the points"]
DASH = "\u2014"


# ---- independent formatting (docs/report.md, "Sweep reports") ---------------------------------------------

def coefficient(x):
    if not math.isfinite(x):
        return DASH
    if round(x, 2) == 0:
        return "0.00"
    return ("+" if x > 0 else MINUS) + f"{abs(x):.2f}"


def p_value(p):
    if not math.isfinite(p):
        return DASH
    return "< 0.001" if p < 0.001 else f"{p:.2g}"


def index(x, low, high):
    if not math.isfinite(x):
        return DASH
    text = lambda v: (MINUS if round(v, 2) < 0 else "") + f"{abs(v):.2f}"  # noqa: E731
    return f"{text(x)} {text(low)} to {text(high)}" if math.isfinite(low) else text(x)


# ---- reading the HTML -------------------------------------------------------------------------------------

def coefficient_rows(page):
    """{(output, parameter): [cells as text]} from the table of every coefficient, and {output: group text}."""
    table = section_html(page, "All sensitivity coefficients")
    rows, groups, output = {}, {}, None
    for attributes, row in re.findall(r"<tr([^>]*)>(.*?)</tr>", table, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        if 'class="group"' in attributes:
            output = re.search(r"<code>(.*?)</code>", cells[0]).group(1)
            groups[output] = " ".join(text_of(cells[0]))
        elif output is not None:
            rows[(output, " ".join(text_of(cells[0])))] = [" ".join(text_of(c)) for c in cells[1:]]
    return rows, groups


def file_sensitivity(path):
    with h5py.File(path, "r") as f:
        g = f["sensitivity"]
        columns = {c: g[c][()] for c in g}
    columns["output"] = [v.decode() if isinstance(v, bytes) else v for v in columns["output"]]
    columns["parameter"] = [v.decode() if isinstance(v, bytes) else v for v in columns["parameter"]]
    return [{c: columns[c][i] for c in columns} for i in range(len(columns["output"]))]


def most_influential(rows, output, count=2):
    mine = [r for r in rows if r["output"] == output and math.isfinite(r["prcc"])]
    return [r["parameter"] for r in sorted(mine, key=lambda r: -abs(r["prcc"]))][:count]


# ---- fixtures ---------------------------------------------------------------------------------------------

def make(folder, name, **kwargs):
    source = folder / f"{name}.h5"
    written = syn.build_sweep(source, **kwargs)
    out = folder / f"{name}.html"
    figures = folder / f"{name}-figures"
    done = report(source, "-o", out, "--figures-dir", figures)
    assert done.returncode == 0, done.stderr
    return source, out.read_text(encoding="utf-8"), written, figures


@pytest.fixture(scope="module")
def lhs(tmp_path_factory):
    return make(tmp_path_factory.mktemp("lhs"), "lhs")


@pytest.fixture(scope="module")
def sobol(tmp_path_factory):
    return make(tmp_path_factory.mktemp("sobol"), "sobol", design="sobol", base_samples=16)


@pytest.fixture(scope="module")
def shard(tmp_path_factory):
    return make(tmp_path_factory.mktemp("shard"), "shard", shard=(1, 2))


# ---- a complete Latin hypercube sweep ---------------------------------------------------------------------

def test_sweep_report_sections(lhs):
    _, page, _, figures = lhs
    assert_self_contained(page)
    for title in SECTIONS:
        assert f">{html.escape(title, quote=False)}</h2>" in page, title
    # A tornado chart and a scatter plot per headline output; no Sobol chart.
    assert page.count(PNG) == 2 * len(HEADLINES)
    assert len(list(figures.glob("*_sensitivity_*.png"))) == len(list(figures.glob("*_scatter_*.png"))) == 4
    assert len(list(figures.glob("*.png"))) == page.count(PNG)
    assert "SRC" in page and "PRCC" in page and "standardized regression coefficient" in page
    assert "incomplete" not in page
    # The headline outputs' sections come in the headline order of /metrics.
    where = [page.index(f">{html.escape(title, quote=False)}</h2>") for title in HEADLINES.values()]
    assert where == sorted(where)


def test_sweep_header(lhs):
    _, page, written, _ = lhs
    assert "icsflow report: sweep synthetic" in page
    expected = {"Sweep": "synthetic", "Base scenario": "partnership", "Design": "Latin hypercube",
                "Points complete": "30 of 30", "Replications per point": "2", "Scale": "0.5",
                "Master seed": "5", "Results period": "1 year(s) after a 30-day warm-up",
                "Description": "A synthetic sweep for the report's tests"}
    for label, value in expected.items():
        assert row_cells(page, label) == [value], label
    # The sweep file, folded away, exactly as given.
    folded = re.search(r"<details><summary>Sweep file as given \(TOML\)</summary><pre>(.*?)</pre></details>", page,
                       flags=re.S)
    assert folded and html.unescape(folded.group(1)) == written["toml"]
    assert row_cells(page, "levers.admission_avoidance.virtual_ward_beds_per_100k") == [
        "log-uniform from 15 to 60"]


def test_every_coefficient_is_in_the_table(lhs):
    source, page, _, _ = lhs
    rows, groups = coefficient_rows(page)
    expected = file_sensitivity(source)
    assert len(rows) == len(expected)
    for r in expected:
        cells = rows[(r["output"], r["parameter"])]
        assert cells == [coefficient(r["src"]), coefficient(r["prcc"]), p_value(r["prcc_p_value"])], r
    # Outputs that do not vary have no coefficients, and say so.
    assert all(v == DASH for v in rows[("ae_attendances", "levers.handoffs.reduction")])
    assert "does not vary" in groups["ae_attendances"]
    r2 = next(r["r_squared"] for r in expected if r["output"] == "acsc_admissions")
    assert f"linear R² = {r2:.2f}" in groups["acsc_admissions"]


def test_headline_sections_name_the_influential_parameters(lhs):
    source, page, _, _ = lhs
    expected = file_sensitivity(source)
    for output, title in HEADLINES.items():
        section = section_html(page, title)
        assert section.count(PNG) == 2, output
        top = most_influential(expected, output)
        # The scatter plot is of the two parameters with the largest |PRCC|, in that order.
        assert f'alt="{html.escape(title)} against {top[0]}, {top[1]}"' in section, output
        assert f"<code>{output}</code>" in section
        assert "Sobol" not in section
    # Designed in: the virtual-ward bed base drives avoidable admissions; the bed base matters to nothing.
    section = html.unescape(section_html(page, HEADLINES["acsc_admissions"]))
    acsc = {r["parameter"]: r for r in expected if r["output"] == "acsc_admissions"}
    assert acsc["capacity.ga_beds"]["prcc_p_value"] >= 0.05
    strongest = acsc["levers.admission_avoidance.virtual_ward_beds_per_100k"]
    assert ("the parameter that matters most for avoidable (ACSC) admissions is "
            "levers.admission_avoidance.virtual_ward_beds_per_100k "
            f"(PRCC {coefficient(strongest['prcc'])}, SRC {coefficient(strongest['src'])})") in " ".join(
                text_of(section))
    unclear = " ".join(text_of(section)).split("Not clearly related (p ≥ 0.05):")[1].split(". ")[0]
    assert "capacity.ga_beds" in unclear and "virtual_ward" not in unclear


def test_low_r_squared_is_flagged(lhs):
    source, page, _, _ = lhs
    r2 = {r["output"]: r["r_squared"] for r in file_sensitivity(source)}
    assert r2["ae_4h_breaches"] < 0.7 <= r2["acsc_admissions"]  # designed in (a U-shaped response)
    breaches = " ".join(text_of(section_html(page, HEADLINES["ae_4h_breaches"])))
    assert f"Warning: R² = {r2['ae_4h_breaches']:.2f}, below 0.7" in breaches
    assert "read SRC with care" in breaches
    assert "Warning" not in " ".join(text_of(section_html(page, HEADLINES["acsc_admissions"])))


def test_no_sobol_without_a_sobol_design(lhs):
    _, page, _, _ = lhs
    assert "<h3>Sobol indices</h3>" not in page
    assert "Sobol first" not in page
    assert "has no Sobol indices" in page


def test_outputs_across_points(lhs):
    _, page, written, _ = lhs
    section = section_html(page, "Outputs across the points")
    spend = np.array(written["means"]["cost_gbp"]) / 1e6
    label = {row["name"]: row["label"] for row in METRICS["rows"]}
    cells = row_cells(section, f"{label['cost_gbp']} cost_gbp")
    assert cells == ["£ million a year"] + [f"£{v:,.1f}m" for v in (spend.min(), spend.mean(), spend.max())]
    occupancy = 100 * np.array(written["means"]["occupancy"])
    assert row_cells(section, f"{label['occupancy']} occupancy") == ["%"] + [
        f"{v:.1f}%" for v in (occupancy.min(), occupancy.mean(), occupancy.max())]
    # One row per output, in the order of /metrics.
    names = re.findall(r"<br><code>(.*?)</code>", section)
    assert names == [row["name"] for row in METRICS["rows"] if row["name"] in syn.OUTPUTS]


# ---- a Sobol design ---------------------------------------------------------------------------------------

def test_sobol_sections(sobol):
    source, page, _, _ = sobol
    assert_self_contained(page)
    assert row_cells(page, "Design") == ["Sobol (Saltelli)"]
    assert row_cells(page, "Points complete") == [f"{16 * 5} of {16 * 5}"]
    assert page.count("<h3>Sobol indices</h3>") == len(HEADLINES)
    assert page.count(PNG) == 3 * len(HEADLINES)
    for title in HEADLINES.values():
        assert "<h3>Sobol indices</h3>" in section_html(page, title)
    rows, _ = coefficient_rows(page)
    for r in file_sensitivity(source):
        cells = rows[(r["output"], r["parameter"])]
        assert cells[:3] == [coefficient(r["src"]), coefficient(r["prcc"]), p_value(r["prcc_p_value"])]
        assert cells[3] == index(r["sobol_first"], r["sobol_first_low"], r["sobol_first_high"]), r
        assert cells[4] == index(r["sobol_total"], r["sobol_total_low"], r["sobol_total_high"]), r
    assert "Sobol first" in section_html(page, "All sensitivity coefficients")


# ---- an incomplete sweep ----------------------------------------------------------------------------------

def test_incomplete_sweep(shard):
    source, page, written, _ = shard
    assert_self_contained(page)
    with h5py.File(source, "r") as f:
        assert "sensitivity" not in f
    text = " ".join(text_of(page))
    assert "This sweep is incomplete: 15 of 30 points complete" in text
    assert "icsflow merge" in text and "resume" in text
    assert row_cells(page, "Points complete") == ["15 of 30"]
    # Still one plot per headline output: the complete points against each parameter.
    for output, title in HEADLINES.items():
        section = section_html(page, title)
        assert section.count(PNG) == 1, output
        assert "only 15 of 30 points are complete" in " ".join(text_of(section))
        keys = ", ".join(k for k, *_ in syn.PARAMETERS)
        assert f'alt="{html.escape(title)} against {keys}"' in section
    assert page.count(PNG) == len(HEADLINES)
    assert "PRCC and SRC</h3>" not in page
    assert "This sweep is incomplete" in section_html(page, "All sensitivity coefficients")
    assert "Over the 15 complete points" in page


def test_complete_sweep_without_analysis(tmp_path):
    """icsflow leaves /sensitivity out when there are too few points for the parameters."""
    _, page, _, _ = make(tmp_path, "few", analyse=False)
    assert "more points than parameters + 2" in " ".join(text_of(page))
    assert "incomplete" not in page
    assert page.count(PNG) == len(HEADLINES)


# ---- errors -----------------------------------------------------------------------------------------------

def test_sweep_without_points_table(tmp_path):
    source = tmp_path / "nopoints.h5"
    syn.build_sweep(source)
    with h5py.File(source, "a") as f:
        del f["sweep/points"]
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path, "no /sweep/points table")


def test_sweep_points_without_a_parameter(tmp_path):
    source = tmp_path / "noparameter.h5"
    syn.build_sweep(source)
    with h5py.File(source, "a") as f:
        del f["sweep/points/capacity.ga_beds"]
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path,
                   "/sweep/points has no column 'capacity.ga_beds'")


def test_neither_kind_of_file_names_both(tmp_path):
    source = tmp_path / "other.h5"
    with h5py.File(source, "w") as f:
        f.create_group("results")
    done = report(source, "-o", tmp_path / "r.html")
    assert_refused(done, tmp_path, "not an icsflow results file")
    assert "/scenarios" in done.stderr and "/sweep" in done.stderr


# ---- real files from icsflow sweep, when the program is built ---------------------------------------------

def run_sweep(tmp_path, *extra):
    icsflow = find_icsflow()
    if icsflow is None:
        pytest.skip("icsflow is not built (set ICSFLOW_BIN)")
    source = tmp_path / "tiny.h5"
    run = subprocess.run([icsflow, "sweep", str(REPO / "tests/cli/sweeps/tiny.toml"), "-o", str(source), *extra],
                         capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        pytest.skip(f"icsflow sweep failed (tree being edited?): {run.stderr.strip()[:200]}")
    out = tmp_path / "tiny.html"
    done = subprocess.run([icsflow, "report", str(source), "-o", str(out)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    return source, page


def test_real_sweep_file(tmp_path):
    source, page = run_sweep(tmp_path)
    for title in SECTIONS:
        assert f">{html.escape(title, quote=False)}</h2>" in page, title
    assert row_cells(page, "Sweep") == ["tiny"]
    assert row_cells(page, "Points complete") == ["6 of 6"]
    assert page.count(PNG) == 2 * len(HEADLINES)
    rows, _ = coefficient_rows(page)
    for r in file_sensitivity(source):
        assert rows[(r["output"], r["parameter"])] == [coefficient(r["src"]), coefficient(r["prcc"]),
                                                       p_value(r["prcc_p_value"])]


def test_real_sweep_shard(tmp_path):
    _, page = run_sweep(tmp_path, "--shard", "1/2")
    assert "This sweep is incomplete: 3 of 6 points complete" in " ".join(text_of(page))
    assert page.count(PNG) == len(HEADLINES)
