"""Create-or-get on a natural key, so a pipeline can safely retry what it posted.

An identical retry returns what exists (created=False); a retry that differs is a ValidationError with code
"conflict" (the API's 409), never a duplicate or a silent overwrite. The actor's right to write is checked
first, so a reader learns nothing from the difference between the two answers.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance.teams import permissions as perms

from .. import permissions as source_perms
from ..models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion
from .data import consent_record, data_use_add


def _conflict(what: str, existing: Any, wanted: dict[str, Any]) -> None:
    differing = sorted(name for name, value in wanted.items() if getattr(existing, name) != value)
    if differing:
        raise ValidationError(
            _("%(what)s already exists with different %(value)s.")
            % {"what": what, "value": ", ".join(differing)},
            code="conflict",
        )


def _get_or_create(find, create) -> tuple[Any, bool]:
    existing = find()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except (ValidationError, IntegrityError):
        existing = find()  # a simultaneous identical request won the race
        if existing is None:
            raise
        return existing, False


def consent_get_or_record(
    *,
    actor: Any,
    data_source: DataSource,
    reference: str,
    purpose: str,
    obtained_on: datetime.date,
    expires_on: datetime.date | None = None,
    scope: str = "",
    evidence_reference: str = "",
) -> tuple[ConsentRecord, bool]:
    """Natural key: the data source and the consent reference."""
    if not source_perms.can_manage_data_source(actor, data_source):
        raise PermissionDenied(
            _("Only the steward, a maintainer of its team or a governance admin may record consent.")
        )
    reference = reference.strip()
    details = {
        "purpose": purpose.strip(),
        "obtained_on": obtained_on,
        "expires_on": expires_on,
        "scope": scope,
        "evidence_reference": evidence_reference,
    }
    consent, created = _get_or_create(
        lambda: ConsentRecord.objects.filter(data_source=data_source, reference=reference).first(),
        lambda: consent_record(actor=actor, data_source=data_source, reference=reference, **details),
    )
    if not created:
        _conflict(f"Consent '{reference}' of this data source", consent, details)
    return consent, created


def data_use_get_or_add(
    *,
    actor: Any,
    model: MLModel,
    data_source: DataSource,
    purpose: str,
    role: str = DataSourceUse.Role.TRAINING,
    version: ModelVersion | None = None,
) -> tuple[DataSourceUse, bool]:
    """Natural key: the model (or its version), the data source and the role."""
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied(_("You may not change this model's data sources."))
    use, created = _get_or_create(
        lambda: DataSourceUse.objects.filter(
            model=model, version=version, data_source=data_source, role=role
        ).first(),
        lambda: data_use_add(
            actor=actor, model=model, data_source=data_source, purpose=purpose, role=role, version=version
        ),
    )
    if not created:
        _conflict("This use of the data source", use, {"purpose": purpose.strip()})
    return use, created
