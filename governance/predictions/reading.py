"""Reading prediction sets with pyarrow, in batches: never a whole file in memory.

CSV uploads are converted once to Parquet (row groups of SLICE_ROWS), so every set can be split by row group
across workers. A Parquet upload is read as it is, batch by batch inside each row group.
"""

from __future__ import annotations

import tempfile
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .metrics.bins import column_bins
from .metrics.partials import merge, numeric_values, slice_partial

BATCH_ROWS = 65_536
SLICE_ROWS = 131_072


class Rejected(Exception):
    """The set cannot be used; the message names the column or row."""


def _numeric(t: pa.DataType) -> bool:
    return pa.types.is_integer(t) or pa.types.is_floating(t)


def _text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t)


def csv_to_parquet(source: IO[bytes], *, sensitive: list[str]) -> IO[bytes]:
    """The CSV as a Parquet file (a temporary file, rewound); sensitive attributes are kept as text."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the caller, who closes it)
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(sensitive, pa.string()), strings_can_be_null=True
    )
    try:
        reader = pacsv.open_csv(
            source, read_options=pacsv.ReadOptions(block_size=8 << 20), convert_options=convert
        )
    except pa.ArrowInvalid as exc:
        if "Empty CSV" in str(exc):
            raise Rejected("the file is empty: it has no header and no rows") from exc
        raise Rejected(f"the file cannot be read as CSV: {_arrow_message(exc)}") from exc
    writer = None
    rows = 0
    try:
        for batch in _batches(reader):
            if writer is None:
                writer = pq.ParquetWriter(out, batch.schema)
            writer.write_table(pa.Table.from_batches([batch]), row_group_size=SLICE_ROWS)
            rows += batch.num_rows
    finally:
        if writer is not None:
            writer.close()
    if not rows:
        raise Rejected("the file is empty: it has no rows")
    out.seek(0)
    return out


def _arrow_message(exc: Exception) -> str:
    return str(exc).splitlines()[0][:300]


def _batches(reader):
    while True:
        try:
            yield reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as exc:
            raise Rejected(f"a value does not fit its column: {_arrow_message(exc)}") from exc


def parquet_file(source: IO[bytes] | str) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(source)
    except (pa.ArrowInvalid, OSError) as exc:
        raise Rejected(f"the file cannot be read as Parquet: {_arrow_message(exc)}") from exc


def schema_of(pf: pq.ParquetFile) -> list[dict[str, str]]:
    return [{"name": f.name, "type": str(f.type)} for f in pf.schema_arrow]


def build_spec(pf: pq.ParquetFile, columns: dict[str, Any], *, threshold: float | None) -> dict[str, Any]:
    """Check the named columns exist with usable types; the spec every slice task works from."""
    schema = pf.schema_arrow
    types = {f.name: f.type for f in schema}
    if pf.metadata.num_rows == 0:
        raise Rejected("the file is empty: it has no rows")

    def need(role: str, name: str, ok, expected: str) -> None:
        if name not in types:
            raise Rejected(f"column '{name}' ({role}) is not in the file; it has {', '.join(types)}")
        if not ok(types[name]):
            raise Rejected(f"column '{name}' ({role}) has type {types[name]}; expected {expected}")

    number_or_bool = lambda t: _numeric(t) or pa.types.is_boolean(t)  # noqa: E731
    need("prediction", columns["prediction"], number_or_bool, "a number")
    if columns.get("label"):
        need("label", columns["label"], number_or_bool, "0 or 1")
    for name in columns["sensitive"]:
        need("sensitive attribute", name, lambda t: _text(t) or _numeric(t) or pa.types.is_boolean(t), "text")
    numeric, categorical = [], []
    for name in columns["features"]:
        need("feature", name, lambda t: _text(t) or _numeric(t) or pa.types.is_boolean(t), "a number or text")
        (numeric if _numeric(types[name]) else categorical).append(name)
    if columns.get("timestamp"):
        need(
            "timestamp",
            columns["timestamp"],
            lambda t: pa.types.is_timestamp(t) or pa.types.is_date(t),
            "a time",
        )
    kind = columns.get("prediction_kind") or "score"
    if kind == "score":
        numeric.append(columns["prediction"])
    else:
        categorical.append(columns["prediction"])
    return {
        "prediction": columns["prediction"],
        "prediction_kind": kind,
        "threshold": threshold,
        "label": columns.get("label") or None,
        "sensitive": list(columns["sensitive"]),
        "timestamp": columns.get("timestamp") or None,
        "numeric": numeric,
        "categorical": categorical,
    }


def column_ranges(pf: pq.ParquetFile, names: list[str]) -> dict[str, list[float]]:
    """[min, max] of numeric columns: from the row groups' statistics, else by reading those columns."""
    out: dict[str, list[float]] = {}
    index = {pf.schema_arrow.field(i).name: i for i in range(len(pf.schema_arrow))}
    missing = []
    for name in names:
        lo = hi = None
        for rg in range(pf.metadata.num_row_groups):
            stats = pf.metadata.row_group(rg).column(index[name]).statistics
            if stats is None or not stats.has_min_max:
                if stats is None or stats.null_count != pf.metadata.row_group(rg).num_rows:
                    lo = None
                    break
                continue
            lo = stats.min if lo is None else min(lo, stats.min)
            hi = stats.max if hi is None else max(hi, stats.max)
        if lo is None or lo != lo or hi != hi:  # no statistics, or NaN in them
            missing.append(name)
        else:
            out[name] = [float(lo), float(hi)]
    if missing:
        out |= _scan_ranges(pf, missing)
    return out


def _scan_ranges(pf: pq.ParquetFile, names: list[str]) -> dict[str, list[float]]:
    import numpy as np

    lows = dict.fromkeys(names, np.inf)
    highs = dict.fromkeys(names, -np.inf)
    for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=names):
        for name in names:
            values = np.asarray(batch.column(name).to_numpy(zero_copy_only=False), dtype=float)
            if np.isfinite(values).any():
                lows[name] = min(lows[name], float(np.nanmin(values[np.isfinite(values)])))
                highs[name] = max(highs[name], float(np.nanmax(values[np.isfinite(values)])))
    return {n: [lows[n], highs[n]] if np.isfinite(lows[n]) else [0.0, 0.0] for n in names}


def slices(pf: pq.ParquetFile) -> list[list[int]]:
    """[row group, offset of its first row] for each row group."""
    out, offset = [], 0
    for rg in range(pf.metadata.num_row_groups):
        out.append([rg, offset])
        offset += pf.metadata.row_group(rg).num_rows
    return out


def read_slice(
    source: IO[bytes] | str, spec: dict[str, Any], *, row_group: int, offset: int, stage: str
) -> dict:
    """The partial aggregates of one row group, read batch by batch; stops at the first bad row."""
    pf = parquet_file(source)
    wanted = {spec["prediction"], *spec["sensitive"], *spec["categorical"]}
    wanted |= {c for c in (spec.get("label"), spec.get("timestamp")) if c}
    if stage == "scan":  # a "rows" slice leaves the numeric columns to the column tasks
        wanted |= set(spec["numeric"])
    partials = []
    # One thread: a worker process is the unit of parallelism (Celery runs one slice per process), so a
    # thread pool per process would only oversubscribe the cores the other slices are using.
    batches = pf.iter_batches(
        batch_size=BATCH_ROWS, row_groups=[row_group], columns=sorted(wanted), use_threads=False
    )
    for batch in batches:
        part = slice_partial(pa.Table.from_batches([batch]), spec, offset=offset, stage=stage)
        partials.append(part)
        offset += batch.num_rows
        if part.get("error"):
            break
    return merge(partials)


def read_columns(source: IO[bytes] | str, spec: dict[str, Any], *, names: list[str]) -> dict:
    """A reference's numeric columns, each whole (two reads of it, batch by batch): their profile entries."""
    pf = parquet_file(source)
    out = {}
    for name in names:

        def batches(name: str = name):
            for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=[name], use_threads=False):
                yield numeric_values(batch.column(0))

        lo, hi = spec["grid"][name]
        out[name] = column_bins(batches, lo, hi)
    return {"columns": out}
