"""What the translation tests share: which of some texts read the same in English and in Korean."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation


def english_and_korean(text) -> tuple[str, str]:
    with translation.override("en"):
        english = str(text)
    with translation.override("ko"):
        korean = str(text)
    return english, korean


def untranslated(found: Iterable[tuple[str, object]]) -> list[str]:
    """ "where: English" for each (where, text) that reads the same under Korean."""
    same = []
    for where, text in found:
        english, korean = english_and_korean(text)
        if english == korean:
            same.append(f"{where}: {english}")
    return same
