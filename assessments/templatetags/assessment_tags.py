"""Template helpers for the assessments pages."""

from __future__ import annotations

from typing import Any

from django import template

from assessments import content
from assessments.numbers import score_text

register = template.Library()


@register.filter
def get_answer(answers: dict[int, Any], question_id: int) -> Any:
    """The answer to a question from a {question id: answer} map, or None."""
    return answers.get(question_id)


@register.filter
def score(value: Any, places: int = 2) -> str:
    """A score by the product's one formatting rule (assessments.numbers.score_text)."""
    return score_text(value, int(places))


@register.filter
def dimension_name(name: str) -> str:
    """A dimension name from a score snapshot (stored in English) in the page's language."""
    return content.dimension_name(name)
