"""Writes of the promotion gate: requests, approvals, rejections, waivers, expiry, and the deployments they
move. Each decision re-evaluates the gate from the live rows under a lock on the request, so two approvals
arriving at once make exactly one promotion, and nothing is written when a rule refuses.

Errors: PermissionDenied (403), ValidationError (400), and ValidationError with code "conflict" (409) for a
request that is no longer open, expired, already approved by the actor, or duplicated.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.foundation.lazytext import as_json
from governance.foundation.writes import validated_save
from governance.inventory.models import MLModel, ModelVersion
from governance.teams import permissions as perms

from .gate import GateResult, gate_evaluate
from .models import Approval, Deployment, Environment, PromotionRequest, Waiver
from .signals import promotion_decided, promotion_requested

MAX_WAIVER_DAYS = 365


def conflict(message: str) -> ValidationError:
    return ValidationError(message, code="conflict")


# Deployments ---------------------------------------------------------------------------------------------


def model_stage_sync(*, actor: Any, model: MLModel, reason: str) -> None:
    """The stage follows the highest environment any version holds; with none held, it is development."""
    top = (
        Deployment.objects.filter(model=model)
        .select_related("environment")
        .order_by("-environment__rank")
        .first()
    )
    stage = top.environment.counts_as if top else None
    if stage is None and model.stage in (MLModel.Stage.STAGING, MLModel.Stage.PRODUCTION):
        stage = MLModel.Stage.DEVELOPMENT
    if stage and stage != model.stage:
        model.stage = stage
        validated_save(model, actor=actor, reason=reason)


def _version_status_sync(*, actor: Any, version: ModelVersion, reason: str) -> None:
    """Deployed while the version holds an environment; validated once it holds none."""
    holds = Deployment.objects.filter(version=version).exists()
    status = ModelVersion.Status.DEPLOYED if holds else ModelVersion.Status.VALIDATED
    if version.status != status:
        version.status = status
        if holds:
            version.deployed_at = timezone.now()
        validated_save(version, actor=actor, reason=reason)


def deployment_move(
    *,
    actor: Any,
    version: ModelVersion,
    environment: Environment,
    request: PromotionRequest | None,
    reason: str,
) -> Deployment:
    """Give `environment` to `version`; the history records both ends. Call inside a transaction."""
    model = MLModel.objects.select_for_update().get(pk=version.model_id)
    current = Deployment.objects.select_for_update().filter(model=model, environment=environment).first()
    previous = current.version if current else None
    if current is None:
        current = Deployment(model=model, environment=environment)
    current.version, current.previous_version = version, previous
    current.since, current.promoted_by, current.request = timezone.now(), actor, request
    current.out_of_policy, current.policy_reasons, current.policy_messages = False, [], []
    was = f" (was {previous.label})" if previous else ""
    validated_save(current, actor=actor, reason=f"{reason}: {version.label} to {environment.name}{was}")
    _version_status_sync(actor=actor, version=version, reason=f"Holds {environment.name}")
    if previous is not None and previous.pk != version.pk:
        _version_status_sync(actor=actor, version=previous, reason=f"Left {environment.name}")
    model_stage_sync(actor=actor, model=model, reason=f"{version.label} in {environment.name}")
    return current


def deployment_release(*, actor: Any, deployment: Deployment, reason: str) -> None:
    """The version leaves the environment and nothing replaces it (a demotion)."""
    model = MLModel.objects.select_for_update().get(pk=deployment.model_id)
    version, environment = deployment.version, deployment.environment
    deployment._history_user = actor
    deployment._change_reason = f"{reason}: {version.label} left {environment.name}"[:100]
    deployment.delete()
    _version_status_sync(actor=actor, version=version, reason=f"Left {environment.name}")
    model_stage_sync(actor=actor, model=model, reason=f"{version.label} left {environment.name}")


# Requests ------------------------------------------------------------------------------------------------


def _kind_for(*, version: ModelVersion, holder: Deployment | None, kind: str | None) -> str:
    if kind == PromotionRequest.Kind.DEMOTE:
        if holder is None or holder.version_id != version.pk:
            raise ValidationError(
                {"kind": _("Version %(label)s does not hold this environment.") % {"label": version.label}}
            )
        return kind
    if holder is not None and holder.version_id == version.pk:
        raise ValidationError(
            {"version": _("Version %(label)s already holds this environment.") % {"label": version.label}}
        )
    rollback = holder is not None and holder.previous_version_id == version.pk
    if kind == PromotionRequest.Kind.ROLLBACK and not rollback:
        raise ValidationError(
            {"kind": _("A rollback returns the environment to the version that held it before.")}
        )
    return PromotionRequest.Kind.ROLLBACK if rollback else PromotionRequest.Kind.PROMOTE


def promotion_request_create(
    *,
    actor: Any,
    version: ModelVersion,
    environment: Environment,
    justification: str,
    kind: str | None = None,
) -> PromotionRequest:
    model = version.model
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied(
            _("Only contributors and maintainers of the model's team may ask for a promotion.")
        )
    if kind not in (None, "", *PromotionRequest.Kind.values):
        raise ValidationError(
            {"kind": _("Choose one of %(value)s.") % {"value": ", ".join(PromotionRequest.Kind.values)}}
        )
    justification = (justification or "").strip()
    if len(justification) < 4:
        raise ValidationError({"justification": _("Say why this version should move (a sentence).")})
    if model.is_retired:
        raise ValidationError(
            _("Model '%(name)s' is retired; its versions are not promoted.") % {"name": model.name}
        )
    holder = Deployment.objects.filter(model=model, environment=environment).first()
    kind = _kind_for(version=version, holder=holder, kind=kind or None)
    if kind != PromotionRequest.Kind.DEMOTE and model.ai_act_tier == MLModel.AIActTier.UNACCEPTABLE:
        raise ValidationError(
            _("A model in the unacceptable (prohibited) tier may not go beyond development.")
        )
    gate = gate_evaluate(version=version, environment=environment)
    request = PromotionRequest(
        model=model,
        version=version,
        environment=environment,
        kind=kind,
        justification=justification,
        requested_by=actor,
        replaces_version=holder.version if holder else None,
        expires_at=timezone.now() + datetime.timedelta(days=gate.policy.request_ttl_days),
        gate_at_request=gate.as_dict(),
    )
    try:
        with transaction.atomic():
            validated_save(request, actor=actor, reason="Requested")
            promotion_requested.send(sender=PromotionRequest, request=request)  # notifications (issue 21)
    except ValidationError as exc:
        if PromotionRequest.objects.filter(version=version, environment=environment, status="open").exists():
            raise conflict(
                _("An open request for version %(label)s to %(environment)s already exists.")
                % {"label": version.label, "environment": environment.name}
            ) from exc
        raise
    return request


def _lock_open(request: PromotionRequest) -> PromotionRequest:
    request = (
        PromotionRequest.objects.select_for_update()
        .select_related("model", "environment", "version")
        .get(pk=request.pk)
    )
    if request.status != PromotionRequest.Status.OPEN:
        raise conflict(
            _("This request is already %(status)s.") % {"status": request.get_status_display().lower()}
        )
    if request.expires_at <= timezone.now():
        raise conflict(_("This request has expired; ask again."))
    return request


def _decider_role(actor: Any, request: PromotionRequest) -> None:
    if not (perms.is_governance_admin(actor) or perms.can_maintain_team(actor, request.model.team_id)):
        raise PermissionDenied(
            _("Only maintainers of the model's team and governance admins decide requests.")
        )
    if actor.pk == request.requested_by_id:
        raise PermissionDenied(_("Nobody decides their own request; another approver must."))


def approvals_needed(
    *, request: PromotionRequest, gate: GateResult, approvals: list[Approval]
) -> dict[str, Any]:
    """What is still missing: maintainer and governance-admin approvals, and an independent approver."""
    maintainers, admins = gate.policy.approvals_for(request.kind)
    have_admins = sum(1 for a in approvals if a.role == Approval.Role.GOVERNANCE_ADMIN)
    have_maintainers = len(approvals) - have_admins
    independent_needed = gate.policy.independent_approver and not any(
        a.approver_id not in (request.requested_by_id, request.model.owner_id) for a in approvals
    )
    return {
        "maintainer": max(0, maintainers - have_maintainers),
        "governance_admin": max(0, admins - have_admins),
        "independent_approver": independent_needed,
    }


def _satisfied(needed: dict[str, Any]) -> bool:
    return not needed["maintainer"] and not needed["governance_admin"] and not needed["independent_approver"]


def _role_for(actor: Any, request: PromotionRequest, needed: dict[str, Any]) -> str:
    admin = perms.is_governance_admin(actor)
    maintainer = perms.can_maintain_team(actor, request.model.team_id)
    if admin and needed["governance_admin"]:
        return Approval.Role.GOVERNANCE_ADMIN
    if maintainer and needed["maintainer"]:
        return Approval.Role.MAINTAINER
    independent = actor.pk not in (request.requested_by_id, request.model.owner_id)
    if needed["independent_approver"] and independent:
        return Approval.Role.GOVERNANCE_ADMIN if admin else Approval.Role.MAINTAINER
    raise conflict(_("No approval of yours is still needed on this request."))


def _apply(*, actor: Any, request: PromotionRequest) -> None:
    with translation.override("en"):  # stored in English, shown translated (foundation.reasons)
        reason = request.get_kind_display()
    if request.kind == PromotionRequest.Kind.DEMOTE:
        holder = (
            Deployment.objects.select_for_update()
            .filter(model=request.model, environment=request.environment)
            .first()
        )
        if holder is None or holder.version_id != request.version_id:
            raise conflict(
                _("Version %(label)s no longer holds %(environment)s.")
                % {"label": request.version.label, "environment": request.environment.name}
            )
        deployment_release(actor=actor, deployment=holder, reason=reason)
    else:
        deployment_move(
            actor=actor,
            version=request.version,
            environment=request.environment,
            request=request,
            reason=reason,
        )


def promotion_approve(
    *,
    actor: Any,
    request: PromotionRequest,
    comment: str = "",
    waive_rules: list[str] | None = None,
    waiver_reason: str = "",
    waiver_expires_on: datetime.date | None = None,
) -> PromotionRequest:
    with transaction.atomic():
        request = _lock_open(request)
        _decider_role(actor, request)
        approvals = list(request.approvals.all())
        if any(a.approver_id == actor.pk for a in approvals):
            raise conflict(_("You have already approved this request."))
        gate = gate_evaluate(version=request.version, environment=request.environment)
        if waive_rules:
            _waive(
                actor=actor,
                request=request,
                gate=gate,
                rules=waive_rules,
                reason=waiver_reason,
                expires_on=waiver_expires_on,
            )
            gate = gate_evaluate(version=request.version, environment=request.environment)
        if request.kind != PromotionRequest.Kind.DEMOTE and not gate.allowed:
            reasons = "; ".join(f"{r.title_text}: {r.reason_text}" for r in gate.failed)
            raise ValidationError(
                _("The gate refuses this promotion now. %(reasons)s") % {"reasons": reasons}
            )
        needed = approvals_needed(request=request, gate=gate, approvals=approvals)
        approval = Approval(
            request=request, approver=actor, role=_role_for(actor, request, needed), comment=comment.strip()
        )
        validated_save(approval, actor=actor, reason="Approved")
        approvals.append(approval)
        request.gate_at_decision = gate.as_dict()
        if _satisfied(approvals_needed(request=request, gate=gate, approvals=approvals)):
            _apply(actor=actor, request=request)
            request.status = PromotionRequest.Status.APPROVED
            request.decided_at, request.decided_by = timezone.now(), actor
        validated_save(
            request, actor=actor, reason="Approved" if request.status == "approved" else "Approval added"
        )
        if request.status == PromotionRequest.Status.APPROVED:
            promotion_decided.send(sender=PromotionRequest, request=request)  # notifications (issue 21)
    return request


def _waive(
    *,
    actor: Any,
    request: PromotionRequest,
    gate: GateResult,
    rules: list[str],
    reason: str,
    expires_on: datetime.date | None,
) -> Waiver:
    if not perms.is_governance_admin(actor):
        raise PermissionDenied(_("Only a governance admin may waive a rule of the gate."))
    by_key = {r.key: r for r in gate.rules}
    errors = []
    for key in rules:
        rule = by_key.get(key)
        if rule is None or rule.passed:
            errors.append(_("'%(key)s' is not a failing rule of this gate.") % {"key": key})
        elif not rule.waivable:
            errors.append(_("'%(rule)s' can never be waived.") % {"rule": rule.title_text})
    today = timezone.localdate()
    if expires_on is None or expires_on <= today:
        errors.append(_("A waiver needs an expiry date after today."))
    elif expires_on > today + datetime.timedelta(days=MAX_WAIVER_DAYS):
        errors.append(_("A waiver lasts at most %(days)s days.") % {"days": MAX_WAIVER_DAYS})
    if len((reason or "").strip()) < 4:
        errors.append(_("Say why the rules are waived."))
    if errors:
        raise ValidationError(errors)
    waiver = Waiver(
        request=request,
        version=request.version,
        environment=request.environment,
        rules=sorted(set(rules)),
        reason=reason.strip(),
        expires_on=expires_on,
        granted_by=actor,
    )
    validated_save(waiver, actor=actor, reason="Waived")
    return waiver


def promotion_reject(*, actor: Any, request: PromotionRequest, reason: str) -> PromotionRequest:
    if len((reason or "").strip()) < 4:
        raise ValidationError({"reason": _("A rejection needs a reason.")})
    with transaction.atomic():
        request = _lock_open(request)
        _decider_role(actor, request)
        request.gate_at_decision = gate_evaluate(
            version=request.version, environment=request.environment
        ).as_dict()
        request.status = PromotionRequest.Status.REJECTED
        request.decided_at, request.decided_by, request.decision_reason = (
            timezone.now(),
            actor,
            reason.strip(),
        )
        validated_save(request, actor=actor, reason="Rejected")
        promotion_decided.send(sender=PromotionRequest, request=request)  # notifications (issue 21)
    return request


def promotions_expire(*, now: datetime.datetime | None = None) -> int:
    """Close every open request past its expiry (nightly and on demand); each keeps a history record."""
    now = now or timezone.now()
    count = 0
    for pk in PromotionRequest.objects.filter(status="open", expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            request = PromotionRequest.objects.select_for_update().get(pk=pk)
            if request.status == PromotionRequest.Status.OPEN:
                request.status = PromotionRequest.Status.EXPIRED
                request.decided_at = now
                validated_save(request, actor=None, reason="Expired")
                count += 1
    return count


# Out of policy -------------------------------------------------------------------------------------------

PASS_CHUNK = 2000


def _store_flags(rows: list[tuple[bool, str, str, datetime.datetime, int]]) -> None:
    """One parametrised UPDATE sent for every row (psycopg pipelines executemany): no ORM expression per
    row, which cost seconds at org-10k."""
    table = Deployment._meta.db_table
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sql = (
        f"UPDATE {table} SET out_of_policy = %s, policy_reasons = %s{cast}, "  # noqa: S608 - names only
        f"policy_messages = %s{cast}, policy_checked_at = %s WHERE id = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def out_of_policy_pass(*, today: datetime.date | None = None) -> dict[str, int]:
    """Re-judge every version that holds a production environment, in bulk, and store the flags: a fixed
    number of queries per chunk of deployments, never one per model."""
    from .gate import gate_evaluate_many

    now = timezone.now()
    ids = list(
        Deployment.objects.filter(environment__counts_as=Environment.CountsAs.PRODUCTION)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    flagged = 0
    for start in range(0, len(ids), PASS_CHUNK):
        deployments = list(
            Deployment.objects.filter(pk__in=ids[start : start + PASS_CHUNK]).select_related(
                "environment",
                "version__model__owner",
                "version__model__human_oversight_contact",
                "version__model__team",
            )
        )
        results = gate_evaluate_many(pairs=[(d.version, d.environment) for d in deployments], today=today)
        rows = []
        for deployment, result in zip(deployments, results, strict=True):
            reasons = [f"{r.title}: {r.reason}" for r in result.failed]
            messages = [
                {"rule": r.key, "reason": as_json(r.message) if r.message is not None else None}
                for r in result.failed
            ]
            rows.append((not result.allowed, json.dumps(reasons), json.dumps(messages), now, deployment.pk))
            flagged += not result.allowed
        _store_flags(rows)
    return {"deployments": len(ids), "out_of_policy": flagged}
