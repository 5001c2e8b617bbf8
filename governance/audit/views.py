"""The audit log page: governance admins and auditors only. Thin: filter, select, render or export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from governance.foundation.exports import export_format, export_response

from . import selectors
from .forms import AuditFilterForm

REFUSED = "The audit log is for governance admins and auditors."


def page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not selectors.can_read_audit_log(request.user):
        raise PermissionDenied(REFUSED)
    form = AuditFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound and valid else selectors.AuditFilters()
    if valid and (fmt := export_format(request)):
        rows = selectors.export_rows(selectors.audit_rows(filters=filters))
        return export_response(rows=rows, fmt=fmt, filename="audit-log")
    number = page_number(request.GET.get("page"))
    rows, has_next = selectors.audit_page(filters=filters, page=number) if valid else ([], False)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    context = {
        "form": form,
        "rows": rows,
        "page_number": number,
        "has_next": has_next,
        "query": params.urlencode(),
    }
    return render(request, "audit/log.html", context, status=200 if valid else 400)
