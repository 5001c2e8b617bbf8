"""In-app notices (one per event and recipient, enforced by the database), each user's e-mail choice per
kind, SMTP failures for the system page, and webhook endpoints with their delivery log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords

from .kinds import Delivery, Kind
from .texts import render_message


class Notification(models.Model):
    class Mail(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        DIGEST = "digest", _("Waiting for the daily digest")
        DIGESTING = "digesting", _("Being sent in a digest")
        DIGESTED = "digested", _("Sent in a digest")
        FAILED = "failed", _("Could not be sent (retried)")
        GAVE_UP = "gave_up", _("Could not be sent (gave up)")
        OFF = "off", _("Not e-mailed (user's choice)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    kind = models.CharField(max_length=40, choices=Kind.choices, verbose_name=_("kind"))
    # What happened, named so that the same event always gives the same key (e.g. "review_due:risk:7:overdue:
    # 2026-12-01"): the unique constraint then makes a repeated scan or signal a no-op.
    event_key = models.CharField(max_length=200, verbose_name=_("event key"))
    # The title as written, in the recipient's language; and the same title as a message (msgids and
    # parameters, foundation.lazytext) read in each reader's language. Rows written before the message
    # existed have none and show `title`.
    title = models.CharField(max_length=300, verbose_name=_("title"))
    title_message = models.JSONField(
        default=dict, blank=True, editable=False, verbose_name=_("title message")
    )
    body = models.TextField(blank=True, verbose_name=_("body"))
    url = models.CharField(
        max_length=500, blank=True, help_text=_("The subject's page, site-relative."), verbose_name=_("url")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.PENDING, verbose_name=_("mail"))
    mail_attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("mail attempts"))
    mailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("mailed at"))
    mail_error = models.CharField(max_length=500, blank=True, verbose_name=_("mail error"))
    # The digest this notice was claimed into (set once, kept after sending): with the recipient it names
    # the digest's Message-ID, so a digest sent again after its worker died is the same message and items.
    digest_key = models.CharField(max_length=40, blank=True, editable=False, verbose_name=_("digest key"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
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

    @property
    def title_text(self) -> str:
        """The title in the active language (the page's, or the recipient's for an e-mail)."""
        return render_message(self.title_message) or self.title


class NotificationPreference(models.Model):
    """A user's e-mail choice for one kind; no row means the default (immediately)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(max_length=40, choices=Kind.choices, verbose_name=_("kind"))
    delivery = models.CharField(
        max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE, verbose_name=_("delivery")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class MailFailure(models.Model):
    """An SMTP attempt that failed, shown on the system page; the notices themselves stay in-app."""

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    what = models.CharField(max_length=200, verbose_name=_("what"))
    error = models.CharField(max_length=500, verbose_name=_("error"))

    class Meta:
        verbose_name = _("mail failure")
        verbose_name_plural = _("mail failures")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.what}: {self.error}"


class WebhookEndpoint(models.Model):
    name = models.CharField(max_length=100, verbose_name=_("name"))
    url = models.URLField(
        max_length=500,
        help_text=_("http or https; internal addresses only if allowed."),
        verbose_name=_("url"),
    )
    events = models.JSONField(
        default=list, help_text=_("Event types sent to this endpoint."), verbose_name=_("events")
    )
    secret = models.CharField(
        max_length=200,
        help_text=_("Shared with the receiver to verify signatures."),
        verbose_name=_("secret"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("is active"))
    disabled_reason = models.CharField(max_length=300, blank=True, verbose_name=_("disabled reason"))
    consecutive_failures = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("consecutive failures")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    # The secret stays out of the history: it would otherwise be kept in every historical row.
    history = HistoricalRecords(excluded_fields=["secret", "consecutive_failures"])

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        RETRYING = "retrying", _("Failed, will retry")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("endpoint")
    )
    # The same for every attempt and redelivery (the Governance-Event-Id header): receivers drop repeats.
    event_id = models.UUIDField(default=uuid.uuid4, editable=False, verbose_name=_("event id"))
    event = models.CharField(max_length=60, verbose_name=_("event"))
    payload = models.JSONField(default=dict, verbose_name=_("payload"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    response_code = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("response code"))
    duration_ms = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("duration ms"))
    last_error = models.CharField(max_length=500, blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last attempt at"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered at"))

    class Meta:
        verbose_name = _("webhook delivery")
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhook_delivery_once_per_endpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} → {self.endpoint_id}: {self.status}"
