"""Classification questionnaires, one module per law and version.

A released version is frozen, its derivation included: classifications answered to it keep meaning what
they meant. Changing a question or the rule that reads it means a new module (v2) registered below, never an
edit; tests/governance/regulation/test_content.py pins a checksum of every released version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    citation: str = ""
    label_ko: str = ""  # Korean beside the English (issue 25): outside the frozen checksum, like every *_ko


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
    section_ko: str = ""
    text_ko: str = ""
    help_ko: str = ""


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
    name_ko: str = ""

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    def category_label(self, value: str) -> str:
        """The category's label in the active language (its code when unknown)."""
        from governance.foundation.i18n import localized

        return next((localized(c, "label") for c in self.categories if c.value == value), value)

    def role_label(self, value: str) -> str:
        """The role's name in the active language: its choice's label up to the colon ("Provider: develops
        it, ..."; the rest explains the role to whoever answers); the code when unknown."""
        from governance.foundation.i18n import localized

        for question in self.questions:
            for choice in question.choices:
                if choice.value == value and question.key.endswith("role"):
                    return localized(choice, "label").split(":")[0]
        return value


@dataclass(frozen=True)
class Korean:
    """A questionnaire's Korean, keyed by what it translates: question keys, section names, choice values."""

    texts: dict[str, str]
    sections: dict[str, str]
    choices: dict[str, str]


def translated_choices(choices: tuple[Choice, ...], korean: Korean) -> tuple[Choice, ...]:
    return tuple(replace(c, label_ko=korean.choices.get(c.value, "")) for c in choices)


def translated(questions: tuple[Question, ...], korean: Korean) -> tuple[Question, ...]:
    """The questions with their Korean beside the English; the English and the derivation are unchanged."""
    return tuple(
        replace(
            q,
            section_ko=korean.sections.get(q.section, ""),
            text_ko=korean.texts.get(q.key, ""),
            choices=translated_choices(q.choices, korean),
        )
        for q in questions
    )


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
