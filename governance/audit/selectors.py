"""The organisation-wide audit log: every django-simple-history record of every app, newest first.

One UNION ALL over the historical tables picks a page (each table's history_date index serves the ORDER BY
... LIMIT); then, per kind on the page, one query fetches the records with their predecessor's id and one
fetches the predecessors, and one query per related model names the changed references. The cost depends on
the kinds on a page, never on the number of rows. No total count is taken (a count over every table is the
slow part at org-10k): pages have "next" when one more row exists.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.models import HistoricalChanges

from governance.foundation.history import HistoryEntry, entries_for_pairs
from governance.teams import permissions as perms

ACTIONS = {"created": "+", "changed": "~", "deleted": "-"}
PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    person: int | None = None
    kind: str | None = None
    action: str | None = None  # created, changed, deleted
    since: datetime.date | None = None
    until: datetime.date | None = None  # inclusive


@dataclass
class AuditRow:
    key: str  # the kind's key, app_label.model
    object_id: Any
    entry: HistoryEntry


@cache
def history_models() -> dict[str, Any]:
    """{"app_label.model": historical model} for every model with a history, by its tracked model's name."""
    found = {}
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            meta = model.instance_type._meta
            found[f"{meta.app_label}.{meta.model_name}"] = model
    return dict(sorted(found.items()))


def kind_choices() -> list[tuple[str, str]]:
    return [
        (key, capfirst(model.instance_type._meta.verbose_name)) for key, model in history_models().items()
    ]


def can_read_audit_log(user: Any) -> bool:
    return perms.sees_everything(user)


def _feed(filters: AuditFilters):
    parts = []
    for key, model in history_models().items():
        if filters.kind and key != filters.kind:
            continue
        qs = model.objects.order_by()  # the historical Meta ordering is not allowed inside a UNION
        if filters.person:
            qs = qs.filter(history_user_id=filters.person)
        if filters.action:
            qs = qs.filter(history_type=ACTIONS[filters.action])
        if filters.since:
            qs = qs.filter(history_date__gte=_start_of(filters.since))
        if filters.until:
            qs = qs.filter(history_date__lt=_start_of(filters.until + datetime.timedelta(days=1)))
        parts.append(
            qs.annotate(kind_key=Value(key, output_field=CharField())).values_list(
                "history_date", "history_id", "kind_key"
            )
        )
    if not parts:
        return []
    feed = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return feed.order_by("-history_date", "-history_id", "kind_key")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_page(*, filters: AuditFilters, page: int = 1, size: int = PAGE_SIZE) -> tuple[list[AuditRow], bool]:
    """The rows of one page and whether another page follows."""
    start = (page - 1) * size
    picked = list(_feed(filters)[start : start + size + 1])
    return _resolve(picked[:size]), len(picked) > size


def audit_rows(*, filters: AuditFilters, chunk: int = 500) -> Iterator[AuditRow]:
    """Every row, a chunk at a time, for exports."""
    start = 0
    while True:
        picked = list(_feed(filters)[start : start + chunk])
        if not picked:
            return
        yield from _resolve(picked)
        start += chunk


def _resolve(picked: list[tuple[Any, Any, str]]) -> list[AuditRow]:
    """The page's historical records with their predecessors: two queries per kind on the page."""
    by_kind: dict[str, list[Any]] = {}
    for _, history_id, key in picked:
        by_kind.setdefault(key, []).append(history_id)
    records: dict[tuple[str, Any], tuple[Any, Any]] = {}
    for key, ids in by_kind.items():
        model = history_models()[key]
        pk = model.instance_type._meta.pk.attname
        earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
            history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
        )
        previous = (
            model.objects.filter(earlier, **{pk: OuterRef(pk)})
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        found = list(
            model.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(prev_id=Subquery(previous))
        )
        priors = model.objects.in_bulk([r.prev_id for r in found if r.prev_id is not None])
        for record in found:
            records[(key, record.history_id)] = (record, priors.get(record.prev_id))
    labels = dict(kind_choices())
    ordered = [
        (key, *records[(key, history_id)]) for _, history_id, key in picked if (key, history_id) in records
    ]
    entries = entries_for_pairs((labels[key], record, prior) for key, record, prior in ordered)
    return [
        AuditRow(key=key, object_id=getattr(record, record.instance_type._meta.pk.attname), entry=entry)
        for (key, record, _), entry in zip(ordered, entries, strict=True)
    ]


def export_rows(rows: Iterator[AuditRow]) -> Iterator[dict[str, Any]]:
    for row in rows:
        entry = row.entry
        yield {
            "when": entry.when,
            "who": entry.who,
            "record_type": entry.kind,
            "record_id": row.object_id,
            "record": entry.subject,
            "action": entry.action,
            "reason": entry.reason,
            "changes": "; ".join(f"{c.field}: {c.old} → {c.new}" for c in entry.changes),
        }
