"""Partial aggregates of one slice of rows, and their merge. Everything here adds up exactly across slices.

A partial is a JSON-able dict (it travels as a Celery task result):
- rows, and the first bad row found (`error`: {"row", "column", "message"}) if any;
- fair: {attribute or "a & b": {group: [n(actual 0, decision 0), n(0, 1), n(1, 0), n(1, 1)]}};
- grid: {numeric column: counts on the reference's fine grid}; missing: {column: count of nulls/NaN};
- cat: {categorical column: {value: count}};
- bins: {numeric column: counts on the reference's decile bins} (live sets);
- columns: {numeric column: its whole profile entry} (a reference's column tasks, `bins.column_bins`: each
  column comes from one task, so the merge only gathers them);
- ts: [min, max] of the timestamp column, as ISO text.

Between workers (a job's result) the fine-grid counts, the bulk of a partial, travel packed (`packed`): merge
takes them packed or as lists and gives lists, except a column entry's `grid_counts`, which the reference's
profile keeps packed (read with `unpack`): never shown, and a sixth of the row's size and writing time.

A live set's slices are "scan" slices (everything above but `columns`). A reference's row-group slices are
"rows" slices: fairness, categories and the timestamp only, its numeric columns being read by column tasks.
"""

from __future__ import annotations

import base64
import zlib
from collections import defaultdict
from itertools import combinations
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .bins import COARSE_CELLS, bin_counts, bin_counts_on_grid, grid_index


class BadRow(Exception):
    def __init__(self, *, row: int, column: str, message: str) -> None:
        super().__init__(f"row {row}, column '{column}': {message}")
        self.detail = {"row": row, "column": column, "message": message}


def _first_row(mask: np.ndarray, offset: int) -> int:
    return offset + int(np.argmax(mask)) + 1


def _binary(column: pa.ChunkedArray | pa.Array, name: str, offset: int, what: str) -> np.ndarray:
    if column.null_count:
        raise BadRow(
            row=_first_row(np.asarray(column.is_null()), offset), column=name, message=f"{what} is empty"
        )
    values = np.asarray(column.to_numpy(zero_copy_only=False))
    if values.dtype == bool:
        return values.astype(np.int8)
    bad = (values != 0) & (values != 1)
    if bad.any():
        at = int(np.argmax(bad))
        raise BadRow(
            row=offset + at + 1, column=name, message=f"{what} must be 0 or 1, found {values[at].item()!r}"
        )
    return values.astype(np.int8)


def decisions(column, spec: dict[str, Any], offset: int) -> np.ndarray:
    name = spec["prediction"]
    if spec["prediction_kind"] == "label":
        return _binary(column, name, offset, "the predicted label")
    scores = np.asarray(column.to_numpy(zero_copy_only=False), dtype=float)
    bad = ~np.isfinite(scores)
    if bad.any():
        raise BadRow(row=_first_row(bad, offset), column=name, message="the score is empty or not a number")
    return (scores >= spec["threshold"]).astype(np.int8)


def _encode(column, name: str, offset: int) -> tuple[np.ndarray, list[str]]:
    if column.null_count:
        mask = np.asarray(column.is_null())
        raise BadRow(
            row=_first_row(mask, offset), column=name, message="a sensitive attribute is empty (NaN)"
        )
    if pa.types.is_floating(column.type):
        nan = np.isnan(np.asarray(column.to_numpy(zero_copy_only=False), dtype=float))
        if nan.any():
            raise BadRow(row=_first_row(nan, offset), column=name, message="a sensitive attribute is NaN")
    encoded = pc.dictionary_encode(column.cast(pa.string()))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return np.asarray(encoded.indices, dtype=np.int64), encoded.dictionary.to_pylist()


def _fair_counts(table: pa.Table, spec: dict[str, Any], outcome: np.ndarray, offset: int) -> dict:
    coded = {name: _encode(table.column(name), name, offset) for name in spec["sensitive"]}
    out: dict[str, dict[str, list[int]]] = {}
    keys = [(name,) for name in spec["sensitive"]] + list(combinations(spec["sensitive"], 2))
    for key in keys:
        index = np.zeros(len(outcome), dtype=np.int64)
        labels = [""]
        for name in key:
            codes, values = coded[name]
            index = index * len(values) + codes
            labels = [f"{a} & {b}" if a else b for a in labels for b in values]
        counts = np.bincount(index * 4 + outcome, minlength=len(labels) * 4).reshape(-1, 4)
        out[" & ".join(key)] = {labels[i]: [int(c) for c in row] for i, row in enumerate(counts) if row.any()}
    return out


def numeric_values(column) -> np.ndarray:
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=float)


def slice_partial(table: pa.Table, spec: dict[str, Any], *, offset: int, stage: str = "scan") -> dict:
    """The partial aggregates of a "scan" or "rows" slice; a bad row ends the slice's work with `error`."""
    try:
        return _scan(table, spec, offset, numeric=stage == "scan")
    except BadRow as exc:
        return {"rows": table.num_rows, "error": exc.detail}


def _scan(table: pa.Table, spec: dict[str, Any], offset: int, *, numeric: bool) -> dict:
    decided = decisions(table.column(spec["prediction"]), spec, offset)
    actual = (
        _binary(table.column(spec["label"]), spec["label"], offset, "the label")
        if spec.get("label")
        else np.zeros(len(decided), dtype=np.int8)
    )
    partial: dict[str, Any] = {"rows": table.num_rows, "grid": {}, "missing": {}, "cat": {}, "bins": {}}
    partial["fair"] = _fair_counts(table, spec, actual.astype(np.int64) * 2 + decided, offset)
    for name in spec["numeric"] if numeric else []:
        values = numeric_values(table.column(name))
        missing = np.isnan(values)
        partial["missing"][name] = int(missing.sum())
        present = values[~missing]
        edges = spec.get("edges", {}).get(name)
        if name in spec.get("grid", {}):
            lo, hi = spec["grid"][name]
            index = grid_index(present, lo, hi)
            counts = np.bincount(index, minlength=COARSE_CELLS + 2)
            partial["grid"][name] = counts.tolist()
            if edges is not None:
                partial["bins"][name] = bin_counts_on_grid(present, index, counts, edges, lo, hi)
        elif edges is not None:
            partial["bins"][name] = bin_counts(present, edges).tolist()
    for name in spec["categorical"]:
        column = table.column(name)
        partial["missing"][name] = int(column.null_count)
        counts = pc.value_counts(column.drop_null().cast(pa.string()))
        partial["cat"][name] = {str(item["values"]): int(item["counts"]) for item in counts.to_pylist()}
    if spec.get("timestamp"):
        column = table.column(spec["timestamp"])
        if len(column) - column.null_count:
            low, high = pc.min_max(column).values()
            partial["ts"] = [low.as_py().isoformat(), high.as_py().isoformat()]
    return partial


def pack(counts) -> str:
    """Counts as compressed little-endian int64 bytes in base64: a fine grid's 2,050 counts are about 3 KB
    of JSON text instead of 8 KB of numbers, and read back without parsing a number each (the merge task,
    which every worker waits for, reads every job's)."""
    return base64.b64encode(zlib.compress(np.asarray(counts, dtype="<i8").tobytes(), 1)).decode("ascii")


def unpack(counts: str | list[int]) -> np.ndarray:
    if isinstance(counts, str):
        return np.frombuffer(zlib.decompress(base64.b64decode(counts)), dtype="<i8")
    return np.asarray(counts, dtype=np.int64)


def packed(partial: dict) -> dict:
    """The partial as a job returns it: its fine-grid counts packed (see `pack`)."""
    out = dict(partial)
    if partial.get("grid"):
        out["grid"] = {name: pack(counts) for name, counts in partial["grid"].items()}
    if partial.get("columns"):
        out["columns"] = {
            name: {**entry, "grid_counts": pack(entry["grid_counts"])} if entry.get("grid_counts") else entry
            for name, entry in partial["columns"].items()
        }
    return out


def _add(into: list[int], counts: list[int]) -> list[int]:
    return [a + b for a, b in zip(into, counts, strict=True)] if into else list(counts)


def merge(partials: list[dict]) -> dict:
    """Add partials (in slice order: the first error by row wins)."""
    merged: dict[str, Any] = {
        "rows": 0,
        "fair": {},
        "grid": {},
        "missing": defaultdict(int),
        "cat": {},
        "bins": {},
        "columns": {},
    }
    errors = [p["error"] for p in partials if p.get("error")]
    if errors:
        merged["error"] = min(errors, key=lambda e: e["row"])
    stamps, grids = [], {}
    for part in partials:
        merged["rows"] += part.get("rows", 0)
        for key, groups in part.get("fair", {}).items():
            into = merged["fair"].setdefault(key, {})
            for group, counts in groups.items():
                into[group] = _add(into.get(group, []), counts)
        for name, counts in part.get("grid", {}).items():
            grids[name] = grids[name] + unpack(counts) if name in grids else unpack(counts)
        for name, counts in part.get("bins", {}).items():
            merged["bins"][name] = _add(merged["bins"].get(name, []), counts)
        for name, count in part.get("missing", {}).items():
            merged["missing"][name] += count
        for name, counts in part.get("cat", {}).items():
            into = merged["cat"].setdefault(name, {})
            for value, count in counts.items():
                into[value] = into.get(value, 0) + count
        merged["columns"].update(
            part.get("columns", {})
        )  # grid counts stay packed, as the profile keeps them
        if part.get("ts"):
            stamps.extend(part["ts"])
    merged["grid"] = {name: counts.tolist() for name, counts in grids.items()}
    merged["missing"] = dict(merged["missing"])
    if stamps:
        merged["ts"] = [min(stamps), max(stamps)]
    return merged
