"""The regulation app's check, registered in the catalogue as promotions registers its own: every model has
a current EU AI Act classification. Two queries per chunk (the chunk's models are already loaded)."""

from __future__ import annotations

from collections.abc import Iterator

from governance.checks.catalogue._helpers import failed, not_applicable, passed, warned
from governance.checks.data import ChunkData
from governance.checks.registry import Category, Finding, Severity, register

from .models import Classification, Framework
from .selectors import classification_state

BUILDERS = {"pass": passed, "warn": warned, "fail": failed}


@register(
    key="regulation.classified",
    title="The model's EU AI Act classification is answered and no older than its purpose",
    category=Category.ACCOUNTABILITY,
    severity=Severity.HIGH,
    remediation="Open the model's Regulation page and answer the EU AI Act questionnaire (again, if the "
    "purpose changed); a legacy classification carried over from the hand-set tier counts only during the "
    "grace period.",
)
def classified(data: ChunkData) -> Iterator[Finding]:
    found: dict[tuple[int, str], Classification] = {
        (c.model_id, c.framework): c for c in Classification.objects.filter(model_id__in=data.model_ids)
    }
    for model in data.models:
        if model.is_retired:
            yield not_applicable(model.pk, "retired")
            continue
        outcome, why = classification_state(
            classification=found.get((model.pk, Framework.EU_AI_ACT)), model=model
        )
        kr = found.get((model.pk, Framework.KR_AI_BASIC_ACT))
        if kr is not None and outcome != "fail":
            kr_outcome, kr_why = classification_state(classification=kr, model=model)
            if kr_outcome == "fail":
                outcome, why = "fail", f"Korea AI Basic Act: {kr_why}"
        yield BUILDERS[outcome](model.pk, f"model '{model.name}': {why}")
