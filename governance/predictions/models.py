"""Prediction sets: the evidence fairness and drift are computed from.

A set is never deleted as a record, only superseded; its rows may hold personal data, so the file is purged
when its retention ends while the hash, schema, bins and computed results stay.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords
from governance.inventory.models import Evaluation, ModelVersion, MonitoringSnapshot


class _PredictionStorage(LazyObject):
    """The STORAGES["predictions"] backend, looked up when first used (so settings and tests can name it)."""

    def _setup(self) -> None:
        self._wrapped = storages["predictions"]


PREDICTION_STORAGE = _PredictionStorage()


def prediction_storage():
    return PREDICTION_STORAGE


def prediction_upload_to(instance: PredictionSet, filename: str) -> str:
    return f"version-{instance.version_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class PredictionSet(models.Model):
    class Role(models.TextChoices):
        REFERENCE = "reference", _("Reference (validation or training sample)")
        LIVE = "live", _("Live (a window of production traffic)")

    class Kind(models.TextChoices):
        ROWS = "rows", _("Rows")
        HISTOGRAMS = "histograms", _("Histograms")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        COMPUTING = "computing", _("Computing")
        COMPUTED = "computed", _("Computed")
        REJECTED = "rejected", _("Rejected")

    version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, related_name="prediction_sets", verbose_name=_("version")
    )
    role = models.CharField(max_length=10, choices=Role.choices, verbose_name=_("role"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ROWS, verbose_name=_("kind"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RECEIVED, verbose_name=_("status")
    )
    file = models.FileField(
        storage=prediction_storage,
        upload_to=prediction_upload_to,
        blank=True,
        max_length=300,
        verbose_name=_("file"),
    )
    file_format = models.CharField(max_length=10, blank=True, verbose_name=_("file format"))
    original_name = models.CharField(max_length=200, blank=True, verbose_name=_("original name"))
    sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("sha256"))
    size_bytes = models.BigIntegerField(default=0, verbose_name=_("size bytes"))
    row_count = models.BigIntegerField(null=True, blank=True, verbose_name=_("row count"))
    schema = models.JSONField(
        default=list,
        blank=True,
        help_text=_('[{"name": ..., "type": ...}] as read.'),
        verbose_name=_("schema"),
    )
    columns = models.JSONField(
        default=dict,
        help_text=_("Which column is the prediction, label, sensitive attributes, features, time."),
        verbose_name=_("columns"),
    )
    threshold = models.FloatField(null=True, blank=True, verbose_name=_("threshold"))
    threshold_source = models.CharField(max_length=10, blank=True, verbose_name=_("threshold source"))
    histograms = models.JSONField(default=dict, blank=True, verbose_name=_("histograms"))
    reference = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_sets",
        verbose_name=_("reference"),
    )
    profile = models.JSONField(
        default=dict, blank=True, help_text=_("A reference's bins and counts."), verbose_name=_("profile")
    )
    results = models.JSONField(default=dict, blank=True, verbose_name=_("results"))
    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prediction_sets",
        verbose_name=_("evaluation"),
    )
    snapshot = models.ForeignKey(
        MonitoringSnapshot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prediction_sets",
        verbose_name=_("snapshot"),
    )
    rejection_reason = models.TextField(blank=True, verbose_name=_("rejection reason"))
    window_start = models.DateTimeField(null=True, blank=True, verbose_name=_("window start"))
    window_end = models.DateTimeField(null=True, blank=True, verbose_name=_("window end"))
    retention_days = models.PositiveIntegerField(verbose_name=_("retention days"))
    purge_after = models.DateField(verbose_name=_("purge after"))
    purged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("purged at"))
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("uploaded at"))
    computed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("computed at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prediction set")
        verbose_name_plural = _("prediction sets")
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["version", "role", "-uploaded_at"]),
            models.Index(
                fields=["purge_after"], condition=models.Q(purged_at__isnull=True), name="predset_purge_due"
            ),
        ]

    def __str__(self) -> str:
        return f"prediction set #{self.pk} ({self.role})"

    @property
    def evidence_label(self) -> str:
        return f"computed from prediction set #{self.pk} (sha256 {self.sha256[:12]}…)"

    @property
    def has_rows(self) -> bool:
        return bool(self.file) and self.purged_at is None
