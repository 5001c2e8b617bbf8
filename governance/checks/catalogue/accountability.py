"""Accountability: a person answers for each model, a team looks after it, and someone can stop it."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import HIGH_TIERS, ChunkData, in_use, person
from ..messages import Texts, choice
from ..registry import Category, Finding, Severity, register
from ._helpers import failed, in_stage, not_applicable, passed

T = Texts(
    "accountability",
    {
        "owner_deactivated": (
            "owner '{owner}' of model '{name}' is deactivated; nobody answers for it",
            "모델 '{name}'의 책임자 '{owner}'의 계정이 비활성화되어 모델을 책임지는 사람이 없습니다",
        ),
        "owned_by": ("owned by '{owner}'", "책임자: '{owner}'"),
        "no_maintainer": (
            "team '{team}' of model '{name}' has no active maintainer",
            "모델 '{name}'을(를) 담당하는 팀 '{team}'에 활성 관리자가 없습니다",
        ),
        "maintainers": (
            "team '{team}' has {count} active maintainer(s)",
            "팀 '{team}'에 활성 관리자가 {count}명 있습니다",
        ),
        "only_high_production": (
            "only production models in the high or unacceptable tier",
            "위험 등급이 높음 또는 허용 불가인 운영 모델만 해당",
        ),
        "no_oversight": (
            "{tier}-tier production model '{name}' names no human-oversight contact",
            "위험 등급이 '{tier}'인 운영 모델 '{name}'에 지정된 감독 담당자가 없습니다",
        ),
        "oversight_deactivated": (
            "human-oversight contact '{contact}' of model '{name}' is deactivated",
            "모델 '{name}'의 감독 담당자 '{contact}'의 계정이 비활성화되었습니다",
        ),
        "overseen_by": ("overseen by '{contact}'", "감독 담당자: '{contact}'"),
        "tier": ("tier {tier}", "위험 등급: {tier}"),
        "retired": ("model '{name}' is retired", "모델 '{name}'은(는) 폐기되었습니다"),
        "prohibited": (
            "model '{name}' is in the unacceptable (prohibited) tier and is {stage}, not retired",
            "모델 '{name}'은(는) 허용 불가(금지) 등급인데 폐기되지 않고 {stage} 단계에 있습니다",
        ),
    },
)


@register(
    key="accountability.active_owner",
    title="Model has an active accountable owner",
    title_ko="모델에 활성 상태의 책임자가 있음",
    category=Category.ACCOUNTABILITY,
    severity=Severity.HIGH,
    remediation="Transfer ownership to an active member of the team who can answer for the model.",
    remediation_ko="모델을 책임질 수 있는 팀의 활성 구성원에게 책임자 지정을 넘기십시오.",
)
def active_owner(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if not in_use(model):
            yield not_applicable(model.pk, in_stage(model))
        elif not model.owner.is_active:
            yield failed(
                model.pk,
                T("owner_deactivated", owner=person(model.owner), name=model.name),
                owner=person(model.owner),
            )
        else:
            yield passed(model.pk, T("owned_by", owner=person(model.owner)), owner=person(model.owner))


@register(
    key="accountability.team_maintained",
    title="Model's team has an active maintainer",
    title_ko="모델 담당 팀에 활성 관리자가 있음",
    category=Category.ACCOUNTABILITY,
    severity=Severity.MEDIUM,
    remediation="Give an active member of the owning team the maintainer role.",
    remediation_ko="담당 팀의 활성 구성원에게 관리자 역할을 부여하십시오.",
)
def team_maintained(data: ChunkData) -> Iterator[Finding]:
    maintainers = data.active_maintainers
    for model in data.models:
        count = maintainers.get(model.team_id, 0)
        if not in_use(model):
            yield not_applicable(model.pk, in_stage(model))
        elif count == 0:
            yield failed(
                model.pk, T("no_maintainer", team=model.team.name, name=model.name), team=model.team.name
            )
        else:
            yield passed(model.pk, T("maintainers", team=model.team.name, count=count), team=model.team.name)


@register(
    key="accountability.oversight_contact",
    title="High-tier production model names a human-oversight contact",
    title_ko="높은 위험 등급의 운영 모델에 감독 담당자가 지정됨",
    category=Category.ACCOUNTABILITY,
    severity=Severity.HIGH,
    remediation="Name an active person who can override or stop the model's decisions (EU AI Act Art. 14).",
    remediation_ko="모델의 결정을 무효화하거나 중지할 수 있는 활성 사용자를 지정하십시오(EU AI Act 제14조).",
)
def oversight_contact(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if model.stage != model.Stage.PRODUCTION or model.ai_act_tier not in HIGH_TIERS:
            yield not_applicable(model.pk, T("only_high_production"))
            continue
        contact = model.human_oversight_contact
        if contact is None:
            yield failed(model.pk, T("no_oversight", tier=choice("tier", model.ai_act_tier), name=model.name))
        elif not contact.is_active:
            yield failed(
                model.pk,
                T("oversight_deactivated", contact=person(contact), name=model.name),
                contact=person(contact),
            )
        else:
            yield passed(model.pk, T("overseen_by", contact=person(contact)), contact=person(contact))


@register(
    key="accountability.not_prohibited",
    title="No model in the EU AI Act's unacceptable tier is kept outside retirement",
    title_ko="EU AI Act의 허용 불가 등급 모델은 모두 폐기됨",
    category=Category.ACCOUNTABILITY,
    severity=Severity.CRITICAL,
    remediation="Retire the model: an unacceptable-risk practice is prohibited (EU AI Act Art. 5) and may "
    "not go beyond development.",
    remediation_ko="모델을 폐기하십시오. 허용 불가 위험에 해당하는 관행은 금지되며(EU AI Act 제5조) 개발 "
    "단계를 넘어설 수 없습니다.",
)
def not_prohibited(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if model.ai_act_tier != model.AIActTier.UNACCEPTABLE:
            yield passed(model.pk, T("tier", tier=choice("tier", model.ai_act_tier)))
        elif model.is_retired:
            yield not_applicable(model.pk, T("retired", name=model.name))
        else:
            yield failed(
                model.pk,
                T("prohibited", name=model.name, stage=choice("stage", model.stage)),
                stage=model.stage,
            )
