"""Pages for models, their versions and the data they use. Thin: select, validate, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from governance.checks.selectors import model_check_panel
from governance.foundation.web import add_service_errors, paginate
from governance.promotions.selectors import model_gate_panel
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
    versions = selectors.model_versions(model=model)  # aliases prefetched: the panel reads them too
    context = {
        "model": model,
        "versions": versions,
        "uses": selectors.model_data_uses(model=model),
        "history": selectors.model_history(model=model, limit=50),
        "tags": selectors.model_tags(model=model),
        "aliases": sorted((a for v in versions for a in v.aliases.all()), key=lambda a: a.name),
        **model_risk_panel(user=request.user, model=model),
        **model_check_panel(user=request.user, model=model),
        **model_gate_panel(user=request.user, model=model),
        "can_edit": perms.can_edit_team(request.user, model.team_id),
        "can_transfer": perms.can_maintain_team(request.user, model.team_id),
    }
    return render(request, "inventory/model_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def model_create(request: HttpRequest) -> HttpResponse:
    teams = _editable_teams(request.user)
    if not teams.exists():
        raise PermissionDenied(
            gettext("You need to be a contributor or maintainer of a team to register models.")
        )
    form = ModelForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.model_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Model '%(name)s' registered.") % {"name": model.name})
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
            messages.success(request, gettext("Model saved."))
            return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/model_form.html", {"form": form, "model": model})


@login_required
@require_http_methods(["GET", "POST"])
def model_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.model_get_for_view(user=request.user, pk=pk)
    if not perms.can_maintain_team(request.user, model.team_id):
        raise PermissionDenied(
            gettext("Only a maintainer of the team or a governance admin may transfer ownership.")
        )
    form = OwnershipTransferForm(request.POST or None, model=model)
    if request.method == "POST" and form.is_valid():
        try:
            services.model_transfer_ownership(actor=request.user, model=model, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("Ownership transferred to %(owner)s.") % {"owner": form.cleaned_data["new_owner"]},
            )
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
            messages.success(request, gettext("Version '%(label)s' registered.") % {"label": version.label})
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
            messages.success(request, gettext("Version '%(label)s' saved.") % {"label": version.label})
            return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/version_form.html", {"form": form, "model": model, "version": version})


@login_required
@require_http_methods(["GET", "POST"])
def data_use_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a source for a purpose. A purpose no consent in force covers is not saved at once: the form
    comes back with a warning and the source's consented purposes, and saves only when confirmed."""
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    initial = {"data_source": request.GET.get("data_source")} if request.method == "GET" else None
    form = DataUseForm(request.POST or None, initial=initial, model=model)
    uncovered = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm_uncovered")
        status = selectors.use_purpose_status(source=data["data_source"], purpose=data["purpose"])
        if not status.ok and not confirmed:
            uncovered = status
        else:
            try:
                services.data_use_add(actor=request.user, model=model, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                source = data["data_source"]
                if status.ok:
                    messages.success(
                        request, gettext("Data source '%(source)s' linked.") % {"source": source}
                    )
                else:
                    messages.warning(
                        request,
                        gettext("Data source '%(source)s' linked, and flagged: %(status)s.")
                        % {"source": source, "status": status.label},
                    )
                return redirect("inventory:model_detail", pk=model.pk)
    text = str(form["data_source"].value() or "")  # what was asked, valid or not: an id only if plausible
    chosen = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    purposes = selectors.consented_purposes(source_ids=None if chosen is None else [chosen])
    if uncovered is None:
        del form.fields["confirm_uncovered"]  # asked only after the warning
    context = {
        "form": form,
        "model": model,
        "uncovered": uncovered,
        "uncovered_purposes": purposes.get(chosen, []) if uncovered else [],
        "purposes": purposes,
        "sources": {s.pk: s.name for s in form.fields["data_source"].queryset.filter(pk__in=purposes)},
    }
    return render(request, "inventory/data_use_form.html", context)
