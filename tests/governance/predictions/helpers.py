"""Prediction sets as in-memory Parquet or CSV, for the metric tests and the service tests."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def parquet_bytes(df: pd.DataFrame, *, row_group_size: int = 10_000) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), buffer, row_group_size=row_group_size)
    return buffer.getvalue()


def opener(df: pd.DataFrame, *, row_group_size: int = 10_000):
    data = parquet_bytes(df, row_group_size=row_group_size)
    return lambda: io.BytesIO(data)


def scored(n: int, *, seed: int = 1, shift: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sex = rng.choice(["female", "male"], n)
    score = np.clip(rng.normal(0.45 + (sex == "male") * 0.1, 0.2), 0, 1)
    return pd.DataFrame(
        {
            "score": score,
            "y": (rng.random(n) < score).astype(int),
            "sex": sex,
            "age_band": rng.choice(["young", "old"], n),
            "income": rng.normal(50 + shift * 10, 10, n),
            "tenure": rng.integers(0, 10, n),
            "region": rng.choice(["north", "south"], n),
        }
    )


COLUMNS = {
    "prediction": "score",
    "label": "y",
    "sensitive": ["sex", "age_band"],
    "features": ["income", "tenure", "region"],
}
