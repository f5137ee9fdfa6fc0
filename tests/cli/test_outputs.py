"""Outputs and inputs under faults (issue 11): one writer per output, outputs never onto an input or a device,
inputs only regular files, a full disk reported with nothing left behind. Each case was a defect."""
import fcntl
import json
import os
import pathlib
import resource
import shutil
import signal
import subprocess

import h5py
import pytest

SMALL = ["--scale", "0.01", "--years", "0.05", "--warmup-days", "5", "--replications", "1"]


def run(icsflow, *args, cwd=None, **kwargs):
    return subprocess.run([icsflow, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600, **kwargs)


def leftovers(folder, name):
    return sorted(p.name for p in folder.glob(name + "*"))


def test_a_second_writer_of_the_same_output_is_refused_naming_the_holder(icsflow, repo, tmp_path):
    out = tmp_path / "out.h5"
    with open(tmp_path / "out.h5.lock", "w") as lock:  # another icsflow holds the output
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("4242\n")
        lock.flush()
        for command in (["run", repo / "scenarios/siloed.toml"],
                        ["compare", repo / "scenarios/siloed.toml", repo / "scenarios/partnership.toml"],
                        ["sweep", repo / "tests/cli/sweeps/tiny.toml"]):
            done = run(icsflow, *command, "-o", out, *(SMALL if command[0] != "sweep" else []))
            assert done.returncode == 2, done.stderr
            assert "being written by another icsflow (process 4242)" in done.stderr
            assert not out.exists()
    assert leftovers(tmp_path, "out.h5") == ["out.h5.lock"]  # the other process's, untouched


def test_with_wait_a_second_writer_waits_for_the_first(icsflow, repo, tmp_path):
    out = tmp_path / "out.h5"
    lock = open(tmp_path / "out.h5.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    waiting = subprocess.Popen([icsflow, "run", str(repo / "scenarios/siloed.toml"), "-o", str(out), "--wait", *SMALL],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with pytest.raises(subprocess.TimeoutExpired):
        waiting.wait(timeout=1.5)  # still waiting for the lock
    os.unlink(tmp_path / "out.h5.lock")  # as icsflow does when it releases its lock
    lock.close()
    assert waiting.wait(timeout=300) == 0, waiting.stderr.read()
    assert out.exists()
    assert leftovers(tmp_path, "out.h5") == ["out.h5"]


def test_the_output_is_never_an_input(icsflow, repo, tmp_path):
    scenario = tmp_path / "mine.toml"
    shutil.copy(repo / "scenarios/siloed.toml", scenario)
    before = scenario.read_bytes()
    link = tmp_path / "link.h5"
    link.symlink_to(scenario)
    for out in (scenario, link):
        done = run(icsflow, "run", scenario, "-o", out, *SMALL)
        assert done.returncode == 2, done.stderr
        assert "is the input" in done.stderr
    sweep = tmp_path / "tiny.toml"
    sweep.write_text((repo / "tests/cli/sweeps/tiny.toml").read_text().replace(
        'scenario = "', f'scenario = "{repo}/tests/cli/sweeps/'))
    done = run(icsflow, "sweep", sweep, "-o", sweep, "--fresh")
    assert done.returncode == 2, done.stderr
    assert scenario.read_bytes() == before


@pytest.mark.parametrize("out", ["/dev/null", "{tmp}"])
def test_the_output_is_a_regular_file_or_a_new_path(icsflow, repo, tmp_path, out):
    done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", out.format(tmp=tmp_path), *SMALL)
    assert done.returncode == 2, done.stderr
    assert "not a regular file" in done.stderr or "is a directory" in done.stderr
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


@pytest.mark.parametrize("command", ["run", "validate"])
def test_an_input_that_is_not_a_regular_file_is_refused_at_once(icsflow, tmp_path, command):
    scenario = tmp_path / "zero.toml"
    scenario.write_text('extends = "/dev/zero"\n')
    done = run(icsflow, command, scenario, *(["-o", tmp_path / "o.h5"] if command == "run" else []))
    assert done.returncode == 2, done.stderr
    assert "/dev/zero: not a regular file" in done.stderr


@pytest.mark.parametrize("name", [".", ".."])
def test_a_scenario_named_only_with_dots_is_refused(icsflow, tmp_path, name):
    scenario = tmp_path / "dots.toml"
    scenario.write_text(f'name = "{name}"\n')
    done = run(icsflow, "validate", scenario)
    assert done.returncode == 2, done.stderr
    assert "not a valid scenario name" in done.stderr


def test_sweep_threads_are_checked(icsflow, repo, tmp_path):
    done = run(icsflow, "sweep", repo / "tests/cli/sweeps/tiny.toml", "-o", tmp_path / "s.h5", "--threads", "100000")
    assert done.returncode == 2, done.stderr
    assert "--threads must be between 1 and 1024" in done.stderr
    assert leftovers(tmp_path, "s.h5") == []


def test_a_full_disk_is_one_message_and_nothing_left_behind(icsflow, repo, tmp_path):
    # A file size limit makes writes fail as a full disk does (EFBIG once SIGXFSZ is ignored).
    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
    out = tmp_path / "out.h5"
    done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", out, *SMALL, preexec_fn=small_disk)
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "out.h5" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert leftovers(tmp_path, "out.h5") == []


def test_an_interrupted_run_leaves_nothing_behind(icsflow, repo, tmp_path):
    out = tmp_path / "out.h5"
    process = subprocess.Popen([icsflow, "run", str(repo / "scenarios/siloed.toml"), "-o", str(out), "--scale", "1",
                                "--replications", "4", "--threads", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=2)
    assert (tmp_path / "out.h5.lock").exists()  # held while it runs
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == -signal.SIGTERM
    assert leftovers(tmp_path, "out.h5") == []


@pytest.mark.parametrize("quiet", [False, True])
def test_a_batch_log_gets_progress_lines_unless_quiet(icsflow, repo, tmp_path, quiet):
    # stderr is a pipe here, as in a Slurm log: plain lines every 5% after two seconds, or none with --quiet.
    done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", tmp_path / "p.h5", "--years", "1",
               "--threads", "1", "--replications", "1", *(["--quiet"] if quiet else []))
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "% done" in line]
    if quiet:
        assert done.stderr == ""
    else:
        assert any("s elapsed, about" in line and "s left" in line for line in lines), repr(done.stderr)
        assert lines[-1].startswith("running siloed: 100% done")


@pytest.mark.parametrize("scale, years", [("0.02", "0.1"), ("0.0001", "0.01")])
def test_calibrate_json_and_its_exit_code_say_whether_every_figure_is_within_range(icsflow, scale, years):
    done = run(icsflow, "calibrate", "--scale", scale, "--years", years, "--replications", "1", "--format", "json")
    report = json.loads(done.stdout)
    # A figure marked as a known gap is shown, with why, but does not decide the exit code.
    outside = [f["measure"] for f in report["figures"] if not f["within"] and not f["known_gap"]]
    assert report["figures"] and all(f["low"] <= f["high"] for f in report["figures"])  # null: not finite
    assert any(f["known_gap"] for f in report["figures"])
    assert done.returncode == (1 if outside else 0), (outside, done.stderr)
    if outside:
        assert f"{len(outside)} figure(s) outside their accepted range" in done.stderr


def test_sweep_settings_can_be_overridden_on_the_command_line(icsflow, repo, tmp_path):
    sweep = repo / "tests/cli/sweeps/tiny.toml"
    plain, overridden = tmp_path / "plain.h5", tmp_path / "overridden.h5"
    assert run(icsflow, "sweep", sweep, "-o", plain, "-q").returncode == 0
    done = run(icsflow, "sweep", sweep, "-o", overridden, "-q", "--replications", "1", "--scale", "0.011",
               "--years", "0.03", "--seed", "99")
    assert done.returncode == 0, done.stderr
    with h5py.File(plain) as a, h5py.File(overridden) as b:
        assert (b["sweep"].attrs["replications"], b["sweep"].attrs["scale"], b["sweep"].attrs["years"],
                b["sweep"].attrs["master_seed"]) == (1, 0.011, 0.03, 99)
        assert a["sweep"].attrs["fingerprint"] != b["sweep"].attrs["fingerprint"]
    # Resuming onto a file of other settings is refused, as for a changed sweep file.
    done = run(icsflow, "sweep", sweep, "-o", overridden, "-q")
    assert done.returncode == 2 and "different sweep" in done.stderr
    done = run(icsflow, "sweep", sweep, "-o", tmp_path / "x.h5", "--scale", "0")
    assert done.returncode == 2 and "--scale must be in" in done.stderr


def test_cmake_install_puts_icsflow_on_path_with_its_report_and_scenarios(icsflow, tmp_path):
    build = pathlib.Path(icsflow).parent
    prefix = tmp_path / "prefix"
    done = subprocess.run(["cmake", "--install", str(build), "--prefix", str(prefix)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    installed = prefix / "bin" / "icsflow"
    assert installed.exists() and (prefix / "bin" / "icsflow-mmc").exists()
    scenarios = prefix / "share" / "icsflow" / "scenarios"
    assert (scenarios / "siloed.toml").exists() and (scenarios / "levers" / "mutual_aid.toml").exists()
    assert (prefix / "share" / "doc" / "icsflow" / "results-schema.md").exists()
    completion = prefix / "share" / "bash-completion" / "completions" / "icsflow"
    words = subprocess.run(["bash", "-c", f"source {completion}; COMP_WORDS=(icsflow compare --att); COMP_CWORD=2; "
                            '_icsflow; echo "${COMPREPLY[@]}"'], capture_output=True, text=True)
    assert words.stdout.split() == ["--attribution"], words.stderr
    # The installed icsflow runs the installed report package (marked here), not the sources'.
    main = prefix / "share" / "icsflow" / "icsflow_report" / "__main__.py"
    main.write_text('print("installed report package")\n' + main.read_text())
    env = {**os.environ, "PATH": f"{prefix / 'bin'}:{os.environ['PATH']}"}
    out = tmp_path / "c.h5"
    done = subprocess.run(["icsflow", "compare", str(scenarios / "siloed.toml"), str(scenarios / "partnership.toml"),
                           "-o", str(out), *SMALL, "-q"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(["icsflow", "report", str(out), "-o", str(tmp_path / "r.html")], capture_output=True,
                          text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "installed report package" in done.stdout


def test_format_json_gives_one_object_a_script_can_read(icsflow, repo, tmp_path):
    done = run(icsflow, "validate", repo / "scenarios/siloed.toml", repo / "scenarios/levers/mutual_aid.toml",
               "--format", "json")
    assert done.returncode == 0, done.stderr
    listing = json.loads(done.stdout)
    assert listing["valid"] and [f["levers_on"] for f in listing["files"]] == [[], ["mutual_aid"]]
    done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", tmp_path / "r.h5", *SMALL, "-q", "--format", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["scenario"] == "siloed" and summary["replications"] == 1
    assert {m["name"] for m in summary["metrics"]} >= {"emergency_admissions", "cost_gbp", "occupancy"}
    done = run(icsflow, "compare", repo / "scenarios/siloed.toml", repo / "scenarios/partnership.toml",
               "-o", tmp_path / "c.h5", *SMALL, "-q", "--format", "json")
    assert done.returncode == 0, done.stderr
    comparison = json.loads(done.stdout)
    with h5py.File(tmp_path / "c.h5") as f:  # the same numbers as the file's /comparison, South East London
        table = f["comparison"]
        rows = {(m, s): d for m, s, b, q, d in zip(table["metric"].asstr()[...], table["scenario"].asstr()[...],
                                                  table["borough"].asstr()[...], table["deprivation_quintile"][...],
                                                  table["diff_mean"][...]) if b == "All" and q == 0}
    assert len(comparison["differences"]) == len(rows)
    assert comparison["by_year"] == [], "a run of a year or less has no year of its own"
    for d in comparison["differences"]:
        assert d["diff_mean"] == rows[(d["metric"], d["scenario"])] or d["diff_mean"] is None
    done = run(icsflow, "run", repo / "scenarios/siloed.toml", "-o", tmp_path / "x.h5", "--format", "yaml")
    assert done.returncode == 2 and "--format must be text or json" in done.stderr


@pytest.mark.parametrize("base, message", [
    ('name = "b"\n[levers.handoffs]\nreduction = 7\n', "base.toml:3:13: levers.handoffs.reduction: value 7"),
    ('name = "b"\n[levers.handoffs\n', "base.toml:2:17: "),
    ('name = "b"\n[levers.targeting]\nenabled = true\n', "base.toml:3:11: levers.targeting.enabled: targeting"),
])
def test_errors_in_an_extends_chain_name_the_file_line_and_column(icsflow, tmp_path, base, message):
    (tmp_path / "base.toml").write_text(base)
    (tmp_path / "mine.toml").write_text('extends = "base.toml"\nname = "mine"\n')
    done = run(icsflow, "validate", tmp_path / "mine.toml")
    assert done.returncode == 2 and message in done.stderr, done.stderr
