"""The inventory's input rules: which fields a person may set, and who may own or steward what."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from .. import permissions as perms
from ..models import Membership, Team

# What a person may set on each record, in the order the forms and the API present it. Team and owner (or
# team) are set at creation only: ownership changes through its own transfer service.
MODEL_INPUT_FIELDS = (
    "name",
    "team",
    "owner",
    "stage",
    "business_criticality",
    "ai_act_tier",
    "human_oversight_contact",
    "purpose",
    "intended_use",
    "out_of_scope_uses",
    "limitations",
    "training_data_description",
    "evaluation_description",
    "ethical_considerations",
)
MODEL_EDITABLE_FIELDS = frozenset(MODEL_INPUT_FIELDS) - {"team", "owner"}
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
DATA_SOURCE_INPUT_FIELDS = (
    "name",
    "team",
    "steward",
    "description",
    "location",
    "contains_personal_data",
    "sensitivity",
    "legal_basis",
    "retention_days",
    "people_notified",
    "dpia_completed",
)
DATA_SOURCE_EDITABLE_FIELDS = frozenset(DATA_SOURCE_INPUT_FIELDS) - {"team"}


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


BEYOND_DEVELOPMENT = frozenset({"staging", "production"})


def _refuse_prohibited_stage(*, stage: str, tier: str) -> None:
    """An unacceptable-tier (prohibited) model never moves beyond development, whatever the path."""
    if tier == "unacceptable" and stage in BEYOND_DEVELOPMENT:
        raise ValidationError(
            {"stage": "A model in the unacceptable (prohibited) tier may not go beyond development."}
        )
