"""Fairness from merged counts: a hand-worked case, and agreement with fairlearn and scipy called directly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from scipy.stats import chi2_contingency

from governance.predictions.compute import compute_inline

from .helpers import opener

# Counts per group: [n(actual 0, decision 0), n(0, 1), n(1, 0), n(1, 1)]
HAND = {"a": [4, 1, 1, 4], "b": [6, 2, 1, 1], "tiny": [1, 1, 0, 0]}


def test_hand_worked_group_figures():
    from governance.predictions.metrics.fairness import attribute_fairness

    result = attribute_fairness(HAND, labelled=True, min_group_size=5)
    rows = {r["group"]: r for r in result["groups"]}
    # a: 10 rows, selected 1 + 4 = 5 -> 0.5; TPR 4 / (1 + 4) = 0.8; FPR 1 / (4 + 1) = 0.2; errors (1 + 1) / 10
    assert rows["a"]["count"] == 10
    assert rows["a"]["selection_rate"] == pytest.approx(0.5)
    assert rows["a"]["true_positive_rate"] == pytest.approx(0.8)
    assert rows["a"]["false_positive_rate"] == pytest.approx(0.2)
    assert rows["a"]["error_rate"] == pytest.approx(0.2)
    # b: 10 rows, selected 2 + 1 = 3 -> 0.3; TPR 1 / 2 = 0.5; FPR 2 / 8 = 0.25; errors (2 + 1) / 10 = 0.3
    assert rows["b"]["selection_rate"] == pytest.approx(0.3)
    assert rows["b"]["true_positive_rate"] == pytest.approx(0.5)
    assert rows["b"]["false_positive_rate"] == pytest.approx(0.25)
    # tiny: 2 rows < 5: too small to judge, left out of every difference
    assert result["too_small"] == ["tiny"]
    assert rows["tiny"]["judged"] is False
    # DP difference 0.5 - 0.3 = 0.2; ratio 0.3 / 0.5 = 0.6
    assert result["demographic_parity_difference"] == pytest.approx(0.2)
    assert result["demographic_parity_ratio"] == pytest.approx(0.6)
    # EO: max(|0.8 - 0.5|, |0.2 - 0.25|) = 0.3
    assert result["equalized_odds_difference"] == pytest.approx(0.3)
    assert result["odds_measure"] == "equalized odds"
    # chi-squared without correction on [[5, 5], [3, 7]]: expected [[4, 6], [4, 6]];
    # (5-4)^2/4 + (5-6)^2/6 + (3-4)^2/4 + (7-6)^2/6 = 0.25 + 0.1667 + 0.25 + 0.1667 = 0.8333
    assert result["selection_gap_test"]["chi2"] == pytest.approx(0.833333, abs=1e-5)


def test_equal_opportunity_when_only_true_positive_rates_exist():
    from governance.predictions.metrics.fairness import attribute_fairness

    # every row has actual 1: no false-positive rate anywhere
    result = attribute_fairness({"a": [0, 0, 2, 8], "b": [0, 0, 5, 5]}, labelled=True, min_group_size=1)
    assert result["odds_measure"] == "equal opportunity"
    assert result["equalized_odds_difference"] == pytest.approx(0.8 - 0.5)


def test_a_single_judged_group_gives_no_difference():
    from governance.predictions.metrics.fairness import attribute_fairness

    result = attribute_fairness({"a": [10, 10, 10, 10], "b": [1, 0, 0, 0]}, labelled=True, min_group_size=30)
    assert "demographic_parity_ratio" not in result
    assert result["too_small"] == ["b"]


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sex = rng.choice(["female", "male"], n, p=[0.4, 0.6])
    score = np.clip(rng.normal(0.5 + (sex == "male") * 0.08, 0.2), 0, 1)
    return pd.DataFrame(
        {
            "score": score,
            "y": (rng.random(n) < score).astype(int),
            "sex": sex,
            "band": rng.choice(["18-30", "31-50", "51+"], n),
            "income": rng.lognormal(10, 0.5, n),
            "region": rng.choice(["north", "south", "east"], n),
        }
    )


COLUMNS = {
    "prediction": "score",
    "label": "y",
    "sensitive": ["sex", "band"],
    "features": ["income", "region"],
}


def test_agrees_with_fairlearn_and_scipy_called_directly():
    df = _frame(40_000, seed=3)
    result = compute_inline(
        opener(df, row_group_size=7_000), columns=COLUMNS, threshold=0.5, min_group_size=30
    )
    decided = (df.score >= 0.5).astype(int)
    for attribute in ("sex", "band"):
        ours = result["fairness"]["attributes"][attribute]
        frame = MetricFrame(
            metrics={"sr": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate},
            y_true=df.y,
            y_pred=decided,
            sensitive_features=df[attribute],
        )
        for row in ours["groups"]:
            assert row["selection_rate"] == pytest.approx(frame.by_group.loc[row["group"], "sr"], abs=1e-12)
            assert row["true_positive_rate"] == pytest.approx(
                frame.by_group.loc[row["group"], "tpr"], abs=1e-12
            )
            assert row["false_positive_rate"] == pytest.approx(
                frame.by_group.loc[row["group"], "fpr"], abs=1e-12
            )
        features = df[attribute]
        assert ours["demographic_parity_difference"] == pytest.approx(
            demographic_parity_difference(df.y, decided, sensitive_features=features), abs=1e-12
        )
        assert ours["demographic_parity_ratio"] == pytest.approx(
            demographic_parity_ratio(df.y, decided, sensitive_features=features), abs=1e-12
        )
        assert ours["equalized_odds_difference"] == pytest.approx(
            equalized_odds_difference(df.y, decided, sensitive_features=features), abs=1e-12
        )
        high, low = ours["highest_group"], ours["lowest_group"]
        table = [
            [int(decided[features == g].sum()), int((1 - decided[features == g]).sum())] for g in (high, low)
        ]
        chi2, pvalue, _, _ = chi2_contingency(table, correction=False)
        assert ours["selection_gap_test"]["pvalue"] == pytest.approx(pvalue)
        assert ours["selection_gap_test"]["chi2"] == pytest.approx(chi2)
    intersection = result["fairness"]["attributes"]["sex & band"]
    assert {row["group"] for row in intersection["groups"]} == {
        f"{s} & {b}" for s in ("female", "male") for b in ("18-30", "31-50", "51+")
    }
    assert sum(row["count"] for row in intersection["groups"]) == len(df)
