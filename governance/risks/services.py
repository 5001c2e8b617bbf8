"""Writes to the risk register. Each service checks the actor's right, applies the register's rules, derives
levels and review dates, and writes atomically with the actor in the history.

Rules (docs/decisions.md): residual likelihood and impact may not exceed the inherent ones; an acceptance is
approved by a governance admin or a maintainer of the model's team, never by the risk's owner; a review
sets the next due date from the residual level's interval.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from governance.foundation.writes import apply_changes, validated_save
from governance.inventory.models import MLModel
from governance.teams import permissions as perms
from governance.teams.models import Membership

from .dates import require_decision_date
from .models import Mitigation, Risk, RiskAcceptance, RiskMatrix, RiskReview

RATING_FIELDS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
RISK_EDITABLE_FIELDS = frozenset({"title", "category", "description", "owner", "treatment", *RATING_FIELDS})
STANDARD_RISKS = [
    (Risk.Category.AVAILABILITY, "The model is unavailable for a time"),
    (Risk.Category.WRONG_PREDICTION, "The model returns wrong predictions for some cases"),
    (Risk.Category.PERFORMANCE_DECAY, "Accuracy decays as the data drifts"),
    (Risk.Category.FAIRNESS_DECAY, "Fairness across groups decays over time"),
    (Risk.Category.SKILLS_LOSS, "The skills needed to maintain the model are lost"),
]


def default_matrix() -> RiskMatrix:
    matrix = RiskMatrix.objects.filter(is_default=True).first()
    if matrix is None:
        raise ValidationError("No default risk matrix is set; a governance admin must mark one as default.")
    return matrix


def _require_editor(actor: Any, model: MLModel) -> None:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied("Only contributors and maintainers of the model's team may change its risks.")


def _require_owner(owner: Any, model: MLModel) -> None:
    if owner is None or not owner.is_active:
        raise ValidationError({"owner": "The risk owner must be an active user."})
    role = Membership.objects.filter(user=owner, team_id=model.team_id).values_list("role", flat=True).first()
    if role not in perms.EDIT_ROLES and not perms.is_governance_admin(owner):
        raise ValidationError(
            {"owner": "The risk owner must be a contributor or maintainer of the model's team."}
        )


def risk_derive(risk: Risk, *, today: datetime.date) -> None:
    """Check the ratings against the matrix and the residual rule, then set levels, scores and status."""
    matrix = risk.matrix
    rows, cols = matrix.size
    errors: dict[str, str] = {}
    for field in RATING_FIELDS:
        value = getattr(risk, field)
        limit = rows if field.endswith("likelihood") else cols
        if value is not None and not 1 <= value <= limit:
            errors[field] = f"Rate from 1 to {limit} on the '{matrix.name}' matrix."
    if errors:
        raise ValidationError(errors)
    rated = [getattr(risk, f) is not None for f in RATING_FIELDS]
    if any(rated) and not all(rated):
        raise ValidationError(
            "Rate inherent and residual likelihood and impact together, or leave all four empty."
        )
    if not all(rated):
        risk.inherent_level = risk.inherent_score = risk.residual_level = risk.residual_score = None
        if risk.status == Risk.Status.ACTIVE:
            raise ValidationError("An active risk keeps its ratings.")
        return
    if risk.residual_likelihood > risk.inherent_likelihood:
        errors["residual_likelihood"] = "Residual likelihood may not exceed the inherent likelihood."
    if risk.residual_impact > risk.inherent_impact:
        errors["residual_impact"] = "Residual impact may not exceed the inherent impact."
    if errors:
        raise ValidationError(errors)
    risk.inherent_level = matrix.level_for(risk.inherent_likelihood, risk.inherent_impact).index
    risk.inherent_score = risk.inherent_likelihood * risk.inherent_impact
    risk.residual_level = matrix.level_for(risk.residual_likelihood, risk.residual_impact).index
    risk.residual_score = risk.residual_likelihood * risk.residual_impact
    if risk.status == Risk.Status.DRAFT:
        # Rating a draft makes it live; its first review falls one interval of its residual level from now.
        risk.status = Risk.Status.ACTIVE
        risk.next_review_due = today + datetime.timedelta(
            days=matrix.level_objects[risk.residual_level].review_days
        )


def risk_create(
    *,
    actor: Any,
    model: MLModel,
    title: str,
    category: str,
    owner: Any,
    matrix: RiskMatrix | None = None,
    **details: Any,
) -> Risk:
    _require_editor(actor, model)
    unknown = set(details) - RISK_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown risk fields: {', '.join(sorted(unknown))}.")
    if model.is_retired:
        raise ValidationError(f"Model '{model.name}' is retired; its risks are closed, not added.")
    _require_owner(owner, model)
    risk = Risk(
        model=model, matrix=matrix or default_matrix(), title=title.strip(), category=category, owner=owner
    )
    for field, value in details.items():
        setattr(risk, field, value)
    risk_derive(risk, today=timezone.localdate())
    validated_save(risk, actor=actor, reason="Created")
    return risk


def risk_update(*, actor: Any, risk: Risk, **changes: Any) -> Risk:
    _require_editor(actor, risk.model)
    with transaction.atomic():
        risk = Risk.objects.select_for_update().select_related("matrix", "model").get(pk=risk.pk)
        if risk.status == Risk.Status.CLOSED:
            raise ValidationError("A closed risk cannot be changed.")
        if "owner" in changes and changes["owner"].pk != risk.owner_id:
            _require_owner(changes["owner"], risk.model)
        if "title" in changes:
            changes["title"] = changes["title"].strip()
        if apply_changes(risk, changes, RISK_EDITABLE_FIELDS):
            risk_derive(risk, today=timezone.localdate())
            validated_save(risk, actor=actor, reason="Edited")
    return risk


def risks_add_standard(*, actor: Any, model: MLModel, owner: Any | None = None) -> list[Risk]:
    """Add the standard MLOps risks the model lacks, as drafts to rate; idempotent."""
    _require_editor(actor, model)
    owner = owner or model.owner
    present = set(model.risks.exclude(status=Risk.Status.CLOSED).values_list("category", flat=True))
    matrix = default_matrix()
    with transaction.atomic():
        return [
            risk_create(actor=actor, model=model, title=title, category=category, owner=owner, matrix=matrix)
            for category, title in STANDARD_RISKS
            if category not in present
        ]


def risk_review_record(
    *, actor: Any, risk: Risk, notes: str = "", reviewed_on: datetime.date | None = None
) -> RiskReview:
    _require_editor(actor, risk.model)
    today = timezone.localdate()
    reviewed_on = reviewed_on or today
    require_decision_date(reviewed_on, field="reviewed_on", today=today)
    with transaction.atomic():
        risk = Risk.objects.select_for_update().select_related("matrix").get(pk=risk.pk)
        if risk.status != Risk.Status.ACTIVE:
            raise ValidationError("Only an active (rated, open) risk can be reviewed; rate it first.")
        interval = risk.matrix.level_objects[risk.residual_level].review_days
        review = RiskReview.objects.create(
            risk=risk,
            reviewed_by=actor,
            reviewed_on=reviewed_on,
            notes=notes.strip(),
            residual_level=risk.residual_level,
            next_review_due=reviewed_on + datetime.timedelta(days=interval),
        )
        risk.last_reviewed_on = reviewed_on
        risk.next_review_due = review.next_review_due
        validated_save(risk, actor=actor, reason="Reviewed")
    return review


def risk_close(*, actor: Any, risk: Risk, reason: str) -> Risk:
    """Close, never delete: the risk and its history stay as evidence."""
    _require_editor(actor, risk.model)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the risk is closed."})
    with transaction.atomic():
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        if risk.status == Risk.Status.CLOSED:
            raise ValidationError("This risk is already closed.")
        risk.status = Risk.Status.CLOSED
        risk.closed_reason = reason.strip()
        validated_save(risk, actor=actor, reason="Closed")
    return risk


def _require_mitigation_rules(*, risk: Risk, owner: Any | None) -> None:
    """The one rule for mitigations, for the pages and the API alike: a closed risk's mitigations are
    final (none added, none changed), and the owner (when set or changed) is an active contributor or
    maintainer of the model's team, the people the page offers."""
    if risk.status == Risk.Status.CLOSED:
        raise ValidationError("The risk is closed: its mitigations can no longer be added or changed.")
    if owner is not None:
        if not owner.is_active:
            raise ValidationError({"owner": "The mitigation owner must be an active user."})
        if not Membership.objects.filter(
            user=owner, team_id=risk.model.team_id, role__in=perms.EDIT_ROLES
        ).exists():
            raise ValidationError(
                {"owner": "The mitigation owner must be a contributor or maintainer of the model's team."}
            )


def mitigation_add(
    *,
    actor: Any,
    risk: Risk,
    description: str,
    owner: Any,
    due_date: datetime.date | None = None,
    status: str = "planned",
) -> Mitigation:
    _require_editor(actor, risk.model)
    if owner is None:
        raise ValidationError({"owner": "The mitigation owner must be an active user."})
    _require_mitigation_rules(risk=risk, owner=owner)
    mitigation = Mitigation(
        risk=risk, description=description.strip(), owner=owner, due_date=due_date, status=status
    )
    if status == Mitigation.Status.DONE:
        mitigation.completed_on = timezone.localdate()
    validated_save(mitigation, actor=actor, reason="Added")
    return mitigation


def mitigation_update(*, actor: Any, mitigation: Mitigation, **changes: Any) -> Mitigation:
    _require_editor(actor, mitigation.risk.model)
    with transaction.atomic():
        mitigation = (
            Mitigation.objects.select_for_update().select_related("risk__model").get(pk=mitigation.pk)
        )
        owner = changes.get("owner")
        if "owner" in changes and owner is None:
            raise ValidationError({"owner": "A mitigation needs an owner."})
        # The owner is checked only when it changes: one who left the team does not block a status change.
        _require_mitigation_rules(risk=mitigation.risk, owner=owner if owner != mitigation.owner else None)
        if apply_changes(mitigation, changes, frozenset({"description", "owner", "status", "due_date"})):
            if mitigation.status == Mitigation.Status.DONE and mitigation.completed_on is None:
                mitigation.completed_on = timezone.localdate()
            validated_save(mitigation, actor=actor, reason="Edited")
    return mitigation


def acceptance_record(
    *,
    actor: Any,
    risk: Risk,
    justification: str,
    expires_on: datetime.date,
    accepted_on: datetime.date | None = None,
) -> RiskAcceptance:
    """The actor approves; separation of duties keeps the risk's owner from accepting their own risk."""
    model = risk.model
    if not (perms.is_governance_admin(actor) or perms.can_maintain_team(actor, model.team_id)):
        raise PermissionDenied(
            "Only a governance admin or a maintainer of the model's team may accept a risk."
        )
    accepted_on = accepted_on or timezone.localdate()
    require_decision_date(accepted_on, field="accepted_on", today=timezone.localdate())
    if expires_on <= accepted_on:
        raise ValidationError({"expires_on": "An acceptance must expire after the day it was given."})
    with transaction.atomic():
        # Re-read under a lock: the acceptance and the risk's treatment are written together, and saving a
        # stale copy of the risk would undo a change made since the caller read it.
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        if actor.pk == risk.owner_id:
            raise ValidationError("The risk's owner cannot accept their own risk; another approver must.")
        if risk.status != Risk.Status.ACTIVE:
            raise ValidationError("Only an active (rated, open) risk can be accepted.")
        acceptance = RiskAcceptance(
            risk=risk,
            approver=actor,
            justification=justification.strip(),
            accepted_on=accepted_on,
            expires_on=expires_on,
        )
        validated_save(acceptance, actor=actor, reason="Accepted")
        if risk.treatment != Risk.Treatment.ACCEPT:
            risk.treatment = Risk.Treatment.ACCEPT
            validated_save(risk, actor=actor, reason="Accepted")
    return acceptance
