"""Pages of the reports: the list, requesting one, its progress, and the download. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from governance.foundation.web import paginate
from governance.teams import permissions as perms

from . import selectors, services
from .downloads import pdf_response
from .forms import RequestReportForm
from .limits import ReportLimitReached
from .models import Report


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.reports_visible_to(user=request.user))
    context = {
        "page": page,
        "query": query,
        "sees_everything": perms.sees_everything(request.user),
        "can_request_org": services.can_request(request.user, kind=Report.Kind.ORGANISATION),
    }
    return render(request, "reports/list.html", context)


@login_required
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    form = RequestReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("That report request was not valid."))
        return redirect("reports:list")
    data = form.cleaned_data
    try:
        report, created = services.report_request_or_existing(
            actor=request.user,
            kind=data["kind"],
            model=data.get("model"),
            team=data.get("team"),
            check_run=data.get("check_run"),
            language=data.get("language") or None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:list")
    except ReportLimitReached as exc:
        response = render(request, "reports/limited.html", {"message": exc.message}, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    if not created:
        messages.info(
            request,
            gettext(
                "Report #%(number)s for the same subject is already %(status)s for you: this is it. "
                "It updates until it is ready."
            )
            % {"number": report.pk, "status": report.get_status_display().lower()},
        )
    elif report.waiting_for_queue:
        messages.warning(
            request,
            gettext(
                "Report #%(number)s is recorded, but the task queue is unavailable: it is queued and will be "
                "built when the queue is back."
            )
            % {"number": report.pk},
        )
    else:
        messages.success(
            request,
            gettext("Report #%(number)s queued: this page updates until it is ready.")
            % {"number": report.pk},
        )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_view(user=request.user, pk=pk)
    return render(request, "reports/detail.html", {"report": report})


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = selectors.report_get_for_view(user=request.user, pk=pk)
    if report.status != Report.Status.SUCCEEDED or not report.file:
        raise Http404("This report has no file yet.")
    return pdf_response(report)
