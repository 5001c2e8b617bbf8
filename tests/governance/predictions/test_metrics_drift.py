"""PSI, Jensen-Shannon and KS: hand-worked cases, agreement with scipy on generated data, and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp

from governance.predictions.metrics.bins import grid_counts
from governance.predictions.metrics.drift import js_distance, ks_from_grid, psi

counts = st.lists(st.integers(min_value=0, max_value=1000), min_size=2, max_size=12).filter(
    lambda c: sum(c) > 0
)


def test_psi_hand_worked():
    # reference 50/50, live 25/75 (no empty bin, no smoothing):
    # (0.25 - 0.5) * ln(0.25 / 0.5) + (0.75 - 0.5) * ln(0.75 / 0.5)
    # = (-0.25)(-0.693147) + (0.25)(0.405465) = 0.173287 + 0.101366 = 0.274653
    assert psi([50, 50], [25, 75]) == pytest.approx(0.274653, abs=1e-6)


def test_psi_smooths_empty_bins_by_adding_a_half_everywhere():
    # reference [10, 0] -> [10.5, 0.5] / 11; live [5, 5] -> [5.5, 5.5] / 11
    # p_ref = [0.954545, 0.045455], p_live = [0.5, 0.5]
    # (0.5 - 0.954545) ln(0.5 / 0.954545) + (0.5 - 0.045455) ln(0.5 / 0.045455)
    # = (-0.454545)(-0.646627) + (0.454545)(2.397895) = 0.293921 + 1.089952 = 1.383873
    assert psi([10, 0], [5, 5]) == pytest.approx(1.383873, abs=1e-5)


def test_psi_drops_bins_empty_on_both_sides():
    # the third bin is empty on both sides: the same PSI as without it, no smoothing
    assert psi([50, 50, 0], [25, 75, 0]) == pytest.approx(psi([50, 50], [25, 75]))


def test_js_distance_hand_worked():
    # p = [1, 0], q = [0, 1]: disjoint, the maximum distance 1 in base 2.
    assert js_distance([4, 0], [0, 9]) == pytest.approx(1.0)
    # p = [0.5, 0.5], q = [1, 0]: m = [0.75, 0.25];
    # KL(p||m) = 0.5 log2(0.5/0.75) + 0.5 log2(0.5/0.25) = 0.5(-0.584963) + 0.5(1) = 0.207519
    # KL(q||m) = log2(1/0.75) = 0.415037; JS = (0.207519 + 0.415037) / 2 = 0.311278
    # distance = sqrt(0.311278) = 0.557924
    assert js_distance([2, 2], [3, 0]) == pytest.approx(0.557924, abs=1e-6)


def test_ks_from_grid_hand_worked():
    # cells: [below, c1, c2, c3, above]; reference 2 / 2 / 0 in c1..c3, live 0 / 2 / 2.
    # CDFs at boundaries: ref 0, .5, 1, 1, 1; live 0, 0, .5, 1, 1 -> D = 0.5
    # error bound: max over closed cells of max(p_ref, p_live) = 0.5
    result = ks_from_grid([0, 2, 2, 0, 0], [0, 0, 2, 2, 0])
    assert result["statistic"] == pytest.approx(0.5)
    assert result["error_bound"] == pytest.approx(0.5)


def test_agrees_with_scipy_on_generated_data():
    rng = np.random.default_rng(7)
    ref, live = rng.normal(0, 1, 20_000), rng.normal(0.2, 1.1, 15_000)
    lo, hi = float(ref.min()), float(ref.max())
    grid = ks_from_grid(grid_counts(ref, lo, hi), grid_counts(live, lo, hi))
    exact = ks_2samp(ref, live, method="asymp")
    assert grid["statistic"] <= exact.statistic + 1e-12
    assert exact.statistic - grid["statistic"] <= grid["error_bound"]
    assert grid["error_bound"] < 0.005
    assert math.log10(grid["pvalue"]) == pytest.approx(math.log10(exact.pvalue), rel=0.1)
    # Jensen-Shannon on the same counts as scipy's own call
    edges = np.quantile(ref, np.arange(1, 10) / 10, method="inverted_cdf")
    r = np.bincount(np.searchsorted(edges, ref), minlength=10)
    c = np.bincount(np.searchsorted(edges, live), minlength=10)
    assert js_distance(r, c) == pytest.approx(jensenshannon(r / r.sum(), c / c.sum(), base=2))


@settings(max_examples=60, deadline=None)
@given(counts)
def test_psi_of_a_distribution_with_itself_is_zero(c):
    assert psi(c, c) == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_psi_is_never_negative_and_js_is_symmetric(data):
    a = data.draw(counts)
    b = data.draw(
        st.lists(st.integers(0, 1000), min_size=len(a), max_size=len(a)).filter(lambda c: sum(c) > 0)
    )
    assert psi(a, b) >= 0
    assert js_distance(a, b) == pytest.approx(js_distance(b, a), abs=1e-12)
    assert 0 <= js_distance(a, b) <= 1
