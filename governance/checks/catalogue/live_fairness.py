"""Fairness on live traffic: the check behind the "fairness decays over time" risk. It reads the per-group
figures of the newest live windows (computed from live prediction sets when there are any)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..data import ChunkData, in_use
from ..registry import Category, Finding, Severity, register
from ..thresholds import above, below, shown
from ._evidence import computed_required, evidence_kind
from ._helpers import failed, not_applicable, passed, warned


def worst_ratio(group_metrics: dict[str, Any]) -> tuple[float, str] | None:
    """The lowest selection-rate ratio (lowest group over highest) over attributes with two or more groups."""
    worst = None
    for attribute, groups in (group_metrics or {}).items():
        rates = [
            r["selection_rate"]
            for r in groups.values()
            if isinstance(r, dict) and isinstance(r.get("selection_rate"), int | float)
        ]
        if len(rates) < 2:
            continue
        ratio = min(rates) / max(rates) if max(rates) > 0 else 1.0
        if worst is None or ratio < worst[0]:
            worst = (ratio, attribute)
    return worst


@register(
    key="fairness.live",
    title="Fairness holds on live traffic and is not decaying",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.HIGH,
    remediation="Compare the live windows' groups with the reference; look for shifted inputs or feedback "
    "loops, then retrain or re-threshold. Review the model's fairness-decay risk.",
)
def live_fairness(data: ChunkData) -> Iterator[Finding]:
    threshold, tolerance = data.policy.fairness_ratio_min, data.policy.quality_tolerance
    for model in data.models:
        windows = data.live_fairness_windows.get(model.pk, []) if in_use(model) else []
        judged = [(w, worst_ratio(w.group_metrics)) for w in windows]
        judged = [(w, r) for w, r in judged if r is not None]
        if not judged:
            yield not_applicable(model.pk, "no live window with per-group selection rates")
            continue
        latest, (ratio, attribute) = judged[-1]
        if finding := computed_required(data, model, latest):
            yield finding
            continue
        first_ratio = judged[0][1][0]
        evidence = {
            "ratio": round(ratio, 4),
            "attribute": attribute,
            "threshold": threshold,
            "windows": [round(r[0], 4) for _, r in judged],
            "snapshot": latest.pk,
            "evidence_kind": evidence_kind(latest),
        }
        text = (
            f"live selection-rate ratio {ratio:.2f} on '{attribute}' in the window of "
            f"{latest.taken_at:%Y-%m-%d} ({evidence_kind(latest)})"
        )
        if below(ratio, threshold):
            text = text.replace(f"ratio {ratio:.2f}", f"ratio {shown(ratio, threshold)}")
            yield failed(model.pk, f"{text}; below {threshold:.2f} for model '{model.name}'", **evidence)
        elif len(judged) > 1 and above(first_ratio - ratio, tolerance):
            yield warned(
                model.pk,
                f"{text}: down from {first_ratio:.2f} over {len(judged)} windows (more than {tolerance:.2f})",
                **evidence,
            )
        else:
            yield passed(model.pk, f"{text}, over {len(judged)} window(s)", **evidence)
