"""The MLflow connector pages: list, detail with its syncs, one sync's conflicts and unmapped models, and
"Sync now" (governance admins only). Connectors are registered and edited in the admin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from governance.foundation.web import paginate
from governance.teams import permissions as perms

from . import selectors, services
from .models import SyncRun
from .tasks import queue_run


@login_required
@require_GET
def connector_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.connector_list(user=request.user))
    context = {"page": page, "query": query, "can_admin": perms.is_governance_admin(request.user)}
    return render(request, "mlflow_sync/connector_list.html", context)


@login_required
@require_GET
def connector_detail(request: HttpRequest, pk: int) -> HttpResponse:
    connector = selectors.connector_get(user=request.user, pk=pk)
    page, query = paginate(request, selectors.connector_runs(connector=connector))
    context = {
        "connector": connector,
        "page": page,
        "query": query,
        "latest": selectors.latest_finished_run(connector=connector),
        "can_sync": perms.is_governance_admin(request.user) and connector.enabled,
    }
    return render(request, "mlflow_sync/connector_detail.html", context)


@login_required
@require_POST
def connector_sync(request: HttpRequest, pk: int) -> HttpResponse:
    connector = selectors.connector_get(user=request.user, pk=pk)
    try:
        run = services.sync_request(actor=request.user, connector=connector, trigger=SyncRun.Trigger.BUTTON)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        queue_run(run.pk)
        messages.success(
            request,
            gettext("Sync #%(number)s queued; this page shows it when it is done.") % {"number": run.pk},
        )
    return redirect("mlflow_sync:connector_detail", pk=connector.pk)


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    page, query = paginate(request, selectors.run_conflicts(run=run))
    unmapped = Paginator(selectors.run_unmapped(run=run), 50).get_page(request.GET.get("unmapped_page"))
    context = {"run": run, "connector": run.connector, "page": page, "query": query, "unmapped": unmapped}
    return render(request, "mlflow_sync/run_detail.html", context)
