"""Personal API tokens. Only a SHA-256 of the token is stored; the token itself is shown once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        max_length=100, help_text=_("What uses it, e.g. 'training pipeline'."), verbose_name=_("name")
    )
    prefix = models.CharField(max_length=12, db_index=True, editable=False, verbose_name=_("prefix"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False, verbose_name=_("key hash"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("last used at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))

    class Meta:
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        self.revoked_at = timezone.now()


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with an `Idempotency-Key`, replayed for 24 hours.

    In the database rather than a cache, so a retry that reaches another web process (or comes after a
    restart) still finds it; the unique key makes two simultaneous first tries wait for each other.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(max_length=200, verbose_name=_("key"))
    method = models.CharField(max_length=10, verbose_name=_("method"))
    path = models.CharField(max_length=500, verbose_name=_("path"))
    request_hash = models.CharField(max_length=64, verbose_name=_("request hash"))
    status_code = models.PositiveSmallIntegerField(verbose_name=_("status code"))
    response_body = models.JSONField(verbose_name=_("response body"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
