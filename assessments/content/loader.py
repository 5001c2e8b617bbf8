"""Load framework content into the database. Idempotent: it only adds what is missing, never edits or deletes.

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
    framework, created = Framework.objects.get_or_create(
        key=content.key,
        version=content.version,
        defaults={
            "kind": content.kind,
            "name": content.name,
            "description": content.description,
            "source": content.source,
            "is_active": True,
        },
    )
    added = int(created)
    if created:  # a new version supersedes the older ones for new assessments; their answers stay
        Framework.objects.filter(key=content.key, version__lt=content.version).update(is_active=False)
    labels_extensions = any(f.name == "is_extension" for f in Question._meta.get_fields())
    dimensions = {d.key: d for d in Dimension.objects.filter(framework=framework)}
    for order, dim in enumerate(content.dimensions, start=1):
        dimension = dimensions.get(dim.key)
        if dimension is None:
            dimension = Dimension.objects.create(
                framework=framework, key=dim.key, name=dim.name, description=dim.description, order=order
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
                order=order_q,
            )
            for order_q, q in enumerate(dim.questions, start=1)
            if q.key not in known
        ]
        Question.objects.bulk_create(missing)
        added += len(missing)
    return added


def load_released() -> int:
    """Every released framework version, with the real models."""
    from ..models import Dimension, Framework, Question

    return sum(
        load_framework(content, Framework=Framework, Dimension=Dimension, Question=Question)
        for content in released()
    )
