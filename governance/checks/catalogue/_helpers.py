"""Small builders the catalogue modules share."""

from __future__ import annotations

from typing import Any

from ..messages import Message, Texts, choice
from ..models import Outcome
from ..registry import Finding


def _finding(model_id: int, outcome: str, detail: str | Message, evidence: dict[str, Any]) -> Finding:
    """A finding whose text is a Message (both languages) or, for a check not yet translated, English."""
    if isinstance(detail, Message):
        english, message = detail.stored()
        return Finding(model_id, outcome, english, evidence, message)
    return Finding(model_id, outcome, detail, evidence)


def passed(model_id: int, detail: str | Message, **evidence: Any) -> Finding:
    return _finding(model_id, Outcome.PASS, detail, evidence)


def warned(model_id: int, detail: str | Message, **evidence: Any) -> Finding:
    return _finding(model_id, Outcome.WARN, detail, evidence)


def failed(model_id: int, detail: str | Message, **evidence: Any) -> Finding:
    return _finding(model_id, Outcome.FAIL, detail, evidence)


def not_applicable(model_id: int, detail: str | Message) -> Finding:
    return _finding(model_id, Outcome.NOT_APPLICABLE, detail, {})


def quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


COMMON = Texts(
    "common",
    {
        "model_in_stage": ("model '{name}' is {stage}", "모델 '{name}'은(는) {stage} 단계입니다"),
        "not_in_use": ("not in use", "사용 중이 아님"),
        "only_live": ("only staging and production models", "스테이징 및 운영 모델만 해당"),
        "only_production": ("only production models", "운영 모델만 해당"),
    },
)


def in_stage(model: Any) -> Message:
    """'model x is development': why a check does not apply to a model out of use."""
    return COMMON("model_in_stage", name=model.name, stage=choice("stage", model.stage))
