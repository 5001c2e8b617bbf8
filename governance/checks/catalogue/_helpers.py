"""Small builders the catalogue modules share."""

from __future__ import annotations

from typing import Any

from ..models import Outcome
from ..registry import Finding


def passed(model_id: int, detail: str, **evidence: Any) -> Finding:
    return Finding(model_id, Outcome.PASS, detail, evidence)


def warned(model_id: int, detail: str, **evidence: Any) -> Finding:
    return Finding(model_id, Outcome.WARN, detail, evidence)


def failed(model_id: int, detail: str, **evidence: Any) -> Finding:
    return Finding(model_id, Outcome.FAIL, detail, evidence)


def not_applicable(model_id: int, detail: str) -> Finding:
    return Finding(model_id, Outcome.NOT_APPLICABLE, detail)


def quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)
