"""Risk: models in staging and production have rated risks, reviewed on time, and serious ones treated."""

from __future__ import annotations

from collections.abc import Iterator

from governance.risks.models import Risk

from ..data import ChunkData, in_use, is_live
from ..messages import Texts, choice
from ..registry import Category, Finding, Severity, register
from ._helpers import COMMON, failed, not_applicable, passed, warned

T = Texts(
    "risk",
    {
        "none_rated": (
            "{stage} model '{name}' has no rated risk{waiting}",
            "{stage} 단계 모델 '{name}'에 평가된 위험이 없습니다{waiting}",
        ),
        "drafts_waiting": (" ({drafts} draft(s) waiting to be rated)", " (평가를 기다리는 초안 {drafts}건)"),
        "drafts_to_rate": (
            "{active} rated, {drafts} draft(s) of '{name}' still to rate",
            "'{name}'의 위험 {active}건은 평가되었고 초안 {drafts}건은 아직 평가해야 합니다",
        ),
        "rated": ("{count} rated risk(s)", "평가된 위험 {count}건"),
        "no_rated_risk": ("no rated risk", "평가된 위험 없음"),
        "review_due": (
            "review of risk '{title}' was due on {due}",
            "위험 '{title}'의 검토 기한은 {due}였습니다",
        ),
        "overdue": ("{parts} (model '{name}')", "{parts} (모델 '{name}')"),
        "next_review": ("next review due {due}", "다음 검토 기한: {due}"),
        "up_to_date": ("reviews are up to date", "검토가 기한 내에 이루어지고 있습니다"),
        "no_serious": ("no high or critical residual risk", "높음 또는 심각 수준의 잔여 위험 없음"),
        "untreated_one": ("{level} residual risk '{title}'", "{level} 수준의 잔여 위험 '{title}'"),
        "untreated": (
            "{parts} of model '{name}' is not treated: no acceptance in force and no mitigation done or in "
            "progress on time",
            "모델 '{name}'의 {parts}이(가) 처리되지 않았습니다. 유효한 위험 수용이 없고, 완료되었거나 기한 "
            "내에 "
            "진행 중인 완화 조치도 없습니다",
        ),
        "treated": (
            "{count} high or critical risk(s), each treated",
            "높음 또는 심각 수준의 위험 {count}건, 모두 처리됨",
        ),
    },
)


def _active(data: ChunkData, model_id: int) -> list[Risk]:
    return [r for r in data.risks.get(model_id, []) if r.status == Risk.Status.ACTIVE]


@register(
    key="risk.rated",
    title="Staging and production models have rated risks",
    title_ko="스테이징 및 운영 모델에 평가된 위험이 있음",
    category=Category.RISK,
    severity=Severity.HIGH,
    remediation="Add the standard risks from the model's page and rate each one's likelihood and impact.",
    remediation_ko="모델 페이지에서 표준 위험을 추가하고 각 위험의 발생 가능성과 영향도를 평가하십시오.",
)
def rated(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if not is_live(model):
            yield not_applicable(model.pk, COMMON("only_live"))
            continue
        risks = data.risks.get(model.pk, [])
        active = [r for r in risks if r.status == Risk.Status.ACTIVE]
        drafts = len(risks) - len(active)
        if not active:
            waiting = T("drafts_waiting", drafts=drafts) if drafts else ""
            stage = choice("stage", model.stage)
            yield failed(model.pk, T("none_rated", stage=stage, name=model.name, waiting=waiting))
        elif drafts:
            yield warned(
                model.pk,
                T("drafts_to_rate", active=len(active), drafts=drafts, name=model.name),
                drafts=drafts,
            )
        else:
            yield passed(model.pk, T("rated", count=len(active)))


@register(
    key="risk.review_overdue",
    title="No risk review is overdue",
    title_ko="기한이 지난 위험 검토가 없음",
    category=Category.RISK,
    severity=Severity.MEDIUM,
    remediation="Review the risk: confirm or re-rate it and record the review; the next date follows.",
    remediation_ko="위험을 검토하십시오. 평가를 확인하거나 다시 평가한 뒤 검토를 기록하면 다음 검토일이 "
    "정해집니다.",
)
def review_overdue(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        active = _active(data, model.pk) if in_use(model) else []
        if not active:
            yield not_applicable(model.pk, T("no_rated_risk") if in_use(model) else COMMON("not_in_use"))
            continue
        overdue = sorted((r for r in active if r.is_overdue(data.today)), key=lambda r: r.next_review_due)
        if overdue:
            parts = [T("review_due", title=r.title, due=f"{r.next_review_due:%Y-%m-%d}") for r in overdue]
            yield failed(
                model.pk,
                T("overdue", parts=parts, name=model.name),
                risks=[{"id": r.pk, "title": r.title, "due": r.next_review_due.isoformat()} for r in overdue],
            )
        else:
            nxt = min((r.next_review_due for r in active if r.next_review_due), default=None)
            yield passed(model.pk, T("next_review", due=f"{nxt:%Y-%m-%d}") if nxt else T("up_to_date"))


@register(
    key="risk.high_treated",
    title="High and critical residual risks are mitigated or accepted",
    title_ko="높음 및 심각 수준의 잔여 위험이 완화되거나 수용됨",
    category=Category.RISK,
    severity=Severity.HIGH,
    remediation="Carry a mitigation out (in progress and on time, or done), or have a maintainer accept the "
    "risk for a time.",
    remediation_ko="완화 조치를 수행하거나(기한 내 진행 중 또는 완료), 관리자가 일정 기간 위험을 수용하도록 "
    "하십시오.",
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
            yield not_applicable(model.pk, T("no_serious"))
            continue
        untreated = [r for r in serious if r.pk not in treated]
        if untreated:
            parts = [
                T("untreated_one", level=levels[r.matrix_id][r.residual_level].name.lower(), title=r.title)
                for r in untreated
            ]
            yield failed(
                model.pk,
                T("untreated", parts=parts, name=model.name),
                risks=[r.pk for r in untreated],
            )
        else:
            yield passed(model.pk, T("treated", count=len(serious)))
