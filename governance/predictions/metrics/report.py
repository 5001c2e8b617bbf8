"""From merged partials to what is stored: the reference's profile (its bins), fairness, and drift."""

from __future__ import annotations

import math
from typing import Any

from .drift import js_distance, ks_from_grid, psi
from .fairness import attribute_fairness, group_rates, overall
from .partials import unpack

UNSEEN = "(unseen in reference)"
MISSING = "(missing)"


def reference_profile(merged: dict, *, spec: dict[str, Any]) -> dict[str, Any]:
    """The reference's bins and counts, kept after its rows are purged so live sets can still be compared."""
    numeric = {name: merged["columns"][name] for name in spec["numeric"]}
    categorical = {
        name: {"counts": merged["cat"].get(name, {}), "missing": merged["missing"].get(name, 0)}
        for name in spec["categorical"]
    }
    return {"rows": merged["rows"], "numeric": numeric, "categorical": categorical}


def fairness(merged: dict, *, labelled: bool, min_group_size: int) -> dict[str, Any]:
    rates = group_rates(merged["fair"], labelled)
    attributes = {
        key: attribute_fairness(groups, labelled=labelled, min_group_size=min_group_size, rates=rates[key])
        for key, groups in merged["fair"].items()
    }
    first = next(iter(merged["fair"].values()), {})
    return {"overall": overall(first, labelled=labelled), "attributes": attributes, "labelled": labelled}


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _measure(ref: list[int], cur: list[int]) -> dict[str, Any]:
    if sum(ref) == 0 or sum(cur) == 0:
        return {"psi": None, "js_distance": None, "note": "a side has no values"}
    return {"psi": _finite(psi(ref, cur)), "js_distance": _finite(js_distance(ref, cur))}


def numeric_drift(reference: dict, *, bins: list[int], missing: int, grid: list[int] | None) -> dict:
    ref = [*reference["bin_counts"], reference["missing"]]
    cur = [*bins, missing]
    out = {
        "kind": "numeric",
        "edges": reference["edges"],
        "reference": ref,
        "live": cur,
        **_measure(ref, cur),
    }
    ref_grid = unpack(reference["grid_counts"]) if reference.get("grid_counts") is not None else None
    if grid is not None and ref_grid is not None and len(ref_grid) and sum(grid) and ref_grid.sum():
        out["ks"] = ks_from_grid(ref_grid, grid)
    return out


def categorical_drift(reference: dict, *, counts: dict[str, int], missing: int) -> dict:
    categories = sorted(reference["counts"])
    ref = [reference["counts"][c] for c in categories] + [0, reference["missing"]]
    unseen = sum(v for k, v in counts.items() if k not in reference["counts"])
    cur = [counts.get(c, 0) for c in categories] + [unseen, missing]
    return {
        "kind": "categorical",
        "bins": [*categories, UNSEEN, MISSING],
        "reference": ref,
        "live": cur,
        **_measure(ref, cur),
    }


def drift(profile: dict, merged: dict) -> dict[str, dict]:
    """Per column, PSI and Jensen-Shannon distance (and KS for numeric columns) of live against reference."""
    out = {}
    for name, reference in profile["numeric"].items():
        out[name] = numeric_drift(
            reference,
            bins=merged["bins"].get(name, [0] * len(reference["bin_counts"])),
            missing=merged["missing"].get(name, 0),
            grid=merged["grid"].get(name),
        )
    for name, reference in profile["categorical"].items():
        out[name] = categorical_drift(
            reference, counts=merged["cat"].get(name, {}), missing=merged["missing"].get(name, 0)
        )
    return out
