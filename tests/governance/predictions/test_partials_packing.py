"""Grid counts travel and are kept packed; merging packed partials gives what merging plain ones gives."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.predictions.metrics.partials import merge, pack, packed, unpack
from governance.predictions.metrics.report import numeric_drift

counts = st.lists(st.integers(min_value=0, max_value=2**40), min_size=1, max_size=300)


@given(counts)
@settings(max_examples=50, deadline=None)
def test_packed_counts_read_back_exactly(values):
    assert unpack(pack(values)).tolist() == values
    assert unpack(values).tolist() == values  # lists (older profiles) read the same


@given(st.lists(st.tuples(counts, st.integers(0, 5)), min_size=1, max_size=6))
@settings(max_examples=40, deadline=None)
def test_merging_packed_partials_equals_merging_plain_ones(parts):
    size = len(parts[0][0])
    plain = [{"rows": 1, "grid": {"x": (c + [0] * size)[:size]}, "missing": {"x": m}} for c, m in parts]
    travelled = [json.loads(json.dumps(packed(p))) for p in plain]
    assert all(isinstance(p["grid"]["x"], str) for p in travelled)
    assert merge(travelled) == merge(plain)
    assert merge(plain)["grid"]["x"] == [
        sum(col) for col in zip(*(p["grid"]["x"] for p in plain), strict=True)
    ]


def test_a_profile_with_packed_grid_counts_gives_the_ks_a_plain_one_gives():
    grid = [0, 5, 10, 20, 10, 5, 0]
    live = [0, 2, 4, 30, 10, 4, 0]
    entry = {"bin_counts": [25, 25], "missing": 0, "edges": [0.5], "grid_counts": grid}
    from_list = numeric_drift(entry, bins=[20, 30], missing=0, grid=live)
    from_packed = numeric_drift({**entry, "grid_counts": pack(grid)}, bins=[20, 30], missing=0, grid=live)
    assert from_packed["ks"] == from_list["ks"]
    assert from_list["ks"]["statistic"] > 0
    no_grid = numeric_drift({**entry, "grid_counts": None}, bins=[20, 30], missing=0, grid=live)
    assert "ks" not in no_grid
