"""Group fairness from merged confusion counts, computed with Fairlearn's MetricFrame.

Row groups only count rows per (group, actual, decision): four numbers per group, which merge by addition.
MetricFrame then runs on one row per (group, actual, decision) cell weighted by its count, which gives exactly
the figures it would give on the rows themselves (every metric here is a weighted mean). Groups smaller than
the policy's minimum are reported as too small to judge and take no part in differences, ratios or tests.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, false_positive_rate, selection_rate, true_positive_rate
from scipy.stats import chi2_contingency

# Cell order of a group's counts: index = 2 * actual + decision.
CELLS = ((0, 0), (0, 1), (1, 0), (1, 1))


def error_rate(y_true, y_pred, sample_weight=None) -> float:
    return float(np.average(np.asarray(y_true) != np.asarray(y_pred), weights=sample_weight))


def group_rates(
    attributes: dict[str, dict[str, list[int]]], labelled: bool
) -> dict[str, dict[str, dict[str, float | None]]]:
    """Each attribute's groups' rates, from one MetricFrame over every (attribute, group) pair.

    One frame, not one per attribute: MetricFrame's fixed cost (its frames, its group-by) is paid once, in the
    merge task every worker waits for. A pair is one sensitive value (its index), so groups of different
    attributes never mix, and each group's figures are those a frame of its attribute alone gives.
    """
    pairs = [(key, group) for key, groups in attributes.items() for group in groups]
    names, actual, decided, weights = [], [], [], []
    for code, (key, group) in enumerate(pairs):
        for (y, p), count in zip(CELLS, attributes[key][group], strict=True):
            if count:
                names.append(code)
                actual.append(y)
                decided.append(p)
                weights.append(count)
    metrics: dict[str, Any] = {"selection_rate": selection_rate}
    if labelled:
        metrics |= {
            "true_positive_rate": true_positive_rate,
            "false_positive_rate": false_positive_rate,
            "error_rate": error_rate,
        }
    table: dict = {}
    if names:
        weight = np.asarray(weights, dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # undefined rates (no positives) are replaced below
            frame = MetricFrame(
                metrics=metrics,
                y_true=np.asarray(actual),
                y_pred=np.asarray(decided),
                sensitive_features=pd.Series(names, name="group"),
                sample_params={name: {"sample_weight": weight} for name in metrics},
            )
        table = frame.by_group.to_dict(orient="index")
    out: dict[str, dict[str, dict[str, float | None]]] = {key: {} for key in attributes}
    for code, (key, group) in enumerate(pairs):
        n00, n01, n10, n11 = attributes[key][group]
        row: dict[str, float | None] = {k: float(v) for k, v in table.get(code, {}).items()}
        if labelled:
            if n10 + n11 == 0:
                row["true_positive_rate"] = None
            if n00 + n01 == 0:
                row["false_positive_rate"] = None
        out[key][group] = row
    return out


def _gap_test(high: list[int], low: list[int]) -> dict[str, Any]:
    """Chi-squared test (no continuity correction) of selected vs not between two groups."""
    table = np.array([[high[1] + high[3], high[0] + high[2]], [low[1] + low[3], low[0] + low[2]]])
    if (table.sum(axis=0) == 0).any() or (table.sum(axis=1) == 0).any():
        return {"chi2": None, "pvalue": None, "note": "no variation in decisions"}
    chi2, pvalue, _dof, _expected = chi2_contingency(table, correction=False)
    return {"chi2": float(chi2), "pvalue": float(pvalue)}


def attribute_fairness(
    groups: dict[str, list[int]], *, labelled: bool, min_group_size: int, rates: dict | None = None
) -> dict[str, Any]:
    """Per-group figures and the summary differences for one attribute (or one intersection); `rates` are
    its groups' from `group_rates` when already computed with other attributes'."""
    if rates is None:
        rates = group_rates({"": groups}, labelled)[""]
    table = []
    for group in sorted(groups):
        size = int(sum(groups[group]))
        table.append({"group": group, "count": size, "judged": size >= min_group_size, **rates[group]})
    judged = [row for row in table if row["judged"]]
    result: dict[str, Any] = {
        "groups": table,
        "too_small": [row["group"] for row in table if not row["judged"]],
        "min_group_size": min_group_size,
    }
    if len(judged) < 2:
        result["note"] = "fewer than two groups large enough to judge"
        return result
    selection = {row["group"]: row["selection_rate"] for row in judged}
    high, low = max(selection, key=selection.get), min(selection, key=selection.get)
    result["demographic_parity_difference"] = selection[high] - selection[low]
    result["demographic_parity_ratio"] = selection[low] / selection[high] if selection[high] > 0 else 1.0
    result["highest_group"], result["lowest_group"] = high, low
    result["selection_gap_test"] = _gap_test(groups[high], groups[low])
    if labelled:
        tpr = [row["true_positive_rate"] for row in judged if row.get("true_positive_rate") is not None]
        fpr = [row["false_positive_rate"] for row in judged if row.get("false_positive_rate") is not None]
        tpr_gap = max(tpr) - min(tpr) if len(tpr) >= 2 else None
        fpr_gap = max(fpr) - min(fpr) if len(fpr) >= 2 else None
        if tpr_gap is not None and fpr_gap is not None:
            result["equalized_odds_difference"] = max(tpr_gap, fpr_gap)
            result["odds_measure"] = "equalized odds"
        elif tpr_gap is not None:
            result["equalized_odds_difference"] = tpr_gap
            result["odds_measure"] = "equal opportunity"
    return result


def overall(groups: dict[str, list[int]], *, labelled: bool) -> dict[str, Any]:
    """Overall rows, selection rate and (with labels) accuracy, from any one attribute's counts."""
    total = np.sum(list(groups.values()), axis=0) if groups else np.zeros(4)
    n = int(total.sum())
    out: dict[str, Any] = {"rows": n, "selection_rate": float(total[1] + total[3]) / n if n else None}
    if labelled and n:
        out["accuracy"] = float(total[0] + total[3]) / n
    return out
