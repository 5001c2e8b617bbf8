"""Celery tasks of notifications. Thin: take ids, call a service, let the service record the outcome."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from . import mail, scan, webhooks
from .models import WebhookDelivery


@shared_task(name="notifications.scan")
def notifications_scan() -> dict[str, Any]:
    """Time-based events (beat, hourly): each threshold notifies once (unique keys)."""
    result = scan.scan()
    result["webhooks_requeued"] = len(webhooks.webhooks_recover())
    return result


@shared_task(name="notifications.send_pending")
def notifications_send_pending() -> dict[str, int]:
    """Immediate e-mail (queued after each notice; beat retries every few minutes), and the digests a dead
    worker left in flight (sent again with the same Message-ID)."""
    result = mail.send_pending()
    result["digests_recovered"] = mail.recover_digests()["recovered"]
    return result


@shared_task(name="notifications.digest")
def notifications_digest(force: bool = False) -> dict[str, int]:
    """Beat runs this hourly; each user gets their digest in the hour NOTIFICATIONS_DIGEST_HOUR of their
    time zone (`force`: everyone now, for an admin or a benchmark)."""
    return mail.send_digests(force=force)


@shared_task(name="notifications.deliver_webhook", bind=True, acks_late=True, max_retries=None)
def deliver_webhook(self, delivery_id: int) -> str:
    """One attempt; on a retryable failure, retry with exponential back-off. The attempt count lives on
    the delivery row, so a worker killed mid-delivery and the message redelivered continues the count."""
    status = webhooks.delivery_attempt(delivery_id=delivery_id)
    if status == WebhookDelivery.Status.RETRYING:
        attempts = WebhookDelivery.objects.values_list("attempts", flat=True).get(pk=delivery_id)
        raise self.retry(countdown=webhooks.backoff_seconds(attempts))
    return status
