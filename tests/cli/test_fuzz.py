"""Fuzzing every command with mutated scenario files, sweep files and options (fixed seed, so the same cases run
every time): whatever the input, icsflow ends with exit code 0, 1 or 2 (never a signal, never a hang) and leaves no
temporary file or lock behind."""
import random
import subprocess

import pytest

TINY = ["--scale", "0.005", "--years", "0.02", "--warmup-days", "2", "--replications", "1", "-q"]
NUMBERS = ["0", "-1", "1e-9", "1e308", "nan", "inf", "-0", "3.5", "99999999999999999999", "", "x", "1/2", "0x10"]


def mutate(text: str, rng: random.Random) -> str:
    """One random damage: a flipped character, a deleted or duplicated line, a value replaced, a truncation."""
    kind = rng.randrange(5)
    lines = text.splitlines(keepends=True)
    if kind == 0 and text:
        i = rng.randrange(len(text))
        return text[:i] + chr(rng.choice([0x22, 0x5B, 0x5D, 0x3D, 0x0A, 0x23, 0x7B, 0xE9, 0x30])) + text[i + 1:]
    if kind == 1 and lines:
        del lines[rng.randrange(len(lines))]
        return "".join(lines)
    if kind == 2 and lines:
        i = rng.randrange(len(lines))
        return "".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])
    if kind == 3:
        candidates = [i for i, line in enumerate(lines) if "=" in line and not line.lstrip().startswith("#")]
        if candidates:
            i = rng.choice(candidates)
            key = lines[i].split("=", 1)[0]
            lines[i] = f"{key}= {rng.choice(NUMBERS + ['true', '[1, 2]', '{ low = 2, mode = 1, high = 0 }'])}\n"
            return "".join(lines)
    return text[: rng.randrange(len(text) + 1)]


def run(icsflow, args, cwd):
    done = subprocess.run([icsflow, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)
    assert done.returncode in (0, 1, 2), (args, done.returncode, done.stderr[-500:])
    if done.returncode != 0:
        assert done.stderr.strip(), (args, "a failure says why")
        assert len(done.stderr.strip().splitlines()) <= 12, (args, "one message, not a trace", done.stderr[-800:])
    return done


def stray(folder):
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name or p.name.endswith(".lock"))


@pytest.mark.parametrize("case", range(24))
def test_mutated_scenarios_end_cleanly(icsflow, repo, tmp_path, case):
    rng = random.Random(1000 + case)
    base = (repo / "scenarios/siloed.toml").read_text()
    alt = (repo / "scenarios/partnership.toml").read_text().replace('extends = "siloed.toml"',
                                                                      f'extends = "{tmp_path}/siloed.toml"')
    (tmp_path / "siloed.toml").write_text(mutate(base, rng) if case % 2 else base)
    (tmp_path / "partnership.toml").write_text(mutate(alt, rng))
    command = ["run", "validate", "compare"][case % 3]
    args = {"run": ["run", "partnership.toml", "-o", "out.h5", *TINY],
            "validate": ["validate", "siloed.toml", "partnership.toml"],
            "compare": ["compare", "siloed.toml", "partnership.toml", "-o", "out.h5", *TINY]}[command]
    run(icsflow, args, tmp_path)
    assert stray(tmp_path) == []


@pytest.mark.parametrize("case", range(16))
def test_mutated_options_end_cleanly(icsflow, repo, tmp_path, case):
    rng = random.Random(2000 + case)
    option = rng.choice(["--scale", "--years", "--warmup-days", "--replications", "--seed", "--threads"])
    args = ["run", repo / "scenarios/siloed.toml", "-o", "out.h5", *TINY]
    value = rng.choice(NUMBERS)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    done = run(icsflow, args, tmp_path)
    assert stray(tmp_path) == []
    assert done.returncode != 0 or (tmp_path / "out.h5").exists()


@pytest.mark.parametrize("case", range(8))
def test_mutated_sweeps_and_results_files_end_cleanly(icsflow, repo, tmp_path, case):
    rng = random.Random(3000 + case)
    sweep = (repo / "tests/cli/sweeps/tiny.toml").read_text().replace(
        'scenario = "', f'scenario = "{repo}/tests/cli/sweeps/')
    (tmp_path / "sweep.toml").write_text(mutate(sweep, rng))
    run(icsflow, ["sweep", "sweep.toml", "-o", "s.h5", "--dry-run"], tmp_path)
    # A results file damaged on disk: report and merge refuse it without a trace or a crash.
    damaged = tmp_path / "damaged.h5"
    data = bytearray(rng.randbytes(4096))
    if case % 2:
        data[:8] = b"\x89HDF\r\n\x1a\n"  # an HDF5 signature on garbage
    damaged.write_bytes(bytes(data))
    run(icsflow, ["report", "damaged.h5", "-o", "r.html"], tmp_path)
    run(icsflow, ["export", "damaged.h5", "--format", rng.choice(["csv", "json", "xlsx"]), "-o", "e.out"], tmp_path)
    run(icsflow, ["merge", "damaged.h5", "-o", "m.h5"], tmp_path)
    run(icsflow, ["calibrate", "--scale", rng.choice(NUMBERS), "--years", "0.01", "--replications", "1", "-q"],
        tmp_path)
    assert stray(tmp_path) == []
