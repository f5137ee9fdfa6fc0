"""icsflow run, end to end: the HDF5 layout of docs/results-schema.md read back with h5py, reproducibility
across thread counts, and clear errors with nothing written for bad input."""
import json
import subprocess
import tomllib

import h5py
import numpy as np
import pytest

SMALL = ["--scale", "0.01", "--years", "0.1", "--warmup-days", "10"]

SUMMARY_COLUMNS = [
    "replication", "borough", "deprivation_quintile", "residents", "gp_appointments", "gp_unmet_demand",
    "ae_attendances", "ae_4h_breaches", "emergency_admissions", "acsc_admissions", "bed_days",
    "delayed_discharge_bed_days", "readmissions_30d", "care_packages_started", "care_home_admissions", "deaths",
    "cost_gbp",
]


def run(icsflow, *args, cwd=None):
    return subprocess.run([icsflow, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def results(icsflow, repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "siloed.h5"
    done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", out, "--replications", 2, "--seed", 3, *SMALL)
    assert done.returncode == 0, done.stderr
    return out, done


def test_summary_is_printed(results):
    _, done = results
    assert "Per 1,000 residents per year" in done.stdout
    assert "Results written to" in done.stdout


def test_file_has_the_documented_layout(results):
    out, _ = results
    with h5py.File(out, "r") as f:
        for name in ("icsflow_version", "command_line", "created_utc"):
            assert name in f.attrs
        assert "icsflow run" in f.attrs["command_line"]
        scenario = f["scenarios/siloed"]
        for name in ("scenario_toml", "seed", "scale", "years", "replications"):
            assert name in scenario.attrs
        assert scenario.attrs["seed"] == 3
        assert scenario.attrs["replications"] == 2
        assert tomllib.loads(scenario.attrs["scenario_toml"])["name"] == "siloed"

        summary = scenario["summary"]
        lengths = {len(summary[c]) for c in SUMMARY_COLUMNS}
        assert lengths == {2 * 6 * 5}, "one row per replication x borough x quintile"
        assert summary["bed_days"].attrs["unit"] == "days"
        assert summary["cost_gbp"].attrs["unit"] == "GBP"
        assert summary["bed_days"].compression == "gzip" and summary["bed_days"].chunks is not None
        boroughs = {b.decode() if isinstance(b, bytes) else b for b in summary["borough"][:]}
        assert boroughs == {"Bexley", "Bromley", "Greenwich", "Lambeth", "Lewisham", "Southwark"}
        assert sorted(set(summary["deprivation_quintile"][:])) == [1, 2, 3, 4, 5]
        assert summary["emergency_admissions"][:].sum() > 0
        assert np.all(summary["acsc_admissions"][:] <= summary["emergency_admissions"][:])

        daily = scenario["daily"]
        for column in ("replication", "day", "site", "beds_occupied", "beds_occupied_medically_fit"):
            assert len(daily[column]) == len(daily["day"])
        assert len(daily["day"]) == 2 * 6 * 37  # replications x sites x days (0.1 year: 36.5 rounded to 37)
        assert np.all(daily["beds_occupied"][:] <= daily["beds_available"][:])


def test_no_temporary_file_is_left(results):
    out, _ = results
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_threads_do_not_change_results(icsflow, repo, tmp_path):
    outputs = []
    for threads in (1, 2):
        out = tmp_path / f"t{threads}.h5"
        done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", out, "--threads", threads, *SMALL)
        assert done.returncode == 0, done.stderr
        outputs.append(out)
    with h5py.File(outputs[0], "r") as a, h5py.File(outputs[1], "r") as b:
        for table in ("summary", "daily"):
            for column in a[f"scenarios/siloed/{table}"]:
                assert np.array_equal(a[f"scenarios/siloed/{table}/{column}"][:],
                                      b[f"scenarios/siloed/{table}/{column}"][:]), column


def test_a_two_year_run_has_rows_for_each_year_adding_up_to_the_whole_period(icsflow, repo, tmp_path):
    out = tmp_path / "two-years.h5"
    done = run(icsflow, "run", repo / "scenarios/partnership.toml", "-o", out, "--years", 2, "--scale", 0.02,
               "--warmup-days", 10, "--replications", 2, "-q", "--format", "json")
    assert done.returncode == 0, done.stderr
    whole = {m["name"]: m["mean"] for m in json.loads(done.stdout)["metrics"]}
    with h5py.File(out, "r") as f:
        summary = f["scenarios/partnership/summary"]
        year, replication = summary["year"][:], summary["replication"][:]
        assert len(year) == 2 * 2 * 6 * 5, "one row per replication x year x borough x quintile"
        assert list(year[:60]) == [1] * 30 + [2] * 30 and set(replication[:60]) == {0}, "replication, then year"
        residents = summary["residents"][:]
        assert not np.array_equal(residents[year == 1], residents[year == 2]), "each year its own residents"
        population = f["scenarios/partnership/population"]
        start = population["residents"][:][(population["year"][:] == 2) & (population["replication"][:] == 0)]
        assert start.sum() == residents[(year == 2) & (replication == 0)].sum(), "the population's year 2"
        for column in ("emergency_admissions", "bed_days", "cost_gbp"):
            assert all(summary[column][:][year == y].sum() > 0 for y in (1, 2)), column
        # The whole period (as the console and JSON give it, a year for the whole population) is the years' sum.
        admissions = summary["emergency_admissions"][:].sum() / 2 / 2 / 0.02  # replications, years, scale
        assert whole["emergency_admissions"] == pytest.approx(admissions, rel=1e-12)
        per_replication = [1e5 * summary["emergency_admissions"][:][replication == r].sum()
                           / (residents[replication == r].sum() / 2) / 2 for r in (0, 1)]  # per person-year
        assert whole["emergency_admissions_per_100k"] == pytest.approx(np.mean(per_replication), rel=1e-12)
        assert len(f["scenarios/partnership/daily/day"]) == 2 * 6 * 730
        # Each year's means (JSON "by_year") are that year's rows: a year for the whole population.
        by_year = json.loads(done.stdout)["by_year"]
        assert [(y["year"], y["years"]) for y in by_year] == [(1, 1), (2, 1)]
        for y in by_year:
            means = {m["name"]: m["mean"] for m in y["metrics"]}
            rows = summary["emergency_admissions"][:][year == y["year"]].sum() / 2 / 0.02
            assert means["emergency_admissions"] == pytest.approx(rows, rel=1e-12)
        assert sum({m["name"]: m["mean"] for m in y["metrics"]}["emergency_admissions"] for y in by_year) / 2 == \
            pytest.approx(whole["emergency_admissions"], rel=1e-12)


def test_a_run_of_several_years_prints_each_year(icsflow, repo, tmp_path):
    done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", tmp_path / "out.h5", "--years", 1.5,
               "--scale", 0.01, "--warmup-days", 5, "--replications", 1, "-q")
    assert done.returncode == 0, done.stderr
    by_year = done.stdout[done.stdout.index("South East London by year, siloed"):]
    assert "year 1" in by_year and "year 2 (183 days)" in by_year and "Emergency admissions" in by_year


@pytest.mark.parametrize("args, message", [
    (["run", "missing.toml", "-o", "{out}"], "missing.toml: cannot open"),
    (["run", "{bad_toml}", "-o", "{out}"], "bad.toml:2:"),
    (["run", "{unknown_key}", "-o", "{out}"], "unknown key 'colour'"),
    (["run", "{scenario}", "-o", "{out}", "--frobnicate"], "unrecognised option '--frobnicate'"),
    (["run", "{scenario}", "-o", "{out}", "--scale", "0"], "--scale must be in [0.0001, 1]"),
    (["run", "{scenario}", "-o", "{out}", "--scale", "1e-9"], "--scale must be in [0.0001, 1]"),
    (["run", "{scenario}", "-o", "{out}", "--years", "0.001"], "--years must be in"),
    (["run", "{scenario}", "-o", "{out}", "--threads", "100000"], "--threads must be between 1 and 1024"),
    (["run", "{scenario}", "-o", "{out}", "--threads", "-1"], "--threads"),
    (["run", "{scenario}", "-o", "{out}", "--replications", "0"], "--replications"),
    (["run", "{scenario}"], "no output file"),
    (["run", "{scenario}", "-o", "/nonexistent-folder/out.h5"], "does not exist"),
    (["explode"], "unknown command 'explode'"),
])
def test_bad_input_is_refused_with_nothing_written(icsflow, repo, tmp_path, args, message):
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text('name = "x"\ndescription = [unclosed\n')
    unknown_key = tmp_path / "unknown.toml"
    unknown_key.write_text('name = "x"\ncolour = "blue"\n')
    out = tmp_path / "out.h5"
    values = {"out": out, "bad_toml": bad_toml, "unknown_key": unknown_key, "scenario": repo / "scenarios/siloed.toml"}
    done = run(icsflow, *[a.format(**values) for a in args], cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 12, "one clear message, not a stack trace"
    assert not out.exists()
    assert not list(tmp_path.glob("out.h5*")), "no partial or temporary output"


def test_help_has_an_example(icsflow):
    done = run(icsflow, "run", "--help")
    assert done.returncode == 0
    assert "Example" in done.stdout and "icsflow run scenarios/siloed.toml" in done.stdout


def test_every_summary_column_is_documented(results, repo):
    out, _ = results
    schema = (repo / "docs/results-schema.md").read_text()
    with h5py.File(out, "r") as f:
        columns = list(f["scenarios/siloed/summary"])
    missing = [c for c in columns if f"| `{c}` |" not in schema]
    assert not missing, f"docs/results-schema.md does not describe: {missing}"
