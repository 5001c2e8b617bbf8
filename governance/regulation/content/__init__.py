"""Classification questionnaires, one module per law and version.

A released version is frozen, its derivation included: classifications answered to it keep meaning what
they meant. Changing a question or the rule that reads it means a new module (v2) registered below, never an
edit; tests/governance/regulation/test_content.py pins a checksum of every released version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    citation: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    text: str
    citation: str  # the article or annex point the question rests on
    kind: str = "yes_no"  # "yes_no", "choice" (one of choices) or "multi" (any of choices)
    choices: tuple[Choice, ...] = ()
    help: str = ""
    required: bool = True


@dataclass(frozen=True)
class Result:
    """What a questionnaire's answers derive: the category, extra flags, and the answers that caused them."""

    category: str
    flags: tuple[str, ...] = ()
    reasons: tuple[dict[str, str], ...] = ()
    role: str = ""
    problems: tuple[str, ...] = field(default=())  # answers missing or inconsistent: the form refuses them


@dataclass(frozen=True)
class Questionnaire:
    framework: str  # "eu_ai_act" or "kr_ai_basic_act"
    version: int
    name: str
    source: str
    categories: tuple[Choice, ...]
    questions: tuple[Question, ...]
    derive: Callable[[dict[str, Any]], Result]

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    def category_label(self, value: str) -> str:
        return next((c.label for c in self.categories if c.value == value), value)


def released() -> tuple[Questionnaire, ...]:
    from . import eu_ai_act_v1, kr_ai_basic_act_v1

    return (eu_ai_act_v1.QUESTIONNAIRE, kr_ai_basic_act_v1.QUESTIONNAIRE)


def get(framework: str, version: int) -> Questionnaire:
    for questionnaire in released():
        if questionnaire.framework == framework and questionnaire.version == version:
            return questionnaire
    raise KeyError(f"no questionnaire {framework} v{version}")


def latest(framework: str) -> Questionnaire:
    return max((q for q in released() if q.framework == framework), key=lambda q: q.version)


def answer_value(answers: dict[str, Any], key: str) -> Any:
    """An answer is stored as {"value": ..., "note": ..., "evidence": ...}; a bare value is accepted too."""
    entry = answers.get(key)
    return entry.get("value") if isinstance(entry, dict) else entry


def reason(question: Question, why: str) -> dict[str, str]:
    return {"question": question.key, "citation": question.citation, "why": why}
