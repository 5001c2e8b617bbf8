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
from simple_history.models import HistoricalRecords

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
        REFERENCE = "reference", "Reference (validation or training sample)"
        LIVE = "live", "Live (a window of production traffic)"

    class Kind(models.TextChoices):
        ROWS = "rows", "Rows"
        HISTOGRAMS = "histograms", "Histograms"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        COMPUTING = "computing", "Computing"
        COMPUTED = "computed", "Computed"
        REJECTED = "rejected", "Rejected"

    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="prediction_sets")
    role = models.CharField(max_length=10, choices=Role.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ROWS)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    file = models.FileField(
        storage=prediction_storage, upload_to=prediction_upload_to, blank=True, max_length=300
    )
    file_format = models.CharField(max_length=10, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    row_count = models.BigIntegerField(null=True, blank=True)
    schema = models.JSONField(default=list, blank=True, help_text='[{"name": ..., "type": ...}] as read.')
    columns = models.JSONField(
        default=dict, help_text="Which column is the prediction, label, sensitive attributes, features, time."
    )
    threshold = models.FloatField(null=True, blank=True)
    threshold_source = models.CharField(max_length=10, blank=True)
    histograms = models.JSONField(default=dict, blank=True)
    reference = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="live_sets"
    )
    profile = models.JSONField(default=dict, blank=True, help_text="A reference's bins and counts.")
    results = models.JSONField(default=dict, blank=True)
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, null=True, blank=True, related_name="prediction_sets"
    )
    snapshot = models.ForeignKey(
        MonitoringSnapshot, on_delete=models.PROTECT, null=True, blank=True, related_name="prediction_sets"
    )
    rejection_reason = models.TextField(blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    retention_days = models.PositiveIntegerField()
    purge_after = models.DateField()
    purged_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
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
