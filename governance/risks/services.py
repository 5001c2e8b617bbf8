"""Writes to the risk register. Each service checks the actor's right, applies the register's rules, derives
levels and review dates, and writes atomically with the actor in the history.

Rules (docs/decisions.md): residual likelihood and impact may not exceed the inherent ones; an acceptance is
approved by a governance admin or a maintainer of the model's team, never by anyone who owned the risk within
the policy's period, for no longer than the policy's term for the risk's severity class; the approver of an
acceptance in force never becomes the risk's owner; a review
sets the next due date from the residual level's interval.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from governance.foundation.i18n import pick
from governance.foundation.writes import apply_changes, validated_save
from governance.inventory.models import MLModel
from governance.teams import permissions as perms
from governance.teams.models import Membership

from .dates import require_decision_date
from .models import Mitigation, Risk, RiskAcceptance, RiskMatrix, RiskReview
from .treatment import acceptance_in_force_q

# A matrix level's severity class as a word inside a sentence ("a high risk"), in the reader's language.
SEVERITY_WORDS = {
    "low": pgettext_lazy("severity class", "low"),
    "medium": pgettext_lazy("severity class", "medium"),
    "high": pgettext_lazy("severity class", "high"),
    "critical": pgettext_lazy("severity class", "critical"),
}

RATING_FIELDS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
RISK_EDITABLE_FIELDS = frozenset({"title", "category", "description", "owner", "treatment", *RATING_FIELDS})
STANDARD_RISKS = [
    (Risk.Category.AVAILABILITY, "The model is unavailable for a time"),
    (Risk.Category.WRONG_PREDICTION, "The model returns wrong predictions for some cases"),
    (Risk.Category.PERFORMANCE_DECAY, "Accuracy decays as the data drifts"),
    (Risk.Category.FAIRNESS_DECAY, "Fairness across groups decays over time"),
    (Risk.Category.SKILLS_LOSS, "The skills needed to maintain the model are lost"),
]
# The Korean beside each standard risk (issue 25), by category.
STANDARD_RISKS_KO = {
    Risk.Category.AVAILABILITY: "모델을 일정 기간 사용할 수 없음",
    Risk.Category.WRONG_PREDICTION: "모델이 일부 사례에 대해 잘못된 예측을 반환함",
    Risk.Category.PERFORMANCE_DECAY: "데이터 드리프트로 정확도가 저하됨",
    Risk.Category.FAIRNESS_DECAY: "시간이 지나며 집단 간 공정성이 저하됨",
    Risk.Category.SKILLS_LOSS: "모델 유지 관리에 필요한 역량을 잃음",
}


def standard_risks() -> list[tuple[str, str]]:
    """The standard risks as (category, title), titled in the active language (foundation/i18n.py)."""
    return [(category, pick(title, STANDARD_RISKS_KO.get(category))) for category, title in STANDARD_RISKS]


def default_matrix() -> RiskMatrix:
    matrix = RiskMatrix.objects.filter(is_default=True).first()
    if matrix is None:
        raise ValidationError(
            _("No default risk matrix is set; a governance admin must mark one as default.")
        )
    return matrix


def _require_editor(actor: Any, model: MLModel) -> None:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied(
            _("Only contributors and maintainers of the model's team may change its risks.")
        )


def _require_owner(owner: Any, model: MLModel) -> None:
    if owner is None or not owner.is_active:
        raise ValidationError({"owner": _("The risk owner must be an active user.")})
    role = Membership.objects.filter(user=owner, team_id=model.team_id).values_list("role", flat=True).first()
    if role not in perms.EDIT_ROLES and not perms.is_governance_admin(owner):
        raise ValidationError(
            {"owner": _("The risk owner must be a contributor or maintainer of the model's team.")}
        )


def risk_derive(risk: Risk, *, today: datetime.date) -> None:
    """Check the ratings against the matrix and the residual rule, then set levels, scores, status and the
    review date.

    Inherent alone is a rating: until a residual is given the residual equals the inherent rating and
    ``residual_from_inherent`` says so. Re-rating an active risk is not a review: it can bring the next
    review forward (to the new level's interval from the last review, or from today) but never later.
    """
    matrix = risk.matrix
    rows, cols = matrix.size
    errors: dict[str, str] = {}
    for field in RATING_FIELDS:
        value = getattr(risk, field)
        limit = rows if field.endswith("likelihood") else cols
        if value is not None and not 1 <= value <= limit:
            errors[field] = _("Rate from 1 to %(limit)s on the '%(matrix)s' matrix.") % {
                "limit": limit,
                "matrix": matrix.name,
            }
    if errors:
        raise ValidationError(errors)
    inherent = (risk.inherent_likelihood, risk.inherent_impact)
    residual = (risk.residual_likelihood, risk.residual_impact)
    if None in inherent and any(v is not None for v in (*inherent, *residual)):
        raise ValidationError(
            _(
                "Rate inherent likelihood and impact together (a residual needs an inherent rating), "
                "or leave all four empty."
            )
        )
    if (None in residual) and residual != (None, None):
        raise ValidationError(_("Rate residual likelihood and impact together, or leave both empty."))
    if None in inherent:
        risk.inherent_level = risk.inherent_score = risk.residual_level = risk.residual_score = None
        risk.residual_from_inherent = False
        if risk.status == Risk.Status.ACTIVE:
            raise ValidationError(_("An active risk keeps its ratings."))
        return
    risk.residual_from_inherent = residual == (None, None)
    if risk.residual_from_inherent:
        risk.residual_likelihood, risk.residual_impact = inherent
    if risk.residual_likelihood > risk.inherent_likelihood:
        errors["residual_likelihood"] = _("Residual likelihood may not exceed the inherent likelihood.")
    if risk.residual_impact > risk.inherent_impact:
        errors["residual_impact"] = _("Residual impact may not exceed the inherent impact.")
    if errors:
        raise ValidationError(errors)
    risk.inherent_level = matrix.level_for(risk.inherent_likelihood, risk.inherent_impact).index
    risk.inherent_score = risk.inherent_likelihood * risk.inherent_impact
    risk.residual_level = matrix.level_for(risk.residual_likelihood, risk.residual_impact).index
    risk.residual_score = risk.residual_likelihood * risk.residual_impact
    interval = datetime.timedelta(days=matrix.level_objects[risk.residual_level].review_days)
    if risk.status == Risk.Status.DRAFT:
        # Rating a draft makes it live; its first review falls one interval of its residual level from now.
        risk.status = Risk.Status.ACTIVE
        risk.next_review_due = today + interval
    elif risk.status == Risk.Status.ACTIVE:
        tightened = (risk.last_reviewed_on or today) + interval
        if risk.next_review_due is None or tightened < risk.next_review_due:
            risk.next_review_due = tightened


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
        raise ValidationError(_("Unknown risk fields: %(value)s.") % {"value": ", ".join(sorted(unknown))})
    if model.is_retired:
        raise ValidationError(
            _("Model '%(name)s' is retired; its risks are closed, not added.") % {"name": model.name}
        )
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
            raise ValidationError(_("A closed risk cannot be changed."))
        if "owner" in changes and changes["owner"].pk != risk.owner_id:
            _require_owner(changes["owner"], risk.model)
            _refuse_owner_who_accepted(risk, changes["owner"])
        if "title" in changes:
            changes["title"] = changes["title"].strip()
        was_copied = risk.residual_from_inherent
        if was_copied:
            # The stored residual is a copy of the inherent rating, not a rating: it follows the inherent
            # one until a residual is given.
            risk.residual_likelihood = risk.residual_impact = None
        if apply_changes(risk, changes, RISK_EDITABLE_FIELDS):
            risk_derive(risk, today=timezone.localdate())
            validated_save(risk, actor=actor, reason="Edited")
        elif was_copied:
            risk.residual_likelihood, risk.residual_impact = risk.inherent_likelihood, risk.inherent_impact
    return risk


def _refuse_owner_who_accepted(risk: Risk, new_owner: Any) -> None:
    """The approver of an acceptance in force may never own the risk while it is in force."""
    in_force = risk.acceptances.filter(acceptance_in_force_q(today=timezone.localdate()), approver=new_owner)
    if in_force.exists():
        raise ValidationError(
            {
                "owner": _(
                    "%(new_owner)s approved this risk's acceptance in force and cannot also own the risk."
                )
                % {"new_owner": new_owner}
            }
        )


def _owned_since(risk: Risk, user: Any, since: datetime.datetime) -> bool:
    """Did `user` own the risk at any moment from `since` until now? The history tells who owned it when."""
    if risk.owner_id == user.pk:
        return True
    rows = list(
        Risk.history.filter(id=risk.pk).order_by("history_date").values_list("history_date", "owner_id")
    )
    ends = [r[0] for r in rows[1:]] + [timezone.now()]
    return any(
        owner_id == user.pk and end >= since for (_start, owner_id), end in zip(rows, ends, strict=True)
    )


def _acceptance_term_check(risk: Risk, accepted_on: datetime.date, expires_on: datetime.date) -> None:
    from governance.checks.models import CheckPolicy

    level = risk.matrix.level_objects[risk.residual_level]
    longest = CheckPolicy.current().acceptance_max_days(level.severity)
    if (expires_on - accepted_on).days > longest:
        raise ValidationError(
            {
                "expires_on": _(
                    "A %(severity)s risk may be accepted for at most %(days)s days (until %(date)s)."
                )
                % {
                    "severity": SEVERITY_WORDS.get(level.severity, level.severity),
                    "days": longest,
                    "date": f"{accepted_on + datetime.timedelta(days=longest):%Y-%m-%d}",
                }
            }
        )


def risks_add_standard(*, actor: Any, model: MLModel, owner: Any | None = None) -> list[Risk]:
    """Add the standard MLOps risks the model lacks, as drafts to rate; idempotent. They are titled in the
    active language (the requester's), like any risk a person writes; the category says which one it is."""
    _require_editor(actor, model)
    owner = owner or model.owner
    present = set(model.risks.exclude(status=Risk.Status.CLOSED).values_list("category", flat=True))
    matrix = default_matrix()
    with transaction.atomic():
        return [
            risk_create(actor=actor, model=model, title=title, category=category, owner=owner, matrix=matrix)
            for category, title in standard_risks()
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
            raise ValidationError(_("Only an active (rated, open) risk can be reviewed; rate it first."))
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
        raise ValidationError({"reason": _("Say why the risk is closed.")})
    with transaction.atomic():
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        if risk.status == Risk.Status.CLOSED:
            raise ValidationError(_("This risk is already closed."))
        risk.status = Risk.Status.CLOSED
        risk.closed_reason = reason.strip()
        validated_save(risk, actor=actor, reason="Closed")
    return risk


def _require_mitigation_rules(*, risk: Risk, owner: Any | None) -> None:
    """The one rule for mitigations, for the pages and the API alike: a closed risk's mitigations are
    final (none added, none changed), and the owner (when set or changed) is an active contributor or
    maintainer of the model's team, the people the page offers."""
    if risk.status == Risk.Status.CLOSED:
        raise ValidationError(_("The risk is closed: its mitigations can no longer be added or changed."))
    if owner is not None:
        if not owner.is_active:
            raise ValidationError({"owner": _("The mitigation owner must be an active user.")})
        if not Membership.objects.filter(
            user=owner, team_id=risk.model.team_id, role__in=perms.EDIT_ROLES
        ).exists():
            raise ValidationError(
                {"owner": _("The mitigation owner must be a contributor or maintainer of the model's team.")}
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
        raise ValidationError({"owner": _("The mitigation owner must be an active user.")})
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
            raise ValidationError({"owner": _("A mitigation needs an owner.")})
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
            _("Only a governance admin or a maintainer of the model's team may accept a risk.")
        )
    accepted_on = accepted_on or timezone.localdate()
    require_decision_date(accepted_on, field="accepted_on", today=timezone.localdate())
    if expires_on <= accepted_on:
        raise ValidationError({"expires_on": _("An acceptance must expire after the day it was given.")})
    with transaction.atomic():
        # Re-read under a lock: the acceptance and the risk's treatment are written together, and saving a
        # stale copy of the risk would undo a change made since the caller read it.
        risk = Risk.objects.select_for_update().select_related("matrix").get(pk=risk.pk)
        if actor.pk == risk.owner_id:
            raise ValidationError(_("The risk's owner cannot accept their own risk; another approver must."))
        if risk.status != Risk.Status.ACTIVE:
            raise ValidationError(_("Only an active (rated, open) risk can be accepted."))
        from governance.checks.models import CheckPolicy

        cooldown = CheckPolicy.current().acceptance_owner_cooldown_days
        if _owned_since(risk, actor, timezone.now() - datetime.timedelta(days=cooldown)):
            raise ValidationError(
                _(
                    "You owned this risk within the last %(cooldown)s days, so another approver must "
                    "accept it."
                )
                % {"cooldown": cooldown}
            )
        _acceptance_term_check(risk, accepted_on, expires_on)
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
