"""Questionnaire content, one module per framework version.

A released version's module is frozen: the migration that loaded it imports it, and answers were given to its
wording. Changing what a question asks means a new version (a new module and a data migration), never an edit
here; tests/assessments/test_content.py pins a checksum of every released version to catch accidental edits.
"""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(frozen=True)
class DimensionContent:
    key: str
    name: str
    description: str
    questions: tuple[QuestionContent, ...]


@dataclass(frozen=True)
class FrameworkContent:
    key: str
    version: int
    kind: str  # "levels" or "test_score": how answers are offered and scored
    name: str
    description: str
    source: str
    dimensions: tuple[DimensionContent, ...]


def released() -> tuple[FrameworkContent, ...]:
    """Every released framework version, oldest first."""
    from . import google_levels_v1, google_levels_v2, ml_test_score_v1

    return (google_levels_v1.FRAMEWORK, ml_test_score_v1.FRAMEWORK, google_levels_v2.FRAMEWORK)
