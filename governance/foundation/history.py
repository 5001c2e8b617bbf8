"""Readable change history built from django-simple-history records.

Each object's records are fetched in one query per kind and compared in Python, so a history page costs a
fixed number of queries however many changes it shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .reasons import reason_text

# Labels for values that are codes rather than text, by field attribute name: a function of the historical
# record and the raw value (e.g. a risk's level index shown as its matrix's level name).
ValueLabels = dict[str, Callable[[Any, Any], str]]

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
    reason: str  # as stored (English when the product wrote it)
    changes: list[Change] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        """The reason in the active language when the product wrote it (reasons.py), else as typed."""
        return reason_text(self.reason)


def _display(record: Any, name: str) -> str:
    value = getattr(record, name, None)
    if value is None or value == "":
        return "—"
    getter = getattr(record, f"get_{name}_display", None)
    return str(getter()) if callable(getter) else str(value)


def _fields(record: Any) -> list[tuple[str, str, Any]]:
    """(attribute, label, related model or None) for every tracked field, foreign keys by their id."""
    return [
        (f.attname, str(f.verbose_name), f.related_model if f.is_relation else None)
        for f in record.instance_type._meta.concrete_fields
        if f.name not in SKIP_FIELDS
    ]


def history_entries(
    querysets: Iterable[tuple[str, QuerySet]],
    *,
    user_names: dict[int, str] | None = None,
    value_labels: ValueLabels | None = None,
    limit: int = 100,
) -> list[HistoryEntry]:
    """Entries across several historical querysets, newest first. Each queryset is (kind label, records).

    Related records are shown by name (one query per related model, whatever the number of records) and
    coded values through ``value_labels``; a raw id is shown only for a record that no longer exists.
    """
    value_labels = value_labels or {}
    # First pass: what changed, with raw values; related names are then fetched only for the foreign keys
    # that changed (one query per related model), so the cost does not grow with the records.
    raw_entries: list[tuple[str, Any, list[RawChange]]] = []
    wanted: dict[Any, set[Any]] = {}
    for kind, qs in querysets:
        previous: dict[Any, Any] = {}
        for record in qs.select_related("history_user").order_by("history_date", "history_id"):
            prior = previous.get(record.id)
            changed = _changes(record, prior, wanted)
            previous[record.id] = record
            if record.history_type == "~" and not changed:
                continue
            raw_entries.append((kind, record, changed))
    entries = _entries(raw_entries, _related_names(wanted, user_names or {}), value_labels)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


RawChange = tuple[str, str, Any, Any, Any, Any]  # attname, label, related model, prior record, before, after


def _changes(record: Any, prior: Any, wanted: dict[Any, set[Any]]) -> list[RawChange]:
    """The fields that differ from the previous version, noting the related ids whose names are wanted."""
    changed: list[RawChange] = []
    if prior is None:
        return changed
    for attname, label, related in _fields(record):
        before, after = getattr(prior, attname), getattr(record, attname)
        if before != after:
            changed.append((attname, label, related, prior, before, after))
            if related is not None:
                wanted.setdefault(related, set()).update(v for v in (before, after) if v is not None)
    return changed


def _entries(
    raw: list[tuple[str, Any, list[RawChange]]], names: dict[Any, dict[Any, str]], value_labels: ValueLabels
) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "system",
            kind=kind,
            subject=_subject(record),
            action=TYPE_LABELS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            changes=[
                Change(
                    label,
                    _short(_value(prior, attname, before, related, names, value_labels)),
                    _short(_value(record, attname, after, related, names, value_labels)),
                )
                for attname, label, related, prior, before, after in changed
            ],
        )
        for kind, record, changed in raw
    ]


def _related_names(wanted: dict[Any, set[Any]], user_names: dict[int, str]) -> dict[Any, dict[Any, str]]:
    """{related model: {pk: name}} for the wanted ids of each related model."""
    user_model = get_user_model()
    names: dict[Any, dict[Any, str]] = {}
    for related, ids in wanted.items():
        if related is user_model:
            missing = ids - set(user_names)
            found = {
                u.pk: (u.get_full_name() or u.get_username()) for u in related.objects.filter(pk__in=missing)
            }
            names[related] = {**user_names, **found}
        else:
            # Named by their own fields (not str(), which may follow further relations: a query per row).
            names[related] = {obj.pk: _subject(obj) for obj in related._base_manager.filter(pk__in=ids)}
    return names


def _value(
    record: Any,
    attname: str,
    raw: Any,
    related: Any,
    names: dict[Any, dict[Any, str]],
    value_labels: ValueLabels,
) -> str:
    if raw is None or raw == "":
        return "—"
    if attname in value_labels:
        return value_labels[attname](record, raw)
    if related is not None:
        return names.get(related, {}).get(raw, f"#{raw} (no longer exists)")
    return _display(record, attname)


def _subject(record: Any) -> str:
    """What the record is called: its name, title or label, else the start of its text, never a bare id."""
    for attr in ("label", "reference", "name", "title", "purpose", "description", "justification", "key"):
        value = getattr(record, attr, None)
        if value:
            return _short(str(value), 60)
    return f"#{getattr(record, 'id', record.pk)}"


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def entries_for_pairs(
    pairs: Iterable[tuple[str, Any, Any]],
    *,
    value_labels: ValueLabels | None = None,
) -> list[HistoryEntry]:
    """Entries for (kind label, record, the record's previous version or None), in the order given.

    For a feed that already knows each record's predecessor (the organisation-wide audit log fetches them in
    one query per kind): related names are one query per related model, as in history_entries."""
    raw: list[tuple[str, Any, list[RawChange]]] = []
    wanted: dict[Any, set[Any]] = {}
    for kind, record, prior in pairs:
        raw.append((kind, record, _changes(record, prior, wanted)))
    return _entries(raw, _related_names(wanted, {}), value_labels or {})
