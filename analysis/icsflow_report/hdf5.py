"""Reading HDF5 tables and attributes as docs/results-schema.md lays them out: a table is a group of equal-length
1-D columns; strings may be bytes or str."""
from __future__ import annotations

from .errors import ReportError


def as_text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
        if isinstance(value, bytes):
            return value.decode("utf-8", errors="replace")
    return str(value)


def read_attr(obj, name, default=None):
    if name not in obj.attrs:
        return default
    value = obj.attrs[name]
    if hasattr(value, "shape") and getattr(value, "shape", ()) not in ((), None) and len(value) == 1:
        value = value[0]
    if isinstance(value, (bytes, str)):
        return as_text(value)
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, bytes):
            return as_text(value)
    return value


def read_column(group, name, where):
    import numpy as np
    if name not in group:
        raise ReportError(f"{where} has no column '{name}'")
    dataset = group[name]
    if getattr(dataset, "ndim", None) != 1:
        raise ReportError(f"{where}/{name} is not a 1-D column")
    if dataset.dtype.kind in ("S", "O", "U"):
        raw = dataset[:]
        return np.array([as_text(v) for v in raw], dtype=object)
    return dataset[:]


def read_table(group, where):
    """Every 1-D column of a table group, in the file's order, checked to be of one length."""
    import h5py
    columns = {name: read_column(group, name, where) for name in group if isinstance(group[name], h5py.Dataset)}
    if len({len(v) for v in columns.values()}) > 1:
        raise ReportError(f"{where} has columns of different lengths")
    return columns


def as_number(value, name, where, default=None):
    if value is None:
        if default is not None:
            return default
        raise ReportError(f"{where} has no attribute '{name}'")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ReportError(f"{where}: attribute '{name}' is not a number ({value!r})") from None
