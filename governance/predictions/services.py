"""Writes of prediction sets: upload (rows or histograms), retention purge. Computing lives in computing.py.

A set whose content is unusable is recorded as rejected with a reason naming the column or row, and nothing
else is written; shape errors in the request itself (no prediction column named, an unknown role) are
refused with a validation error before anything is recorded.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import math
import os
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.checks.models import CheckPolicy
from governance.inventory.models import ModelVersion
from governance.teams import permissions as perms

from .models import PredictionSet
from .selectors import current_reference

logger = logging.getLogger(__name__)

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
MAX_COLUMNS = 500


def _names(value: Any, field: str, *, required: bool) -> list[str]:
    if value in (None, "", []) and not required:
        return []
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not value or len(value) > MAX_COLUMNS:
        raise ValidationError({field: _("Name one or more columns.")})
    if any(not isinstance(v, str) or not v or len(v) > 200 for v in value):
        raise ValidationError({field: _("Column names are non-empty text.")})
    if len(set(value)) != len(value):
        raise ValidationError({field: _("A column is named twice.")})
    return value


def columns_clean(raw: dict[str, Any]) -> dict[str, Any]:
    """The column mapping of an upload: which column is which, each named at most once."""
    prediction = (raw.get("prediction") or "").strip()
    if not prediction:
        raise ValidationError({"prediction": _("Name the prediction column.")})
    kind = raw.get("prediction_kind") or "score"
    if kind not in {"score", "label"}:
        raise ValidationError({"prediction_kind": _("Either 'score' or 'label'.")})
    columns = {
        "prediction": prediction,
        "prediction_kind": kind,
        "label": (raw.get("label") or "").strip(),
        "sensitive": _names(raw.get("sensitive"), "sensitive", required=True),
        "features": _names(raw.get("features"), "features", required=False),
        "timestamp": (raw.get("timestamp") or "").strip(),
    }
    named = [prediction, columns["label"], *columns["sensitive"], *columns["features"], columns["timestamp"]]
    named = [n for n in named if n]
    if len(set(named)) != len(named):
        raise ValidationError({"columns": _("Each column may play one part only.")})
    return columns


def _threshold(columns: dict, threshold: float | None) -> tuple[float | None, str]:
    if columns["prediction_kind"] == "label":
        return None, ""
    if threshold is not None:
        if not (isinstance(threshold, int | float) and math.isfinite(threshold) and 0 <= threshold <= 1):
            raise ValidationError({"threshold": _("The decision threshold is a number between 0 and 1.")})
        return float(threshold), "upload"
    return CheckPolicy.current().decision_threshold, "policy"


def _retention(retention_days: int | None) -> int:
    days = settings.PREDICTION_SET_RETENTION_DAYS if retention_days is None else retention_days
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
        raise ValidationError({"retention_days": _("Keep rows between 1 and 3650 days.")})
    return days


def _check_role(version: ModelVersion, role: str) -> None:
    if role not in PredictionSet.Role.values:
        raise ValidationError({"role": _("Either 'reference' or 'live'.")})
    if role == PredictionSet.Role.LIVE and current_reference(version=version) is None:
        raise ValidationError({"role": _("Upload and compute a reference set for this version first.")})


def _base(*, actor, version, role, columns, threshold, retention_days) -> PredictionSet:
    if not perms.can_edit_team(actor, version.model.team_id):
        raise PermissionDenied(_("You may not upload prediction sets for this model."))
    _check_role(version, role)
    value, source = _threshold(columns, threshold)
    days = _retention(retention_days)
    return PredictionSet(
        version=version,
        role=role,
        columns=columns,
        threshold=value,
        threshold_source=source,
        retention_days=days,
        purge_after=timezone.localdate() + datetime.timedelta(days=days),
        uploaded_by=actor,
        reference=current_reference(version=version) if role == PredictionSet.Role.LIVE else None,
    )


def prediction_set_upload(
    *,
    actor: Any,
    version: ModelVersion,
    role: str,
    upload: UploadedFile,
    columns: dict[str, Any],
    threshold: float | None = None,
    retention_days: int | None = None,
) -> PredictionSet:
    """Store the file once (hashing it on the way) and queue its computation; an oversized file is
    recorded as rejected and not stored."""
    columns = columns_clean(columns)
    prediction_set = _base(
        actor=actor,
        version=version,
        role=role,
        columns=columns,
        threshold=threshold,
        retention_days=retention_days,
    )
    name = os.path.basename(upload.name or "upload")[:150]
    file_format = FORMATS.get(os.path.splitext(name)[1].lower())
    if file_format is None:
        raise ValidationError({"file": _("Upload a .csv or .parquet file.")})
    prediction_set.original_name, prediction_set.file_format = name, file_format
    prediction_set.size_bytes = upload.size or 0
    limit = settings.PREDICTION_SET_MAX_BYTES
    if prediction_set.size_bytes > limit:
        prediction_set.status = PredictionSet.Status.REJECTED
        prediction_set.rejection_reason = (
            f"the file is {prediction_set.size_bytes} bytes, over the limit of {limit} bytes; "
            "nothing was stored"
        )
        prediction_set.save()
        return prediction_set
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    prediction_set.sha256 = digest.hexdigest()
    upload.seek(0)
    prediction_set.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            prediction_set.save()
            transaction.on_commit(lambda: _send(prediction_set.pk))
    except Exception:
        prediction_set.file.delete(save=False)  # no file without its record
        raise
    return prediction_set


def _send(set_id: int) -> None:
    from celery import current_app  # by name: tasks import services, never the reverse

    try:
        current_app.send_task("predictions.compute", args=[set_id])
    except Exception as exc:  # a broker outage leaves the set received; recovery sends it again
        logger.warning("prediction set %s could not be queued: %s", set_id, exc)


def prediction_sets_recover(*, older_than: datetime.timedelta = datetime.timedelta(minutes=30)) -> list[int]:
    """Send again sets still received or computing long after upload (their work was lost)."""
    cutoff = timezone.now() - older_than
    ids = list(
        PredictionSet.objects.filter(
            status__in=[PredictionSet.Status.RECEIVED, PredictionSet.Status.COMPUTING],
            uploaded_at__lt=cutoff,
            kind=PredictionSet.Kind.ROWS,
        ).values_list("pk", flat=True)[:100]
    )
    for pk in ids:
        _send(pk)
    return ids


def prediction_sets_purge(*, today: datetime.date | None = None) -> list[int]:
    """Delete the rows of sets whose retention has ended; the record, hash, schema and results stay, and
    the purge is kept in the set's history."""
    today = today or timezone.localdate()
    purged = []
    due = PredictionSet.objects.filter(purge_after__lte=today, purged_at__isnull=True).exclude(file="")
    for prediction_set in due.order_by("pk")[:500]:
        with transaction.atomic():
            locked = PredictionSet.objects.select_for_update().get(pk=prediction_set.pk)
            if locked.purged_at is not None or not locked.file:
                continue
            name = locked.file.name
            locked.file.storage.delete(name)
            locked.file = ""
            locked.purged_at = timezone.now()
            locked._change_reason = f"retention of {locked.retention_days} days ended: rows purged ({name})"
            locked.save(update_fields=["file", "purged_at"])
        purged.append(locked.pk)
    return purged
