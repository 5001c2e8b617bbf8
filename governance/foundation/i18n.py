"""Content in two languages: the English text in a field and the Korean one beside it in `<field>_ko`.

Content (framework questions, check texts, questionnaires, standard risks) keeps its Korean beside its English
so that a version stays one unit. This one accessor picks the text for the active language, whatever set it
(LocaleMiddleware for a page, `translation.override` for a PDF or an e-mail), and falls back to English when
the Korean text is missing (old rows, a new item not yet translated).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation


def is_korean(language: str | None = None) -> bool:
    """Whether `language` (default: the active one) is Korean, e.g. 'ko' or 'ko-kr'."""
    return (language or translation.get_language() or "").lower().startswith("ko")


def pick(english: str, korean: str | None, *, language: str | None = None) -> str:
    """The Korean text under a Korean language when there is one, else the English."""
    return korean if korean and is_korean(language) else english


def localized(obj: Any, field: str, *, language: str | None = None) -> str:
    """`obj.<field>` in the active language: `obj.<field>_ko` under Korean when not empty."""
    english = getattr(obj, field)
    if not is_korean(language):
        return english
    return pick(english, getattr(obj, f"{field}_ko", ""), language=language)
