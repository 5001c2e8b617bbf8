"""In-app notices (one per event and recipient, enforced by the database), each user's e-mail choice per
kind, SMTP failures for the system page, and webhook endpoints with their delivery log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .kinds import Delivery, Kind


class Notification(models.Model):
    class Mail(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        DIGEST = "digest", "Waiting for the daily digest"
        DIGESTING = "digesting", "Being sent in a digest"
        DIGESTED = "digested", "Sent in a digest"
        FAILED = "failed", "Could not be sent (retried)"
        GAVE_UP = "gave_up", "Could not be sent (gave up)"
        OFF = "off", "Not e-mailed (user's choice)"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    # What happened, named so that the same event always gives the same key (e.g. "review_due:risk:7:overdue:
    # 2026-12-01"): the unique constraint then makes a repeated scan or signal a no-op.
    event_key = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="The subject's page, site-relative.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.PENDING)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mailed_at = models.DateTimeField(null=True, blank=True)
    mail_error = models.CharField(max_length=500, blank=True)
    # The digest this notice was claimed into (set once, kept after sending): with the recipient it names
    # the digest's Message-ID, so a digest sent again after its worker died is the same message and items.
    digest_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "recipient"], name="notification_once_per_recipient")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["mail"], name="notification_mail_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's e-mail choice for one kind; no row means the default (immediately)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class MailFailure(models.Model):
    """An SMTP attempt that failed, shown on the system page; the notices themselves stay in-app."""

    created_at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=200)
    error = models.CharField(max_length=500)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.what}: {self.error}"


class WebhookEndpoint(models.Model):
    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500, help_text="http or https; internal addresses only if allowed.")
    events = models.JSONField(default=list, help_text="Event types sent to this endpoint.")
    secret = models.CharField(max_length=200, help_text="Shared with the receiver to verify signatures.")
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The secret stays out of the history: it would otherwise be kept in every historical row.
    history = HistoricalRecords(excluded_fields=["secret", "consecutive_failures"])

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        RETRYING = "retrying", "Failed, will retry"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.PROTECT, related_name="deliveries")
    # The same for every attempt and redelivery (the Governance-Event-Id header): receivers drop repeats.
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    event = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhook_delivery_once_per_endpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} → {self.endpoint_id}: {self.status}"
