"""Webhooks against a real HTTP receiver: signatures (verified with docs/webhooks.md's own example), stable
event ids, retries, timeouts, no redirects, endpoint disabling, and refusal of internal or malformed URLs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from governance.notifications import net, tasks, webhooks
from governance.notifications.kinds import Event, Kind
from governance.notifications.models import Notification, WebhookDelivery, WebhookEndpoint
from governance.promotions import services as promotion_services
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
SECRET = "receiver-shared-secret-0123456789"


def docs_verify():
    """The `verify` function of docs/webhooks.md, executed as written."""
    text = (Path(django_settings.BASE_DIR) / "docs" / "webhooks.md").read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "docs/webhooks.md", "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace["verify"]


@pytest.fixture
def queued(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(webhooks, "_queue", lambda pk, countdown=0: sent.append(pk))
    return sent


@pytest.fixture
def endpoint(receiver, gov_admin):
    return WebhookEndpoint.objects.create(
        name="CI", url=receiver.url, events=list(Event.values), secret=SECRET, created_by=gov_admin
    )


def publish(key="1"):
    webhooks.event_publish(event=Event.REPORT_READY, key=key, data={"report_id": 1, "title": "보고서"})
    return WebhookDelivery.objects.get(event_id=webhooks.event_id_for(f"{Event.REPORT_READY}:{key}"))


def test_promotion_request_is_delivered_signed_with_a_stable_event_id(
    receiver, endpoint, queued, version, production, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        promotion_services.promotion_request_create(
            actor=contributor, version=version, environment=production, justification="Passed evaluation."
        )
    delivery = WebhookDelivery.objects.get()
    assert queued == [delivery.pk] and delivery.event == "promotion.requested"
    assert tasks.deliver_webhook.apply(args=[delivery.pk]).get() == "succeeded"
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert docs_verify()(SECRET, headers["Governance-Signature"], body)
    assert not docs_verify()("another-secret-entirely", headers["Governance-Signature"], body)
    assert not docs_verify()(SECRET, headers["Governance-Signature"], body + b" ")
    assert headers["Governance-Event-Id"] == str(delivery.event_id) == json.loads(body)["id"]
    assert json.loads(body)["data"]["model"] == version.model.name
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("succeeded", 200, 1)
    assert delivery.duration_ms is not None and delivery.delivered_at is not None
    # Publishing the same event again makes no second delivery.
    webhooks.event_publish(
        event=Event.PROMOTION_REQUESTED, key=str(json.loads(body)["data"]["request_id"]), data={}
    )
    assert WebhookDelivery.objects.count() == 1


def test_a_500_is_retried_with_the_same_event_id_then_fails(receiver, endpoint, queued):
    receiver.mode = "500"
    delivery = publish()
    assert tasks.deliver_webhook.apply(args=[delivery.pk]).get() == "failed"  # eager: retries run at once
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("failed", 500, 3)
    assert {r["headers"]["Governance-Event-Id"] for r in receiver.requests} == {str(delivery.event_id)}
    assert len(receiver.requests) == 3
    assert webhooks.backoff_seconds(1) < webhooks.backoff_seconds(2) < webhooks.backoff_seconds(3)


def test_endpoint_is_disabled_after_consecutive_failures_and_admins_are_told(
    receiver, endpoint, queued, gov_admin
):
    receiver.mode = "500"
    for key in ("a", "b"):
        tasks.deliver_webhook.apply(args=[publish(key).pk])
    endpoint.refresh_from_db()
    assert not endpoint.is_active and "2 failed deliveries" in endpoint.disabled_reason
    told = Notification.objects.get(kind=Kind.WEBHOOK_DISABLED, recipient=gov_admin)
    assert told.url == reverse("notifications:webhook_detail", args=[endpoint.pk])
    assert webhooks.event_publish(event=Event.REPORT_READY, key="c", data={}) == 0  # nothing new queued


def test_a_hanging_receiver_times_out(receiver, endpoint, queued, settings):
    receiver.mode, receiver.hang_seconds = "hang", 3
    settings.NOTIFICATIONS_WEBHOOK_RETRIES = 0
    delivery = publish()
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "timeout" in delivery.last_error and delivery.response_code is None
    assert delivery.duration_ms < 2500


def test_a_redirect_is_not_followed(receiver, endpoint, queued, settings):
    receiver.mode = "redirect"
    settings.NOTIFICATIONS_WEBHOOK_RETRIES = 0
    delivery = publish()
    webhooks.delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.response_code == 302
    assert "redirects are not followed" in delivery.last_error
    assert [r["path"] for r in receiver.requests] == ["/hooks/governance"]


def test_redeliver_keeps_the_event_id(
    receiver, endpoint, queued, gov_admin, client, django_capture_on_commit_callbacks
):
    delivery = publish()
    webhooks.delivery_attempt(delivery_id=delivery.pk)
    client.login(username=gov_admin.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:webhook_redeliver", args=[delivery.pk]))
    assert response.status_code == 302 and queued[-1] == delivery.pk
    webhooks.delivery_attempt(delivery_id=delivery.pk)
    ids = [r["headers"]["Governance-Event-Id"] for r in receiver.requests]
    assert ids == [str(delivery.event_id)] * 2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/hook", "Only http and https"),
        ("http://[::1", "malformed"),
        ("http://127.0.0.1:9/hook", "loopback"),
        ("http://localhost/hook", "loopback"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),
        ("http://10.1.2.3/hook", "private"),
        ("http://0.0.0.0/hook", "not a unicast"),
        ("http://user:pw@example.org/hook", "credentials"),
    ],
)
def test_forbidden_or_malformed_urls_are_refused(url, message):
    with pytest.raises(net.ForbiddenURL, match=message):
        net.resolve(url)


def test_allowed_hosts_and_private_setting(settings):
    settings.NOTIFICATIONS_WEBHOOK_ALLOWED_HOSTS = ["localhost"]
    assert net.resolve("http://localhost:8080/x").port == 8080
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = True
    assert net.resolve("http://10.1.2.3/x").address == "10.1.2.3"
    with pytest.raises(net.ForbiddenURL, match="link-local"):
        net.resolve("http://169.254.169.254/")  # metadata stays refused


def test_the_endpoint_form_refuses_forbidden_urls_and_non_admins(client, gov_admin, maintainer):
    client.login(username=maintainer.username, password=PASSWORD)
    assert client.get(reverse("notifications:webhook_list")).status_code == 403
    assert client.post(reverse("notifications:webhook_create"), {}).status_code == 403
    client.logout()
    client.login(username=gov_admin.username, password=PASSWORD)
    data = {
        "name": "Metadata",
        "url": "http://169.254.169.254/",
        "events": ["report.ready"],
        "secret": SECRET,
    }
    page = client.post(reverse("notifications:webhook_create"), data)
    assert page.status_code == 200 and "link-local" in page.content.decode()
    page = client.post(reverse("notifications:webhook_create"), {**data, "url": "not a url"})
    assert page.status_code == 200 and "errorbox" in page.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_admin_registers_an_endpoint_and_sees_its_deliveries(client, gov_admin, receiver, queued):
    client.login(username=gov_admin.username, password=PASSWORD)
    assert "No webhook endpoints yet" in client.get(reverse("notifications:webhook_list")).content.decode()
    data = {
        "name": "Chat",
        "url": receiver.url,
        "events": ["report.ready"],
        "secret": SECRET,
        "is_active": "on",
    }
    response = client.post(reverse("notifications:webhook_create"), data)
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and endpoint.created_by == gov_admin and endpoint.secret == SECRET
    webhooks.delivery_attempt(delivery_id=publish().pk)
    page = client.get(reverse("notifications:webhook_detail", args=[endpoint.pk])).content.decode()
    assert "Succeeded" in page and "200" in page
    # Editing without typing a secret keeps it.
    client.post(
        reverse("notifications:webhook_edit", args=[endpoint.pk]), {**data, "secret": "", "name": "Chat 2"}
    )
    endpoint.refresh_from_db()
    assert endpoint.name == "Chat 2" and endpoint.secret == SECRET
