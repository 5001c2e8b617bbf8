"""Exact reference deciles from counts, drift from merged slices, independence from row order and slicing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import ks_2samp

from governance.predictions.compute import compute_inline
from governance.predictions.metrics.bins import (
    COARSE_CELLS,
    bin_counts,
    bin_counts_on_grid,
    decile_ranks,
    grid_index,
)

from .helpers import COLUMNS, opener, scored


def test_decile_ranks_hand_worked():
    # n = 25: ceil(2.5) = 3, ceil(5) = 5, ceil(7.5) = 8, 10, 13 (12.5), 15, 18 (17.5), 20, 23 (22.5)
    assert decile_ranks(25) == [3, 5, 8, 10, 13, 15, 18, 20, 23]


def test_deciles_are_numpys_inverted_cdf_ones_and_bins_hold_a_tenth_each():
    df = scored(33_333, seed=5)
    result = compute_inline(
        opener(df, row_group_size=4_000), columns=COLUMNS, threshold=0.5, min_group_size=30
    )
    income = result["profile"]["numeric"]["income"]
    expected = np.quantile(df.income, np.arange(1, 10) / 10, method="inverted_cdf")
    assert income["edges"] == pytest.approx(list(expected), abs=0)
    assert income["bin_counts"] == list(np.bincount(np.searchsorted(expected, df.income), minlength=10))
    # tenure has ties: its edges are the distinct deciles
    tenure = result["profile"]["numeric"]["tenure"]
    assert tenure["edges"] == sorted(
        set(np.quantile(df.tenure, np.arange(1, 10) / 10, method="inverted_cdf"))
    )


def test_psi_ks_and_js_on_a_small_hand_worked_set():
    # reference income 1..10 (one per decile bin), live 1..5 twice: edges 1..9 (inverted-cdf deciles of 1..10)
    # reference bins [1]*10, live bins [2]*5 + [0]*5; the missing bin is empty on both sides and dropped;
    # live has empty bins -> +0.5 on each of the 10 bins, so each side totals 10 + 5 = 15:
    # ref p = 1.5/15 for 10 bins; live 2.5/15 for 5 bins, 0.5/15 for 5
    # PSI = 5 (1/15) ln(2.5/1.5) + 5 (-1/15) ln(0.5/1.5) = (1/3)(0.510826 + 1.098612) = 0.536479
    ref = pd.DataFrame(
        {"score": [0.9] * 10, "y": [1] * 10, "sex": ["f", "m"] * 5, "income": np.arange(1.0, 11.0)}
    )
    live = pd.DataFrame(
        {"score": [0.9] * 10, "y": [1] * 10, "sex": ["f", "m"] * 5, "income": np.r_[1:6, 1:6].astype(float)}
    )
    columns = {"prediction": "score", "label": "y", "sensitive": ["sex"], "features": ["income"]}
    reference = compute_inline(opener(ref), columns=columns, threshold=0.5, min_group_size=1)
    assert reference["profile"]["numeric"]["income"]["edges"] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    result = compute_inline(
        opener(live), columns=columns, threshold=0.5, min_group_size=1, profile=reference["profile"]
    )
    income = result["drift"]["income"]
    assert income["psi"] == pytest.approx(0.536479, abs=1e-5)
    # KS: the live CDF reaches 1 at 5 while the reference is at 0.5 -> D = 0.5, as scipy says
    assert income["ks"]["statistic"] == pytest.approx(ks_2samp(ref.income, live.income).statistic)


def test_live_drift_agrees_with_a_direct_computation():
    ref, live = scored(30_000, seed=11), scored(20_000, seed=12, shift=0.3)
    reference = compute_inline(opener(ref), columns=COLUMNS, threshold=0.5, min_group_size=30)
    result = compute_inline(
        opener(live, row_group_size=3_000),
        columns=COLUMNS,
        threshold=0.5,
        min_group_size=30,
        profile=reference["profile"],
    )
    edges = np.quantile(ref.income, np.arange(1, 10) / 10, method="inverted_cdf")
    p = np.bincount(np.searchsorted(edges, ref.income), minlength=10) / len(ref)
    q = np.bincount(np.searchsorted(edges, live.income), minlength=10) / len(live)
    assert result["drift"]["income"]["psi"] == pytest.approx(float(np.sum((q - p) * np.log(q / p))), rel=1e-9)
    ks = result["drift"]["income"]["ks"]
    exact = ks_2samp(ref.income, live.income)
    assert abs(ks["statistic"] - exact.statistic) <= ks["error_bound"]
    region = result["drift"]["region"]
    assert region["bins"] == ["north", "south", "(unseen in reference)", "(missing)"]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), slice_rows=st.sampled_from([97, 500, 4_096]))
def test_results_do_not_depend_on_row_order_or_slicing(seed, slice_rows):
    ref = scored(3_000, seed=seed)
    live = scored(2_000, seed=seed + 1, shift=0.2)
    shuffled = ref.sample(frac=1, random_state=seed).reset_index(drop=True)
    a = compute_inline(opener(ref), columns=COLUMNS, threshold=0.5, min_group_size=30)
    b = compute_inline(
        opener(shuffled, row_group_size=slice_rows), columns=COLUMNS, threshold=0.5, min_group_size=30
    )
    assert a["profile"] == b["profile"]
    assert a["fairness"] == b["fairness"]
    live_a = compute_inline(
        opener(live), columns=COLUMNS, threshold=0.5, min_group_size=30, profile=a["profile"]
    )
    live_b = compute_inline(
        opener(live.iloc[::-1].reset_index(drop=True), row_group_size=slice_rows),
        columns=COLUMNS,
        threshold=0.5,
        min_group_size=30,
        profile=b["profile"],
    )
    assert live_a["drift"] == live_b["drift"]


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.floats(-1e6, 1e6), st.integers(-5, 5).map(float), st.sampled_from([np.inf, -np.inf])),
        max_size=300,
    ),
    picks=st.lists(st.integers(0, 299), max_size=9),
    extra=st.lists(st.floats(-1e7, 1e7), max_size=3),
    grid=st.tuples(st.floats(-1e3, 1e3), st.floats(0, 1e3)),
)
def test_live_bin_counts_from_grid_cells_equal_a_search_among_the_edges(values, picks, extra, grid):
    # A live slice counts its decile bins from the grid cells it already has: the same counts as searching
    # every value among the edges, for ties, values on an edge, infinities and edges off the grid.
    x = np.asarray(values, dtype=float)
    edges = sorted({*(x[i] for i in picks if i < len(x) and np.isfinite(x[i])), *extra})
    lo, hi = grid[0], grid[0] + grid[1]
    index = grid_index(x, lo, hi)
    counts = np.bincount(index, minlength=COARSE_CELLS + 2)
    assert bin_counts_on_grid(x, index, counts, edges, lo, hi) == bin_counts(x, edges).tolist()
