"""The regulation app's check, registered in the catalogue as promotions registers its own: every model has
a current EU AI Act classification. Two queries per chunk (the chunk's models are already loaded)."""

from __future__ import annotations

from collections.abc import Iterator

from governance.checks.catalogue._helpers import failed, not_applicable, passed, warned
from governance.checks.data import ChunkData
from governance.checks.messages import Texts
from governance.checks.registry import Category, Finding, Severity, register

from .models import Classification, Framework
from .selectors import classification_state

BUILDERS = {"pass": passed, "warn": warned, "fail": failed}

T = Texts(
    "regulation",
    {
        "retired": ("retired", "폐기됨"),
        "state": ("model '{name}': {why}", "모델 '{name}': {why}"),
        "korea": ("Korea AI Basic Act: {why}", "AI 기본법: {why}"),
    },
)


@register(
    key="regulation.classified",
    title="The model's EU AI Act classification is answered and no older than its purpose",
    title_ko="모델의 EU AI Act 분류 문항에 답했고 분류가 현재 이용 목적보다 오래되지 않음",
    category=Category.ACCOUNTABILITY,
    severity=Severity.HIGH,
    remediation="Open the model's Regulation page and answer the EU AI Act questionnaire (again, if the "
    "purpose changed); a legacy classification carried over from the hand-set tier counts only during the "
    "grace period.",
    remediation_ko="모델의 규제 페이지를 열어 EU AI Act 문항에 답하십시오(이용 목적이 바뀌었다면 다시 "
    "답하십시오). "
    "수동으로 지정한 위험 등급에서 넘어온 기존 분류는 유예 기간 동안만 인정됩니다.",
)
def classified(data: ChunkData) -> Iterator[Finding]:
    found: dict[tuple[int, str], Classification] = {
        (c.model_id, c.framework): c for c in Classification.objects.filter(model_id__in=data.model_ids)
    }
    for model in data.models:
        if model.is_retired:
            yield not_applicable(model.pk, T("retired"))
            continue
        outcome, why = classification_state(
            classification=found.get((model.pk, Framework.EU_AI_ACT)), model=model
        )
        kr = found.get((model.pk, Framework.KR_AI_BASIC_ACT))
        if kr is not None and outcome != "fail":
            kr_outcome, kr_why = classification_state(classification=kr, model=model)
            if kr_outcome == "fail":
                outcome, why = "fail", T("korea", why=kr_why)
        yield BUILDERS[outcome](model.pk, T("state", name=model.name, why=why))
