"""Registering and changing models and their versions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.foundation.writes import apply_changes, validated_save
from governance.teams import permissions as perms
from governance.teams.models import Team

from ..models import MLModel, ModelVersion
from ..signals import tier_source, version_registered
from .rules import (
    MODEL_EDITABLE_FIELDS,
    VERSION_EDITABLE_FIELDS,
    _refuse_derived_stage,
    _refuse_derived_status,
    _refuse_prohibited_stage,
    _require_active,
    _require_member_editor,
    check_past,
)

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
        raise PermissionDenied(_("You may not register models for team '%(name)s'.") % {"name": team.name})
    unknown = set(details) - MODEL_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown model fields: %(value)s.") % {"value": ", ".join(sorted(unknown))})
    if stage == MLModel.Stage.RETIRED:
        raise ValidationError({"stage": _("A new model cannot start retired.")})
    _require_member_editor(user=owner, team=team, field="owner", what="accountable owner")
    _require_active(
        user=details.get("human_oversight_contact"), field="human_oversight_contact", what="contact"
    )
    _refuse_prohibited_stage(stage=stage, tier=details.get("ai_act_tier", MLModel.AIActTier.MINIMAL))
    _refuse_derived_stage(before=None, after=stage)
    model = MLModel(team=team, name=name.strip(), owner=owner, purpose=purpose, stage=stage, **details)
    validated_save(model, actor=actor, reason="Registered")
    return model


def model_update(*, actor: Any, model: MLModel, **changes: Any) -> MLModel:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied(_("You may not change this model."))
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    if "human_oversight_contact" in changes:
        _require_active(
            user=changes["human_oversight_contact"], field="human_oversight_contact", what="contact"
        )
    with transaction.atomic():
        model = MLModel.objects.select_for_update().get(pk=model.pk)
        if model.is_retired and not perms.is_governance_admin(actor):
            raise ValidationError(_("A retired model can only be changed by a governance admin."))
        stage_before = model.stage
        if "ai_act_tier" in changes and changes["ai_act_tier"] != model.ai_act_tier:
            _refuse_held_tier(model)
        if apply_changes(model, changes, MODEL_EDITABLE_FIELDS):
            if model.stage != stage_before:
                _refuse_prohibited_stage(stage=model.stage, tier=model.ai_act_tier)
                _refuse_derived_stage(
                    before=stage_before, after=model.stage, holds_environments=model.deployments.exists()
                )
            validated_save(model, actor=actor, reason="Edited")
    return model


def _refuse_held_tier(model: MLModel) -> None:
    for _receiver, source in tier_source.send(sender=MLModel, model=model):
        if source:
            raise ValidationError(
                {
                    "ai_act_tier": _(
                        "The EU AI Act tier follows from %(source)s: answer the classification again on the "
                        "model's Regulation page, or ask a governance admin to override it there."
                    )
                    % {"source": source}
                }
            )


def model_transfer_ownership(*, actor: Any, model: MLModel, new_owner: Any, reason: str = "") -> MLModel:
    if not perms.can_maintain_team(actor, model.team_id):
        raise PermissionDenied(
            _("Only a maintainer of the team or a governance admin may transfer ownership.")
        )
    if new_owner.pk == model.owner_id:
        raise ValidationError(
            {"new_owner": _("%(new_owner)s already owns this model.") % {"new_owner": new_owner}}
        )
    _require_member_editor(user=new_owner, team=model.team, field="new_owner", what="new owner")
    with transaction.atomic():
        model = MLModel.objects.select_for_update().get(pk=model.pk)
        model.owner = new_owner
        validated_save(model, actor=actor, reason=f"Ownership transferred to {new_owner}. {reason}".strip())
    return model


# Versions -------------------------------------------------------------------------------------------------


def version_register(*, actor: Any, model: MLModel, label: str, **details: Any) -> ModelVersion:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied(_("You may not register versions of this model."))
    unknown = set(details) - VERSION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown version fields: %(value)s.") % {"value": ", ".join(sorted(unknown))})
    with transaction.atomic():
        model = MLModel.objects.select_for_update().get(pk=model.pk)
        if model.is_retired:
            raise ValidationError(
                _("Model '%(name)s' is retired and takes no new versions.") % {"name": model.name}
            )
        label = label.strip()
        if ModelVersion.objects.filter(model=model, label=label).exists():
            raise ValidationError(
                {
                    "label": _("Model '%(name)s' already has a version labelled '%(label)s'.")
                    % {"name": model.name, "label": label}
                }
            )
        version = ModelVersion(model=model, label=label, registered_by=actor, **details)
        _refuse_derived_status(before=None, after=version.status)
        _validate_version(version)
        validated_save(version, actor=actor, reason="Registered")
        version_registered.send(sender=ModelVersion, version=version)  # webhooks (issue 21)
    return version


def version_update(*, actor: Any, version: ModelVersion, **changes: Any) -> ModelVersion:
    if not perms.can_edit_team(actor, version.model.team_id):
        raise PermissionDenied(_("You may not change versions of this model."))
    with transaction.atomic():
        version = ModelVersion.objects.select_for_update().select_related("model").get(pk=version.pk)
        status_before = version.status
        if apply_changes(version, changes, VERSION_EDITABLE_FIELDS):
            _refuse_derived_status(before=status_before, after=version.status)
            _validate_version(version)
            validated_save(version, actor=actor, reason="Edited")
    return version


def _validate_version(version: ModelVersion) -> None:
    start, end = version.training_window_start, version.training_window_end
    if start and end and end < start:
        raise ValidationError({"training_window_end": _("The training window cannot end before it starts.")})
    for field in ("hyperparameters", "validation_metrics"):
        if not isinstance(getattr(version, field), dict):
            raise ValidationError({field: _('Enter a JSON object, e.g. {"learning_rate": 0.1}.')})
    check_past(value=version.deployed_at, field="deployed_at")
    if version.status == ModelVersion.Status.DEPLOYED and version.deployed_at is None:
        version.deployed_at = timezone.now()


def version_get_or_register(
    *, actor: Any, model: MLModel, label: str, **details: Any
) -> tuple[ModelVersion, bool]:
    """Safe to retry: the same label returns the existing version (created=False).

    A retry that carries different details is a conflict, reported as a ValidationError with code
    'conflict', never a silent overwrite of what was registered.
    """
    # The right to write comes first: a reader must not learn from a 200 or a 409 what is registered.
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied(_("You may not register versions of this model."))
    label = label.strip()
    existing = ModelVersion.objects.filter(model=model, label=label).first()
    if existing is None:
        try:
            return version_register(actor=actor, model=model, label=label, **details), True
        except ValidationError as exc:
            existing = ModelVersion.objects.filter(model=model, label=label).first()
            if existing is None:  # a real validation error, not a lost race
                raise
            del exc
    differing = sorted(f for f, v in details.items() if getattr(existing, f) != v and f != "deployed_at")
    if differing:
        raise ValidationError(
            _("Version '%(label)s' already exists with different %(value)s.")
            % {"label": label, "value": ", ".join(differing)},
            code="conflict",
        )
    return existing, False
