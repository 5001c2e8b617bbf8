"""Load framework content into the database. Idempotent: it only adds what is missing, never edits or deletes.

The one exception is translation: a Korean text missing on a stored row (a version loaded before issue 25)
is filled in from the content module. That changes no English text, so a version keeps its meaning.

It takes the model classes as arguments so that the data migration can pass its historical models and the
demo loader and test fixtures the real ones (a flushed test database loses what the migration loaded).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from . import FrameworkContent, released


def load_framework(content: FrameworkContent, *, Framework: Any, Dimension: Any, Question: Any) -> int:
    """Create the framework version and any missing dimension or question; returns how many rows it added.

    All or nothing: a half-loaded version would be offered for new assessments with questions missing.
    """
    with transaction.atomic():
        return _load(content, Framework=Framework, Dimension=Dimension, Question=Question)


def _load(content: FrameworkContent, *, Framework: Any, Dimension: Any, Question: Any) -> int:
    translated = _has_field(Question, "text_ko")  # migrations before 0006 have no Korean columns
    framework, created = Framework.objects.get_or_create(
        key=content.key,
        version=content.version,
        defaults={
            "kind": content.kind,
            "name": content.name,
            "description": content.description,
            "source": content.source,
            "is_active": True,
            **(_korean(content, FRAMEWORK_KO) if translated else {}),
        },
    )
    added = int(created)
    if created:  # a new version supersedes the older ones for new assessments; their answers stay
        Framework.objects.filter(key=content.key, version__lt=content.version).update(is_active=False)
    labels_extensions = _has_field(Question, "is_extension")
    dimensions = {d.key: d for d in Dimension.objects.filter(framework=framework)}
    for order, dim in enumerate(content.dimensions, start=1):
        dimension = dimensions.get(dim.key)
        if dimension is None:
            dimension = Dimension.objects.create(
                framework=framework,
                key=dim.key,
                name=dim.name,
                description=dim.description,
                order=order,
                **(_korean(dim, DIMENSION_KO) if translated else {}),
            )
            added += 1
        known = set(Question.objects.filter(dimension=dimension).values_list("key", flat=True))
        missing = [
            Question(
                dimension=dimension,
                key=q.key,
                level=q.level,
                text=q.text,
                guidance=q.guidance,
                evidence_hint=q.evidence_hint,
                # Migrations before 0003 load with historical models that have no is_extension yet.
                **({"is_extension": q.extension} if labels_extensions else {}),
                **(_korean(q, QUESTION_KO) if translated else {}),
                order=order_q,
            )
            for order_q, q in enumerate(dim.questions, start=1)
            if q.key not in known
        ]
        Question.objects.bulk_create(missing)
        added += len(missing)
    if translated and not created:
        translate_stored(content, Framework=Framework, Dimension=Dimension, Question=Question)
    return added


FRAMEWORK_KO = DIMENSION_KO = ("name_ko", "description_ko")
QUESTION_KO = ("text_ko", "guidance_ko", "evidence_hint_ko")


def _has_field(model: Any, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _korean(item: Any, fields: tuple[str, ...]) -> dict[str, str]:
    return {name: getattr(item, name) for name in fields}


def translate_stored(content: FrameworkContent, *, Framework: Any, Dimension: Any, Question: Any) -> int:
    """Fill the Korean texts still empty on a stored version from its module; returns how many rows changed.

    Only empty Korean fields are written, never an English one, so re-running changes nothing.
    """
    framework = Framework.objects.filter(key=content.key, version=content.version).first()
    if framework is None:
        return 0
    changed = _fill(framework, _korean(content, FRAMEWORK_KO))
    dimensions = {d.key: d for d in Dimension.objects.filter(framework=framework)}
    questions = {(q.dimension_id, q.key): q for q in Question.objects.filter(dimension__framework=framework)}
    for dim in content.dimensions:
        dimension = dimensions.get(dim.key)
        if dimension is None:
            continue
        changed += _fill(dimension, _korean(dim, DIMENSION_KO))
        for q in dim.questions:
            question = questions.get((dimension.pk, q.key))
            if question is not None:
                changed += _fill(question, _korean(q, QUESTION_KO))
    return changed


def _fill(row: Any, korean: dict[str, str]) -> int:
    missing = {name: text for name, text in korean.items() if text and not getattr(row, name)}
    if not missing:
        return 0
    type(row).objects.filter(pk=row.pk).update(**missing)
    return 1


def load_released() -> int:
    """Every released framework version, with the real models."""
    from ..models import Dimension, Framework, Question

    return sum(
        load_framework(content, Framework=Framework, Dimension=Dimension, Question=Question)
        for content in released()
    )
