"""Which kind of figures a check judged (computed from a prediction set, or reported by a pipeline), and the
policy rule that chosen EU AI Act tiers must have computed evidence."""

from __future__ import annotations

from typing import Any

from governance.inventory.models import Origin

from ..messages import Message, Texts, choice
from ..registry import Finding
from ._helpers import failed

T = Texts(
    "evidence",
    {
        "reported": ("reported", "보고됨"),
        "computed": ("computed", "계산됨"),
        "only_reported": (
            "only reported figures for {tier}-tier model '{name}'; the policy requires figures computed from "
            "an uploaded prediction set",
            "위험 등급이 '{tier}'인 모델 '{name}'에 보고된 수치만 있습니다. 정책상 업로드된 예측 세트로 "
            "계산한 "
            "수치가 필요합니다",
        ),
    },
)


def evidence_kind(row: Any) -> str:
    """'computed from prediction set #N (sha256 …)' or 'reported'."""
    if getattr(row, "origin", Origin.REPORTED) == Origin.COMPUTED:
        return row.origin_detail or "computed"
    return "reported"


def evidence_kind_text(row: Any) -> Message | str:
    """evidence_kind for a finding's text: 'reported' and 'computed' read in the viewer's language; a
    prediction set's own description (an id and a hash) is shown as recorded."""
    kind = evidence_kind(row)
    return T(kind) if kind in ("reported", "computed") else kind


def computed_required(data: Any, model: Any, row: Any) -> Finding | None:
    """A failure when the policy wants computed evidence for the model's tier and the row was reported."""
    tiers = data.policy.computed_evidence_tiers or []
    if model.ai_act_tier in tiers and getattr(row, "origin", Origin.REPORTED) != Origin.COMPUTED:
        return failed(
            model.pk,
            T("only_reported", tier=choice("tier", model.ai_act_tier), name=model.name),
            evidence_kind="reported",
        )
    return None
