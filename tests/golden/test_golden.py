"""The golden comparison: refactoring must leave every number of a small comparison unchanged, bit for bit.

Every dataset of the golden file is compared with the same command's output today (values, dtypes and shapes;
NaN equal to NaN); datasets new since the golden file was written are allowed. Tables with a key (`/comparison`,
one row per metric x scenario x borough x quintile x year) are compared row by row on that key, so a metric added since
keeps every golden row's numbers checked. Attributes are compared too, except the ones that record when, how and
by which version the file was written, and the columns' `unit` texts (documentation, checked against the metrics
registry by the CLI tests). Wall-clock seconds are not results and are skipped.
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
SKIPPED_ATTRIBUTES = {"created_utc", "command_line", "icsflow_version", "unit"}
# Tables compared row by row on their key columns; their row count may grow (new metrics).
KEYED_TABLES = {"comparison": ("metric", "scenario", "borough", "deprivation_quintile", "year"), "metrics": ("name",)}
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


def column_values(dataset):
    return list(dataset.asstr()[...]) if dataset.dtype.kind in "SOU" else dataset[...]


def keyed_differences(path, key, expected, got):
    """Every row of the golden table `expected` found in `got` by its key, with the same values bit for bit."""
    def rows(table):
        keys = zip(*(column_values(table[k]) for k in key))
        return {tuple(k): i for i, k in enumerate(keys)}
    expected_rows, got_rows = rows(expected), rows(got)
    missing = [k for k in expected_rows if k not in got_rows]
    if missing:
        return [f"{path}: {len(missing)} rows missing, e.g. {missing[0]}"]
    order = [got_rows[k] for k in expected_rows]
    problems = []
    for name, column in expected.items():
        if name in key:
            continue
        if name not in got:
            problems.append(f"{path}/{name}: missing")
            continue
        a = np.asarray(column_values(column))
        b = np.asarray(column_values(got[name]))[order]
        if a.dtype.kind in "UO":  # text: the same strings (numpy's fixed width follows the longest)
            same = b.dtype.kind in "UO" and a.tolist() == b.tolist()
        else:
            same = a.dtype == b.dtype and (np.array_equal(a.view(np.uint64), b.view(np.uint64)) if a.dtype.kind == "f"
                                           else np.array_equal(a, b))
        if not same:
            problems.append(f"{path}/{name}: values differ")
    return problems


def attribute_differences(path, expected, got, skipped=()):
    problems = []
    for name, value in expected.attrs.items():
        if name in SKIPPED_ATTRIBUTES or name in skipped:
            continue
        if name not in got.attrs:
            problems.append(f"{path}@{name}: attribute missing")
        elif not np.array_equal(np.asarray(value), np.asarray(got.attrs[name])):
            problems.append(f"{path}@{name}: {value!r} != {got.attrs[name]!r}")
    return problems


def differences(golden_path, actual_path):
    problems = []
    with h5py.File(golden_path, "r") as golden, h5py.File(actual_path, "r") as actual:
        keyed = {name: key for name, key in KEYED_TABLES.items() if name in golden and name in actual}
        for name, key in keyed.items():
            problems += keyed_differences(name, key, golden[name], actual[name])
            problems += attribute_differences(name, golden[name], actual[name], skipped={"rows"})
        for path, expected in {"/": golden, **items(golden)}.items():
            if path.split("/")[0] in keyed or path.split("/")[-1] in SKIPPED_DATASETS:
                continue  # keyed tables were compared row by row above
            if path != "/" and path not in actual:
                problems.append(f"{path}: missing")
                continue
            got = actual[path] if path != "/" else actual
            problems += attribute_differences(path, expected, got)
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


def test_a_keyed_table_is_compared_row_by_row(tmp_path):
    # A changed number in /comparison is found wherever its row is; a row missing from it is reported.
    copy = tmp_path / "changed.h5"
    copy.write_bytes(GOLDEN.read_bytes())
    with h5py.File(copy, "r+") as f:
        column = f["comparison/diff_ci_high"]
        values = column[...]
        values[7] = np.nextafter(values[7], -np.inf)
        column[...] = values
    assert differences(GOLDEN, copy) == ["comparison/diff_ci_high: values differ"]
    with h5py.File(copy, "r+") as f:
        metric = f["comparison/metric"]
        names = metric.asstr()[...]
        names[3] = "renamed"
        metric[...] = names
    assert differences(GOLDEN, copy)[0].startswith("comparison: 1 rows missing")


if __name__ == "__main__" and sys.argv[1:] == ["--regenerate"]:
    run_golden_command(os.environ["ICSFLOW_BIN"], GOLDEN)
    print(f"wrote {GOLDEN}")
