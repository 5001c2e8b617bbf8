"""Helpers for the backup tests: a field-by-field picture of every exported record, and demo extras."""

from __future__ import annotations

import copy
import os
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from governance.portal import backup


def _natural(model: type, pk: Any) -> Any:
    if pk is None:
        return None
    if model is ContentType:
        ct = ContentType.objects.get(pk=pk)
        return (ct.app_label, ct.model)
    if model is Permission:
        return Permission.objects.get(pk=pk).natural_key()
    return pk


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every exported model, every concrete field and many-to-many, in primary-key order.

    Content types and permissions are named by natural key: their ids are the target database's own.
    """
    result: dict[str, list[dict[str, Any]]] = {}
    for model in backup.export_models():
        fields = model._meta.concrete_fields
        rows = []
        for obj in model._default_manager.order_by("pk"):
            row = {}
            for f in fields:
                value = getattr(obj, f.attname)
                if f.is_relation and f.related_model in (ContentType, Permission):
                    value = _natural(f.related_model, value)
                row[f.attname] = value
            for m2m in model._meta.many_to_many:
                targets = getattr(obj, m2m.name).values_list("pk", flat=True)
                row[m2m.name] = sorted(_natural(m2m.related_model, pk) for pk in targets)
            rows.append(row)
        result[model._meta.label_lower] = rows
    return result


def assert_same(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> None:
    assert sorted(after) == sorted(before)
    for label, rows in before.items():
        assert len(after[label]) == len(rows), f"{label}: {len(after[label])} rows, expected {len(rows)}"
        for old, new in zip(rows, after[label], strict=True):
            diff = {k: (old.get(k), new.get(k)) for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
            assert not diff, f"{label} #{old.get('id')} differs after the restore: {diff}"


def seed_demo_with_extras() -> None:
    """The demo organisation plus what it lacks: an admin log entry, group and user permissions, an API
    token and a report record, so natural keys and every app are exercised."""
    from django.contrib.auth import get_user_model

    from governance.api.services import token_create
    from governance.reports.services import report_request

    with open(os.devnull, "w") as sink:
        call_command("seed_demo", stdout=sink)
    admin = get_user_model().objects.get(username="gov.lead")
    auditors = Group.objects.get(name="auditor")
    auditors.permissions.add(Permission.objects.get(codename="view_mlmodel"))
    admin.user_permissions.add(Permission.objects.get(codename="change_checkpolicy"))
    from governance.checks.models import CheckPolicy

    policy = CheckPolicy.current()
    LogEntry.objects.log_actions(
        user_id=admin.pk,
        queryset=[policy],
        action_flag=CHANGE,
        change_message="Raised PSI",
        single_object=True,
    )
    token_create(user=admin, name="training pipeline")
    report_request(actor=admin, kind="organisation", enqueue=False)


def rehash(document: dict[str, Any]) -> dict[str, Any]:
    """A copy whose manifest matches its (edited) records: only the content is wrong, not the checksum."""
    document = copy.deepcopy(document)
    counts: dict[str, int] = dict.fromkeys(document["manifest"]["counts"], 0)
    for record in document["records"]:
        counts[record["model"]] = counts.get(record["model"], 0) + 1
    document["manifest"]["counts"] = counts
    document["manifest"]["sha256"] = backup.payload_digest(document["records"])
    return document
