"""Cross-cutting pages: health, dashboard, system status and the sections later releases fill."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from governance.foundation.api.errors import error_body
from governance.foundation.health import broker_state, database_state, worker_round_trip
from governance.notifications import selectors as notification_selectors
from governance.teams import permissions as perms

from .dashboard import dashboard_cached


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Public by design (load balancers call it); says only whether each part is up.

    Without its database the web app cannot serve: 503. Without the broker it still serves every page and
    the read API, and queued work waits for the queue, so the answer is 200 "degraded" naming the broker
    (a load balancer keeps the server in rotation); `?strict=1` answers 503 for either, for monitors.
    """
    db_ok, db_detail = database_state()
    broker_ok, broker_detail = broker_state()
    body = {
        "status": "ok" if db_ok and broker_ok else ("degraded" if db_ok else "unavailable"),
        "database": {"ok": db_ok, "detail": db_detail if db_ok else "unreachable"},
        "broker": {"ok": broker_ok, "detail": broker_detail if broker_ok else "unreachable"},
    }
    failing = [name for name in ("database", "broker") if not body[name]["ok"]]
    if failing:
        body["failing"] = failing
    strict = request.GET.get("strict", "").lower() in {"1", "true", "yes"}
    serving = db_ok and (broker_ok or not strict)
    return JsonResponse(body, status=200 if serving else 503)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs the user's attention today, over what they may see (governance.portal.dashboard)."""
    return render(request, "portal/dashboard.html", {"d": dashboard_cached(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def system_status(request: HttpRequest) -> HttpResponse:
    """Governance admins see each part's state and can send a task through the queue to a worker."""
    if not perms.is_governance_admin(request.user):
        raise PermissionDenied(gettext("Only governance admins may see the system status."))
    db_ok, db_detail = database_state()
    broker_ok, broker_detail = broker_state()
    round_trip = worker_round_trip() if request.method == "POST" else None
    context = {
        "parts": [("Database", db_ok, db_detail), ("Broker", broker_ok, broker_detail)],
        "round_trip": round_trip,
        "mail_failures": notification_selectors.recent_mail_failures(),
        "mail_backlog": notification_selectors.mail_backlog(),
    }
    return render(request, "portal/system_status.html", context)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = (
        str(exception) if exception and str(exception) else gettext("You do not have access to this page.")
    )
    return render(request, "403.html", {"message": message}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A readable 400: too large a form or too many fields says so, instead of Django's bare page."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        message = gettext(
            "What you sent is larger than the %(limit)s this site accepts in one form. "
            "Shorten the longest texts and send it again."
        ) % {"limit": filesizeformat(limit)}
    elif isinstance(exception, TooManyFieldsSent):
        message = gettext("What you sent has more fields than any form here. Reload the page and try again.")
    else:
        message = gettext("The request could not be understood. Reload the page and try again.")
    too_much = isinstance(exception, RequestDataTooBig | TooManyFieldsSent)
    return render(request, "400.html", {"message": message, "nothing_saved": too_much}, status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The API's unknown addresses answer in its JSON error shape; pages get the HTML page."""
    if request.path.startswith("/api/"):
        detail = gettext("There is nothing at this address.")  # in the request's language (issue 25)
        return JsonResponse(error_body(404, "not_found", detail), status=404)
    return render(request, "404.html", status=404)
