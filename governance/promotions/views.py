"""Pages of the gate: a version's gate, asking for a promotion, a request and its decision, the inbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from governance.foundation.web import add_service_errors
from governance.teams import permissions as perms

from . import selectors, services
from .forms import ApproveForm, PromotionRequestForm, RejectForm
from .gate import gate_evaluate_many
from .inbox import inbox_for
from .models import Environment


@login_required
@require_http_methods(["GET"])
def version_gate(request: HttpRequest, pk: int) -> HttpResponse:
    """The version's gate for every environment, judged now."""
    version = selectors.version_for_gate(user=request.user, pk=pk)
    environments = list(Environment.objects.order_by("rank"))
    gates = gate_evaluate_many(pairs=[(version, e) for e in environments])
    return render(
        request,
        "promotions/version_gate.html",
        {
            "version": version,
            "model": version.model,
            "gates": gates,
            "can_request": perms.can_edit_team(request.user, version.model.team_id)
            and not version.model.is_retired,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for_gate(user=request.user, pk=pk)
    if not perms.can_edit_team(request.user, version.model.team_id):
        raise PermissionDenied(
            gettext("Only contributors and maintainers of the model's team may ask for a promotion.")
        )
    initial = {"environment": request.GET.get("environment", "production")}
    form = PromotionRequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            created = services.promotion_request_create(
                actor=request.user,
                version=version,
                environment=form.cleaned_data["environment"],
                justification=form.cleaned_data["justification"],
                kind=request.POST.get("kind") or None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409 if getattr(exc, "code", None) == "conflict" else 400
        else:
            messages.success(
                request,
                gettext("Promotion of %(version)s to %(environment)s requested.")
                % {"version": version.label, "environment": created.environment.name},
            )
            return redirect("promotions:request_detail", pk=created.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "promotions/request_form.html",
        {"version": version, "model": version.model, "form": form},
        status=status,
    )


def _detail_context(request: HttpRequest, promotion) -> dict:
    gate = selectors.request_gate(request=promotion)
    needs = selectors.request_needs(request=promotion, gate=gate)
    waivable = [(r.key, r.title_text) for r in gate.rules if r.blocks and r.waivable]
    may_decide = (
        promotion.status == "open"
        and promotion.requested_by_id != request.user.pk
        and (
            perms.is_governance_admin(request.user)
            or perms.can_maintain_team(request.user, promotion.model.team_id)
        )
    )
    return {
        "promotion": promotion,
        "model": promotion.model,
        "gate": gate,
        "needs": needs,
        "approvals": list(promotion.approvals.select_related("approver")),
        "waivers": list(promotion.waivers.select_related("granted_by")),
        "may_decide": may_decide,
        "approve_form": ApproveForm(waivable=waivable if perms.is_governance_admin(request.user) else []),
        "reject_form": RejectForm(),
    }


@login_required
@require_http_methods(["GET"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    promotion = selectors.request_get(user=request.user, pk=pk)
    return render(request, "promotions/request_detail.html", _detail_context(request, promotion))


@login_required
@require_POST
def request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    promotion = selectors.request_get(user=request.user, pk=pk)
    context = _detail_context(request, promotion)
    waivable = [(r.key, r.title_text) for r in context["gate"].rules if r.blocks and r.waivable]
    form = ApproveForm(request.POST, waivable=waivable if perms.is_governance_admin(request.user) else [])
    if form.is_valid():
        try:
            decided = services.promotion_approve(actor=request.user, request=promotion, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409 if getattr(exc, "code", None) == "conflict" else 400
        else:
            done = decided.status == "approved"
            messages.success(
                request,
                gettext("Approved: %(version)s now holds %(environment)s.")
                % {"version": decided.version.label, "environment": decided.environment.name}
                if done
                else gettext("Your approval is recorded; more approvals are needed."),
            )
            return redirect("promotions:request_detail", pk=promotion.pk)
    else:
        status = 400
    context["approve_form"] = form
    return render(request, "promotions/request_detail.html", context, status=status)


@login_required
@require_POST
def request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    promotion = selectors.request_get(user=request.user, pk=pk)
    context = _detail_context(request, promotion)
    form = RejectForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.promotion_reject(
                actor=request.user, request=promotion, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409 if getattr(exc, "code", None) == "conflict" else 400
        else:
            messages.success(request, gettext("Request rejected; the requester sees your reason."))
            return redirect("promotions:request_detail", pk=promotion.pk)
    context["reject_form"] = form
    return render(request, "promotions/request_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "promotions/inbox.html", {"inbox": inbox_for(user=request.user)})
