"""Which kind of figures a check judged (computed from a prediction set, or reported by a pipeline), and the
policy rule that chosen EU AI Act tiers must have computed evidence."""

from __future__ import annotations

from typing import Any

from governance.inventory.models import Origin

from ..registry import Finding
from ._helpers import failed


def evidence_kind(row: Any) -> str:
    """'computed from prediction set #N (sha256 …)' or 'reported'."""
    if getattr(row, "origin", Origin.REPORTED) == Origin.COMPUTED:
        return row.origin_detail or "computed"
    return "reported"


def computed_required(data: Any, model: Any, row: Any) -> Finding | None:
    """A failure when the policy wants computed evidence for the model's tier and the row was reported."""
    tiers = data.policy.computed_evidence_tiers or []
    if model.ai_act_tier in tiers and getattr(row, "origin", Origin.REPORTED) != Origin.COMPUTED:
        return failed(
            model.pk,
            f"only reported figures for {model.ai_act_tier}-tier model '{model.name}'; the policy requires "
            "figures computed from an uploaded prediction set",
            evidence_kind="reported",
        )
    return None
