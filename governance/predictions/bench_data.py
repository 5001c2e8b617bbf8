"""Synthetic prediction sets for the bench: N rows x 20 features (15 numeric, 5 categorical), 2 sensitive
attributes, a score and a label; written row group by row group so generating never holds the whole set."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

NUMERIC = [f"f{i:02d}" for i in range(15)]
CATEGORICAL = [f"c{i:02d}" for i in range(15, 20)]
SENSITIVE = ["sex", "ethnicity"]
ROW_GROUP = 131_072


def columns() -> dict:
    return {
        "prediction": "score",
        "prediction_kind": "score",
        "label": "y",
        "sensitive": SENSITIVE,
        "features": NUMERIC + CATEGORICAL,
        "timestamp": "",
    }


def _chunk(rng: np.random.Generator, n: int, shift: float) -> pa.Table:
    sex = rng.choice(np.array(["female", "male"]), n)
    ethnicity = rng.choice(np.array(["a", "b", "c", "d", "e"]), n, p=[0.5, 0.2, 0.15, 0.1, 0.05])
    score = np.clip(rng.normal(0.45 + (sex == "male") * 0.06 + shift * 0.05, 0.2, n), 0, 1)
    data = {
        "score": score,
        "y": (rng.random(n) < score).astype(np.int8),
        "sex": sex,
        "ethnicity": ethnicity,
    }
    for i, name in enumerate(NUMERIC):
        if i % 3 == 0:
            data[name] = rng.normal(shift * (i % 2), 1, n)
        elif i % 3 == 1:
            data[name] = rng.lognormal(3 + shift * 0.1, 0.7, n)
        else:
            data[name] = rng.integers(0, 50, n).astype(np.int64)
    for i, name in enumerate(CATEGORICAL):
        values = np.array([f"v{j}" for j in range(5 + 3 * i)])
        data[name] = rng.choice(values, n)
    return pa.table(data)


def write(path: str, *, rows: int, seed: int, shift: float = 0.0) -> None:
    rng = np.random.default_rng(seed)
    writer = None
    try:
        for start in range(0, rows, ROW_GROUP):
            table = _chunk(rng, min(ROW_GROUP, rows - start), shift)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table, row_group_size=ROW_GROUP)
    finally:
        if writer is not None:
            writer.close()
