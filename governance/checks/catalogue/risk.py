"""Risk: models in staging and production have rated risks, reviewed on time, and serious ones treated."""

from __future__ import annotations

from collections.abc import Iterator

from governance.risks.models import Risk

from ..data import ChunkData, in_use, is_live
from ..registry import Category, Finding, Severity, register
from ._helpers import failed, not_applicable, passed, warned


def _active(data: ChunkData, model_id: int) -> list[Risk]:
    return [r for r in data.risks.get(model_id, []) if r.status == Risk.Status.ACTIVE]


@register(
    key="risk.rated",
    title="Staging and production models have rated risks",
    category=Category.RISK,
    severity=Severity.HIGH,
    remediation="Add the standard risks from the model's page and rate each one's likelihood and impact.",
)
def rated(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if not is_live(model):
            yield not_applicable(model.pk, "only staging and production models")
            continue
        risks = data.risks.get(model.pk, [])
        active = [r for r in risks if r.status == Risk.Status.ACTIVE]
        drafts = len(risks) - len(active)
        if not active:
            waiting = f" ({drafts} draft(s) waiting to be rated)" if drafts else ""
            yield failed(
                model.pk,
                f"{model.get_stage_display().lower()} model '{model.name}' has no rated risk{waiting}",
            )
        elif drafts:
            yield warned(
                model.pk,
                f"{len(active)} rated, {drafts} draft(s) of '{model.name}' still to rate",
                drafts=drafts,
            )
        else:
            yield passed(model.pk, f"{len(active)} rated risk(s)")


@register(
    key="risk.review_overdue",
    title="No risk review is overdue",
    category=Category.RISK,
    severity=Severity.MEDIUM,
    remediation="Review the risk: confirm or re-rate it and record the review; the next date follows.",
)
def review_overdue(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        active = _active(data, model.pk) if in_use(model) else []
        if not active:
            yield not_applicable(model.pk, "no rated risk" if in_use(model) else "not in use")
            continue
        overdue = sorted((r for r in active if r.is_overdue(data.today)), key=lambda r: r.next_review_due)
        if overdue:
            parts = [f"review of risk '{r.title}' was due on {r.next_review_due:%Y-%m-%d}" for r in overdue]
            yield failed(
                model.pk,
                f"{'; '.join(parts)} (model '{model.name}')",
                risks=[{"id": r.pk, "title": r.title, "due": r.next_review_due.isoformat()} for r in overdue],
            )
        else:
            nxt = min((r.next_review_due for r in active if r.next_review_due), default=None)
            yield passed(model.pk, f"next review due {nxt:%Y-%m-%d}" if nxt else "reviews are up to date")


@register(
    key="risk.high_treated",
    title="High and critical residual risks are mitigated or accepted",
    category=Category.RISK,
    severity=Severity.HIGH,
    remediation="Carry a mitigation out (in progress and on time, or done), or have a maintainer accept the "
    "risk for a time.",
)
def high_treated(data: ChunkData) -> Iterator[Finding]:
    treated = data.treated_risk_ids
    levels = data.matrix_levels
    for model in data.models:
        active = _active(data, model.pk) if in_use(model) else []
        # "High and critical" are the levels whose severity class is high or above, on any matrix size.
        serious = [
            r
            for r in active
            if r.residual_level is not None and levels[r.matrix_id][r.residual_level].at_least("high")
        ]
        if not serious:
            yield not_applicable(model.pk, "no high or critical residual risk")
            continue
        untreated = [r for r in serious if r.pk not in treated]
        if untreated:
            parts = [
                f"{levels[r.matrix_id][r.residual_level].name.lower()} residual risk '{r.title}'"
                for r in untreated
            ]
            yield failed(
                model.pk,
                f"{'; '.join(parts)} of model '{model.name}' is not treated: no acceptance in force and no "
                "mitigation done or in progress on time",
                risks=[r.pk for r in untreated],
            )
        else:
            yield passed(model.pk, f"{len(serious)} high or critical risk(s), each treated")
