"""A model's classification under each law, and the attestations people give for obligations the records
cannot show. The effective EU tier is mirrored onto MLModel.ai_act_tier (see services.py): that field, in the
inventory's low layer, is what the promotion gate and the check catalogue read."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords
from governance.inventory.models import MLModel

# An obligation's status (computed or attested): the API's enum.
OBLIGATION_STATES = [("satisfied", "Satisfied"), ("partly", "Partly satisfied"), ("missing", "Missing")]


class Framework(models.TextChoices):
    EU_AI_ACT = "eu_ai_act", _("EU AI Act")
    KR_AI_BASIC_ACT = "kr_ai_basic_act", _("Korea AI Basic Act")


class Classification(models.Model):
    class Status(models.TextChoices):
        LEGACY = "legacy", _("Legacy, unverified")
        ANSWERED = "answered", _("Answered")

    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, related_name="classifications", verbose_name=_("model")
    )
    framework = models.CharField(max_length=20, choices=Framework.choices, verbose_name=_("framework"))
    questionnaire_version = models.PositiveSmallIntegerField(
        default=1, verbose_name=_("questionnaire version")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ANSWERED, verbose_name=_("status")
    )
    answers = models.JSONField(default=dict, blank=True, verbose_name=_("answers"))
    # Derived from the answers by the questionnaire version's own rule; never typed in.
    derived_category = models.CharField(max_length=20, verbose_name=_("derived category"))
    flags = models.JSONField(default=list, blank=True, verbose_name=_("flags"))
    reasons = models.JSONField(default=list, blank=True, verbose_name=_("reasons"))
    role = models.CharField(max_length=20, blank=True, verbose_name=_("role"))
    # What the model's purpose said when the questions were answered: a change means asking again.
    purpose_snapshot = models.TextField(blank=True, verbose_name=_("purpose snapshot"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(verbose_name=_("answered at"))
    override_category = models.CharField(max_length=20, blank=True, verbose_name=_("override category"))
    override_justification = models.TextField(blank=True, verbose_name=_("override justification"))
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    overridden_at = models.DateTimeField(null=True, blank=True, verbose_name=_("overridden at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["model_id", "framework"]
        constraints = [
            models.UniqueConstraint(fields=["model", "framework"], name="classification_one_per_framework"),
            models.CheckConstraint(
                condition=models.Q(override_category="") | ~models.Q(override_justification=""),
                name="classification_override_justified",
                violation_error_message=_("An override needs a recorded justification."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_framework_display()} classification of model {self.model_id}"

    @property
    def category(self) -> str:
        """The category every rule reads: a governance admin's override, else the derived one."""
        return self.override_category or self.derived_category

    @property
    def reasons_shown(self) -> list[dict[str, str]]:
        """The reasons (stored in the English of the frozen rule) in the active language."""
        from .wording import reason_text

        return [{**reason, "why": reason_text(reason.get("why", ""))} for reason in self.reasons or []]

    @property
    def is_legacy(self) -> bool:
        return self.status == self.Status.LEGACY

    def purpose_changed(self, purpose: str) -> bool:
        return self.purpose_snapshot.strip() != (purpose or "").strip()


class Attestation(models.Model):
    """A person's statement that an obligation is met (or partly), with a note and evidence; it expires."""

    class Status(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        PARTLY = "partly", _("Partly satisfied")

    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, related_name="attestations", verbose_name=_("model")
    )
    obligation = models.CharField(max_length=40, verbose_name=_("obligation"))
    status = models.CharField(max_length=10, choices=Status.choices, verbose_name=_("status"))
    note = models.TextField(validators=[MinLengthValidator(10)], verbose_name=_("note"))
    evidence_url = models.URLField(max_length=500, blank=True, verbose_name=_("evidence url"))
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("attested by")
    )
    attested_at = models.DateTimeField(auto_now_add=True, verbose_name=_("attested at"))
    expires_on = models.DateField(verbose_name=_("expires on"))
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["model_id", "obligation", "-attested_at", "-id"]
        indexes = [models.Index(fields=["model", "obligation"]), models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        return f"{self.obligation} attestation for model {self.model_id}"

    def in_force(self, today: datetime.date) -> bool:
        return self.withdrawn_at is None and self.expires_on > today
