"""The risk register: matrices, risks rated on them, mitigations, acceptances and reviews."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords
from governance.foundation.inputs import validate_json_fields
from governance.foundation.textlength import MinTextWeightValidator
from governance.inventory.models import MLModel

from .matrix import Level, class_for_position, level_index, validate_matrix


class RiskMatrix(models.Model):
    name = models.CharField(
        max_length=100, unique=True, validators=[MinLengthValidator(2)], verbose_name=_("name")
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    likelihood_labels = models.JSONField(
        help_text=_('Lowest first, e.g. ["Rare", "Unlikely", "Possible"].'),
        verbose_name=_("likelihood labels"),
    )
    impact_labels = models.JSONField(
        help_text=_('Lowest first, e.g. ["Minor", "Moderate", "Severe"].'), verbose_name=_("impact labels")
    )
    levels = models.JSONField(
        help_text=_(
            'Lowest first: [{"name": "Low", "colour": "#2e7d32", "review_days": 365, "severity": "low"}]; '
            "severity is one of low, medium, high, critical and never falls as levels rise."
        ),
        verbose_name=_("levels"),
    )
    grid = models.JSONField(
        help_text=_("One row per likelihood (lowest first) of level indices per impact."),
        verbose_name=_("grid"),
    )
    is_default = models.BooleanField(
        default=False, help_text=_("New risks are rated on the default matrix."), verbose_name=_("is default")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk matrix")
        ordering = ["-is_default", "name"]
        verbose_name_plural = _("risk matrices")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="riskmatrix_one_default",
                violation_error_message=_("Only one matrix can be the default."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_json_fields(self, "likelihood_labels", "impact_labels", "levels", "grid")
        errors = validate_matrix(
            likelihood_labels=self.likelihood_labels,
            impact_labels=self.impact_labels,
            levels=self.levels,
            grid=self.grid,
        )
        if errors:
            raise ValidationError(errors)

    @property
    def level_objects(self) -> list[Level]:
        count = len(self.levels)
        return [
            Level(
                i,
                lv["name"],
                lv["colour"],
                lv["review_days"],
                lv.get("severity") or class_for_position(i, count),
            )
            for i, lv in enumerate(self.levels)
        ]

    def lowest_level_at_least(self, severity: str) -> int | None:
        """The index of the first level whose class is at or above `severity`; None when no level is."""
        return next((lv.index for lv in self.level_objects if lv.at_least(severity)), None)

    def level_for(self, likelihood: int, impact: int) -> Level:
        return self.level_objects[level_index(self.grid, likelihood, impact)]

    @property
    def size(self) -> tuple[int, int]:
        return len(self.likelihood_labels), len(self.impact_labels)


class Risk(models.Model):
    class Category(models.TextChoices):
        AVAILABILITY = "availability", _("Model unavailable")
        WRONG_PREDICTION = "wrong_prediction", _("Wrong predictions")
        PERFORMANCE_DECAY = "performance_decay", _("Accuracy decays over time")
        FAIRNESS_DECAY = "fairness_decay", _("Fairness decays over time")
        SKILLS_LOSS = "skills_loss", _("Skills to maintain it are lost")
        PRIVACY = "privacy", _("Privacy and consent")
        SECURITY = "security", _("Security")
        COMPLIANCE = "compliance", _("Compliance")
        OTHER = "other", _("Other")

    class Treatment(models.TextChoices):
        OPEN = "open", _("Open (not yet decided)")
        MITIGATE = "mitigate", _("Mitigate")
        ACCEPT = "accept", _("Accept")
        TRANSFER = "transfer", _("Transfer")
        AVOID = "avoid", _("Avoid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (to rate)")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    rating = [MinValueValidator(1), MaxValueValidator(6)]

    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, related_name="risks", verbose_name=_("model")
    )
    matrix = models.ForeignKey(
        RiskMatrix, on_delete=models.PROTECT, related_name="risks", verbose_name=_("matrix")
    )
    title = models.CharField(max_length=200, validators=[MinTextWeightValidator(3)], verbose_name=_("title"))
    category = models.CharField(max_length=30, choices=Category.choices, verbose_name=_("category"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_risks",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    treatment = models.CharField(
        max_length=10, choices=Treatment.choices, default=Treatment.OPEN, verbose_name=_("treatment")
    )
    inherent_likelihood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=rating, verbose_name=_("inherent likelihood")
    )
    inherent_impact = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=rating, verbose_name=_("inherent impact")
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=rating, verbose_name=_("residual likelihood")
    )
    residual_impact = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=rating, verbose_name=_("residual impact")
    )
    # Derived from the ratings by the services; stored so lists sort and filter in the database.
    inherent_level = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("inherent level")
    )
    inherent_score = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("inherent score")
    )
    residual_level = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("residual level")
    )
    residual_score = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("residual score")
    )
    residual_from_inherent = models.BooleanField(
        _("residual taken from inherent"),
        default=False,
        editable=False,
        help_text=_("No residual rating was given: the residual equals the inherent rating until one is."),
    )
    last_reviewed_on = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("last reviewed on")
    )
    next_review_due = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("next review due")
    )
    closed_reason = models.TextField(blank=True, verbose_name=_("closed reason"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-residual_level", "-residual_score", "title", "id"]
        indexes = [
            models.Index(fields=["model", "status"]),
            models.Index(fields=["status", "next_review_due"]),
            models.Index(fields=["status", "-residual_level", "-residual_score"]),
            # Heat maps count active risks per cell: an index-only scan of this instead of the whole table
            # (the model column lets the per-team maps filter without visiting the rows).
            models.Index(
                fields=[
                    "matrix",
                    "residual_likelihood",
                    "residual_impact",
                    "inherent_likelihood",
                    "inherent_impact",
                    "model",
                ],
                condition=models.Q(status="active"),
                name="risk_active_cells_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_rated(self) -> bool:
        return None not in (
            self.inherent_likelihood,
            self.inherent_impact,
            self.residual_likelihood,
            self.residual_impact,
        )

    def is_overdue(self, today: datetime.date) -> bool:
        return (
            self.status == self.Status.ACTIVE
            and self.next_review_due is not None
            and self.next_review_due < today
        )

    @property
    def inherent_level_object(self) -> Level | None:
        return None if self.inherent_level is None else self.matrix.level_objects[self.inherent_level]

    @property
    def residual_level_object(self) -> Level | None:
        return None if self.residual_level is None else self.matrix.level_objects[self.residual_level]


class Mitigation(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    risk = models.ForeignKey(
        Risk, on_delete=models.PROTECT, related_name="mitigations", verbose_name=_("risk")
    )
    description = models.TextField(validators=[MinTextWeightValidator(3)], verbose_name=_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PLANNED, verbose_name=_("status")
    )
    due_date = models.DateField(null=True, blank=True, verbose_name=_("due date"))
    completed_on = models.DateField(null=True, blank=True, verbose_name=_("completed on"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mitigation")
        verbose_name_plural = _("mitigations")
        ordering = ["status", "due_date", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class RiskAcceptance(models.Model):
    """A named approver accepts the residual risk until a date; after it, the acceptance no longer counts."""

    risk = models.ForeignKey(
        Risk, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("risk")
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("approver")
    )
    justification = models.TextField(validators=[MinTextWeightValidator(10)], verbose_name=_("justification"))
    accepted_on = models.DateField(verbose_name=_("accepted on"))
    expires_on = models.DateField(verbose_name=_("expires on"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk acceptance")
        verbose_name_plural = _("risk acceptances")
        ordering = ["-expires_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("accepted_on")),
                name="acceptance_expires_after_accepted",
                violation_error_message=_("An acceptance must expire after the day it was given."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.risk} accepted until {self.expires_on}"

    def is_active(self, today: datetime.date) -> bool:
        return self.accepted_on <= today < self.expires_on


class RiskReview(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("risk"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_on = models.DateField(verbose_name=_("reviewed on"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    residual_level = models.PositiveSmallIntegerField(
        help_text=_("The residual level when it was reviewed."), verbose_name=_("residual level")
    )
    next_review_due = models.DateField(verbose_name=_("next review due"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.risk} reviewed {self.reviewed_on}"
