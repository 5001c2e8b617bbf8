"""Accountability: a person answers for each model, a team looks after it, and someone can stop it."""

from __future__ import annotations

from collections.abc import Iterator

from ..data import HIGH_TIERS, ChunkData, in_use, person
from ..registry import Category, Finding, Severity, register
from ._helpers import failed, not_applicable, passed


@register(
    key="accountability.active_owner",
    title="Model has an active accountable owner",
    category=Category.ACCOUNTABILITY,
    severity=Severity.HIGH,
    remediation="Transfer ownership to an active member of the team who can answer for the model.",
)
def active_owner(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if not in_use(model):
            yield not_applicable(model.pk, f"model '{model.name}' is {model.get_stage_display().lower()}")
        elif not model.owner.is_active:
            yield failed(
                model.pk,
                f"owner '{person(model.owner)}' of model '{model.name}' is deactivated; "
                "nobody answers for it",
                owner=person(model.owner),
            )
        else:
            yield passed(model.pk, f"owned by '{person(model.owner)}'", owner=person(model.owner))


@register(
    key="accountability.team_maintained",
    title="Model's team has an active maintainer",
    category=Category.ACCOUNTABILITY,
    severity=Severity.MEDIUM,
    remediation="Give an active member of the owning team the maintainer role.",
)
def team_maintained(data: ChunkData) -> Iterator[Finding]:
    maintainers = data.active_maintainers
    for model in data.models:
        count = maintainers.get(model.team_id, 0)
        if not in_use(model):
            yield not_applicable(model.pk, f"model '{model.name}' is {model.get_stage_display().lower()}")
        elif count == 0:
            yield failed(
                model.pk,
                f"team '{model.team.name}' of model '{model.name}' has no active maintainer",
                team=model.team.name,
            )
        else:
            yield passed(
                model.pk, f"team '{model.team.name}' has {count} active maintainer(s)", team=model.team.name
            )


@register(
    key="accountability.oversight_contact",
    title="High-tier production model names a human-oversight contact",
    category=Category.ACCOUNTABILITY,
    severity=Severity.HIGH,
    remediation="Name an active person who can override or stop the model's decisions (EU AI Act Art. 14).",
)
def oversight_contact(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if model.stage != model.Stage.PRODUCTION or model.ai_act_tier not in HIGH_TIERS:
            yield not_applicable(model.pk, "only production models in the high or unacceptable tier")
            continue
        contact = model.human_oversight_contact
        if contact is None:
            yield failed(
                model.pk,
                f"{model.get_ai_act_tier_display().lower()}-tier production model '{model.name}' names no "
                "human-oversight contact",
            )
        elif not contact.is_active:
            yield failed(
                model.pk,
                f"human-oversight contact '{person(contact)}' of model '{model.name}' is deactivated",
                contact=person(contact),
            )
        else:
            yield passed(model.pk, f"overseen by '{person(contact)}'", contact=person(contact))


@register(
    key="accountability.not_prohibited",
    title="No model in the EU AI Act's unacceptable tier is kept outside retirement",
    category=Category.ACCOUNTABILITY,
    severity=Severity.CRITICAL,
    remediation="Retire the model: an unacceptable-risk practice is prohibited (EU AI Act Art. 5) and may "
    "not go beyond development.",
)
def not_prohibited(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if model.ai_act_tier != model.AIActTier.UNACCEPTABLE:
            yield passed(model.pk, f"tier {model.get_ai_act_tier_display().lower()}")
        elif model.is_retired:
            yield not_applicable(model.pk, f"model '{model.name}' is retired")
        else:
            yield failed(
                model.pk,
                f"model '{model.name}' is in the unacceptable (prohibited) tier and is "
                f"{model.get_stage_display().lower()}, not retired",
                stage=model.stage,
            )
