"""Pages for models, their versions and the data they use. Thin: select, validate, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from governance.checks.selectors import model_check_panel
from governance.foundation.web import add_service_errors, paginate
from governance.risks.selectors import model_risk_panel
from governance.teams import permissions as perms
from governance.teams.models import Team
from governance.teams.selectors import teams_visible_to

from .. import selectors, services
from ..filters import ModelFilter
from ..forms import DataUseForm, ModelForm, OwnershipTransferForm, VersionForm


def _editable_teams(user):
    ids = perms.editable_team_ids(user)
    return Team.objects.all() if ids is None else Team.objects.filter(pk__in=ids)


@login_required
@require_GET
def model_list(request: HttpRequest) -> HttpResponse:
    teams = teams_visible_to(user=request.user)
    filterset = ModelFilter(
        request.GET or None, queryset=selectors.model_list(user=request.user), teams=teams
    )
    page, query = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page": page,
        "query": query,
        "can_register": perms.editable_team_ids(request.user) != set(),
    }
    return render(request, "inventory/model_list.html", context)


@login_required
@require_GET
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.model_get_for_view(user=request.user, pk=pk)
    context = {
        "model": model,
        "versions": selectors.model_versions(model=model),
        "uses": selectors.model_data_uses(model=model),
        "history": selectors.model_history(model=model, limit=50),
        **model_risk_panel(user=request.user, model=model),
        **model_check_panel(user=request.user, model=model),
        "can_edit": perms.can_edit_team(request.user, model.team_id),
        "can_transfer": perms.can_maintain_team(request.user, model.team_id),
    }
    return render(request, "inventory/model_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def model_create(request: HttpRequest) -> HttpResponse:
    teams = _editable_teams(request.user)
    if not teams.exists():
        raise PermissionDenied("You need to be a contributor or maintainer of a team to register models.")
    form = ModelForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.model_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Model '{model.name}' registered.")
            return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/model_form.html", {"form": form, "model": None})


@login_required
@require_http_methods(["GET", "POST"])
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    form = ModelForm(request.POST or None, instance=model, teams=_editable_teams(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.model_update(actor=request.user, model=model, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Model saved.")
            return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/model_form.html", {"form": form, "model": model})


@login_required
@require_http_methods(["GET", "POST"])
def model_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.model_get_for_view(user=request.user, pk=pk)
    if not perms.can_maintain_team(request.user, model.team_id):
        raise PermissionDenied("Only a maintainer of the team or a governance admin may transfer ownership.")
    form = OwnershipTransferForm(request.POST or None, model=model)
    if request.method == "POST" and form.is_valid():
        try:
            services.model_transfer_ownership(actor=request.user, model=model, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Ownership transferred to {form.cleaned_data['new_owner']}.")
            return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/model_transfer.html", {"form": form, "model": model})


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_register(actor=request.user, model=model, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Version '{version.label}' registered.")
            return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/version_form.html", {"form": form, "model": model, "version": None})


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    version = get_object_or_404(model.versions, pk=version_pk)
    form = VersionForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Version '{version.label}' saved.")
            return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/version_form.html", {"form": form, "model": model, "version": version})


@login_required
@require_http_methods(["GET", "POST"])
def data_use_create(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    form = DataUseForm(request.POST or None, model=model)
    if request.method == "POST" and form.is_valid():
        try:
            services.data_use_add(actor=request.user, model=model, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Data source '{form.cleaned_data['data_source']}' linked.")
            return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/data_use_form.html", {"form": form, "model": model})
