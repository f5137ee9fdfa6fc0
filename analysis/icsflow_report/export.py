"""`icsflow export RESULTS.h5 --format csv|json|xlsx -o PATH`: the results file's tables as tidy tables for
spreadsheets and scripts, each metric row with its label and unit from the file's /metrics (docs/export.md).

- `comparison` and `attribution`: one row per metric x scenario (or lever) x borough x quintile x year, with
  `label` and `unit`, and `averted_*` columns (base - alternative) for the counts of admissions.
- `summary`: long, one row per scenario x replication x year x borough x quintile x metric.
- `daily`, `replications` and every other table: as the file holds them, with a `scenario` column for a
  scenario's tables.
- `metrics`: the file's /metrics (what every metric means).
csv writes one file per table into the folder PATH; json one file; xlsx one workbook with a README sheet first.
Nothing is written unless the whole export is."""
from __future__ import annotations

import json
import math
import os
import pathlib
import shutil
import tempfile

from .cli import check_output, command_parser, finish
from .errors import ReportError
from .hdf5 import as_text, read_attr, read_table
from .metrics import read_metrics

PROG = "icsflow export"
FORMATS = ("csv", "json", "xlsx")
EXCEL_ROWS = 1_048_575  # a sheet's rows below its header


def with_meaning(table: dict, metrics, averted: bool) -> dict:
    """`label` and `unit` after the metric column; for counts of admissions, the `averted_*` columns."""
    names = [as_text(m) for m in table["metric"]]
    out = {}
    for column, values in table.items():
        out[column] = values
        if column == "metric":
            out["label"] = [metrics.get(n).label for n in names]
            out["unit"] = [metrics.get(n).unit for n in names]
    if averted:
        admissions = [metrics.get(n).count and metrics.get(n).unit == "admissions" for n in names]
        for prefix in ("diff", "alone_diff", "marginal_diff"):
            mean, low, high = (f"{prefix}_mean", f"{prefix}_ci_low", f"{prefix}_ci_high")
            if mean not in table:
                continue
            name = "averted" if prefix == "diff" else prefix.replace("diff", "averted")
            out[f"{name}_mean"] = [-float(v) if a else math.nan for v, a in zip(table[mean], admissions)]
            out[f"{name}_ci_low"] = [-float(v) if a else math.nan for v, a in zip(table[high], admissions)]
            out[f"{name}_ci_high"] = [-float(v) if a else math.nan for v, a in zip(table[low], admissions)]
    return out


def long_summary(scenario: str, table: dict, metrics) -> dict:
    """The summary's measure columns as rows: one value per replication x year x borough x quintile x metric."""
    keys = [c for c in ("replication", "year", "borough", "deprivation_quintile") if c in table]
    measures = [c for c in table if c not in keys and c != "residents"]
    out = {"scenario": [], **{k: [] for k in keys}, "residents": [], "metric": [], "label": [], "unit": [],
           "value": []}
    n = len(table[keys[0]]) if keys else 0
    for i in range(n):
        for measure in measures:
            out["scenario"].append(scenario)
            for k in keys:
                out[k].append(table[k][i])
            out["residents"].append(table["residents"][i] if "residents" in table else math.nan)
            meaning = metrics.get(measure)
            out["metric"].append(measure)
            out["label"].append(meaning.label)
            out["unit"].append(meaning.unit)
            out["value"].append(table[measure][i])
    return out


def append(tables: dict, name: str, part: dict):
    if name not in tables:
        tables[name] = {c: list(v) for c, v in part.items()}
        return
    if list(tables[name]) != list(part):
        raise ReportError(f"the scenarios' {name} tables have different columns")
    for c, v in part.items():
        tables[name][c].extend(v)


def read_tables(path: pathlib.Path) -> tuple[dict, dict]:
    """Every table of the file, tidy, and the file's provenance (root attributes)."""
    import h5py
    try:
        f = h5py.File(path, "r")
    except (OSError, ValueError) as error:
        raise ReportError(f"cannot read '{path}' as HDF5 ({error})") from None
    with f:
        if "metrics" not in f:
            raise ReportError(f"'{path}' has no /metrics table: not an icsflow results file")
        metrics = read_metrics(f)
        provenance = {k: read_attr(f, k) for k in f.attrs}
        tables: dict = {}
        if "comparison" in f:
            tables["comparison"] = with_meaning(read_table(f["comparison"], "/comparison"), metrics, averted=True)
        if "attribution" in f:
            tables["attribution"] = with_meaning(read_table(f["attribution"], "/attribution"), metrics, averted=True)
        for scenario in f.get("scenarios", {}):
            group = f["scenarios"][scenario]
            for name in group:
                where = f"/scenarios/{scenario}/{name}"
                if not isinstance(group[name], h5py.Group):
                    continue
                table = read_table(group[name], where)
                if name == "summary":
                    append(tables, "summary", long_summary(scenario, table, metrics))
                else:
                    append(tables, name, {"scenario": [scenario] * len(next(iter(table.values()), [])), **table})
        for name in f:
            if name in ("metrics", "comparison", "attribution", "scenarios") or not isinstance(f[name], h5py.Group):
                continue
            group = f[name]
            if all(isinstance(group[c], h5py.Dataset) for c in group):
                tables[name] = read_table(group, "/" + name)
            else:  # a group of tables (a sweep's /sweep)
                for sub in group:
                    if isinstance(group[sub], h5py.Group):
                        tables[f"{name}_{sub}"] = read_table(group[sub], f"/{name}/{sub}")
        tables["metrics"] = read_table(f["metrics"], "/metrics")
    return tables, provenance


def plain(value):
    """A value as CSV, JSON and Excel take it: text, int, float, or None for NaN."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def rows_of(table: dict):
    columns = list(table)
    n = len(table[columns[0]]) if columns else 0
    for i in range(n):
        yield [plain(table[c][i]) for c in columns]


def write_csv(tables: dict, folder: pathlib.Path):
    import csv
    folder.mkdir()
    for name, table in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(list(table))
            writer.writerows(["" if v is None else v for v in row] for row in rows_of(table))


def write_json(tables: dict, provenance: dict, path: pathlib.Path):
    document = {"source": {k: plain(v) for k, v in provenance.items()},
                "tables": {name: [dict(zip(table, row)) for row in rows_of(table)] for name, table in tables.items()}}
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, allow_nan=False)
        out.write("\n")


def write_xlsx(tables: dict, provenance: dict, source: str, path: pathlib.Path):
    try:
        from openpyxl import Workbook
    except ImportError:
        raise ReportError("--format xlsx needs python3-openpyxl (scripts/setup installs it)") from None
    for name, table in tables.items():
        rows = len(next(iter(table.values()), []))
        if rows > EXCEL_ROWS:
            raise ReportError(f"table {name} has {rows} rows, more than an Excel sheet holds; use --format csv")
    book = Workbook()
    readme = book.active
    readme.title = "README"
    readme.append(["icsflow results, exported from", source])
    for key, value in provenance.items():
        readme.append([key, plain(value)])
    readme.append([])
    readme.append(["sheet", "what"])
    readme.append(["comparison", "alternative - base per metric, borough, deprivation quintile (0 = all) and year "
                                 "(0 = whole period), 95% paired intervals; averted = base - alternative"])
    readme.append(["summary", "each scenario's results per replication, year, borough and quintile, one metric a row"])
    readme.append(["metrics", "what every metric means: label, unit, description"])
    readme.append(["", "docs/results-schema.md and docs/export.md describe every column"])
    for name, table in tables.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append(list(table))
        for row in rows_of(table):
            sheet.append(row)
    book.save(path)


def export(source: pathlib.Path, fmt: str, output: pathlib.Path):
    if output.exists() and fmt == "csv":
        raise ReportError(f"'{output}' exists: csv writes a new folder of tables")
    if fmt != "csv":
        check_output(output)
    if output.resolve() == source.resolve():
        raise ReportError("the output would overwrite the results file")
    if not output.parent.is_dir():
        raise ReportError(f"cannot write '{output}': folder '{output.parent}' does not exist")
    tables, provenance = read_tables(source)
    # Write next to the target, then rename: never a partial export.
    staging = pathlib.Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-", dir=str(output.parent)))
    try:
        target = staging / output.name
        if fmt == "csv":
            write_csv(tables, target)
        elif fmt == "json":
            write_json(tables, provenance, target)
        else:
            write_xlsx(tables, provenance, source.name, target)
        os.replace(target, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return tables


def main(argv) -> int:
    parser = command_parser(PROG, f"{PROG} RESULTS.h5 --format csv|json|xlsx -o PATH",
                            "Writes the tables of an icsflow results file as tidy tables for spreadsheets and "
                            "scripts:\ncomparison (with label, unit and averted), summary (one metric a row), "
                            "daily, attribution,\nmetrics ... (docs/export.md).\n\nExample:\n"
                            "  icsflow export out/comparison.h5 --format xlsx -o comparison.xlsx")
    parser.add_argument("results", metavar="RESULTS.h5", help="icsflow results file (HDF5)")
    parser.add_argument("--format", required=True, choices=FORMATS,
                        help="csv (a new folder, one file a table), json (one file) or xlsx (one workbook)")
    parser.add_argument("-o", "--output", required=True, metavar="PATH", help="folder (csv) or file to write")
    args = parser.parse_args(argv)
    source, output = pathlib.Path(args.results), pathlib.Path(args.output)

    def work():
        if not source.is_file():
            raise ReportError(f"'{source}' is not a file")
        tables = export(source, args.format, output)
        return f"Exported {len(tables)} tables ({', '.join(tables)}) to {output}"

    return finish(PROG, work, "nothing written")
