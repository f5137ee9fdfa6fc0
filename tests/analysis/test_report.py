"""The report (analysis/icsflow_report) end to end: synthetic results files (docs/results-schema.md and the /comparison
table of `icsflow compare`) turned into one self-contained HTML report; the headline numbers checked against
values computed here independently; bad input refused with exit code 2 and nothing written.

Run: /usr/bin/python3 -m pytest -q tests/analysis"""
import html
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

import h5py
import numpy as np
import pytest

import synthetic_results as syn

REPO = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = REPO / "analysis" / "icsflow_report"  # a package, run as a folder (its __main__.py)
PYTHON = "/usr/bin/python3" if pathlib.Path("/usr/bin/python3").exists() else sys.executable
MINUS = "\u2212"
PNG = '<img src="data:image/png;base64,'


def report(*args, cwd=None):
    return subprocess.run([PYTHON, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=300,
                          cwd=cwd)


# ---- independent formatting (the rule documented in docs/report.md) ---------------------------------------

def decimals(*values, minimum=0):
    m = max(abs(v) for v in values)
    d = 0 if m >= 100 else 1 if m >= 1 else 2
    return max(minimum, d)


def num(x, d, signed=False):
    text = f"{abs(x):,.{d}f}"
    if round(x, d) == 0:
        return text
    if x < 0:
        return MINUS + text
    return ("+" + text) if signed else text


def money(x, d, signed=False):
    text = num(x, d, signed)
    sign = text[0] if text[0] in ("+", MINUS) else ""
    return f"{sign}£{text[len(sign):]}m"


# ---- reading the HTML -------------------------------------------------------------------------------------

def text_of(fragment):
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()


def row_cells(page, label, section=None):
    """The cells of the table row whose first cell is `label` (plain text), as lists of words."""
    if section is not None:
        page = section_html(page, section)
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        if cells and " ".join(text_of(cells[0])) == label:
            return [" ".join(text_of(c)) for c in cells[1:]]
    raise AssertionError(f"no table row '{label}'")


def section_html(page, title):
    """The HTML from the <h2> whose text is `title` to the next <h2>."""
    parts = re.split(r"(<h2[^>]*>.*?</h2>)", page, flags=re.S)
    for i, part in enumerate(parts):
        if part.startswith("<h2") and " ".join(text_of(part)) == title:
            return parts[i + 1]
    raise AssertionError(f"no section '{title}'")


def assert_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, flags=re.I), "external link"
    assert "<script src" not in page.lower()
    assert "<link" not in page.lower()
    assert "@import" not in page and "url(" not in page
    for src in re.findall(r'<img[^>]*src="([^"]*)"', page):
        assert src.startswith("data:image/png;base64,")


# ---- fixtures ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def single(tmp_path_factory):
    folder = tmp_path_factory.mktemp("single")
    source = folder / "siloed.h5"
    summary, daily = syn.build_single(source, replications=5)
    out = folder / "siloed report.html"
    done = report(source, "-o", out)
    return source, out, done, summary, daily


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """Two scenarios at scale 0.5; /comparison, as icsflow writes it, a year for the whole population."""
    folder = tmp_path_factory.mktemp("compare")
    source = folder / "compare.h5"
    (base, base_daily), alts = syn.build_comparison(source, replications=5, scale=0.5, years=1.0)
    out = folder / "compare.html"
    figures = folder / "figures"
    started = time.perf_counter()
    done = report(source, "-o", out, "--figures-dir", figures)
    seconds = time.perf_counter() - started
    return source, out, done, (base, base_daily), alts, figures, seconds


# ---- single scenario --------------------------------------------------------------------------------------

def test_single_scenario_report(single):
    _, out, done, summary, daily = single
    assert done.returncode == 0, done.stderr
    assert "Report written to" in done.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["siloed report.html", "siloed.h5"], "no temporary left"
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    for heading in ("Scenarios and run settings", "How to read this report", "Bed occupancy and delayed discharges",
                    "Spend by sector", "Results by borough: siloed"):
        assert f">{heading}</h2>" in page, heading
    assert "Bed occupancy</h3>" in page and "Delayed discharges</h3>" in page
    # Why the medically fit are still in a bed: each reason's mean night over sites, adding up to all of them.
    fit = np.asarray(daily["beds_occupied_medically_fit"], dtype=float)
    nights = len(set(zip(daily["replication"], daily["day"])))
    care_home = np.asarray(daily["nctr_care_home"], dtype=float).sum() / nights
    assert row_cells(page, "a residential or nursing home place (pathway 3)") == [f"{care_home:.1f}"]
    assert row_cells(page, "all reasons") == [f"{fit.sum() / nights:.1f}"]
    assert row_cells(page, "medicines to take out") == ["\u2014"], "a reason the file does not have"
    assert "Headline" not in page, "no headline table without /comparison"
    assert page.count(PNG) >= 3
    # Settings.
    assert row_cells(page, "Seed") == ["7"]
    assert row_cells(page, "Replications") == ["5"]
    assert "icsflow run scenarios/siloed.toml" in page
    assert "0.1.0-test" in page and "2025-01-02T03:04:05Z" in page


def test_single_scenario_borough_rates(single):
    _, out, _, summary, _ = single
    page = out.read_text(encoding="utf-8")
    section = section_html(page, "Results by borough: siloed")
    boroughs = syn.BOROUGHS
    for label, column in (("Emergency admissions", "emergency_admissions"), ("Deaths", "deaths"),
                          ("Avoidable (ACSC) admissions", "acsc_admissions")):
        cells = row_cells(section, label)
        for k, borough in enumerate(boroughs + ["All"]):
            per_rep = 1000 * syn.per_replication(summary, column, borough) / syn.per_replication(
                summary, "residents", borough)
            mean = per_rep.mean()
            d = decimals(mean)
            # The mean over replications and, under it, the lowest to the highest replication (the file holds
            # no interval for one scenario, and the report computes none).
            assert cells[k] == f"{num(mean, d)} {num(per_rep.min(), d)} to {num(per_rep.max(), d)}", (label, borough)
    # Every summary column /metrics describes has a row, labelled as /metrics labels it, in its order.
    labels = [" ".join(text_of(c)) for c in re.findall(r"<tr><td>(.*?)</td>", section.split("<details>")[0])]
    expected = [syn.label(m) + (" (£ a resident)" if syn.METRIC[m]["unit"] == "GBP" else "")
                for m in syn.METRIC if m in summary]
    assert labels == ["Residents"] + expected
    # Spend by sector, £m a year, mean over replications (scale 1, one year), with its range.
    for label, column in (("Acute", "cost_acute_gbp"), ("Total", "cost_gbp")):
        per_rep = syn.per_replication(summary, column) / 1e6
        d = decimals(per_rep.mean(), minimum=1)
        assert row_cells(page, label, "Spend by sector")[0] == (
            f"{money(per_rep.mean(), d)} {num(per_rep.min(), d)} to {num(per_rep.max(), d)}")


# ---- comparison -------------------------------------------------------------------------------------------

def headline(page, alt, base="siloed"):
    return section_html(page, f"Headline: {alt} compared with {base}")


def expected_paired(b, a):
    d = a - b
    half = syn.T975[len(d) - 1] * d.std(ddof=1) / np.sqrt(len(d))
    return b.mean(), a.mean(), d.mean(), d.mean() - half, d.mean() + half


def check_row(section, label, values, kind):
    base, alt, diff, low, high = values
    cells = row_cells(section, label)
    if kind == "money":
        base, alt, diff, low, high = (v / 1e6 for v in values)
        level = decimals(base, alt, minimum=1)
        change = decimals(diff, low, high, minimum=level)
        expected = [money(base, level), money(alt, level), money(diff, change, True),
                    f"{money(low, change, True)} to {money(high, change, True)}"]
    elif kind == "pct":
        base, alt, diff, low, high = (100 * v for v in values)
        level = decimals(base, alt, minimum=1)
        change = decimals(diff, low, high, minimum=level)
        expected = [f"{num(base, level)}%", f"{num(alt, level)}%", f"{num(diff, change, True)} pp",
                    f"{num(low, change, True)} to {num(high, change, True)} pp"]
    elif kind == "ratio":
        expected = [num(base, 2), num(alt, 2), num(diff, 2, True), f"{num(low, 2, True)} to {num(high, 2, True)}"]
    else:
        level = decimals(base, alt)
        change = decimals(diff, low, high, minimum=level if kind == "rate" else 0)
        expected = [num(base, level), num(alt, level), num(diff, change, True),
                    f"{num(low, change, True)} to {num(high, change, True)}"]
    assert cells[:4] == expected, label
    excludes_zero = low > 0 or high < 0
    assert cells[4].startswith("clearly") == excludes_zero, (label, cells[4])
    if not excludes_zero:
        assert cells[4] == "no clear difference (interval includes zero)"


def test_comparison_report_renders(compared):
    _, out, done, _, _, figures, seconds = compared
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    for heading in ("Scenarios and run settings", "How to read this report",
                    "Headline: integrated compared with siloed",
                    f"{syn.label('acsc_admissions')} by borough and deprivation",
                    "Bed occupancy and delayed discharges",
                    "Spend by sector", "Results by borough: siloed", "Results by borough: integrated"):
        assert f">{html.escape(heading, quote=False)}</h2>" in page, heading
    assert page.count(PNG) >= 4
    assert "alternative minus base" in page and "95%" in page and "paired" in page
    assert row_cells(page, "Role") == ["base", "alternative"]
    assert len(list(figures.glob("*.png"))) == page.count(PNG)
    assert seconds < 30
    # Half of SEL is a quick look, and the report says so before anything else is read.
    assert "Scale 0.5 is a quick look, not a result" in page
    assert page.index("quick look, not a result") < page.index(">Headline: integrated compared with siloed</h2>")


def test_headline_numbers(compared):
    _, out, _, (base, base_daily), alts, _, _ = compared
    (alt_name, alt, alt_daily), = alts
    page = out.read_text(encoding="utf-8")
    section = headline(page, alt_name)
    scale, years = 0.5, 1.0

    def counts(summary, column, borough="All", quintile=0):
        return syn.per_replication(summary, column, borough, quintile) / years / scale

    def per_100k(summary, column, borough="All", quintile=0):
        return 1e5 * syn.per_replication(summary, column, borough, quintile) / syn.per_replication(
            summary, "residents", borough, quintile) / years

    rows = [(m, "rate" if m.endswith("_per_100k") else "money" if m.startswith("cost_") else "count")
            for m in ("emergency_admissions_per_100k", "emergency_admissions", "acsc_admissions_per_100k",
                      "acsc_admissions", "ae_attendances", "ae_4h_breaches", "delayed_discharge_bed_days",
                      "readmissions_30d", "deaths", "gp_unmet_demand", "cost_primary_care_gbp", "cost_acute_gbp",
                      "cost_community_gbp", "cost_social_care_gbp", "cost_gbp")]
    for metric, kind in rows:
        if metric.endswith("_per_100k"):
            b, a = per_100k(base, metric[:-9]), per_100k(alt, metric[:-9])
        else:
            b, a = counts(base, metric), counts(alt, metric)
        check_row(section, syn.label(metric), expected_paired(b, a), kind)

    # Occupancy from /daily: sum occupied / sum available over sites and days, per replication (a fraction).
    check_row(section, syn.label("occupancy"), expected_paired(syn.occupancy(base_daily), syn.occupancy(alt_daily)),
              "pct")
    # The deprivation gap and ratio: quintile 1 against quintile 5 ACSC admissions per 100,000.
    rate = syn.label("acsc_admissions_per_100k")
    q1 = expected_paired(per_100k(base, "acsc_admissions", quintile=1), per_100k(alt, "acsc_admissions", quintile=1))
    check_row(section, f"{rate}, most deprived quintile (1)", q1, "rate")
    q5 = expected_paired(per_100k(base, "acsc_admissions", quintile=5), per_100k(alt, "acsc_admissions", quintile=5))
    check_row(section, f"{rate}, least deprived quintile (5)", q5, "rate")
    gap_base = per_100k(base, "acsc_admissions", quintile=1) - per_100k(base, "acsc_admissions", quintile=5)
    gap_alt = per_100k(alt, "acsc_admissions", quintile=1) - per_100k(alt, "acsc_admissions", quintile=5)
    check_row(section, syn.label("acsc_admissions_per_100k_gap_q1_q5"), expected_paired(gap_base, gap_alt), "rate")
    ratio_base = per_100k(base, "acsc_admissions", quintile=1) / per_100k(base, "acsc_admissions", quintile=5)
    ratio_alt = per_100k(alt, "acsc_admissions", quintile=1) / per_100k(alt, "acsc_admissions", quintile=5)
    check_row(section, syn.label("acsc_admissions_per_100k_ratio_q1_q5"), expected_paired(ratio_base, ratio_alt),
              "ratio")
    # The rows come in the headline order of /metrics, the gap's rows last.
    labels = [" ".join(text_of(c)) for c in re.findall(r'<td class="label">(.*?)</td>', section)]
    ranked = sorted((m for m in syn.METRICS["rows"] if m["headline"] > 0), key=lambda m: m["headline"])
    assert labels[:len(ranked) - 1] == [m["label"] for m in ranked[:-1]]
    assert labels[-4:] == [f"{rate}, most deprived quintile (1)", f"{rate}, least deprived quintile (5)",
                           syn.label("acsc_admissions_per_100k_gap_q1_q5"),
                           syn.label("acsc_admissions_per_100k_ratio_q1_q5")]

    # The averted sentence: base - alternative, a year, for the whole population.
    b, a = counts(base, "acsc_admissions"), counts(alt, "acsc_admissions")
    averted = (b - a).mean()
    assert f"{num(averted, decimals(averted))}</b> avoidable (ACSC) admissions averted a year" in section
    # Delayed-discharge bed days as beds every night.
    days = (counts(alt, "delayed_discharge_bed_days") - counts(base, "delayed_discharge_bed_days")).mean()
    beds = abs(days) / 365.25
    assert f"about {num(beds, decimals(beds))} {'fewer' if days <= 0 else 'more'} beds occupied every night" in section
    assert "clearly lower: " + num(averted, decimals(averted)) + " averted a year" in html.unescape(section)


def test_a_comparison_of_several_years_shows_each_year(tmp_path):
    # A year and a half: year 2 has 183 days. The alternative's effect grows: it has a smaller share of its
    # (smaller) counts in year 2 than the base.
    source = tmp_path / "years.h5"
    (base, base_daily), alts = syn.build_comparison(source, replications=4, years=1.5, days=548,
                                                    year_shares=([0.6, 0.4], [0.65, 0.35]))
    _, alt, alt_daily = alts[0]
    out = tmp_path / "years.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    section = section_html(page, "Year by year: integrated compared with siloed")
    assert section.count(PNG) == 1
    assert "<th class=\"num\">year 1</th>" in section and "<th class=\"num\">year 2 (183 days)</th>" in section
    cells = row_cells(section, syn.label("acsc_admissions"))
    for year, length in ((1, 1.0), (2, 183 / 365)):
        values = syn.paired_interval(*(syn.metric_values(summary, daily, "acsc_admissions", "All", 0, length, 1.0, year)
                                       for summary, daily in ((base, base_daily), (alt, alt_daily))))
        _, _, diff, low, high = values
        d = decimals(diff, low, high)
        assert cells[year - 1] == f"{num(diff, d, True)} {num(low, d, True)} to {num(high, d, True)}", year
    # The headline stays the whole period's.
    whole = syn.paired_interval(*(syn.metric_values(summary, daily, "acsc_admissions", "All", 0, 1.5, 1.0)
                                  for summary, daily in ((base, base_daily), (alt, alt_daily))))
    d = decimals(*whole[2:])
    assert row_cells(headline(page, "integrated"), syn.label("acsc_admissions"))[2] == num(whole[2], d, True)


def test_a_comparison_of_a_year_has_no_year_by_year_section(compared):
    _, out, *_ = compared
    assert "Year by year" not in out.read_text(encoding="utf-8")


# ---- population (/scenarios/<name>/population, runs of more than a year) -----------------------------------

POPULATION = "Population year by year"


def tiny_population():
    """Two replications of two years in two boroughs and three age bands, every birth, death and move on one row a
    replication and year. Simulated residents at the start of year 1: all 1,020 and 1,034 (65+: 120 and 124; 85+:
    30 and 32); year 1's net change (births + moved in - deaths - moved out) is 10 + 30 - 4 - 20 = 16 and
    12 + 30 - 6 - 22 = 14, so year 2 starts with 1,036 and 1,048."""
    start = {0: {"Bexley": (400, 60, 20), "Lambeth": (500, 30, 10)},  # bands 25, 65 and 85
             1: {"Bexley": (410, 62, 22), "Lambeth": (500, 30, 10)}}
    flows = {(0, 1): (10, 4, 30, 20), (1, 1): (12, 6, 30, 22), (0, 2): (8, 5, 20, 25), (1, 2): (8, 7, 20, 25)}
    rows = []
    for r in (0, 1):
        for year in (1, 2):
            for borough, residents in start[r].items():
                for band, n in zip((25, 65, 85), residents):
                    changes = flows[(r, year)] if (borough, band) == ("Bexley", 25) else (0, 0, 0, 0)
                    if year == 2 and (borough, band) == ("Bexley", 25):
                        births, deaths, moved_in, moved_out = flows[(r, 1)]
                        n += births + moved_in - deaths - moved_out
                    rows.append((r, year, borough, band, n, *changes))
    return rows


def test_population_section_by_hand(tmp_path):
    source = tmp_path / "population.h5"
    syn.build_single(source, replications=2, scale=0.5, years=2.0)
    with h5py.File(source, "a") as f:
        syn.write_population(f, "siloed", tiny_population())
    out = tmp_path / "population.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    section = section_html(page, POPULATION)
    assert section.count(PNG) == 1 and 'alt="Residents at the start of each year' in section
    assert "counted but not simulated" in section and "<h3>siloed, each year</h3>" in section
    assert "same population" not in section and "differs" not in section
    # Whole population (simulated / 0.5), the mean of the two replications and its 95% interval, mean -/+
    # t(0.975, 1) |a - b| / 2: year 1 all 2,040 and 2,068 -> 2,054 -/+ 12.706 x 14 = 1,876 to 2,232; 65+ 240 and 248
    # -> 244 -/+ 12.706 x 4 = 193 to 295; 85+ 60 and 64 -> 62 -/+ 12.706 x 2 = 37 to 87. Births (20 + 24) / 2 = 22,
    # deaths (8 + 12) / 2 = 10, moved in 60, moved out (40 + 44) / 2 = 42, net 22 + 60 - 10 - 42 = +30, growth
    # 30 / 2,054 = +1.46%.
    assert row_cells(section, "year 1") == ["2,054 1,876 to 2,232", "244 193 to 295", "62 37 to 87", "22", "10", "60",
                                            "42", "+30", "+1.46%"]
    # Year 2: all 2,072 and 2,096 -> 2,084 -/+ 12.706 x 12 = 1,932 to 2,236; 65+ and 85+ as in year 1; births 16,
    # deaths (10 + 14) / 2 = 12, moved in 40, moved out 50, net 16 + 40 - 12 - 50 = -6, growth -6 / 2,084 = -0.29%.
    assert row_cells(section, "year 2") == ["2,084 1,932 to 2,236", "244 193 to 295", "62 37 to 87", "16", "12", "40",
                                            "50", f"{MINUS}6", f"{MINUS}0.29%"]


def test_population_shown_once_when_the_scenarios_share_it(tmp_path):
    for same in (True, False):
        source = tmp_path / f"compare-{same}.h5"
        syn.build_comparison(source, replications=2, years=2.0, days=730, year_shares=([0.5, 0.5], [0.5, 0.5]))
        with h5py.File(source, "a") as f:
            syn.write_population(f, "siloed", syn.population_rows(2, 2))
            syn.write_population(f, "integrated", syn.population_rows(2, 2, deaths=1 if same else 2))
        out = tmp_path / f"compare-{same}.html"
        done = report(source, "-o", out)
        assert done.returncode == 0, done.stderr
        section = section_html(out.read_text(encoding="utf-8"), POPULATION)
        assert section.count(PNG) == 1 and "<h3>siloed, each year</h3>" in section
        if same:
            assert "integrated simulated the same population as siloed" in section
            assert "<h3>integrated, each year</h3>" not in section
        else:
            # Every borough and band: 100 + 10 x band index + replication, 6 x 8 x 108.5 = 6,504 on average in year 1;
            # one death a row a year in siloed, two in integrated: 6,456 and 6,408 in year 2, 48 / 6,456 = 0.74% apart.
            assert "integrated's population differs from siloed's" in section
            assert "within 0.74% of siloed" in section
            assert row_cells(section.split("<h3>integrated, each year</h3>")[1], "year 2")[0] == "6,408 6,103 to 6,713"


def test_no_population_section_for_a_year_or_without_the_table(tmp_path):
    one_year = tmp_path / "one-year.h5"
    syn.build_single(one_year, replications=2, years=1.0)
    with h5py.File(one_year, "a") as f:
        syn.write_population(f, "siloed", syn.population_rows(2, 1))
    no_table = tmp_path / "no-table.h5"  # a file written before /population existed
    syn.build_comparison(no_table, replications=2, years=2.0, days=730, year_shares=([0.5, 0.5], [0.5, 0.5]))
    for source in (one_year, no_table):
        out = source.with_suffix(".html")
        done = report(source, "-o", out)
        assert done.returncode == 0, done.stderr
        page = out.read_text(encoding="utf-8")
        assert POPULATION not in page and 'id="population"' not in page


@pytest.mark.parametrize("table, damage, column, message", [
    ("population", "missing", "deaths", "/scenarios/siloed/population has no column 'deaths'"),
    ("population", "short", "births", "/scenarios/siloed/population has columns of different lengths"),
    ("population", "text", "age_band", "/scenarios/siloed/population/age_band is not a column of numbers"),
    ("elective", "missing", "waiting_over_52w", "/scenarios/siloed/elective has no column 'waiting_over_52w'"),
    ("elective", "short", "clock_stops", "/scenarios/siloed/elective has columns of different lengths"),
    ("elective", "text", "clock_stops", "/scenarios/siloed/elective/clock_stops is not a column of numbers"),
    ("elective", "week 0", "week", "/scenarios/siloed/elective/week must number the weeks"),
    ("daily", "short", "outliers", "/scenarios/siloed/daily has columns of different lengths"),
    ("daily", "text", "outliers", "/scenarios/siloed/daily/outliers is not a column of numbers"),
])
def test_malformed_population_elective_or_daily_table_is_refused(tmp_path, table, damage, column, message):
    source = tmp_path / "broken.h5"
    syn.build_single(source, replications=2, years=2.0)
    with h5py.File(source, "a") as f:
        if table == "population":
            syn.write_population(f, "siloed", syn.population_rows(2, 2))
        g = f[f"scenarios/siloed/{table}"]
        values = g[column][:]
        del g[column]
        if damage == "short":
            g[column] = values[:-1]
        elif damage == "text":
            syn._str_dataset(g, column, ["many"] * len(values))
        elif damage == "week 0":
            g[column] = values - 1
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path, message)


def test_interval_including_zero_is_not_flagged(compared):
    """Deaths differ only by independent noise in the synthetic data; whatever the interval, the flag must
    agree with it (checked in test_headline_numbers) and the integrated scenario's admissions are flagged."""
    _, out, _, _, _, _, _ = compared
    section = headline(out.read_text(encoding="utf-8"), "integrated")
    assert 'class="num clear-down"' in section
    cells = row_cells(section, syn.label("emergency_admissions"))
    assert cells[4].startswith("clearly lower")


def test_borough_and_quintile_table_uses_comparison(compared):
    _, out, _, (base, _), alts, _, _ = compared
    (_, alt, _), = alts
    section = section_html(out.read_text(encoding="utf-8"),
                           f"{syn.label('acsc_admissions')} by borough and deprivation")
    assert section.count(PNG) == 1
    for label, borough, quintile in (("Lambeth", "Lambeth", 0), ("Quintile 1 (most deprived)", "All", 1),
                                     ("All South East London", "All", 0)):
        b = 1e5 * syn.per_replication(base, "acsc_admissions", borough, quintile) / syn.per_replication(
            base, "residents", borough, quintile)
        a = 1e5 * syn.per_replication(alt, "acsc_admissions", borough, quintile) / syn.per_replication(
            alt, "residents", borough, quintile)
        bm, am, d, lo, hi = expected_paired(b, a)
        dd = decimals(d, lo, hi)
        assert row_cells(section, label) == [num(bm, decimals(bm)), num(am, decimals(am)), num(d, dd, True),
                                             f"{num(lo, dd, True)} to {num(hi, dd, True)}"]


def read_table(f, name):
    g = f[name]
    return {c: [v.decode() if isinstance(v, bytes) else v for v in g[c][()]] for c in g}


def write_table(f, name, columns):
    del f[name]
    g = f.create_group(name)
    for c, values in columns.items():
        if isinstance(values[0], str):
            g.create_dataset(c, data=np.array(values, dtype=object), dtype=h5py.string_dtype("utf-8"))
        else:
            g.create_dataset(c, data=np.asarray(values))


def test_comparison_is_shown_as_written(tmp_path):
    """The report shows /comparison's numbers as they are, computing none: a row changed in the file (to
    numbers no summary could give) is what the page shows, and a metric missing from it is 'not in the file'."""
    source = tmp_path / "changed.h5"
    syn.build_comparison(source, replications=5, scale=0.5)
    with h5py.File(source, "r+") as f:
        table = read_table(f, "comparison")
        for i, (metric, borough, q) in enumerate(zip(table["metric"], table["borough"],
                                                     table["deprivation_quintile"])):
            if metric == "deaths" and borough == "All" and q == 0:
                table["base_mean"][i], table["alt_mean"][i] = 1000.0, 900.0
                table["diff_mean"][i], table["diff_ci_low"][i], table["diff_ci_high"][i] = -100.0, -130.0, -70.0
        keep = [i for i, m in enumerate(table["metric"]) if m != "occupancy"]
        write_table(f, "comparison", {c: [v[i] for i in keep] for c, v in table.items()})
    out = tmp_path / "changed.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    section = headline(out.read_text(encoding="utf-8"), "integrated")
    assert row_cells(section, syn.label("deaths")) == ["1,000", "900", f"{MINUS}100", f"{MINUS}130 to {MINUS}70",
                                                         "clearly lower: 100 fewer a year"]
    assert row_cells(section, syn.label("occupancy"))[3:] == ["\u2014", "not in the file"]


def test_labels_units_and_headline_order_come_from_metrics(tmp_path):
    """Relabel a metric, make spend a count and reverse the headline order in /metrics: the page follows."""
    source = tmp_path / "relabelled.h5"
    syn.build_comparison(source, replications=4)
    rows = [dict(r) for r in syn.METRICS["rows"]]
    ranked = sorted((r for r in rows if r["headline"] > 0), key=lambda r: r["headline"])
    for rank, row in enumerate(reversed(ranked), start=1):
        row["headline"] = rank
    for row in rows:
        if row["name"] == "deaths":
            row["label"] = "Deaths (relabelled)"
        if row["name"] == "cost_acute_gbp":
            row.update(display_unit="GBP", display_factor=1.0, decimals=0, headline=1)
    with h5py.File(source, "r+") as f:
        del f["metrics"]
        syn.write_metrics(f, rows)
    out = tmp_path / "relabelled.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    section = headline(page, "integrated")
    labels = [" ".join(text_of(c)) for c in re.findall(r'<td class="label">(.*?)</td>', section)]
    assert labels[0] == syn.label("cost_acute_gbp") and "Deaths (relabelled)" in labels
    assert labels.index("Deaths (relabelled)") < labels.index(syn.label("emergency_admissions"))
    # The gap (last before, now first of the ranked) brings its quintile rows and ratio along.
    assert labels[1].endswith("most deprived quintile (1)")
    # Pounds as stored, not millions: the display unit says so.
    acute = row_cells(section, syn.label("cost_acute_gbp"))
    assert re.fullmatch(r"£[\d,]+", acute[0]), acute
    assert "Deaths (relabelled)" in section_html(page, "Results by borough: siloed")


def test_file_without_metrics_is_refused(tmp_path):
    source = tmp_path / "old.h5"
    syn.build_comparison(source, replications=3)
    with h5py.File(source, "r+") as f:
        del f["metrics"]
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path, "no /metrics table")


def table_rows(page, section, heading):
    """The rows of the table under an <h3> of a section: {first cell: [other cells]}, as text."""
    table = section_html(page, section).split(f"<h3>{heading}</h3>", 1)[1].split("</table>", 1)[0]
    rows = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    return {" ".join(text_of(cells[0])): [" ".join(text_of(c)) for c in cells[1:]] for cells in rows}


def month_rows(page, scenario):
    """The rows of a scenario's month-by-month table."""
    return table_rows(page, "Bed occupancy and delayed discharges", f"Month by month: {scenario}")


def test_month_by_month_tables(tmp_path):
    source = tmp_path / "months.h5"
    (_, base_daily), alts = syn.build_comparison(source, replications=3, scale=0.5, days=65)
    out = tmp_path / "months.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    blocks = [(0, 30), (30, 61), (61, 65)]
    for name, daily, effect in (("siloed", base_daily, 1.0), ("integrated", alts[0][2], 0.9)):
        rows = month_rows(page, name)
        assert list(rows) == ["Month", "Apr", "May", "Jun"]
        assert rows["Month"] == MONTH_HEAD + ELECTIVE_MONTH_HEAD
        occupancy, delayed = syn.monthly(daily, blocks, 0.5)
        outliers = syn.monthly_outliers(daily, blocks, 0.5)
        # 65 days: weeks 1-4 end in April (days 6-27), 5-8 in May (days 34-55), 9 in June (day 62).
        cancelled = syn.monthly_cancellations(syn.make_elective(11, 3, 9, effect), blocks, 0.5)
        for k, (label, days) in enumerate(zip(("Apr", "May", "Jun"), (30, 31, 4))):
            assert rows[label] == [str(days), interval_text(occupancy[k], "%"), interval_text(delayed[k]),
                                   interval_text(outliers[k]), interval_text(cancelled[k])], (name, label)
    # A file written before /daily had the month column: 30-day blocks, the weeks in the block of their last day.
    with h5py.File(source, "r+") as f:
        for name in f["scenarios"]:
            del f[f"scenarios/{name}/daily/month"]
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    rows = month_rows(out.read_text(encoding="utf-8"), "siloed")
    assert list(rows) == ["Month", "days 1–30", "days 31–60", "days 61–65"]
    assert [cells[0] for cells in rows.values()][1:] == ["30", "30", "5"]
    cancelled = syn.monthly_cancellations(syn.make_elective(11, 3, 9), [(0, 30), (30, 60), (60, 65)], 0.5)
    assert [cells[-1] for cells in rows.values()][1:] == [interval_text(c) for c in cancelled]


MONTH_HEAD = ["days", "occupancy", "patients with no criteria to reside, a night"]
ELECTIVE_MONTH_HEAD = ["emergency patients in elective beds (outliers), a night",
                       "operations cancelled on the day for want of a bed, a week"]


def interval_text(triple, suffix="", places=1):
    """A month-table cell: the mean and, under it, its interval; a dash for a month with no value."""
    mean, low, high = triple
    if np.isnan(mean):
        return "\u2014"
    return f"{num(mean, places)}{suffix} {num(low, places)}{suffix} to {num(high, places)}{suffix}"


def by_hand_outliers_and_weeks(source):
    """Overwrite a build_single file of two replications at scale 0.5, days 0-39 (April and 10 days of May): St
    Thomas' has the outliers, 1 every night in replication 0; 3 every April night and none in May in replication 1;
    and /elective is tiny_elective's two weeks, both ending in April (days 6 and 13)."""
    with h5py.File(source, "a") as f:
        g = f["scenarios/siloed/daily"]
        rep, day, site = g["replication"][:], g["day"][:], g["site"].asstr()[:]
        at_st_thomas = site == syn.SITES[0]
        g["outliers"][...] = np.where(at_st_thomas, np.where(rep == 0, 1, np.where(day < 30, 3, 0)), 0)
        syn.write_elective(f, "siloed", tiny_elective())


def test_outliers_and_cancellations_by_month_by_hand(tmp_path):
    source = tmp_path / "hand.h5"
    syn.build_single(source, replications=2, scale=0.5, days=40, elective=False)
    by_hand_outliers_and_weeks(source)
    page = report_page(source)
    rows = month_rows(page, "siloed")
    assert list(rows) == ["Month", "Apr", "May"] and rows["Month"] == MONTH_HEAD + ELECTIVE_MONTH_HEAD
    # Outliers, whole population (/ 0.5): April 2 and 6 a night -> 4 -/+ 12.706 x 2 sqrt(2) / sqrt(2) = 4 -/+ 25.41;
    # May 2 and 0 -> 1 -/+ 12.706.
    assert rows["Apr"][3] == f"4.0 {MINUS}21.4 to 29.4" and rows["May"][3] == f"1.0 {MINUS}11.7 to 13.7"
    # Cancellations (tiny_elective): replication 0 cancels 1 and 1 in weeks 1 and 2, replication 1 0 and 3, so a
    # week of April 2 and 3 for the whole population -> 2.5 -/+ 12.706 x 0.5; no week ends in May.
    assert rows["Apr"][4] == f"2.5 {MINUS}3.9 to 8.9" and rows["May"][4] == "\u2014"
    # By quarter: both weeks in April to June, 4 and 6 in all -> 5 -/+ 12.706.
    assert table_rows(page, PLANNED, QUARTERS) == {"Quarter": ["siloed"],
                                                   "Apr–Jun (2 weeks)": [f"5.0 {MINUS}7.7 to 17.7"]}
    assert "emergency patients take elective beds that are not ring-fenced" in section_html(page, PLANNED)


def test_cancellations_by_quarter(tmp_path):
    # A year and five weeks: the four quarters of 13 weeks each, then Apr–Jun of the second year (weeks 53-57).
    source = tmp_path / "quarters.h5"
    syn.build_comparison(source, replications=3, scale=0.5, days=400)
    page = report_page(source)
    rows = table_rows(page, PLANNED, QUARTERS)
    assert rows["Quarter"] == ["siloed", "integrated"]
    expected = {"siloed": syn.quarterly_cancellations(syn.make_elective(11, 3, 57), 0.5),
                "integrated": syn.quarterly_cancellations(syn.make_elective(11, 3, 57, 0.9), 0.5)}
    assert list(expected["siloed"]) == ["Apr–Jun", "Jul–Sep", "Oct–Dec", "Jan–Mar", "Apr–Jun Y2"]
    means = [triple[0] for quarters in expected.values() for _, triple in quarters.values()]
    places = decimals(*means)
    for label, (weeks, _) in expected["siloed"].items():
        assert weeks == (5 if label.endswith("Y2") else 13)
        assert rows[f"{label} ({weeks} weeks)"] == [interval_text(expected[name][label][1], places=places)
                                                    for name in ("siloed", "integrated")], label


def test_a_file_without_outliers_or_elective_beds_renders_as_before(tmp_path):
    # A file written before the outliers: no /daily columns for them and an /elective table (its cancellations then
    # the ring-fenced beds' own): the month table has the cancellations but no outliers column; and one written
    # before /elective too has the month table as it was, and no planned care.
    source = tmp_path / "old.h5"
    syn.build_single(source, replications=2, scale=0.5, days=40)
    with h5py.File(source, "a") as f:
        for column in ("outliers", "elective_beds", "elective_beds_occupied"):
            del f[f"scenarios/siloed/daily/{column}"]
    page = report_page(source)
    assert month_rows(page, "siloed")["Month"] == MONTH_HEAD + ELECTIVE_MONTH_HEAD[1:]
    assert "Outliers are" not in section_html(page, "Bed occupancy and delayed discharges")
    assert "Elective beds are ring-fenced in the version that wrote this file" in section_html(page, PLANNED)
    assert QUARTERS in page
    with h5py.File(source, "a") as f:
        del f["scenarios/siloed/elective"]
    page = report_page(source)
    rows = month_rows(page, "siloed")
    assert rows["Month"] == MONTH_HEAD and all(len(cells) == 3 for cells in rows.values())
    assert PLANNED not in page and QUARTERS not in page
    # Outliers without /elective: that column only.
    syn.build_single(source, replications=2, scale=0.5, days=40, elective=False)
    assert month_rows(report_page(source), "siloed")["Month"] == MONTH_HEAD + ELECTIVE_MONTH_HEAD[:1]


def test_no_quarters_without_the_month_column(tmp_path):
    # The quarters need /daily's calendar months: without them the month table has 30-day blocks and the
    # cancellations a week still, but there is no table by quarter.
    source = tmp_path / "no_months.h5"
    syn.build_single(source, replications=2, scale=0.5, days=40)
    with h5py.File(source, "a") as f:
        del f["scenarios/siloed/daily/month"]
    page = report_page(source)
    assert month_rows(page, "siloed")["Month"] == MONTH_HEAD + ELECTIVE_MONTH_HEAD
    assert PLANNED in page and QUARTERS not in page


PLANNED = "Planned care (referral to treatment)"
QUARTERS = "Operations cancelled on the day for want of a bed, by quarter"


def planned_rows(page, scenario):
    """The rows of a scenario's planned care table by acute site."""
    return table_rows(page, PLANNED, f"Waiting list by acute site: {scenario}")


def report_page(source):
    """The report of a results file, written beside it (it must succeed), as text."""
    out = source.with_suffix(".html")
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


def planned_sentences(page):
    return [" ".join(text_of(item)) for item in re.findall(r"<li>(.*?)</li>", section_html(page, PLANNED), flags=re.S)]


def tiny_elective():
    """Two replications of two weeks at two sites in two specialties. St Thomas' (ent + other, simulated): the list
    100 and 110 at week 1, 120 and 120 at week 2, of which over 18 weeks 30 and 32 (75% and 73.3% within), over 52
    weeks 6 and 7; clock stops 8 + 10 and 10 + 10 over the two weeks; 2 and 3 cancellations. Darent Valley: 10 on
    each list, nothing else."""
    st_thomas = {  # (replication, week): (ent, other), each (list, over 18w, over 52w, clock stops, cancellations)
        (0, 1): ((60, 20, 2, 5, 0), (40, 10, 1, 3, 1)), (0, 2): ((70, 20, 4, 6, 1), (50, 10, 2, 4, 0)),
        (1, 1): ((70, 25, 3, 7, 0), (40, 15, 1, 3, 0)), (1, 2): ((80, 20, 4, 8, 2), (40, 12, 3, 2, 1))}
    columns = {c: [] for c in ["replication", "week", "site", "specialty"] + syn.ELECTIVE_COUNTS}
    for (r, week), rows in sorted(st_thomas.items()):
        for site, site_rows in ((syn.SITES[0], rows), ("Darent Valley Hospital", ((10, 0, 0, 0, 0),) * 2)):
            for specialty, values in zip(("ent", "other"), site_rows):
                for column, value in zip(columns, (r, week, site, specialty, *values)):
                    columns[column].append(value)
    return columns


def test_planned_care_table_by_hand(tmp_path):
    source = tmp_path / "planned.h5"
    syn.build_single(source, replications=2, scale=0.5, elective=False)
    with h5py.File(source, "a") as f:
        syn.write_elective(f, "siloed", tiny_elective())
    page = report_page(source)
    assert '<a href="#planned-care">' in page and section_html(page, PLANNED).count(PNG) == 1
    rows = planned_rows(page, "siloed")
    assert list(rows) == ["Acute site", "St Thomas' Hospital", "Darent Valley Hospital", "All acute sites"]
    assert rows["Acute site"] == ["waiting list, first census (week 1)", "waiting list, last census (week 2)",
                                  "within 18 weeks, week 2", "over 52 weeks, week 2", "clock stops a week",
                                  "cancelled on the day, weeks 1–2"]
    # Whole population (simulated / 0.5), the mean of the two replications and its 95% interval, mean -/+
    # t(0.975, 1) |a - b| / 2 (t = 12.706): the list at week 1 200 and 220 -> 210 -/+ 127.1 = 83 to 337; at week 2
    # 240 both; within 18 weeks 90 / 120 = 75% and 88 / 120 = 73.33% -> 74.17 -/+ 10.59 = 63.6% to 84.8%; over 52
    # weeks 12 and 14 -> 13 -/+ 12.71 = 0.3 to 25.7; clock stops a week (8 + 10) / 2 / 0.5 = 18 and 20 -> 19 -/+ 12.71
    # = 6.3 to 31.7; cancellations 4 and 6 -> 5 -/+ 12.71 = -7.7 to 17.7.
    assert rows["St Thomas' Hospital"] == ["210 83 to 337", "240 240 to 240", "74.2% 63.6% to 84.8%",
                                           "13.0 0.3 to 25.7", "19.0 6.3 to 31.7", f"5.0 {MINUS}7.7 to 17.7"]
    # Every site: Darent Valley adds 2 x 10 / 0.5 = 40 to each list and nothing over 18 weeks: 240 and 260 at week 1
    # -> 250 -/+ 127.1; at week 2 280 both; within 18 weeks (140 - 30) / 140 = 78.57% and (140 - 32) / 140 = 77.14%
    # -> 77.86 -/+ 12.706 x 0.714 = 68.8% to 86.9%.
    assert rows["All acute sites"][:3] == ["250 123 to 377", "280 280 to 280", "77.9% 68.8% to 86.9%"]
    assert rows["All acute sites"][3:] == rows["St Thomas' Hospital"][3:]
    assert planned_sentences(page) == [], "no comparison, no sentence"
    assert "Median weeks" not in page, "no comparison, no median table"


def elective_at_census(columns, week, scale):
    """Per replication, every site: the list (whole population) and its share within 18 weeks (%) at a census."""
    rep, at = np.asarray(columns["replication"]), np.asarray(columns["week"]) == week
    listed = np.array([np.asarray(columns["waiting_list"])[at & (rep == r)].sum() for r in range(rep.max() + 1)])
    over = np.array([np.asarray(columns["waiting_over_18w"])[at & (rep == r)].sum() for r in range(rep.max() + 1)])
    return listed / scale, 100 * (listed - over) / listed


def expected_sentence(alt, base, week, list_values, share_values):
    words = []
    for values, minimum, unit in ((list_values, 0, "pathways"), (share_values, 1, "percentage points")):
        _, _, d, lo, hi = expected_paired(*values)
        places = decimals(d, lo, hi, minimum=minimum)
        unclear = "; not clearly different from zero" if lo <= 0 <= hi else ""
        words.append(f"{num(d, places, True)} {unit} (95% paired interval {num(lo, places, True)} to "
                     f"{num(hi, places, True)}{unclear})")
    return (f"{alt} against {base}, at the last census (week {week}): the waiting list changes by {words[0]} and "
            f"18-week performance by {words[1]}.")


def test_planned_care_paired_differences(tmp_path):
    source = tmp_path / "three.h5"
    alternatives = (("virtual_wards", 0.97, 1.0), ("integrated", 0.9, 0.8))
    syn.build_comparison(source, alternatives=alternatives, replications=4, scale=0.5, days=30)
    page = report_page(source)
    base = elective_at_census(syn.make_elective(11, 4, 4), 4, 0.5)  # 30 days: four weekly censuses
    expected = []
    for name, effect, _ in alternatives:
        alt = elective_at_census(syn.make_elective(11, 4, 4, effect), 4, 0.5)
        expected.append(expected_sentence(name, "siloed", 4, (base[0], alt[0]), (base[1], alt[1])))
    assert planned_sentences(page) == expected
    assert "changes by " + MINUS in expected[1], "a list a tenth shorter is clearly shorter"
    assert "not clearly different" not in expected[1].split(" and 18-week")[0]
    # A table for each scenario, in the page's order; the figure once.
    section = section_html(page, PLANNED)
    assert section.count(PNG) == 1
    names = re.findall(r"<h3>Waiting list by acute site: (.*?)</h3>", section)
    assert names == ["siloed", "virtual_wards", "integrated"]
    rows = planned_rows(page, "integrated")
    mean = np.mean(elective_at_census(syn.make_elective(11, 4, 4, 0.9), 4, 0.5)[0])
    assert rows["All acute sites"][1].split()[0] == num(mean, 0)


def test_planned_care_with_one_replication(tmp_path):
    source = tmp_path / "one.h5"
    syn.build_comparison(source, replications=1, days=14)
    page = report_page(source)
    sentence, = planned_sentences(page)
    assert sentence.count("no interval with one replication") == 2
    assert all(len(cell.split()) == 1 for cell in planned_rows(page, "siloed")["All acute sites"]), "no interval"


def test_no_planned_care_section_without_the_table(tmp_path):
    # A file written before /elective, and one whose results period is shorter than a week (no census).
    old, short = tmp_path / "old.h5", tmp_path / "short.h5"
    syn.build_comparison(old, replications=2, elective=False)
    syn.build_comparison(short, replications=2, days=5)
    with h5py.File(short, "r") as f:
        assert f["scenarios/siloed/elective/week"].shape == (0,)
    for source in (old, short):
        page = report_page(source)
        assert PLANNED not in page and 'id="planned-care"' not in page
        assert "Spend by sector" in page


def test_planned_care_pathways_a_year(tmp_path):
    # The summary's elective metrics: counts a year for the whole population, and the share within 18 weeks and the
    # mean wait of the clock stops, each per replication then the mean and its 95% interval.
    source = tmp_path / "pathways.h5"
    syn.build_single(source, replications=3, scale=0.5, days=14)
    columns = {"elective_referrals": 12, "elective_clock_stops": 10, "elective_stops_within_18w": 4,
               "elective_weeks_waited": 230, "elective_cancellations": 1}
    with h5py.File(source, "a") as f:
        g = f["scenarios/siloed/summary"]
        rep = g["replication"][:]
        for k, (name, value) in enumerate(columns.items()):
            syn._num_dataset(g, name, (value + (rep + k) % 3).astype(np.float64), "pathways")
    section = section_html(report_page(source), PLANNED)
    rows_a_replication = len(rep) // 3  # every borough and quintile
    rows = {name: (value + (np.arange(3) + k) % 3) * rows_a_replication
            for k, (name, value) in enumerate(columns.items())}

    def expected(values, places, suffix=""):
        mean = values.mean()
        half = syn.T975[2] * values.std(ddof=1) / np.sqrt(3)
        return f"{num(mean, places)}{suffix} {num(mean - half, places)}{suffix} to {num(mean + half, places)}{suffix}"

    referrals = rows["elective_referrals"] / 0.5  # a year (the results period is one)
    assert row_cells(section, f"{syn.label('elective_referrals')} (clock starts) a year") == [
        expected(referrals, decimals(referrals.mean()))]
    share = 100 * rows["elective_stops_within_18w"] / rows["elective_clock_stops"]
    assert row_cells(section, "of which within 18 weeks of referral") == [expected(share, 1, "%")]
    wait = rows["elective_weeks_waited"] / rows["elective_clock_stops"]
    assert row_cells(section, "mean weeks from referral to clock stop") == [expected(wait, 1)]


MEDIAN_HEADINGS = {"quintile": f"{syn.label(syn.MEDIAN_WEEKS)}, by deprivation quintile",
                   "borough": f"{syn.label(syn.MEDIAN_WEEKS)}, by borough"}
MEDIAN_KEYS = {"quintile": [("Quintile 1 (most deprived)", "All", 1), ("Quintile 2", "All", 2), ("Quintile 3", "All", 3),
                            ("Quintile 4", "All", 4), ("Quintile 5 (least deprived)", "All", 5),
                            ("All South East London", "All", 0)],
               "borough": [(b, b, 0) for b in syn.BOROUGHS] + [("All South East London", "All", 0)]}
PAIRED_COLUMNS = ["base_mean", "alt_mean", "diff_mean", "diff_ci_low", "diff_ci_high"]


def comparison_rows(source, metric):
    """/comparison's rows of a metric for the whole period (year 0), as the file holds them:
    {(scenario, borough, quintile): (base, alt, diff, low, high)}."""
    with h5py.File(source, "r") as f:
        t = read_table(f, "comparison")
    years = t.get("year", [0] * len(t["metric"]))
    return {(t["scenario"][i], t["borough"][i], int(t["deprivation_quintile"][i])):
            tuple(float(t[c][i]) for c in PAIRED_COLUMNS)
            for i in range(len(t["metric"])) if t["metric"][i] == metric and years[i] == 0}


def expected_median_table(rows, keys, base, alternatives):
    """A median table's rows from /comparison's: the weeks to the registry's one decimal, the differences and their
    intervals to about three significant figures of the table's largest (at least one decimal); a dash for NaN or
    no row. {label: cells}, with the heading row."""
    d = decimals(*[x for _, b, q in keys for a in alternatives if (a, b, q) in rows for x in rows[(a, b, q)][2:]
                   if np.isfinite(x)], minimum=1)

    def show(x, places, signed=False):
        return num(x, places, signed) if np.isfinite(x) else "\u2014"

    table = {"Residents of": [base] + [c for a in alternatives for c in (a, "difference", "95% interval")]}
    for label, borough, quintile in keys:
        found = [rows.get((a, borough, quintile)) for a in alternatives]
        base_mean = next((r[0] for r in found if r is not None), np.nan)
        cells = [show(base_mean, 1)]
        for r in found:
            if r is None:
                cells += ["\u2014"] * 3
                continue
            interval = f"{show(r[3], d, True)} to {show(r[4], d, True)}" if np.isfinite(r[3] + r[4]) else "\u2014"
            cells += [show(r[1], 1), show(r[2], d, True), interval]
        table[label] = cells
    return table


def test_median_weeks_tables_are_the_comparison_rows(compared):
    # /comparison's elective_median_weeks_waited, which icsflow computes: the report shows its rows for the whole
    # period, by deprivation quintile and by borough, and computes no median of its own.
    source, out, _, (base, _), alts, _, _ = compared
    (name, alt, _), = alts
    page = out.read_text(encoding="utf-8")
    rows = comparison_rows(source, syn.MEDIAN_WEEKS)
    for by, keys in MEDIAN_KEYS.items():
        assert table_rows(page, PLANNED, MEDIAN_HEADINGS[by]) == expected_median_table(rows, keys, "siloed", [name])
    # The rows are the synthetic file's stand-in median, paired replication by replication.
    b, a = syn.median_weeks(base, "All", 1), syn.median_weeks(alt, "All", 1)
    assert rows[(name, "All", 1)] == pytest.approx(expected_paired(b, a))
    assert "each replication&#x27;s median" in section_html(page, PLANNED) or \
        "each replication's median" in section_html(page, PLANNED)


def test_median_weeks_shown_as_written(tmp_path):
    # Rows changed in the file are what the page shows: numbers no summary could give, a median that is NaN (over
    # half waited more than 52 weeks) and a row missing; a column of three for each of two alternatives.
    source = tmp_path / "median.h5"
    syn.build_comparison(source, alternatives=(("virtual_wards", 0.97, 1.0), ("integrated", 0.9, 0.8)),
                         replications=3, scale=0.5)
    with h5py.File(source, "r+") as f:
        table = read_table(f, "comparison")
        keep = []
        for i, (metric, alt, borough, q) in enumerate(zip(table["metric"], table["scenario"], table["borough"],
                                                          table["deprivation_quintile"])):
            if metric != syn.MEDIAN_WEEKS:
                keep.append(i)
                continue
            if (borough, q) == ("All", 1):  # the base is every alternative's
                table["base_mean"][i] = 30.04
            if (alt, borough, q) == ("integrated", "All", 1):
                for c, v in zip(PAIRED_COLUMNS[1:], (25.52, -4.52, -6.31, -2.73)):
                    table[c][i] = v
            if (alt, borough) == ("virtual_wards", "Bexley") and q == 0:
                for c in PAIRED_COLUMNS[1:]:
                    table[c][i] = np.nan
            if (alt, borough, q) != ("integrated", "Lambeth", 0):
                keep.append(i)
        write_table(f, "comparison", {c: [v[i] for i in keep] for c, v in table.items()})
    page = report_page(source)
    rows = comparison_rows(source, syn.MEDIAN_WEEKS)
    for by, keys in MEDIAN_KEYS.items():
        shown = table_rows(page, PLANNED, MEDIAN_HEADINGS[by])
        assert shown == expected_median_table(rows, keys, "siloed", ["virtual_wards", "integrated"])
    quintiles = table_rows(page, PLANNED, MEDIAN_HEADINGS["quintile"])
    assert quintiles["Quintile 1 (most deprived)"][0] == "30.0" and quintiles["Quintile 1 (most deprived)"][4:] == [
        "25.5", f"{MINUS}4.5", f"{MINUS}6.3 to {MINUS}2.7"], "one decimal: the table's largest is 6.31"
    boroughs = table_rows(page, PLANNED, MEDIAN_HEADINGS["borough"])
    assert boroughs["Bexley"][1:4] == ["\u2014"] * 3 and boroughs["Lambeth"][4:] == ["\u2014"] * 3
    assert boroughs["Lambeth"][0] == num(rows[("virtual_wards", "Lambeth", 0)][0], 1), "the base from the other row"
    assert f'<td class="num clear-down">{MINUS}4.5</td>' in section_html(page, PLANNED), "the interval excludes 0"


def strip_median_and_figures(section):
    """A planned care section without its median tables and their note, and without its images' data."""
    section = re.sub(r"<h3>Median weeks.*?</p>", "", section, flags=re.S)
    return re.sub(r'<img src="data:image/png;base64,[^"]*"', "<img", section)


def test_files_without_the_median_render_as_before(tmp_path):
    # A comparison written before elective_median_weeks_waited: no /comparison rows of it, and the planned care
    # section as it was, the same as the same file's with the metric but for the median tables.
    old, new = tmp_path / "old.h5", tmp_path / "new.h5"
    syn.build_comparison(old, replications=2, scale=0.5, median=False)
    syn.build_comparison(new, replications=2, scale=0.5)
    assert comparison_rows(old, syn.MEDIAN_WEEKS) == {} and comparison_rows(new, syn.MEDIAN_WEEKS)
    old_section, new_section = (section_html(report_page(p), PLANNED) for p in (old, new))
    assert "Median weeks" not in old_section and old_section.count(PNG) == 1
    assert all(f"<h3>{heading}</h3>" in new_section for heading in MEDIAN_HEADINGS.values())
    assert strip_median_and_figures(new_section) == strip_median_and_figures(old_section)
    assert "Waiting list by acute site: siloed" in old_section


def test_three_scenarios(tmp_path):
    source = tmp_path / "three.h5"
    (base, _), alts = syn.build_comparison(
        source, alternatives=(("virtual_wards", 0.97, 1.0), ("integrated", 0.9, 0.8)), replications=4)
    out = tmp_path / "three.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    # The base comes from the base_scenario attribute, alternatives in /comparison's order.
    assert row_cells(page, "Scenario") == ["siloed", "virtual_wards", "integrated"]
    assert page.index("Headline: virtual_wards") < page.index("Headline: integrated")
    for name, alt, _ in alts:
        b = syn.per_replication(base, "acsc_admissions")
        a = syn.per_replication(alt, "acsc_admissions")
        _, _, d, lo, hi = expected_paired(b, a)
        assert row_cells(headline(page, name), "Avoidable (ACSC) admissions")[2:4] == [
            num(d, decimals(d, lo, hi), True),
            f"{num(lo, decimals(d, lo, hi), True)} to {num(hi, decimals(d, lo, hi), True)}"]
    assert page.count(PNG) >= 4
    assert "Results by borough: virtual_wards" in page


def test_one_replication_has_no_intervals(tmp_path):
    source = tmp_path / "one.h5"
    syn.build_comparison(source, replications=1)  # /comparison's intervals are NaN
    out = tmp_path / "one.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    cells = row_cells(headline(page, "integrated"), "Emergency admissions")
    assert cells[3] == "\u2014" and cells[4] == "no interval (one replication)"
    median = table_rows(page, PLANNED, MEDIAN_HEADINGS["quintile"])["All South East London"]
    assert median[3] == "\u2014" and median[2] != "\u2014", "the median's difference, but no interval"


def test_full_size_daily_is_fast(tmp_path):
    """5 replications x 6 sites x 365 days per scenario, three scenarios: well within a few seconds."""
    sites = syn.SITES + ["Princess Royal University Hospital", "University Hospital Lewisham",
                         "Queen Elizabeth Hospital, Woolwich"]
    source = tmp_path / "big.h5"
    syn.build_comparison(source, alternatives=(("integrated", 0.9, 0.8), ("virtual_wards", 0.97, 1.0)),
                         replications=5, days=365, sites=sites)
    out = tmp_path / "big.html"
    started = time.perf_counter()
    done = report(source, "-o", out)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    print(f"report on 3 x 5 x 6 x 365 daily rows: {seconds:.2f} s")
    assert seconds < 20
    assert out.stat().st_size < 3_000_000


# ---- errors -----------------------------------------------------------------------------------------------

def assert_refused(done, folder, message):
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("icsflow report: error:"), done.stderr
    assert message in lines[0], lines[0]
    assert "Traceback" not in done.stderr
    assert not any(p.name.endswith(".html") or ".tmp-" in p.name for p in folder.iterdir()), list(folder.iterdir())


def test_missing_file(tmp_path):
    done = report(tmp_path / "nothing.h5", "-o", tmp_path / "r.html")
    assert_refused(done, tmp_path, "does not exist")


def test_not_hdf5(tmp_path):
    source = tmp_path / "notes.h5"
    source.write_text("not a results file\n")
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path, "not an HDF5 file")


def test_truncated_hdf5(tmp_path, single):
    source = tmp_path / "cut.h5"
    source.write_bytes(single[0].read_bytes()[:3000])
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path, "cut.h5")


def test_hdf5_that_is_not_icsflow(tmp_path):
    source = tmp_path / "other.h5"
    with h5py.File(source, "w") as f:
        f["x"] = np.arange(3)
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path, "not an icsflow results file")


def test_scenario_without_summary_columns(tmp_path):
    source = tmp_path / "broken.h5"
    with h5py.File(source, "w") as f:
        g = f.create_group("scenarios/siloed/summary")
        g["replication"] = np.arange(3)
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path, "no column 'borough'")


def test_unreadable_file(tmp_path, single):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    source = tmp_path / "locked.h5"
    shutil.copy(single[0], source)
    source.chmod(0)
    assert_refused(report(source, "-o", tmp_path / "r.html"), tmp_path, "permission denied")


def test_input_is_a_directory(tmp_path):
    folder = tmp_path / "dir.h5"
    folder.mkdir()
    assert_refused(report(folder, "-o", tmp_path / "r.html"), tmp_path, "is a directory")


def test_output_folder_missing(tmp_path, single):
    done = report(single[0], "-o", tmp_path / "no" / "such" / "r.html")
    assert_refused(done, tmp_path, "does not exist")


def test_bad_input_leaves_an_existing_report_alone(tmp_path):
    out = tmp_path / "r.html"
    out.write_text("previous report")
    source = tmp_path / "bad.h5"
    source.write_text("junk")
    done = report(source, "-o", out)
    assert done.returncode == 2
    assert out.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.h5", "r.html"]


def test_help_reads_like_the_other_commands():
    done = report("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: icsflow report RESULTS.h5")
    assert "\nExample:\n  icsflow report " in done.stdout and "\nOptions:\n" in done.stdout and "-o" in done.stdout


@pytest.mark.parametrize("arguments", [(), ("--bogus", "x.h5")])
def test_a_usage_error_is_one_line_pointing_to_help(arguments):
    done = report(*arguments)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("icsflow report: ")
    assert done.stderr.rstrip().endswith("(see icsflow report --help)")


# ---- a real file from icsflow run, when the program is built -----------------------------------------------

def find_icsflow():
    candidates = [os.environ.get("ICSFLOW_BIN", "")] + [str(REPO / d / "icsflow") for d in (
        "build-report", "build", "build-par")]
    for c in candidates:
        if c and pathlib.Path(c).is_file() and os.access(c, os.X_OK):
            return c
    return None


def test_real_run_file(tmp_path):
    icsflow = find_icsflow()
    if icsflow is None:
        pytest.skip("icsflow is not built (set ICSFLOW_BIN)")
    source = tmp_path / "siloed.h5"
    run = subprocess.run([icsflow, "run", str(REPO / "scenarios/siloed.toml"), "-o", str(source), "--scale", "0.01",
                          "--years", "0.1", "--warmup-days", "10", "--replications", "2"],
                         capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        pytest.skip(f"icsflow run failed (tree being edited?): {run.stderr.strip()[:200]}")
    out = tmp_path / "siloed.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    assert page.count(PNG) >= 3
    assert "Results by borough: siloed" in page
    # The synthetic files' /metrics (metrics.json) is what icsflow writes today.
    with h5py.File(source, "r") as f:
        assert read_table(f, "metrics") == {c: [r[c] for r in syn.METRICS["rows"]] for c in syn.METRICS["columns"]}, \
            "tests/analysis/metrics.json is out of date: copy /metrics from a new results file"
    assert "Southwark" in page and "King&#x27;s College Hospital" in page or "King's College Hospital" in page


def test_attribution_section_from_a_real_file(tmp_path):
    # icsflow compare --attribution: a waterfall of the levers' shares and a table of each lever alone and in the
    # bundle; the runs of each lever alone and of the bundle without it get no sections of their own.
    icsflow = find_icsflow()
    if icsflow is None:
        pytest.skip("icsflow is not built (set ICSFLOW_BIN)")
    source = tmp_path / "attribution.h5"
    run = subprocess.run([icsflow, "compare", str(REPO / "scenarios/siloed.toml"), str(REPO / "scenarios/partnership.toml"),
                          "--attribution", "-q", "-o", str(source), "--scale", "0.01", "--years", "0.1",
                          "--warmup-days", "5", "--replications", "2"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "attribution.html"
    done = report(source, "-o", out)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert_self_contained(page)
    assert "Each lever&#x27;s share: partnership against siloed" in page or \
        "Each lever's share: partnership against siloed" in page
    assert "From siloed to partnership, lever by lever" in page
    for lever in ("handoffs", "proactive care", "admission avoidance", "single pound", "targeting"):
        assert f"<tr><td>{lever}</td>" in page, lever
    assert "Headline: partnership compared with siloed" in page
    assert "alone-handoffs" not in page and "without-handoffs" not in page


def test_population_section_from_a_real_file(tmp_path):
    # Two years: the section, each year starting with the residents of the year before plus its net change
    # (docs/results-schema.md); one year: the table but no section.
    icsflow = find_icsflow()
    if icsflow is None:
        pytest.skip("icsflow is not built (set ICSFLOW_BIN)")
    def number(cell):
        return int(cell.split()[0].replace(",", "").replace(MINUS, "-"))

    for years in ("2", "1"):
        source = tmp_path / f"years-{years}.h5"
        run = subprocess.run([icsflow, "run", str(REPO / "scenarios/siloed.toml"), "-o", str(source), "-q",
                              "--scale", "0.01", "--years", years, "--warmup-days", "10", "--replications", "2"],
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        with h5py.File(source, "r") as f:
            assert "population" in f["scenarios/siloed"]
        out = tmp_path / f"years-{years}.html"
        done = report(source, "-o", out)
        assert done.returncode == 0, done.stderr
        page = out.read_text(encoding="utf-8")
        if years == "1":
            assert POPULATION not in page
            continue
        section = section_html(page, POPULATION)
        assert section.count(PNG) == 1
        year1, year2 = row_cells(section, "year 1"), row_cells(section, "year 2")
        assert number(year2[0]) == number(year1[0]) + number(year1[7])
        assert 0 < number(year1[2]) < number(year1[1]) < number(year1[0])  # 85+ within 65+ within all
