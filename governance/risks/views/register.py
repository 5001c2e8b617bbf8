"""Pages of the risk register. Thin: select, validate, call a service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.evidence.selectors import evidence_of
from governance.foundation.web import add_service_errors, paginate
from governance.inventory.models import MLModel
from governance.inventory.selectors import model_get_for_edit, models_visible_to
from governance.teams import permissions as perms
from governance.teams.models import Team
from governance.teams.selectors import teams_visible_to

from .. import selectors, services
from ..filters import RiskFilter, level_choices
from ..forms import RATING_FIELDS, AcceptanceForm, CloseForm, MitigationForm, ReviewForm, RiskForm
from ..models import Mitigation, RiskMatrix


def _editable_models(user):
    ids = perms.editable_team_ids(user)
    qs = MLModel.objects.exclude(stage=MLModel.Stage.RETIRED).select_related("team").order_by("name")
    return qs if ids is None else qs.filter(team_id__in=ids)


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    levels = level_choices()
    filterset = RiskFilter(
        request.GET or None,
        queryset=selectors.risk_list(user=request.user),
        teams=teams_visible_to(user=request.user),
        models=models_visible_to(user=request.user),
        levels=levels,
    )
    matrix = (
        filterset.form.cleaned_data.get("matrix") if filterset.is_bound and filterset.is_valid() else None
    )
    matrix = matrix or selectors.default_matrix_or_none()
    risks = filterset.qs
    # The heat maps count what the filters select, but not the clicked cell, so the grid keeps its context.
    cell_free = {k: v for k, v in request.GET.items() if k not in {"likelihood", "impact", "basis", "page"}}
    map_filter = RiskFilter(
        cell_free or None,
        queryset=selectors.risks_visible_to(user=request.user),
        teams=None,
        models=None,
        levels=levels,
    )
    page, query = paginate(request, risks)
    context = {
        "filter": filterset,
        "page": page,
        "query": query,
        # The cell links add the matrix and the cell themselves; the other filters ride along, encoded.
        "cell_query": urlencode({k: v for k, v in cell_free.items() if v and k != "matrix"}),
        "every_cell_query": urlencode({k: v for k, v in cell_free.items() if v}),
        "heat_inherent": selectors.heat_map(risks=map_filter.qs, matrix=matrix, basis="inherent")
        if matrix
        else None,
        "heat_residual": selectors.heat_map(risks=map_filter.qs, matrix=matrix, basis="residual")
        if matrix
        else None,
        "summary": selectors.register_summary(risks=selectors.risks_visible_to(user=request.user)),
        "can_create": _editable_models(request.user).exists(),
    }
    return render(request, "risks/register.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_create(request: HttpRequest) -> HttpResponse:
    models = _editable_models(request.user)
    if not models.exists():
        raise PermissionDenied(
            gettext("You need to be a contributor or maintainer of a team with models to add risks.")
        )
    matrix = services.default_matrix()
    initial = {"model": request.GET.get("model"), "owner": request.user.pk}
    teams = Team.objects.filter(pk__in=models.values("team_id"))
    form = RiskForm(request.POST or None, initial=initial, matrix=matrix, models=models, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            risk = services.risk_create(actor=request.user, matrix=matrix, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("Risk '%(title)s' added (%(status)s).")
                % {"title": risk.title, "status": risk.get_status_display().lower()},
            )
            return redirect("risks:detail", pk=risk.pk)
    return render(request, "risks/risk_form.html", {"form": form, "risk": None, "matrix": matrix})


@login_required
@require_GET
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get_for_view(user=request.user, pk=pk)
    can_edit = perms.can_edit_team(request.user, risk.model.team_id)
    context = {
        "risk": risk,
        **selectors.risk_detail_parts(risk=risk),
        "history": selectors.risk_history(risk=risk, limit=50),
        "evidence_files": evidence_of(record=risk, current_only=True),
        "can_edit": can_edit and risk.status != risk.Status.CLOSED,
        "can_attach": can_edit,
        "can_accept": (
            perms.is_governance_admin(request.user)
            or perms.can_maintain_team(request.user, risk.model.team_id)
        )
        and request.user.pk != risk.owner_id
        and risk.status == risk.Status.ACTIVE,
    }
    return render(request, "risks/risk_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get_for_edit(user=request.user, pk=pk)
    initial = {f: getattr(risk, f) for f in ("title", "category", "description", "treatment", *RATING_FIELDS)}
    initial["owner"] = risk.owner_id
    if risk.residual_from_inherent:  # a copy of the inherent rating, not a residual given by anyone
        initial["residual_likelihood"] = initial["residual_impact"] = None
    teams = Team.objects.filter(pk=risk.model.team_id)
    form = RiskForm(request.POST or None, initial=initial, matrix=risk.matrix, models=None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_update(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Risk saved."))
            return redirect("risks:detail", pk=risk.pk)
    return render(request, "risks/risk_form.html", {"form": form, "risk": risk, "matrix": risk.matrix})


def _action_page(
    request, pk: int, *, form_class, title: str, button: str, act, success: str, form_kwargs=None
):
    """One form acting on one risk: record a review, add a mitigation, close."""
    risk = selectors.risk_get_for_edit(user=request.user, pk=pk)
    form = form_class(request.POST or None, **(form_kwargs(risk) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        try:
            act(risk, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("risks:detail", pk=risk.pk)
    return render(
        request, "risks/risk_action.html", {"form": form, "risk": risk, "title": title, "button": button}
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        pk,
        form_class=ReviewForm,
        title=gettext("Record a review"),
        button=gettext("Record review"),
        act=lambda risk, data: services.risk_review_record(actor=request.user, risk=risk, **data),
        success=gettext("Review recorded; the next review date is set from the residual level."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mitigation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        pk,
        form_class=MitigationForm,
        title=gettext("Add a mitigation"),
        button=gettext("Add mitigation"),
        act=lambda risk, data: services.mitigation_add(actor=request.user, risk=risk, **data),
        success=gettext("Mitigation added."),
        form_kwargs=lambda risk: {"teams": Team.objects.filter(pk=risk.model.team_id)},
    )


@login_required
@require_POST
def mitigation_status(request: HttpRequest, pk: int, mitigation_pk: int) -> HttpResponse:
    risk = selectors.risk_get_for_edit(user=request.user, pk=pk)
    mitigation = get_object_or_404(Mitigation, pk=mitigation_pk, risk=risk)
    status = request.POST.get("status", "")
    if status not in Mitigation.Status.values:
        messages.error(request, gettext("Choose a valid mitigation status."))
    else:
        try:  # the service's rule (a closed risk's mitigations are final) is the API's too
            services.mitigation_update(actor=request.user, mitigation=mitigation, status=status)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                gettext("Mitigation marked %(status)s.")
                % {"status": Mitigation.Status(status).label.lower()},
            )
    return redirect("risks:detail", pk=risk.pk)


@login_required
@require_http_methods(["GET", "POST"])
def acceptance_add(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_get_for_view(user=request.user, pk=pk)
    if not (
        perms.is_governance_admin(request.user) or perms.can_maintain_team(request.user, risk.model.team_id)
    ):
        raise PermissionDenied(
            gettext("Only a governance admin or a maintainer of the model's team may accept a risk.")
        )
    form = AcceptanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.acceptance_record(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Acceptance recorded."))
            return redirect("risks:detail", pk=risk.pk)
    context = {"form": form, "risk": risk, "title": gettext("Accept the residual risk")}
    context["button"] = gettext("Record acceptance")
    return render(request, "risks/risk_action.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_page(
        request,
        pk,
        form_class=CloseForm,
        title=gettext("Close this risk"),
        button=gettext("Close risk"),
        act=lambda risk, data: services.risk_close(actor=request.user, risk=risk, reason=data["reason"]),
        success=gettext("Risk closed. It stays in the history."),
    )


@login_required
@require_POST
def model_add_standard(request: HttpRequest, model_pk: int) -> HttpResponse:
    model = model_get_for_edit(user=request.user, pk=model_pk)
    try:
        added = services.risks_add_standard(actor=request.user, model=model)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s standard risk added as a draft: rate it to make it live.",
                "%(count)s standard risks added as drafts: rate each to make it live.",
                len(added),
            )
            % {"count": len(added)},
        )
    return redirect("inventory:model_detail", pk=model.pk)


@login_required
@require_GET
def matrix_list(request: HttpRequest) -> HttpResponse:
    matrices = RiskMatrix.objects.all()
    return render(request, "risks/matrices.html", {"matrices": matrices})
