"""Evidence pages: a record's files with the upload form, and downloads. Thin: select, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from governance.foundation.history import history_entries
from governance.foundation.web import add_service_errors

from . import selectors, services
from .forms import EvidenceUploadForm
from .models import EvidenceFile


@login_required
@require_http_methods(["GET", "POST"])
def record_evidence(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    evidence_kind, record = selectors.record_get_for_view(user=request.user, kind=kind, pk=pk)
    can_change = evidence_kind.can_change(request.user, record)
    files = list(selectors.evidence_of(record=record))
    current = selectors.evidence_of(record=record, current_only=True)
    form = EvidenceUploadForm(request.POST or None, request.FILES or None, current=current)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(evidence_kind.refused)
        if form.is_valid():
            try:
                evidence = services.evidence_upload(
                    actor=request.user,
                    record=record,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                    supersedes=form.cleaned_data["supersedes"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    gettext("'%(name)s' attached (SHA-256 %(hash)s…).")
                    % {"name": evidence.name, "hash": evidence.sha256[:12]},
                )
                return redirect("evidence:record", kind=kind, pk=pk)
    history = history_entries(
        [("Evidence", EvidenceFile.history.filter(id__in=[f.pk for f in files]))], limit=50
    )
    context = {
        "kind": evidence_kind,
        "record": record,
        "record_title": evidence_kind.title_of(record),
        "record_url": evidence_kind.url_of(record),
        "files": files,
        "form": form,
        "can_change": can_change,
        "history": history,
    }
    return render(request, "evidence/record.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence, _ = selectors.evidence_get_for_view(user=request.user, pk=pk)
    return download_response(request=request, evidence=evidence)


def download_response(*, request: HttpRequest, evidence: EvidenceFile) -> FileResponse:
    """The stored bytes as an attachment under the checked name; the browser must not guess a type."""
    response = FileResponse(
        evidence.open_stored(),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.media_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Evidence-SHA256"] = evidence.sha256
    services.evidence_download_announce(actor=request.user, evidence=evidence)
    return response
