"""The version's "Fairness and drift" page: computed results, charts, live windows, sets, upload form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from governance.checks.models import CheckPolicy
from governance.foundation.web import add_service_errors, paginate
from governance.inventory.models import ModelVersion
from governance.teams import permissions as perms

from . import charts, selectors, services
from .forms import UploadForm


def _version(request: HttpRequest, pk: int, version_pk: int) -> ModelVersion:
    version = ModelVersion.objects.select_related("model__team").filter(pk=version_pk, model_id=pk).first()
    if version is None or not perms.can_view_team(request.user, version.model.team_id):
        raise Http404("No such version.")  # another team's version looks missing
    return version


def page_context(*, version: ModelVersion, policy: CheckPolicy) -> dict:
    """The page's (and the dossier section's) figures and chart geometry."""
    context = selectors.fairness_page(version=version)
    reference, live = context["reference"], context["latest_live"]
    attributes = (reference.results.get("fairness", {}).get("attributes", {}) if reference else {}) or {}
    context["attributes"] = [
        (name, figures, charts.selection_chart(name, figures, ratio_min=policy.fairness_ratio_min))
        for name, figures in attributes.items()
    ]
    live_attributes = (live.results.get("fairness", {}).get("attributes", {}) if live else {}) or {}
    context["live_attributes"] = [
        (name, figures, charts.selection_chart(name, figures, ratio_min=policy.fairness_ratio_min))
        for name, figures in live_attributes.items()
    ]
    drift = live.results.get("drift", {}) if live else {}
    context["drift"] = sorted(drift.items(), key=lambda kv: -(kv[1].get("psi") or 0))
    context["psi_chart"] = (
        charts.psi_chart(drift, warn_at=policy.psi_warn, fail_at=policy.psi_fail) if drift else None
    )
    context["policy"] = policy
    return context


@login_required
@require_http_methods(["GET", "POST"])
def version_fairness(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    version = _version(request, pk, version_pk)
    can_upload = perms.can_edit_team(request.user, version.model.team_id)
    form = UploadForm()
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied(
                gettext("Only contributors and maintainers of the model's team may upload sets.")
            )
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                prediction_set = services.prediction_set_upload(
                    actor=request.user,
                    version=version,
                    role=form.cleaned_data["role"],
                    upload=form.cleaned_data["file"],
                    columns=form.columns(),
                    threshold=form.cleaned_data["threshold"],
                    retention_days=form.cleaned_data["retention_days"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if prediction_set.status == prediction_set.Status.REJECTED:
                    messages.error(
                        request,
                        gettext("Set #%(number)s rejected: %(reason)s")
                        % {"number": prediction_set.pk, "reason": prediction_set.rejection_reason},
                    )
                else:
                    messages.success(
                        request,
                        gettext("Set #%(number)s received; its figures appear once computed.")
                        % {"number": prediction_set.pk},
                    )
                return redirect("predictions:version_fairness", pk=pk, version_pk=version_pk)
    page, query = paginate(request, selectors.version_sets(version=version))
    context = {
        **page_context(version=version, policy=CheckPolicy.current()),
        "model": version.model,
        "page": page,
        "query": query,
        "form": form,
        "can_upload": can_upload,
        "can_download": selectors.can_download_team(user=request.user, team_id=version.model.team_id),
    }
    return render(request, "predictions/version_fairness.html", context, status=400 if form.errors else 200)
