"""Evidence files: attached to a record of a domain app by a generic relation, never deleted, superseded."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords


def evidence_storage():
    """The `evidence` entry of STORAGES (file system by default; S3-compatible through django-storages)."""
    return storages["evidence"]


class EvidenceFile(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(
        max_length=40, help_text=_("The registered record kind (risk, consent, ...)."), verbose_name=_("kind")
    )
    name = models.CharField(
        max_length=200, help_text=_("The uploaded file's name, checked."), verbose_name=_("name")
    )
    description = models.CharField(max_length=300, blank=True, verbose_name=_("description"))
    file = models.FileField(storage=evidence_storage, max_length=200, verbose_name=_("file"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(help_text=_("Bytes."), verbose_name=_("size"))
    media_type = models.CharField(
        max_length=120, help_text=_("Detected from the content."), verbose_name=_("media type")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("uploaded at"))
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    superseded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("superseded at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="evidence_record_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(superseded_by=models.F("id")), name="evidence_not_superseded_by_itself"
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def open_stored(self):
        """The stored bytes, from the storage configured now (the field's storage is fixed at start-up)."""
        return evidence_storage().open(self.file.name, "rb")

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None
