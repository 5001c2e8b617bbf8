"""Writes: attach a checked file to a record, superseding an earlier one. Evidence is never deleted."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.foundation.inputs import NUL_MESSAGE

from .content import clean_name, inspect_upload
from .kinds import kind_of
from .models import EvidenceFile, evidence_storage
from .signals import evidence_downloaded, evidence_uploaded


def evidence_upload(
    *,
    actor: Any,
    record: Any,
    upload: Any,
    description: str = "",
    supersedes: EvidenceFile | None = None,
) -> EvidenceFile:
    """Check the actor may change the record, check the file, store it, then record it in one transaction.

    A refused file leaves nothing behind: the checks read the upload before storage is touched, and a
    failed database write removes the stored file again."""
    kind = kind_of(record)
    if kind is None:
        raise ValidationError(_("Evidence cannot be attached to this kind of record."))
    if not kind.can_change(actor, record):
        raise PermissionDenied(kind.refused)
    if "\x00" in description:
        raise ValidationError({"description": NUL_MESSAGE})
    if len(description) > 300:
        raise ValidationError({"description": _("At most 300 characters.")})
    content_type = ContentType.objects.get_for_model(record)
    if supersedes is not None and (
        supersedes.content_type_id != content_type.pk or supersedes.object_id != record.pk
    ):
        raise ValidationError({"supersedes": _("That evidence belongs to another record.")})
    name = clean_name(getattr(upload, "name", "") or "")
    inspected = inspect_upload(upload, name=name)
    upload.seek(0)
    storage = evidence_storage()
    suffix = PurePosixPath(name.lower()).suffix
    stored = storage.save(f"{kind.key}/{inspected.sha256[:2]}/{uuid.uuid4().hex}{suffix}", upload)
    try:
        with transaction.atomic():
            if supersedes is not None:
                # Locked, so two uploads cannot both supersede the same file.
                supersedes = EvidenceFile.objects.select_for_update().get(pk=supersedes.pk)
                if supersedes.superseded_by_id is not None:
                    raise ValidationError({"supersedes": _("That evidence has already been superseded.")})
            evidence = EvidenceFile(
                content_type=content_type,
                object_id=record.pk,
                kind=kind.key,
                name=name,
                description=description.strip(),
                file=stored,
                sha256=inspected.sha256,
                size=inspected.size,
                media_type=inspected.media_type,
                uploaded_by=actor,
            )
            evidence._history_user = actor
            evidence.save()
            if supersedes is not None:
                supersedes.superseded_by = evidence
                supersedes.superseded_at = timezone.now()
                supersedes._history_user = actor
                supersedes._change_reason = f"superseded by {name}"[:100]
                supersedes.save(update_fields=["superseded_by", "superseded_at"])
            transaction.on_commit(
                lambda: evidence_uploaded.send(
                    sender=EvidenceFile, evidence=evidence, record=record, actor=actor, superseded=supersedes
                )
            )
    except BaseException:
        storage.delete(stored)
        raise
    return evidence


def evidence_download_announce(*, actor: Any, evidence: EvidenceFile) -> None:
    """Tell the listeners (notifications) that someone read the file."""
    evidence_downloaded.send(sender=EvidenceFile, evidence=evidence, actor=actor)
