"""Sets sent as histograms, for pipelines that cannot ship rows: bin counts per feature, and optionally the
confusion counts per group. A live set's numeric bins must be the reference's (its decile edges, served by
the API), so PSI and Jensen-Shannon are exact; KS needs the rows' fine grid and is not computed.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.checks.models import CheckPolicy
from governance.inventory.models import ModelVersion

from . import computing
from .metrics import report
from .models import PredictionSet
from .services import _base

MAX_BINS = 1000
MAX_COUNT = 10**12


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _feature(name: str, raw: Any) -> dict[str, Any]:
    where = f"features.{name}"
    if not isinstance(raw, dict):
        raise ValidationError(
            {where: _('Expected {"edges": [...], "counts": [...]} or {"categories": {...}}.')}
        )
    missing = raw.get("missing", 0)
    if not _count(missing):
        raise ValidationError(
            {where: _("missing is a count (an integer from 0 to %(MAX_COUNT)s).") % {"MAX_COUNT": MAX_COUNT}}
        )
    if "categories" in raw:
        cats = raw["categories"]
        if not isinstance(cats, dict) or not cats or len(cats) > MAX_BINS:
            raise ValidationError({where: _("categories maps each value to its count.")})
        if any(not isinstance(k, str) or not _count(v) for k, v in cats.items()):
            raise ValidationError(
                {
                    where: _("categories maps text values to counts (integers, 0 to %(MAX_COUNT)s).")
                    % {"MAX_COUNT": MAX_COUNT}
                }
            )
        return {"kind": "categorical", "counts": cats, "missing": missing}
    edges, counts = raw.get("edges"), raw.get("counts")
    if not isinstance(edges, list) or not isinstance(counts, list) or not edges or len(edges) > MAX_BINS:
        raise ValidationError({where: _("edges and counts are lists.")})
    if any(not isinstance(e, int | float) or isinstance(e, bool) or not math.isfinite(e) for e in edges):
        raise ValidationError({where: _("edges are finite numbers.")})
    if any(b <= a for a, b in pairwise(edges)):
        raise ValidationError({where: _("edges must increase strictly.")})
    if len(counts) != len(edges) + 1 or not all(_count(c) for c in counts):
        raise ValidationError(
            {where: _("counts are len(edges) + 1 integers >= 0: (-inf, e1], (e1, e2], ..., (e_k, +inf).")}
        )
    return {"kind": "numeric", "edges": [float(e) for e in edges], "counts": counts, "missing": missing}


def _groups(raw: Any) -> dict[str, dict[str, list[int]]]:
    if raw in (None, {}):
        return {}
    shape = 'Expected {"attribute": {"group": [n(actual 0, decision 0), n(0, 1), n(1, 0), n(1, 1)]}}.'
    if not isinstance(raw, dict) or len(raw) > MAX_BINS:
        raise ValidationError({"groups": shape})
    for groups in raw.values():
        if not isinstance(groups, dict) or not groups:
            raise ValidationError({"groups": shape})
        for counts in groups.values():
            if not isinstance(counts, list) or len(counts) != 4 or not all(_count(c) for c in counts):
                raise ValidationError({"groups": shape})
            if not sum(counts):
                raise ValidationError(
                    {"groups": _("Each group needs at least one row; leave empty groups out.")}
                )
    return raw


def _mismatch(features: dict[str, dict], profile: dict) -> str | None:
    ours, theirs = set(features), set(profile["numeric"]) | set(profile["categorical"])
    if ours != theirs:
        return (
            "live and reference sets have different features "
            f"(not in the reference: {', '.join(sorted(ours - theirs)) or 'none'}; "
            f"missing here: {', '.join(sorted(theirs - ours)) or 'none'})"
        )
    for name, feature in features.items():
        if feature["kind"] == "numeric":
            if name not in profile["numeric"]:
                return f"feature '{name}' is a number here but text in the reference"
            ref = profile["numeric"][name]["edges"]
            if len(ref) != len(feature["edges"]) or not all(
                math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                for a, b in zip(ref, feature["edges"], strict=True)
            ):
                return f"feature '{name}': bin edges must be the reference's deciles {ref}"
        elif name not in profile["categorical"]:
            return f"feature '{name}' is text here but a number in the reference"
    return None


def prediction_set_histograms(
    *,
    actor: Any,
    version: ModelVersion,
    role: str,
    features: dict[str, Any],
    groups: dict[str, Any] | None = None,
    labelled: bool = False,
    retention_days: int | None = None,
) -> PredictionSet:
    """Record and compute a histogram set at once (it is small); rejected when it cannot be compared."""
    if not isinstance(features, dict) or not features or len(features) > MAX_BINS:
        raise ValidationError({"features": _("Give at least one feature's histogram.")})
    parsed = {name: _feature(name, raw) for name, raw in features.items()}
    group_counts = _groups(groups)
    columns = {
        "prediction": "",
        "prediction_kind": "label",
        "sensitive": list(group_counts),
        "features": list(parsed),
    }
    prediction_set = _base(
        actor=actor,
        version=version,
        role=role,
        columns=columns,
        threshold=None,
        retention_days=retention_days,
    )
    prediction_set.kind = PredictionSet.Kind.HISTOGRAMS
    prediction_set.histograms = {"features": features, "groups": group_counts, "labelled": bool(labelled)}
    rows = max(
        sum(f["counts"].values() if f["kind"] == "categorical" else f["counts"]) + f["missing"]
        for f in parsed.values()
    )
    min_size = CheckPolicy.current().fairness_min_group_size
    fairness = report.fairness({"fair": group_counts}, labelled=bool(labelled), min_group_size=min_size)
    fairness["overall"].setdefault("rows", rows)
    with transaction.atomic():
        if role == PredictionSet.Role.LIVE:
            problem = _mismatch(parsed, prediction_set.reference.profile)
            if problem:
                prediction_set.status = PredictionSet.Status.REJECTED
                prediction_set.rejection_reason = problem
                prediction_set.save()
                return prediction_set
        prediction_set.status = PredictionSet.Status.COMPUTING
        prediction_set.row_count = rows
        prediction_set.save()
        if role == PredictionSet.Role.REFERENCE:
            result = {"rows": rows, "profile": _profile(parsed), "fairness": fairness}
        else:
            merged = {
                "bins": {n: f["counts"] for n, f in parsed.items() if f["kind"] == "numeric"},
                "cat": {n: f["counts"] for n, f in parsed.items() if f["kind"] == "categorical"},
                "missing": {n: f["missing"] for n, f in parsed.items()},
                "grid": {},
            }
            result = {
                "rows": rows,
                "fairness": fairness,
                "drift": report.drift(prediction_set.reference.profile, merged),
            }
        computing.store(set_id=prediction_set.pk, result=result)
    prediction_set.refresh_from_db()
    return prediction_set


def _profile(parsed: dict[str, dict]) -> dict[str, Any]:
    numeric = {
        n: {
            "grid": None,
            "grid_counts": None,
            "edges": f["edges"],
            "bin_counts": f["counts"],
            "missing": f["missing"],
        }
        for n, f in parsed.items()
        if f["kind"] == "numeric"
    }
    categorical = {
        n: {"counts": f["counts"], "missing": f["missing"]}
        for n, f in parsed.items()
        if f["kind"] == "categorical"
    }
    return {"numeric": numeric, "categorical": categorical}
