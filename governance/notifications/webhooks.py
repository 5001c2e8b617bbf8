"""Webhook endpoints and deliveries: publish an event to every subscribed endpoint (one delivery row each,
with a stable event id), sign and send it, retry with exponential back-off, disable an endpoint after
NOTIFICATIONS_WEBHOOK_MAX_FAILURES deliveries in a row failed, and tell the governance admins.

Delivery is at least once: a worker can die after the receiver accepted and before the row is saved. The
event id is the same on every attempt and redelivery, so receivers drop repeats (docs/webhooks.md)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import http.client
import json
import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.foundation.writes import validated_save
from governance.teams import permissions as perms

from . import net
from .kinds import Event
from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

EVENT_NAMESPACE = uuid.UUID("5b0f8a52-7c1e-4f57-9a43-2f0cc8f4d1a1")
SIGNATURE_HEADER = "Governance-Signature"
EVENT_ID_HEADER = "Governance-Event-Id"
EVENT_TYPE_HEADER = "Governance-Event"


def event_id_for(key: str) -> uuid.UUID:
    """The same id for the same event, whichever worker publishes it and however often."""
    return uuid.uuid5(EVENT_NAMESPACE, key)


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, Stripe's scheme under our header name."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def body_for(delivery: WebhookDelivery) -> bytes:
    document = {
        "id": str(delivery.event_id),
        "type": delivery.event,
        "created": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode()


def url_check(url: str) -> None:
    """A form or service error for a URL we would refuse to call (malformed, scheme, internal address)."""
    try:
        net.resolve(url)
    except net.ForbiddenURL as exc:
        raise ValidationError({"url": str(exc)}) from exc


def endpoint_save(*, actor: Any, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Create or change an endpoint (governance admins only); the URL is checked before it is kept."""
    if not perms.is_governance_admin(actor):
        raise PermissionDenied(_("Only governance admins manage webhook endpoints."))
    unknown = set(endpoint.events or []) - set(Event.values)
    if unknown or not endpoint.events:
        raise ValidationError({"events": _("Choose at least one of the listed events.")})
    url_check(endpoint.url)
    if endpoint.created_by_id is None:
        endpoint.created_by = actor
    if endpoint.is_active:
        endpoint.disabled_reason, endpoint.consecutive_failures = "", 0
    validated_save(endpoint, actor=actor, reason="Saved")
    return endpoint


def subscribed(*, event: str) -> list[WebhookEndpoint]:
    """Active endpoints that take the event (one query; the events list is JSON, filtered here)."""
    return [e for e in WebhookEndpoint.objects.filter(is_active=True) if event in (e.events or [])]


def event_publish(
    *, event: str, key: str, data: dict[str, Any], endpoints: list[WebhookEndpoint] | None = None
) -> int:
    """One delivery per active endpoint subscribed to the event (none twice: the unique event id per
    endpoint), each queued after commit; the number of new deliveries. `endpoints`: subscribed(event=...)
    when the caller publishes many events of one type."""
    endpoints = subscribed(event=event) if endpoints is None else endpoints
    if not endpoints:
        return 0
    event_id = event_id_for(f"{event}:{key}")
    taken = set(
        WebhookDelivery.objects.filter(event_id=event_id, endpoint__in=endpoints).values_list(
            "endpoint_id", flat=True
        )
    )
    rows = [
        WebhookDelivery(endpoint=e, event_id=event_id, event=event, payload=data)
        for e in endpoints
        if e.pk not in taken
    ]
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        WebhookDelivery.objects.filter(event_id=event_id, status=WebhookDelivery.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    transaction.on_commit(lambda: [_queue(pk) for pk in ids])
    return len(rows)


def _queue(delivery_id: int, countdown: float = 0) -> None:
    from celery import current_app

    try:
        current_app.tasks["notifications.deliver_webhook"].apply_async(
            args=[delivery_id], countdown=countdown
        )
    except Exception as exc:  # broker down: webhooks_recover sends it again
        logger.warning("Webhook delivery %s could not be queued; recovery will send it: %s", delivery_id, exc)


def backoff_seconds(attempts: int) -> float:
    return settings.NOTIFICATIONS_WEBHOOK_BACKOFF_SECONDS * (2 ** max(0, attempts - 1))


def delivery_attempt(*, delivery_id: int) -> str:
    """Send one attempt and record it; the delivery's status after it (RETRYING asks the task to retry
    after backoff_seconds(attempts))."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (
        WebhookDelivery.Status.SUCCEEDED,
        WebhookDelivery.Status.FAILED,
    ):
        return delivery.status if delivery else "missing"
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        _finish(delivery, ok=False, code=None, ms=None, error="The endpoint is disabled.", count=False)
        return WebhookDelivery.Status.FAILED
    body = body_for(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "ml-governance-webhooks/1",
        SIGNATURE_HEADER: sign(secret=endpoint.secret, timestamp=timestamp, body=body),
        EVENT_ID_HEADER: str(delivery.event_id),
        EVENT_TYPE_HEADER: delivery.event,
    }
    code = ms = None
    error = ""
    permanent = False
    started = time.monotonic()
    try:
        code, ms = net.post(
            url=endpoint.url, body=body, headers=headers, timeout=settings.NOTIFICATIONS_WEBHOOK_TIMEOUT
        )
    except net.ForbiddenURL as exc:
        error, permanent = str(exc), True
    except TimeoutError:
        error = f"No answer within {settings.NOTIFICATIONS_WEBHOOK_TIMEOUT:g} s (timeout)."
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    if ms is None:
        ms = int((time.monotonic() - started) * 1000)
    if code is not None and 300 <= code < 400:
        error = f"Answered {code} (a redirect); redirects are not followed."
    elif code is not None and not 200 <= code < 300:
        error = f"Answered {code}."
    ok = code is not None and 200 <= code < 300
    last_try = delivery.attempts + 1 > settings.NOTIFICATIONS_WEBHOOK_RETRIES
    if ok or permanent or last_try:
        _finish(delivery, ok=ok, code=code, ms=ms, error=error, count=True)
        return WebhookDelivery.Status.SUCCEEDED if ok else WebhookDelivery.Status.FAILED
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.RETRYING,
        attempts=F("attempts") + 1,
        response_code=code,
        duration_ms=ms,
        last_error=error[:500],
        last_attempt_at=timezone.now(),
    )
    return WebhookDelivery.Status.RETRYING


def _finish(
    delivery: WebhookDelivery, *, ok: bool, code: int | None, ms: int | None, error: str, count: bool
):
    now = timezone.now()
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.SUCCEEDED if ok else WebhookDelivery.Status.FAILED,
            attempts=F("attempts") + (1 if count else 0),
            response_code=code,
            duration_ms=ms,
            last_error=error[:500],
            last_attempt_at=now,
            delivered_at=now if ok else None,
        )
        if ok:
            WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)
        elif count:
            _count_failure(endpoint_id=delivery.endpoint_id, error=error)


def _count_failure(*, endpoint_id: int, error: str) -> None:
    from .events import webhook_disabled
    from .services import notify

    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    endpoint.consecutive_failures += 1
    limit = settings.NOTIFICATIONS_WEBHOOK_MAX_FAILURES
    if endpoint.is_active and endpoint.consecutive_failures >= limit:
        endpoint.is_active = False
        endpoint.disabled_reason = f"Disabled after {limit} failed deliveries in a row; last: {error}"[:300]
        endpoint._change_reason = "Disabled after failures"
        endpoint.save()
        notify(notice=webhook_disabled(endpoint=endpoint))
    else:
        WebhookEndpoint.objects.filter(pk=endpoint_id).update(
            consecutive_failures=endpoint.consecutive_failures
        )


def delivery_redeliver(*, actor: Any, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again with the same event id (governance admins); the endpoint must be active."""
    if not perms.is_governance_admin(actor):
        raise PermissionDenied(_("Only governance admins redeliver webhooks."))
    if not delivery.endpoint.is_active:
        raise ValidationError(_("Enable the endpoint before redelivering to it."))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, attempts=0, last_error=""
    )
    transaction.on_commit(lambda: _queue(delivery.pk))
    delivery.refresh_from_db()
    return delivery


def webhooks_recover(*, stale_seconds: int | None = None) -> list[int]:
    """Queue again deliveries that waited too long (a lost message or a worker killed mid-delivery)."""
    stale = stale_seconds if stale_seconds is not None else settings.RECOVERY_STALE_SECONDS
    cutoff = timezone.now() - datetime.timedelta(seconds=stale)
    waiting = WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING], created_at__lt=cutoff
    ).exclude(last_attempt_at__gte=cutoff)
    ids = list(waiting.values_list("pk", flat=True)[:500])
    for pk in ids:
        _queue(pk)
    return ids
