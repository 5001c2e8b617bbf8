"""Questionnaire content, one module per framework version.

A released version's module is frozen: the migration that loaded it imports it, and answers were given to its
wording. Changing what a question asks means a new version (a new module and a data migration), never an edit
here; tests/assessments/test_content.py pins a checksum of every released version to catch accidental edits.
Each English text has its Korean translation beside it (`*_ko`); translating is not changing the meaning, so
the Korean is outside the checksum and the loader adds it to versions already in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class QuestionContent:
    key: str
    text: str
    guidance: str
    evidence_hint: str
    level: int | None = None  # the maturity level the question evidences; None for ML Test Score tests
    # Not one of the framework's own criteria (e.g. governance in Google's levels): pages label it so.
    # Added with v2 of the Google levels; versions before it leave it at the default.
    extension: bool = False
    # Korean beside each English text (issue 25), read through governance.foundation.i18n.localized. A
    # translation, not a change of meaning: it is left out of a released version's checksum.
    text_ko: str = ""
    guidance_ko: str = ""
    evidence_hint_ko: str = ""


@dataclass(frozen=True)
class DimensionContent:
    key: str
    name: str
    description: str
    questions: tuple[QuestionContent, ...]
    name_ko: str = ""
    description_ko: str = ""


@dataclass(frozen=True)
class FrameworkContent:
    key: str
    version: int
    kind: str  # "levels" or "test_score": how answers are offered and scored
    name: str
    description: str
    source: str
    dimensions: tuple[DimensionContent, ...]
    name_ko: str = ""
    description_ko: str = ""


def released() -> tuple[FrameworkContent, ...]:
    """Every released framework version, oldest first."""
    from . import google_levels_v1, google_levels_v2, ml_test_score_v1

    return (google_levels_v1.FRAMEWORK, ml_test_score_v1.FRAMEWORK, google_levels_v2.FRAMEWORK)


@cache
def korean_dimension_names() -> dict[str, str]:
    """{English dimension name: Korean name} over every released version.

    Scores are kept as snapshots naming each dimension in English (submitted results, trend data); pages
    show those names in Korean through this map, and an unknown name stays as it was stored.
    """
    return {d.name: d.name_ko for f in released() for d in f.dimensions if d.name_ko}


def dimension_name(name: str) -> str:
    """A dimension name from a score snapshot (stored in English) in the active language."""
    from governance.foundation.i18n import is_korean

    return korean_dimension_names().get(name, name) if is_korean() else name
