"""Fairness on live traffic: the check behind the "fairness decays over time" risk. It reads the per-group
figures of the newest live windows (computed from live prediction sets when there are any)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..data import ChunkData, in_use
from ..messages import Texts
from ..registry import Category, Finding, Severity, register
from ..thresholds import above, below, shown
from ._evidence import computed_required, evidence_kind, evidence_kind_text
from ._helpers import failed, not_applicable, passed, warned

T = Texts(
    "fairness_live",
    {
        "no_window": (
            "no live window with per-group selection rates",
            "집단별 선택률이 있는 운영 구간 없음",
        ),
        "text": (
            "live selection-rate ratio {ratio} on '{attribute}' in the window of {day} ({kind})",
            "{day} 운영 구간의 '{attribute}' 기준 선택률 비율 {ratio}({kind})",
        ),
        "below": (
            "{text}; below {threshold} for model '{name}'",
            "{text}. 모델 '{name}'의 기준 {threshold}보다 낮습니다",
        ),
        "decaying": (
            "{text}: down from {first} over {count} windows (more than {tolerance})",
            "{text}: 운영 구간 {count}개 동안 {first}에서 떨어졌습니다(허용 폭 {tolerance} 초과)",
        ),
        "holds": ("{text}, over {count} window(s)", "{text}, 운영 구간 {count}개 기준"),
    },
)


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
    title_ko="운영 트래픽에서 공정성이 유지되고 저하되지 않음",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.HIGH,
    remediation="Compare the live windows' groups with the reference; look for shifted inputs or feedback "
    "loops, then retrain or re-threshold. Review the model's fairness-decay risk.",
    remediation_ko="운영 구간의 집단별 결과를 기준 세트와 비교하고, 입력 변화나 피드백 루프를 찾은 뒤 "
    "재학습하거나 "
    "임곗값을 다시 정하십시오. 모델의 공정성 저하 위험도 검토하십시오.",
)
def live_fairness(data: ChunkData) -> Iterator[Finding]:
    threshold, tolerance = data.policy.fairness_ratio_min, data.policy.quality_tolerance
    for model in data.models:
        windows = data.live_fairness_windows.get(model.pk, []) if in_use(model) else []
        judged = [(w, worst_ratio(w.group_metrics)) for w in windows]
        judged = [(w, r) for w, r in judged if r is not None]
        if not judged:
            yield not_applicable(model.pk, T("no_window"))
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
        low = below(ratio, threshold)
        text = T(
            "text",
            ratio=shown(ratio, threshold) if low else f"{ratio:.2f}",
            attribute=attribute,
            day=f"{latest.taken_at:%Y-%m-%d}",
            kind=evidence_kind_text(latest),
        )
        if low:
            yield failed(
                model.pk, T("below", text=text, threshold=f"{threshold:.2f}", name=model.name), **evidence
            )
        elif len(judged) > 1 and above(first_ratio - ratio, tolerance):
            yield warned(
                model.pk,
                T(
                    "decaying",
                    text=text,
                    first=f"{first_ratio:.2f}",
                    count=len(judged),
                    tolerance=f"{tolerance:.2f}",
                ),
                **evidence,
            )
        else:
            yield passed(model.pk, T("holds", text=text, count=len(judged)), **evidence)
