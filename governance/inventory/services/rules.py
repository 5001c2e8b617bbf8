"""The inventory's input rules: which fields a person may set, and who may own or steward what."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.teams import permissions as perms
from governance.teams.models import Membership, Team

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
        raise ValidationError({field: _("The %(what)s must be an active user.") % {"what": what}})
    role = Membership.objects.filter(user=user, team=team).values_list("role", flat=True).first()
    if role not in perms.EDIT_ROLES:
        raise ValidationError(
            {
                field: _("The %(what)s must be a contributor or maintainer of team '%(name)s'.")
                % {"what": what, "name": team.name}
            }
        )


def _require_active(*, user: Any, field: str, what: str) -> None:
    if user is not None and not user.is_active:
        raise ValidationError({field: _("The %(what)s must be an active user.") % {"what": what}})


EARLIEST_DATE = datetime.date(1970, 1, 1)
CLOCK_SKEW = datetime.timedelta(minutes=5)


def check_past(*, value: datetime.date | datetime.datetime | None, field: str) -> None:
    """Something that already happened: not in the future (beyond clock skew), not before 1970."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        future = value > timezone.now() + CLOCK_SKEW
        day = value.date()
    else:
        future, day = value > timezone.localdate(), value
    if future:
        raise ValidationError({field: _("This is in the future; record it once it has happened.")})
    if day < EARLIEST_DATE:
        raise ValidationError(
            {field: _("Dates before %(value)s are refused.") % {"value": EARLIEST_DATE.isoformat()}}
        )


BEYOND_DEVELOPMENT = frozenset({"staging", "production"})


def _refuse_prohibited_stage(*, stage: str, tier: str) -> None:
    """An unacceptable-tier (prohibited) model never moves beyond development, whatever the path."""
    if tier == "unacceptable" and stage in BEYOND_DEVELOPMENT:
        raise ValidationError(
            {"stage": _("A model in the unacceptable (prohibited) tier may not go beyond development.")}
        )


# The stage beyond development and a version's "deployed" status follow from the environments versions hold
# (governance.promotions); nobody types them in, whether through a form, the API or the admin.
SETTABLE_STAGES = frozenset({"proposed", "development", "retired"})
SETTABLE_VERSION_STATUSES = frozenset({"registered", "validated", "archived"})
PROMOTION_HINT = gettext_lazy("ask for a promotion of one of its versions instead")


def _refuse_derived_stage(*, before: str | None, after: str, holds_environments: bool = False) -> None:
    if after not in SETTABLE_STAGES:
        raise ValidationError(
            {
                "stage": _("The stage follows from the environments versions hold; %(PROMOTION_HINT)s.")
                % {"PROMOTION_HINT": PROMOTION_HINT}
            }
        )
    if holds_environments and after != before:
        raise ValidationError(
            {
                "stage": _(
                    "This model's versions hold environments: ask for their demotion before changing "
                    "the stage."
                )
            }
        )


def _refuse_derived_status(*, before: str | None, after: str) -> None:
    if after not in SETTABLE_VERSION_STATUSES and after != before:
        raise ValidationError(
            {
                "status": _("A version is deployed by holding an environment; %(PROMOTION_HINT)s.")
                % {"PROMOTION_HINT": PROMOTION_HINT}
            }
        )
    if before == "deployed" and after != before:
        raise ValidationError({"status": _("This version holds an environment: ask for its demotion first.")})
