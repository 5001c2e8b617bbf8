"""Readable change history built from django-simple-history records.

Each object's records are fetched in one query per kind and compared in Python, so a history page costs a
fixed number of queries however many changes it shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

SKIP_FIELDS = frozenset({"id", "created_at", "updated_at"})
TYPE_LABELS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str
    subject: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(record: Any, name: str) -> str:
    value = getattr(record, name, None)
    if value is None or value == "":
        return "—"
    getter = getattr(record, f"get_{name}_display", None)
    return str(getter()) if callable(getter) else str(value)


def _fields(record: Any) -> list[tuple[str, str]]:
    """(attribute, label) for every tracked field, with foreign keys by their id attribute."""
    result = []
    for f in record.instance_type._meta.concrete_fields:
        if f.name in SKIP_FIELDS:
            continue
        result.append((f.attname, str(f.verbose_name)))
    return result


def history_entries(
    querysets: Iterable[tuple[str, QuerySet]], *, user_names: dict[int, str] | None = None, limit: int = 100
) -> list[HistoryEntry]:
    """Entries across several historical querysets, newest first. Each queryset is (kind label, records)."""
    entries: list[HistoryEntry] = []
    for kind, qs in querysets:
        records = list(qs.select_related("history_user").order_by("history_date", "history_id"))
        previous: dict[Any, Any] = {}
        for record in records:
            prior = previous.get(record.id)
            changes = []
            if prior is not None:
                for attname, label in _fields(record):
                    before, after = getattr(prior, attname), getattr(record, attname)
                    if before != after:
                        name = attname[:-3] if attname.endswith("_id") else attname
                        old = (
                            _display(prior, attname)
                            if name == attname
                            else _fk(prior, name, before, user_names)
                        )
                        new = (
                            _display(record, attname)
                            if name == attname
                            else _fk(record, name, after, user_names)
                        )
                        changes.append(Change(label, _short(old), _short(new)))
            previous[record.id] = record
            if record.history_type == "~" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user else "system",
                    kind=kind,
                    subject=_subject(record),
                    action=TYPE_LABELS.get(record.history_type, record.history_type),
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _fk(record: Any, name: str, raw: Any, user_names: dict[int, str] | None) -> str:
    if raw is None:
        return "—"
    if user_names and name in {"owner", "steward", "human_oversight_contact", "withdrawn_by"}:
        return user_names.get(raw, f"#{raw}")
    return f"#{raw}"


def _subject(record: Any) -> str:
    for attr in ("label", "reference", "name"):
        value = getattr(record, attr, None)
        if value:
            return str(value)
    return f"#{record.id}"


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
