"""Pages of notifications: the list, mark read, preferences, the login-free unsubscribe, and the webhook
endpoints of governance admins. Thin: read through selectors, write through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.foundation.web import add_service_errors, paginate
from governance.teams import permissions as perms

from . import selectors, services, webhooks
from .forms import PreferencesForm, WebhookEndpointForm
from .kinds import Kind
from .models import WebhookDelivery, WebhookEndpoint


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.notifications_for(user=request.user))
    return render(request, "notifications/list.html", {"page": page, "query": query})


def _back(request: HttpRequest, fallback: str = "notifications:list") -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.notification_mark_read(actor=request.user, notification_id=pk):
        raise Http404("No such notification.")
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(
        request,
        ngettext("Marked %(count)s notification read.", "Marked %(count)s notifications read.", count)
        % {"count": count},
    )
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_for(user=request.user)
    form = PreferencesForm(request.POST or None, initial_choices=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(actor=request.user, choices=form.cleaned_data)
        messages.success(request, gettext("Your e-mail preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # RFC 8058: mail clients POST the one-click unsubscribe without a session; the token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET only asks (mail scanners prefetch links); POST unsubscribes. No login needed."""
    try:
        user, kind = services.unsubscribe_read(token=token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    label = gettext("every kind of notice") if kind == services.ALL_KINDS else Kind(kind).label
    if request.method == "POST":
        # Read the form (RFC 8058 sends `List-Unsubscribe=One-Click`): an over-large body is refused (400)
        # here, like every other form, before anything is changed.
        request.POST.get("List-Unsubscribe")
        services.unsubscribe(token=token)
        return render(request, "notifications/unsubscribed.html", {"label": label})
    return render(request, "notifications/unsubscribe_confirm.html", {"label": label, "email": user.email})


# Webhook endpoints (governance admins) ----------------------------------------------------------------------


def _require_admin(request: HttpRequest) -> None:
    if not perms.is_governance_admin(request.user):
        raise PermissionDenied(gettext("Only governance admins manage webhook endpoints."))


@login_required
@require_GET
def webhook_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    page, query = paginate(
        request, WebhookEndpoint.objects.select_related("created_by").order_by("name", "pk")
    )
    return render(request, "notifications/webhook_list.html", {"page": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def webhook_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk) if pk else WebhookEndpoint()
    form = WebhookEndpointForm(request.POST or None, instance=endpoint)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.endpoint_save(actor=request.user, endpoint=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Webhook endpoint '%(name)s' saved.") % {"name": endpoint.name})
            return redirect("notifications:webhook_detail", pk=endpoint.pk)
    return render(request, "notifications/webhook_form.html", {"form": form, "endpoint": endpoint})


@login_required
@require_GET
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    page, query = paginate(
        request, WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk")
    )
    return render(
        request, "notifications/webhook_detail.html", {"endpoint": endpoint, "page": page, "query": query}
    )


@login_required
@require_POST
def webhook_redeliver(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
    try:
        webhooks.delivery_redeliver(actor=request.user, delivery=delivery)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            gettext("Delivery %(event)s queued again (same event id).") % {"event": delivery.event_id},
        )
    return redirect("notifications:webhook_detail", pk=delivery.endpoint_id)
