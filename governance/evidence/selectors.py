"""Reads: a record's evidence, a file for a reader (the record's own view permission), evidence of many
records at once (reports), each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .kinds import kind_get
from .models import EvidenceFile


def evidence_of(*, record: Any, current_only: bool = False) -> QuerySet[EvidenceFile]:
    qs = EvidenceFile.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("uploaded_by", "superseded_by")
    return qs.filter(superseded_by__isnull=True) if current_only else qs


def evidence_of_records(*, model: Any, ids: Iterable[int], current_only: bool = True) -> dict[int, list]:
    """{record id: [evidence, ...]} for many records of one model: one query."""
    qs = EvidenceFile.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids)
    ).select_related("uploaded_by")
    if current_only:
        qs = qs.filter(superseded_by__isnull=True)
    found: dict[int, list] = {}
    for evidence in qs.order_by("uploaded_at", "id"):
        found.setdefault(evidence.object_id, []).append(evidence)
    return found


def record_get_for_view(*, user: Any, kind: str, pk: int) -> tuple[Any, Any]:
    """(kind, record), or 404 when the kind is unknown or the reader may not see the record."""
    evidence_kind = kind_get(kind)
    return evidence_kind, evidence_kind.get_for_view(user=user, pk=pk)


def evidence_get_for_view(*, user: Any, pk: int) -> tuple[EvidenceFile, Any]:
    """The file and its record: seeing the record is what lets a reader download its evidence."""
    evidence = get_object_or_404(EvidenceFile.objects.select_related("uploaded_by"), pk=pk)
    _, record = record_get_for_view(user=user, kind=evidence.kind, pk=evidence.object_id)
    return evidence, record


def evidence_visible_for_record(*, user: Any, kind: str, pk: int) -> QuerySet[EvidenceFile]:
    _, record = record_get_for_view(user=user, kind=kind, pk=pk)
    return evidence_of(record=record)
