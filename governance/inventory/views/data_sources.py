"""Pages for the data-source catalogue and its consent records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from governance.foundation.web import add_service_errors, paginate

from .. import permissions as source_perms
from .. import selectors, services
from ..filters import DataSourceFilter
from ..forms import ConsentForm, ConsentWithdrawForm, DataSourceForm
from ..models import ConsentRecord
from .models import _editable_teams


@login_required
@require_GET
def data_source_list(request: HttpRequest) -> HttpResponse:
    filterset = DataSourceFilter(
        request.GET or None,
        queryset=selectors.data_source_list(user=request.user),
        models=selectors.models_visible_to(user=request.user),
        user=request.user,
    )
    page, query = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page": page,
        "query": query,
        "can_create": source_perms.can_create_data_source(request.user),
    }
    return render(request, "inventory/data_source_list.html", context)


@login_required
@require_GET
def data_source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = selectors.data_source_get(pk=pk)
    context = {
        "source": source,
        "consents": selectors.data_source_consents(source=source),
        "uses": selectors.data_source_uses(user=request.user, source=source),
        "history": selectors.data_source_history(source=source, limit=50),
        "can_manage": source_perms.can_manage_data_source(request.user, source),
    }
    return render(request, "inventory/data_source_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def data_source_create(request: HttpRequest) -> HttpResponse:
    teams = _editable_teams(request.user)
    if not teams.exists():
        raise PermissionDenied(
            gettext("You need to be a contributor or maintainer of a team to add data sources.")
        )
    form = DataSourceForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.data_source_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Data source '%(name)s' added.") % {"name": source.name})
            return redirect("inventory:data_source_detail", pk=source.pk)
    return render(request, "inventory/data_source_form.html", {"form": form, "source": None})


def _managed_source(request: HttpRequest, pk: int):
    source = selectors.data_source_get(pk=pk)
    if not source_perms.can_manage_data_source(request.user, source):
        raise PermissionDenied(
            gettext("Only the steward, a maintainer of its team or a governance admin may change it.")
        )
    return source


@login_required
@require_http_methods(["GET", "POST"])
def data_source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = _managed_source(request, pk)
    form = DataSourceForm(request.POST or None, instance=source, teams=_editable_teams(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.data_source_update(actor=request.user, source=source, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Data source saved."))
            return redirect("inventory:data_source_detail", pk=source.pk)
    return render(request, "inventory/data_source_form.html", {"form": form, "source": source})


@login_required
@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    source = _managed_source(request, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_record(actor=request.user, data_source=source, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, gettext("Consent '%(reference)s' recorded.") % {"reference": consent.reference}
            )
            return redirect("inventory:data_source_detail", pk=source.pk)
    return render(request, "inventory/consent_form.html", {"form": form, "source": source})


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    source = _managed_source(request, pk)
    consent = get_object_or_404(ConsentRecord.objects.filter(data_source=source), pk=consent_pk)
    affected = [
        row
        for row in selectors.data_source_uses(user=request.user, source=source)
        if row.status.consent is not None and row.status.consent.pk == consent.pk
    ]
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(actor=request.user, consent=consent, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.warning(
                request,
                gettext("Consent '%(reference)s' withdrawn. Models relying on it are flagged.")
                % {"reference": consent.reference},
            )
            return redirect("inventory:data_source_detail", pk=source.pk)
    context = {"form": form, "source": source, "consent": consent, "affected": affected}
    return render(request, "inventory/consent_withdraw.html", context)
