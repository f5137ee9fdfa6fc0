"""The golden comparison: refactoring must leave every number of a small comparison unchanged, bit for bit.

Every dataset of the golden file is compared with the same command's output today (values, dtypes and shapes;
NaN equal to NaN); datasets new since the golden file was written are allowed. Attributes are compared too,
except the ones that record when, how and by which version the file was written. Wall-clock seconds are not
results and are skipped.
"""
import os
import pathlib
import subprocess
import sys

import h5py
import numpy as np
import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOLDEN = HERE / "comparison.h5"
# Every lever is on in the partnership bundle; two threads, since results must not depend on them.
GOLDEN_COMMAND = ["compare", "scenarios/siloed.toml", "scenarios/partnership.toml", "--scale", "0.02", "--years",
                  "0.5", "--warmup-days", "30", "--replications", "2", "--seed", "11", "--threads", "2"]
SKIPPED_ATTRIBUTES = {"created_utc", "command_line", "icsflow_version"}
SKIPPED_DATASETS = {"wall_seconds"}


def run_golden_command(icsflow, out):
    done = subprocess.run([icsflow, *GOLDEN_COMMAND, "-o", str(out)], capture_output=True, text=True, cwd=REPO,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return out


def items(group, prefix=""):
    """Every dataset and group below `group`, by path."""
    found = {}
    group.visititems(lambda name, obj: found.__setitem__(prefix + name, obj))
    return found


def same_values(expected, actual):
    if expected.dtype.kind in "SOU":
        return expected.shape == actual.shape and list(expected.asstr()[...].ravel()) == list(actual.asstr()[...].ravel())
    a, b = expected[...], actual[...]
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return np.array_equal(a.view(np.uint64 if a.itemsize == 8 else np.uint32),
                              b.view(np.uint64 if b.itemsize == 8 else np.uint32))
    return np.array_equal(a, b)


def differences(golden_path, actual_path):
    problems = []
    with h5py.File(golden_path, "r") as golden, h5py.File(actual_path, "r") as actual:
        objects = {"/": golden, **items(golden)}
        for path, expected in objects.items():
            if path.split("/")[-1] in SKIPPED_DATASETS:
                continue
            if path != "/" and path not in actual:
                problems.append(f"{path}: missing")
                continue
            got = actual[path] if path != "/" else actual
            for name, value in expected.attrs.items():
                if name in SKIPPED_ATTRIBUTES:
                    continue
                if name not in got.attrs:
                    problems.append(f"{path}@{name}: attribute missing")
                elif not np.array_equal(np.asarray(value), np.asarray(got.attrs[name])):
                    problems.append(f"{path}@{name}: {value!r} != {got.attrs[name]!r}")
            if isinstance(expected, h5py.Dataset) and not same_values(expected, got):
                problems.append(f"{path}: values differ")
    return problems


@pytest.fixture(scope="module")
def icsflow():
    path = os.environ.get("ICSFLOW_BIN")
    if not path or not pathlib.Path(path).exists():
        pytest.fail("ICSFLOW_BIN must point to the built icsflow program")
    return path


def test_every_golden_dataset_is_reproduced_bit_for_bit(icsflow, tmp_path):
    out = run_golden_command(icsflow, tmp_path / "comparison.h5")
    problems = differences(GOLDEN, out)
    assert not problems, "\n".join(problems[:40])


def test_the_comparison_detects_a_changed_number(tmp_path):
    # The check itself must be able to fail: change one bit of one number in a copy of the golden file.
    copy = tmp_path / "changed.h5"
    copy.write_bytes(GOLDEN.read_bytes())
    with h5py.File(copy, "r+") as f:
        column = f["scenarios/partnership/summary/acsc_admissions"]
        values = column[...]
        values[0] = np.nextafter(values[0], np.inf)
        column[...] = values
    assert differences(GOLDEN, copy) == ["scenarios/partnership/summary/acsc_admissions: values differ"]


if __name__ == "__main__" and sys.argv[1:] == ["--regenerate"]:
    run_golden_command(os.environ["ICSFLOW_BIN"], GOLDEN)
    print(f"wrote {GOLDEN}")
