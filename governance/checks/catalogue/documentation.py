"""Documentation: a model card complete enough to judge the model, and a traceable deployed version."""

from __future__ import annotations

from collections.abc import Iterator

from governance.inventory.models import MLModel, ModelVersion

from ..data import HIGH_TIERS, ChunkData, in_use, is_live
from ..registry import Category, Finding, Severity, register
from ._helpers import failed, not_applicable, passed, warned

CARD_FIELDS = {
    "intended_use": "intended use",
    "limitations": "limitations",
    "training_data_description": "training data",
    "evaluation_description": "evaluation metrics",
}


@register(
    key="documentation.model_card",
    title="Model card is complete",
    category=Category.DOCUMENTATION,
    severity=Severity.MEDIUM,
    remediation="Fill in intended use, limitations, training data and evaluation metrics on its page.",
)
def model_card(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if not in_use(model):
            yield not_applicable(model.pk, f"model '{model.name}' is {model.get_stage_display().lower()}")
            continue
        missing = [label for field, label in CARD_FIELDS.items() if not getattr(model, field).strip()]
        if not missing:
            yield passed(model.pk, "intended use, limitations, training data and evaluation are described")
            continue
        detail = f"model card of '{model.name}' lacks {', '.join(missing)}"
        if is_live(model):
            yield failed(model.pk, detail, missing=missing)
        else:
            yield warned(model.pk, f"{detail} (required before staging)", missing=missing)


HIGH_TIER_CARD_FIELDS = {"ethical_considerations": "ethical considerations", "limitations": "limitations"}


@register(
    key="documentation.high_tier_card",
    title="High-tier model card states ethical considerations and limitations",
    category=Category.DOCUMENTATION,
    severity=Severity.HIGH,
    remediation="Describe the model's ethical considerations and limitations on its page.",
)
def high_tier_card(data: ChunkData) -> Iterator[Finding]:
    """EU AI Act high-risk (and prohibited) systems must document their limitations and ethical risks
    whatever their stage: the card is how reviewers judge them before they go further."""
    for model in data.models:
        if model.ai_act_tier not in HIGH_TIERS or model.stage == MLModel.Stage.RETIRED:
            why = "retired" if model.ai_act_tier in HIGH_TIERS else "not high-risk under the EU AI Act"
            yield not_applicable(model.pk, f"model '{model.name}' is {why}")
            continue
        missing = [
            label for field, label in HIGH_TIER_CARD_FIELDS.items() if not getattr(model, field).strip()
        ]
        tier = model.get_ai_act_tier_display().lower()
        if missing:
            yield failed(
                model.pk,
                f"{tier}-tier model '{model.name}' has no {' and no '.join(missing)} on its card",
                missing=missing,
            )
        else:
            yield passed(model.pk, f"{tier}-tier model card states ethical considerations and limitations")


@register(
    key="documentation.version_lineage",
    title="Current version records its code and artifact",
    category=Category.DOCUMENTATION,
    severity=Severity.LOW,
    remediation="Record the commit or pipeline run and the artifact location of the version in use.",
)
def version_lineage(data: ChunkData) -> Iterator[Finding]:
    versions = data.current_versions
    for model in data.models:
        version = versions.get(model.pk)
        if model.stage != MLModel.Stage.PRODUCTION:
            yield not_applicable(model.pk, "only production models")
        elif version is None:
            yield failed(model.pk, f"production model '{model.name}' has no registered version")
        else:
            missing = [
                n
                for n, v in (("code reference", version.code_reference), ("artifact", version.artifact_uri))
                if not v
            ]
            deployed = version.status == ModelVersion.Status.DEPLOYED
            if missing:
                yield warned(
                    model.pk,
                    f"version '{version.label}' of '{model.name}' records no {' or '.join(missing)}",
                    version=version.label,
                )
            elif not deployed:
                yield warned(
                    model.pk,
                    f"production model '{model.name}' has no version marked deployed "
                    f"(latest '{version.label}')",
                    version=version.label,
                )
            else:
                yield passed(
                    model.pk,
                    f"version '{version.label}' traces to {version.code_reference}",
                    version=version.label,
                )
