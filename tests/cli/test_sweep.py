"""icsflow sweep and merge, end to end: the same numbers on threads, under mpirun and as merged shards;
resume after a kill; refusal to mix sweeps; clear errors for bad sweep files; a point's numbers equal those
of `icsflow run` on the same scenario and seed."""
import os
import shutil
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

TINY = "tests/cli/sweeps/tiny.toml"


def run(icsflow, *args, cwd=None, timeout=600):
    return subprocess.run([icsflow, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def tables(path):
    """Every column of /sweep/runs (but the timings), /sweep/points and /sensitivity."""
    with h5py.File(path, "r") as f:
        out = {}
        for group in ("/sweep/runs", "/sweep/points", "/sensitivity"):
            if group in f:
                for name, data in f[group].items():
                    if name != "wall_seconds":
                        out[f"{group}/{name}"] = data[()]
        return out


def assert_same_numbers(a, b):
    assert a.keys() == b.keys()
    for key in a:
        if a[key].dtype.kind == "f":
            assert np.array_equal(a[key], b[key], equal_nan=True), key  # bit for bit, NaN where NaN
        else:
            assert np.array_equal(a[key], b[key]), key


@pytest.fixture(scope="module")
def threaded(icsflow, repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("threads") / "sweep.h5"
    done = run(icsflow, "sweep", repo / TINY, "-o", out, "--threads", 2)
    assert done.returncode == 0, done.stderr
    return out, done


def test_file_layout_and_printed_sensitivity(threaded):
    out, done = threaded
    assert "Sensitivity of acsc_admissions" in done.stdout
    assert "Sensitivity of delayed_discharge_bed_days" in done.stdout
    assert "Sensitivity of ae_4h_breaches" in done.stdout
    assert "Sensitivity of cost_gbp" in done.stdout
    with h5py.File(out, "r") as f:
        sweep = f["/sweep"]
        assert sweep.attrs["points"] == 6 and sweep.attrs["points_complete"] == 6
        assert sweep.attrs["design"] == "latin_hypercube"
        assert len(f["/sweep/design/point"]) == 6
        assert len(f["/sweep/runs/point"]) == 12  # 6 points x 2 replications
        assert set(f["/sweep/runs/replication"][()]) == {0, 1}
        # Common random numbers: replication r has the same seed at every point.
        seeds = f["/sweep/runs/seed"][()].reshape(6, 2)
        assert (seeds == seeds[0]).all() and seeds[0, 0] != seeds[0, 1]
        keys = [k.decode() for k in f["/sweep/parameters/key"][()]]
        assert keys == ["levers.handoffs.reduction", "levers.admission_avoidance.virtual_ward_beds_per_100k"]
        low, high = 15, 60
        beds = f["/sweep/design/levers.admission_avoidance.virtual_ward_beds_per_100k"][()]
        assert ((beds >= low) & (beds <= high)).all()
        sensitivity = f["/sensitivity"]
        outputs = {o.decode() for o in sensitivity["output"][()]}
        assert {"acsc_admissions", "delayed_discharge_bed_days", "ae_4h_breaches", "cost_gbp"} <= outputs
        prcc = sensitivity["prcc"][()]
        finite = prcc[np.isfinite(prcc)]
        assert len(finite) > 0 and (np.abs(finite) <= 1).all()
        # Not a sobol design: no Sobol indices.
        assert np.isnan(sensitivity["sobol_first"][()]).all()
    assert not list(out.parent.glob("*.journal"))  # the journals are joined into the file and removed


def test_mpirun_gives_the_same_numbers(icsflow, repo, threaded, tmp_path):
    mpirun = shutil.which("mpirun")
    assert mpirun, "mpirun (Debian's openmpi-bin) is needed"
    out = tmp_path / "mpi.h5"
    done = subprocess.run([mpirun, "-n", "2", "--oversubscribe", "--allow-run-as-root", icsflow, "sweep",
                           str(repo / TINY), "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "x 2 ranks" in done.stdout
    assert_same_numbers(tables(threaded[0]), tables(out))


def test_shards_merged_give_the_same_numbers(icsflow, repo, threaded, tmp_path):
    parts = []
    for k in (1, 2):
        part = tmp_path / f"part-{k}.h5"
        done = run(icsflow, "sweep", repo / TINY, "--shard", f"{k}/2", "-o", part, "--threads", 1)
        assert done.returncode == 0, done.stderr
        assert "3 of 6 points complete" in done.stdout
        with h5py.File(part, "r") as f:
            assert "/sensitivity" not in f  # a slice alone has no sensitivity analysis
            assert set(f["/sweep/runs/point"][()] % 2) == {k - 1}
        parts.append(part)
    merged = tmp_path / "merged.h5"
    done = run(icsflow, "merge", *parts, "-o", merged)
    assert done.returncode == 0, done.stderr
    assert "6 of 6 points complete" in done.stdout
    assert_same_numbers(tables(threaded[0]), tables(merged))


def test_merge_of_an_incomplete_set_says_what_is_missing(icsflow, repo, tmp_path):
    part = tmp_path / "part-1.h5"
    assert run(icsflow, "sweep", repo / TINY, "--shard", "1/3", "-o", part).returncode == 0
    done = run(icsflow, "merge", part, "-o", tmp_path / "merged.h5")
    assert done.returncode == 0, done.stderr
    assert "2 of 6 points complete" in done.stdout and "no sensitivity analysis" in done.stdout


def test_resume_after_a_kill_skips_the_points_done(icsflow, repo, tmp_path):
    # Slow enough (one thread, 8 points of about a second) to be killed in the middle.
    sweep = tmp_path / "slow.toml"
    text = (repo / TINY).read_text().replace("points = 6", "points = 8").replace("scale = 0.02", "scale = 0.05")
    sweep.write_text(text.replace('scenario = "', f'scenario = "{repo}/tests/cli/sweeps/'))
    out = tmp_path / "slow.h5"
    journal = tmp_path / "slow.h5.rank0.journal"
    process = subprocess.Popen([icsflow, "sweep", str(sweep), "-o", str(out), "--threads", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while time.time() < deadline and process.poll() is None:
        if journal.exists() and journal.read_text().count(" end\n") >= 2:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the sweep finished before it could be killed: make it slower"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not out.exists()  # nothing that looks finished, and no temporary file left to mistake for one
    done_before = journal.read_text().count(" end\n")
    assert 2 <= done_before < 8
    with journal.open("a") as torn:  # as if killed in the middle of writing a line
        torn.write("point 7 2 | 4711 0x1.8p+0 0x1.2")

    resumed = run(icsflow, "sweep", sweep, "-o", out, "--threads", 1)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done_before} point(s) already complete; running {8 - done_before}" in resumed.stdout
    assert not journal.exists()

    fresh = tmp_path / "fresh.h5"
    assert run(icsflow, "sweep", sweep, "-o", fresh, "--threads", 2).returncode == 0
    assert_same_numbers(tables(fresh), tables(out))

    again = run(icsflow, "sweep", sweep, "-o", out)
    assert "8 point(s) already complete; running 0" in again.stdout


def test_a_different_sweep_is_never_mixed_in(icsflow, repo, threaded, tmp_path):
    out = tmp_path / "sweep.h5"
    shutil.copy(threaded[0], out)
    other = tmp_path / "other.toml"
    other.write_text((repo / TINY).read_text().replace("master_seed = 11", "master_seed = 12")
                     .replace('scenario = "', f'scenario = "{repo}/tests/cli/sweeps/'))
    done = run(icsflow, "sweep", other, "-o", out)
    assert done.returncode == 2
    assert "holds the results of a different sweep" in done.stderr
    assert_same_numbers(tables(threaded[0]), tables(out))  # untouched

    part = tmp_path / "other.h5"
    assert run(icsflow, "sweep", other, "-o", part, "--shard", "1/2").returncode == 0
    done = run(icsflow, "merge", threaded[0], part, "-o", tmp_path / "mixed.h5")
    assert done.returncode == 2 and "different sweep" in done.stderr
    assert not (tmp_path / "mixed.h5").exists()

    replaced = run(icsflow, "sweep", other, "-o", out, "--fresh")
    assert replaced.returncode == 0, replaced.stderr
    with h5py.File(out, "r") as f:
        assert f["/sweep"].attrs["master_seed"] == 12


@pytest.mark.parametrize("change, message", [
    (("points = 6", 'points = "six"'), "tiny.toml:13:10: design.points: expected a whole number"),
    (("key = \"levers.handoffs.reduction\"", "key = \"levers.handoff.reduction\""),
     "'levers.handoff.reduction' is not a scenario key"),
    (("high = 0.5", "high = 1.5"), "outside levers.handoffs.reduction's allowed range [0, 1]"),
    (("distribution = \"uniform\"", "distribution = \"gaussian\""), "expected one of"),
])
def test_bad_sweep_files_are_refused_with_file_line_and_column(icsflow, repo, tmp_path, change, message):
    sweep = tmp_path / "tiny.toml"
    sweep.write_text((repo / TINY).read_text().replace(*change).replace('scenario = "', f'scenario = "{repo}/tests/cli/sweeps/'))
    out = tmp_path / "out.h5"
    done = run(icsflow, "sweep", sweep, "-o", out)
    assert done.returncode == 2, done.stdout
    assert message in done.stderr
    assert not out.exists() and not list(tmp_path.glob("*.journal"))


def test_an_output_that_is_not_a_sweep_file_is_not_overwritten(icsflow, repo, tmp_path):
    out = tmp_path / "notes.h5"
    out.write_text("my notes")
    done = run(icsflow, "sweep", repo / TINY, "-o", out)
    assert done.returncode == 2 and "choose another -o" in done.stderr
    assert out.read_text() == "my notes"


def test_dry_run_and_help(icsflow, repo):
    done = run(icsflow, "sweep", repo / TINY, "--dry-run")
    assert done.returncode == 0 and "6 points (latin_hypercube, 2 parameters) x 2 replication(s)" in done.stdout
    assert run(icsflow, "sweep", "--help").returncode == 0
    assert run(icsflow, "sweep", repo / TINY, "-o", "x.h5", "--shard", "3/2").returncode == 2


def test_sobol_design_gives_sobol_indices(icsflow, repo, tmp_path):
    sweep = tmp_path / "sobol.toml"
    text = (repo / TINY).read_text().replace('scenario = "', f'scenario = "{repo}/tests/cli/sweeps/')
    sweep.write_text(text.replace('kind = "latin_hypercube"\npoints = 6', 'kind = "sobol"\nbase_samples = 4')
                     .replace("replications = 2", "replications = 1"))
    out = tmp_path / "sobol.h5"
    done = run(icsflow, "sweep", sweep, "-o", out)
    assert done.returncode == 0, done.stderr
    with h5py.File(out, "r") as f:
        assert f["/sweep"].attrs["points"] == 4 * (2 + 2)
        blocks = [b.decode() for b in f["/sweep/design/block"][()]]
        assert blocks[:8] == ["A"] * 4 + ["B"] * 4 and blocks[8].startswith("AB:")
        s = f["/sensitivity"]
        rows = [i for i, o in enumerate(s["output"][()]) if o == b"delayed_discharge_bed_days"]
        first = s["sobol_first"][()][rows]
        total = s["sobol_total"][()][rows]
        assert np.isfinite(first).all() and np.isfinite(total).all()
        assert (s["sobol_first_low"][()][rows] <= first).all() and (first <= s["sobol_first_high"][()][rows]).all()


def test_a_point_equals_icsflow_run_of_its_scenario(icsflow, repo, threaded, tmp_path):
    """The sweep's numbers are the model's: point 3 rebuilt as a scenario file and run with `icsflow run`
    (same seed, scale, years) gives the same avoidable admissions, replication by replication."""
    with h5py.File(threaded[0], "r") as f:
        reduction = f["/sweep/design/levers.handoffs.reduction"][3]
        beds = f["/sweep/design/levers.admission_avoidance.virtual_ward_beds_per_100k"][3]
        runs = f["/sweep/runs"]
        mine = runs["acsc_admissions"][()][runs["point"][()] == 3]
    scenario = tmp_path / "point3.toml"
    scenario.write_text(f'extends = "{repo}/tests/cli/sweeps/partnership_at_once.toml"\nname = "point3"\n'
                        f"[levers.handoffs]\nreduction = {reduction!r}\n"
                        f"[levers.admission_avoidance]\nvirtual_ward_beds_per_100k = {beds!r}\n")
    out = tmp_path / "point3.h5"
    done = run(icsflow, "run", scenario, "-o", out, "--seed", 11, "--replications", 2, "--scale", 0.02,
               "--years", 0.1, "--warmup-days", 5)
    assert done.returncode == 0, done.stderr
    with h5py.File(out, "r") as f:
        summary = f["/scenarios/point3/summary"]
        replication = summary["replication"][()]
        acsc = summary["acsc_admissions"][()]
        theirs = [acsc[replication == r].sum() / 0.02 / 0.1 for r in (0, 1)]
    assert np.allclose(mine, theirs, rtol=1e-12, atol=0)
