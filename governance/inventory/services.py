"""Writes to the inventory. Each service checks the actor's right, validates, writes atomically and leaves a
history record naming the actor, so the web UI, the API and tasks all obey the same rules.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import permissions as perms
from .models import ConsentRecord, DataSource, DataSourceUse, Membership, MLModel, ModelVersion, Team

User = get_user_model()

MODEL_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "purpose",
        "intended_use",
        "out_of_scope_uses",
        "limitations",
        "training_data_description",
        "evaluation_description",
        "ethical_considerations",
        "stage",
        "business_criticality",
        "ai_act_tier",
        "human_oversight_contact",
    }
)
VERSION_EDITABLE_FIELDS = frozenset(
    {
        "status",
        "artifact_uri",
        "code_reference",
        "hyperparameters",
        "validation_metrics",
        "training_window_start",
        "training_window_end",
        "deployed_at",
    }
)
DATA_SOURCE_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "steward",
        "description",
        "location",
        "contains_personal_data",
        "sensitivity",
        "legal_basis",
        "retention_days",
        "people_notified",
        "dpia_completed",
    }
)


def _save(instance: Any, *, actor: Any, reason: str = "") -> None:
    """Validate every field and constraint, then save with the actor recorded in the history."""
    instance.full_clean()
    instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a concurrent writer won the race full_clean could not see
        raise ValidationError(f"This change conflicts with another record: {exc}") from exc


def _apply(instance: Any, changes: dict[str, Any], allowed: frozenset[str]) -> list[str]:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    changed = []
    for field, value in changes.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def _require_member_editor(*, user: Any, team: Team, field: str, what: str) -> None:
    if user is None or not user.is_active:
        raise ValidationError({field: f"The {what} must be an active user."})
    role = Membership.objects.filter(user=user, team=team).values_list("role", flat=True).first()
    if role not in perms.EDIT_ROLES:
        raise ValidationError(
            {field: f"The {what} must be a contributor or maintainer of team '{team.name}'."}
        )


def _require_active(*, user: Any, field: str, what: str) -> None:
    if user is not None and not user.is_active:
        raise ValidationError({field: f"The {what} must be an active user."})


# Models ---------------------------------------------------------------------------------------------------


def model_register(
    *,
    actor: Any,
    team: Team,
    name: str,
    owner: Any,
    purpose: str,
    stage: str = MLModel.Stage.PROPOSED,
    **details: Any,
) -> MLModel:
    if not perms.can_edit_team(actor, team.pk):
        raise PermissionDenied(f"You may not register models for team '{team.name}'.")
    unknown = set(details) - MODEL_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown model fields: {', '.join(sorted(unknown))}.")
    if stage == MLModel.Stage.RETIRED:
        raise ValidationError({"stage": "A new model cannot start retired."})
    _require_member_editor(user=owner, team=team, field="owner", what="accountable owner")
    _require_active(
        user=details.get("human_oversight_contact"), field="human_oversight_contact", what="contact"
    )
    model = MLModel(team=team, name=name.strip(), owner=owner, purpose=purpose, stage=stage, **details)
    _save(model, actor=actor, reason="Registered")
    return model


def model_update(*, actor: Any, model: MLModel, **changes: Any) -> MLModel:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied("You may not change this model.")
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    if "human_oversight_contact" in changes:
        _require_active(
            user=changes["human_oversight_contact"], field="human_oversight_contact", what="contact"
        )
    with transaction.atomic():
        model = MLModel.objects.select_for_update().get(pk=model.pk)
        if model.is_retired and not perms.is_governance_admin(actor):
            raise ValidationError("A retired model can only be changed by a governance admin.")
        if _apply(model, changes, MODEL_EDITABLE_FIELDS):
            _save(model, actor=actor, reason="Edited")
    return model


def model_transfer_ownership(*, actor: Any, model: MLModel, new_owner: Any, reason: str = "") -> MLModel:
    if not perms.can_maintain_team(actor, model.team_id):
        raise PermissionDenied("Only a maintainer of the team or a governance admin may transfer ownership.")
    if new_owner.pk == model.owner_id:
        raise ValidationError({"new_owner": f"{new_owner} already owns this model."})
    _require_member_editor(user=new_owner, team=model.team, field="new_owner", what="new owner")
    with transaction.atomic():
        model = MLModel.objects.select_for_update().get(pk=model.pk)
        model.owner = new_owner
        _save(model, actor=actor, reason=f"Ownership transferred to {new_owner}. {reason}".strip())
    return model


# Versions -------------------------------------------------------------------------------------------------


def version_register(*, actor: Any, model: MLModel, label: str, **details: Any) -> ModelVersion:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied("You may not register versions of this model.")
    unknown = set(details) - VERSION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown version fields: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        model = MLModel.objects.select_for_update().get(pk=model.pk)
        if model.is_retired:
            raise ValidationError(f"Model '{model.name}' is retired and takes no new versions.")
        label = label.strip()
        if ModelVersion.objects.filter(model=model, label=label).exists():
            raise ValidationError(
                {"label": f"Model '{model.name}' already has a version labelled '{label}'."}
            )
        version = ModelVersion(model=model, label=label, registered_by=actor, **details)
        _validate_version(version)
        _save(version, actor=actor, reason="Registered")
    return version


def version_update(*, actor: Any, version: ModelVersion, **changes: Any) -> ModelVersion:
    if not perms.can_edit_team(actor, version.model.team_id):
        raise PermissionDenied("You may not change versions of this model.")
    with transaction.atomic():
        version = ModelVersion.objects.select_for_update().select_related("model").get(pk=version.pk)
        if _apply(version, changes, VERSION_EDITABLE_FIELDS):
            _validate_version(version)
            _save(version, actor=actor, reason="Edited")
    return version


def _validate_version(version: ModelVersion) -> None:
    start, end = version.training_window_start, version.training_window_end
    if start and end and end < start:
        raise ValidationError({"training_window_end": "The training window cannot end before it starts."})
    for field in ("hyperparameters", "validation_metrics"):
        if not isinstance(getattr(version, field), dict):
            raise ValidationError({field: 'Enter a JSON object, e.g. {"learning_rate": 0.1}.'})
    if version.status == ModelVersion.Status.DEPLOYED and version.deployed_at is None:
        version.deployed_at = timezone.now()


# Data sources and consent ---------------------------------------------------------------------------------


def data_source_create(*, actor: Any, team: Team, name: str, steward: Any, **details: Any) -> DataSource:
    if not perms.can_edit_team(actor, team.pk):
        raise PermissionDenied(f"You may not add data sources for team '{team.name}'.")
    unknown = set(details) - DATA_SOURCE_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown data source fields: {', '.join(sorted(unknown))}.")
    _require_member_editor(user=steward, team=team, field="steward", what="steward")
    source = DataSource(team=team, name=name.strip(), steward=steward, **details)
    _validate_source(source)
    _save(source, actor=actor, reason="Created")
    return source


def data_source_update(*, actor: Any, source: DataSource, **changes: Any) -> DataSource:
    if not perms.can_manage_data_source(actor, source):
        raise PermissionDenied(
            "Only the steward, a maintainer of its team or a governance admin may change it."
        )
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    with transaction.atomic():
        source = DataSource.objects.select_for_update().select_related("team").get(pk=source.pk)
        if "steward" in changes and changes["steward"].pk != source.steward_id:
            _require_member_editor(user=changes["steward"], team=source.team, field="steward", what="steward")
        if _apply(source, changes, DATA_SOURCE_EDITABLE_FIELDS):
            _validate_source(source)
            _save(source, actor=actor, reason="Edited")
    return source


def _validate_source(source: DataSource) -> None:
    if source.contains_personal_data and source.legal_basis == DataSource.LegalBasis.NOT_REQUIRED:
        raise ValidationError(
            {"legal_basis": "Personal data always needs a legal basis under GDPR Art. 6; pick one."}
        )


def consent_record(
    *,
    actor: Any,
    data_source: DataSource,
    reference: str,
    purpose: str,
    obtained_on: datetime.date,
    expires_on: datetime.date | None = None,
    scope: str = "",
    evidence_reference: str = "",
) -> ConsentRecord:
    if not perms.can_manage_data_source(actor, data_source):
        raise PermissionDenied(
            "Only the steward, a maintainer of its team or a governance admin may record consent."
        )
    if expires_on is not None and obtained_on is not None and expires_on <= obtained_on:
        raise ValidationError({"expires_on": "Consent must expire after the day it was obtained."})
    consent = ConsentRecord(
        data_source=data_source,
        reference=reference.strip(),
        purpose=purpose.strip(),
        obtained_on=obtained_on,
        expires_on=expires_on,
        scope=scope,
        evidence_reference=evidence_reference,
        recorded_by=actor,
    )
    _save(consent, actor=actor, reason="Recorded")
    return consent


def consent_withdraw(
    *, actor: Any, consent: ConsentRecord, reason: str, withdrawn_at: datetime.datetime | None = None
) -> ConsentRecord:
    """Mark consent withdrawn. The record stays as evidence of what was given and when it ended."""
    if not perms.can_manage_data_source(actor, consent.data_source):
        raise PermissionDenied(
            "Only the steward, a maintainer of its team or a governance admin may withdraw it."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the consent is withdrawn (e.g. the request reference)."})
    with transaction.atomic():
        consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_at is not None:
            raise ValidationError(
                f"Consent '{consent.reference}' was already withdrawn on {consent.withdrawn_at:%Y-%m-%d}."
            )
        consent.withdrawn_at = withdrawn_at or timezone.now()
        consent.withdrawn_by = actor
        consent.withdrawal_reason = reason.strip()
        _save(consent, actor=actor, reason="Withdrawn")
    return consent


def data_use_add(
    *,
    actor: Any,
    model: MLModel,
    data_source: DataSource,
    role: str,
    purpose: str,
    version: ModelVersion | None = None,
) -> DataSourceUse:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied("You may not change this model's data sources.")
    if version is not None and version.model_id != model.pk:
        raise ValidationError({"version": "That version belongs to another model."})
    use = DataSourceUse(
        model=model,
        version=version,
        data_source=data_source,
        role=role,
        purpose=purpose.strip(),
        created_by=actor,
    )
    _save(use, actor=actor, reason="Linked")
    return use
