"""Reads of the gate: requests the reader may see, the gate of a version, what waits for whom."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from governance.inventory.models import ModelVersion
from governance.inventory.selectors import models_visible_to
from governance.teams import permissions as perms

from .gate import GateResult, gate_evaluate
from .models import Deployment, Environment, PromotionRequest
from .services import approvals_needed


def environment_or_none(*, slug: str) -> Environment | None:
    return Environment.objects.filter(slug=slug).first()


def version_for_gate(*, user: Any, pk: int) -> ModelVersion:
    """A version the reader may see, with what the rules read of its model; another team's is a 404."""
    return get_object_or_404(
        ModelVersion.objects.filter(model__in=models_visible_to(user=user)).select_related(
            "model__team", "model__owner", "model__human_oversight_contact"
        ),
        pk=pk,
    )


def requests_visible_to(*, user: Any) -> QuerySet[PromotionRequest]:
    return PromotionRequest.objects.filter(model__in=models_visible_to(user=user)).select_related(
        "model", "model__team", "version", "environment", "requested_by", "decided_by"
    )


def request_get(*, user: Any, pk: int) -> PromotionRequest:
    return get_object_or_404(
        requests_visible_to(user=user).select_related("model__owner", "model__human_oversight_contact"), pk=pk
    )


def request_gate(*, request: PromotionRequest) -> GateResult:
    version = ModelVersion.objects.select_related(
        "model__team", "model__owner", "model__human_oversight_contact"
    ).get(pk=request.version_id)
    return gate_evaluate(version=version, environment=request.environment)


def request_needs(*, request: PromotionRequest, gate: GateResult) -> dict[str, Any]:
    return approvals_needed(request=request, gate=gate, approvals=list(request.approvals.all()))


def gate_needs_for_new_request(*, version: ModelVersion, gate: GateResult) -> dict[str, Any]:
    maintainers, admins = gate.policy.approvals_for("promote")
    return {
        "maintainer": maintainers,
        "governance_admin": admins,
        "independent_approver": gate.policy.independent_approver,
    }


def decidable_q(*, user: Any) -> Q:
    """Open, unexpired requests the user may decide: maintainers of the team or governance admins, never
    the requester."""
    base = Q(status=PromotionRequest.Status.OPEN, expires_at__gt=timezone.now()) & ~Q(requested_by=user)
    if perms.is_governance_admin(user):
        return base
    maintained = [t for t, role in perms.team_roles(user).items() if role == "maintainer"]
    return base & Q(model__team_id__in=maintained)


def deployments_of(*, model_id: int) -> list[Deployment]:
    return list(
        Deployment.objects.filter(model_id=model_id)
        .select_related("environment", "version", "promoted_by", "request")
        .order_by("-environment__rank")
    )


def holds_environment(*, version: ModelVersion, environment: Environment) -> bool:
    return Deployment.objects.filter(version=version, environment=environment).exists()


def model_gate_panel(*, user: Any, model: Any) -> dict[str, Any]:
    """What a model's page shows of the gate: who holds each environment and whether it still meets its
    gate, the latest requests, and waivers in force. A fixed number of queries."""
    from .gate import gate_evaluate_many, policy_reasons_text
    from .models import Waiver

    deployments = list(
        Deployment.objects.filter(model=model)
        .select_related("environment", "version", "promoted_by", "request")
        .order_by("-environment__rank")
    )
    versions = {
        v.pk: v
        for v in ModelVersion.objects.filter(pk__in=[d.version_id for d in deployments]).select_related(
            "model__team", "model__owner", "model__human_oversight_contact"
        )
    }
    gates = gate_evaluate_many(pairs=[(versions[d.version_id], d.environment) for d in deployments])
    for deployment in deployments:
        deployment.reasons_text = policy_reasons_text(deployment)
    return {
        "gate_deployments": list(zip(deployments, gates, strict=True)),
        "gate_out_of_policy": any(d.out_of_policy for d in deployments),
        "gate_requests": list(requests_visible_to(user=user).filter(model=model)[:10]),
        "gate_waivers": list(
            Waiver.objects.filter(version__model=model, expires_on__gt=timezone.localdate()).select_related(
                "version", "environment", "granted_by"
            )
        ),
        "gate_environments": list(Environment.objects.order_by("rank")),
        "can_request_promotion": perms.can_edit_team(user, model.team_id) and not model.is_retired,
    }
