"""Issue 21: a worker killed with SIGKILL in the middle of a webhook delivery. The receiver had the request
(it may have acted on it); the next worker sends the delivery again at start (recovery), with the same
event id, and the delivery completes. At least once, with a stable id the receiver can drop repeats by."""

from __future__ import annotations

import pytest

from governance.notifications import webhooks
from governance.notifications.kinds import Event
from governance.notifications.models import WebhookDelivery, WebhookEndpoint
from tests.governance.notifications.conftest import receiver  # noqa: F401 - the real HTTP receiver fixture

from .support import wait_for

pytestmark = pytest.mark.integration


def test_a_delivery_survives_its_worker_being_killed(start_fault_worker, receiver, gov_admin):  # noqa: F811
    receiver.mode, receiver.hang_seconds = "hang_first", 30
    env = {"NOTIFICATIONS_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "NOTIFICATIONS_WEBHOOK_TIMEOUT": "60"}
    WebhookEndpoint.objects.create(
        name="CI", url=receiver.url, events=[Event.REPORT_READY], secret="s" * 20, created_by=gov_admin
    )
    first = start_fault_worker(app="governance", extra_env=env)
    webhooks.event_publish(event=Event.REPORT_READY, key="42", data={"report_id": 42})  # autocommit: queued
    delivery = WebhookDelivery.objects.get()

    wait_for(lambda: receiver.requests, "the receiver got the first request", first)
    first.kill()  # the receiver holds the request; the worker never records an answer
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 0

    second = start_fault_worker(app="governance", extra_env={**env, "RECOVERY_STALE_SECONDS": "0"})
    wait_for(
        lambda: WebhookDelivery.objects.filter(pk=delivery.pk, status="succeeded").exists(),
        "the delivery completed after a SIGKILL",
        first,
        second,
    )
    ids = [r["headers"]["Governance-Event-Id"] for r in receiver.requests]
    assert len(ids) == 2 and set(ids) == {str(delivery.event_id)}, ids  # repeated, with the same event id
    assert f"webhook deliveries [{delivery.pk}]" in second.log(), second.log()
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.response_code == 200
