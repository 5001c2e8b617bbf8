"""Documentation: a model card complete enough to judge the model, and a traceable deployed version."""

from __future__ import annotations

from collections.abc import Iterator

from governance.inventory.models import MLModel, ModelVersion

from ..data import HIGH_TIERS, ChunkData, in_use, is_live
from ..messages import Texts, choice, joined
from ..registry import Category, Finding, Severity, register
from ._helpers import COMMON, failed, in_stage, not_applicable, passed, warned

T = Texts(
    "documentation",
    {
        "intended_use": ("intended use", "의도된 용도"),
        "limitations": ("limitations", "한계"),
        "training_data_description": ("training data", "학습 데이터"),
        "evaluation_description": ("evaluation metrics", "평가 지표"),
        "ethical_considerations": ("ethical considerations", "윤리적 고려 사항"),
        "card_complete": (
            "intended use, limitations, training data and evaluation are described",
            "의도된 용도, 한계, 학습 데이터, 평가가 기술되어 있습니다",
        ),
        "card_lacks": (
            "model card of '{name}' lacks {missing}",
            "'{name}'의 모델 카드에 {missing} 항목이 없습니다",
        ),
        "card_lacks_early": (
            "model card of '{name}' lacks {missing} (required before staging)",
            "'{name}'의 모델 카드에 {missing} 항목이 없습니다(스테이징 전에 필요)",
        ),
        "retired": ("model '{name}' is retired", "모델 '{name}'은(는) 폐기되었습니다"),
        "not_high_risk": (
            "model '{name}' is not high-risk under the EU AI Act",
            "모델 '{name}'은(는) EU AI Act상 고위험이 아닙니다",
        ),
        "high_tier_lacks": (
            "{tier}-tier model '{name}' has no {missing} on its card",
            "위험 등급이 '{tier}'인 모델 '{name}'의 카드에 {missing} 항목이 없습니다",
        ),
        "high_tier_ok": (
            "{tier}-tier model card states ethical considerations and limitations",
            "위험 등급이 '{tier}'인 모델의 카드에 윤리적 고려 사항과 한계가 기술되어 있습니다",
        ),
        "no_version": (
            "production model '{name}' has no registered version",
            "운영 모델 '{name}'에 등록된 버전이 없습니다",
        ),
        "code_reference": ("code reference", "코드 참조"),
        "artifact": ("artifact", "산출물"),
        "version_lacks": (
            "version '{version}' of '{name}' records no {missing}",
            "'{name}'의 버전 '{version}'에 {missing}이(가) 기록되어 있지 않습니다",
        ),
        "none_deployed": (
            "production model '{name}' has no version marked deployed (latest '{version}')",
            "운영 모델 '{name}'에 배포됨으로 표시된 버전이 없습니다(최신 버전 '{version}')",
        ),
        "traces_to": ("version '{version}' traces to {code}", "버전 '{version}'의 출처: {code}"),
    },
)

CARD_FIELDS = {
    "intended_use": "intended use",
    "limitations": "limitations",
    "training_data_description": "training data",
    "evaluation_description": "evaluation metrics",
}


@register(
    key="documentation.model_card",
    title="Model card is complete",
    title_ko="모델 카드가 완전함",
    category=Category.DOCUMENTATION,
    severity=Severity.MEDIUM,
    remediation="Fill in intended use, limitations, training data and evaluation metrics on its page.",
    remediation_ko="모델 페이지에서 의도된 용도, 한계, 학습 데이터, 평가 지표를 작성하십시오.",
)
def model_card(data: ChunkData) -> Iterator[Finding]:
    for model in data.models:
        if not in_use(model):
            yield not_applicable(model.pk, in_stage(model))
            continue
        fields = [field for field in CARD_FIELDS if not getattr(model, field).strip()]
        missing = [CARD_FIELDS[field] for field in fields]
        if not missing:
            yield passed(model.pk, T("card_complete"))
            continue
        listed = joined([T(field) for field in fields], ", ", ", ")
        if is_live(model):
            yield failed(model.pk, T("card_lacks", name=model.name, missing=listed), missing=missing)
        else:
            yield warned(model.pk, T("card_lacks_early", name=model.name, missing=listed), missing=missing)


HIGH_TIER_CARD_FIELDS = {"ethical_considerations": "ethical considerations", "limitations": "limitations"}


@register(
    key="documentation.high_tier_card",
    title="High-tier model card states ethical considerations and limitations",
    title_ko="높은 위험 등급 모델의 카드에 윤리적 고려 사항과 한계가 기술됨",
    category=Category.DOCUMENTATION,
    severity=Severity.HIGH,
    remediation="Describe the model's ethical considerations and limitations on its page.",
    remediation_ko="모델 페이지에 모델의 윤리적 고려 사항과 한계를 기술하십시오.",
)
def high_tier_card(data: ChunkData) -> Iterator[Finding]:
    """EU AI Act high-risk (and prohibited) systems must document their limitations and ethical risks
    whatever their stage: the card is how reviewers judge them before they go further."""
    for model in data.models:
        if model.ai_act_tier not in HIGH_TIERS or model.stage == MLModel.Stage.RETIRED:
            why = "retired" if model.ai_act_tier in HIGH_TIERS else "not_high_risk"
            yield not_applicable(model.pk, T(why, name=model.name))
            continue
        fields = [field for field in HIGH_TIER_CARD_FIELDS if not getattr(model, field).strip()]
        missing = [HIGH_TIER_CARD_FIELDS[field] for field in fields]
        tier = choice("tier", model.ai_act_tier)
        if missing:
            listed = joined([T(field) for field in fields], " and no ", ", ")
            yield failed(
                model.pk, T("high_tier_lacks", tier=tier, name=model.name, missing=listed), missing=missing
            )
        else:
            yield passed(model.pk, T("high_tier_ok", tier=tier))


@register(
    key="documentation.version_lineage",
    title="Current version records its code and artifact",
    title_ko="현재 버전에 코드와 산출물이 기록됨",
    category=Category.DOCUMENTATION,
    severity=Severity.LOW,
    remediation="Record the commit or pipeline run and the artifact location of the version in use.",
    remediation_ko="사용 중인 버전의 커밋 또는 파이프라인 실행과 산출물 위치를 기록하십시오.",
)
def version_lineage(data: ChunkData) -> Iterator[Finding]:
    versions = data.current_versions
    for model in data.models:
        version = versions.get(model.pk)
        if model.stage != MLModel.Stage.PRODUCTION:
            yield not_applicable(model.pk, COMMON("only_production"))
        elif version is None:
            yield failed(model.pk, T("no_version", name=model.name))
        else:
            missing = [
                n
                for n, v in (("code_reference", version.code_reference), ("artifact", version.artifact_uri))
                if not v
            ]
            deployed = version.status == ModelVersion.Status.DEPLOYED
            if missing:
                yield warned(
                    model.pk,
                    T(
                        "version_lacks",
                        version=version.label,
                        name=model.name,
                        missing=joined([T(n) for n in missing], " or ", " 또는 "),
                    ),
                    version=version.label,
                )
            elif not deployed:
                yield warned(
                    model.pk,
                    T("none_deployed", name=model.name, version=version.label),
                    version=version.label,
                )
            else:
                yield passed(
                    model.pk,
                    T("traces_to", version=version.label, code=version.code_reference),
                    version=version.label,
                )
