"""The risk register: matrices, risks rated on them, mitigations, acceptances and reviews."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from governance.foundation.inputs import validate_json_fields
from governance.inventory.models import MLModel

from .matrix import Level, level_index, validate_matrix


class RiskMatrix(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[MinLengthValidator(2)])
    description = models.TextField(blank=True)
    likelihood_labels = models.JSONField(help_text='Lowest first, e.g. ["Rare", "Unlikely", "Possible"].')
    impact_labels = models.JSONField(help_text='Lowest first, e.g. ["Minor", "Moderate", "Severe"].')
    levels = models.JSONField(
        help_text='Lowest first: [{"name": "Low", "colour": "#2e7d32", "review_days": 365}].'
    )
    grid = models.JSONField(help_text="One row per likelihood (lowest first) of level indices per impact.")
    is_default = models.BooleanField(default=False, help_text="New risks are rated on the default matrix.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name_plural = "risk matrices"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="riskmatrix_one_default",
                violation_error_message="Only one matrix can be the default.",
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
        return [Level(i, lv["name"], lv["colour"], lv["review_days"]) for i, lv in enumerate(self.levels)]

    def level_for(self, likelihood: int, impact: int) -> Level:
        return self.level_objects[level_index(self.grid, likelihood, impact)]

    @property
    def size(self) -> tuple[int, int]:
        return len(self.likelihood_labels), len(self.impact_labels)


class Risk(models.Model):
    class Category(models.TextChoices):
        AVAILABILITY = "availability", "Model unavailable"
        WRONG_PREDICTION = "wrong_prediction", "Wrong predictions"
        PERFORMANCE_DECAY = "performance_decay", "Accuracy decays over time"
        FAIRNESS_DECAY = "fairness_decay", "Fairness decays over time"
        SKILLS_LOSS = "skills_loss", "Skills to maintain it are lost"
        PRIVACY = "privacy", "Privacy and consent"
        SECURITY = "security", "Security"
        COMPLIANCE = "compliance", "Compliance"
        OTHER = "other", "Other"

    class Treatment(models.TextChoices):
        OPEN = "open", "Open (not yet decided)"
        MITIGATE = "mitigate", "Mitigate"
        ACCEPT = "accept", "Accept"
        TRANSFER = "transfer", "Transfer"
        AVOID = "avoid", "Avoid"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (to rate)"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    rating = [MinValueValidator(1), MaxValueValidator(6)]

    model = models.ForeignKey(MLModel, on_delete=models.PROTECT, related_name="risks")
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="risks")
    title = models.CharField(max_length=200, validators=[MinLengthValidator(3)])
    category = models.CharField(max_length=30, choices=Category.choices)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_risks")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    treatment = models.CharField(max_length=10, choices=Treatment.choices, default=Treatment.OPEN)
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=rating)
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=rating)
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=rating)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=rating)
    # Derived from the ratings by the services; stored so lists sort and filter in the database.
    inherent_level = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    inherent_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    residual_level = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    residual_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    next_review_due = models.DateField(null=True, blank=True, editable=False)
    closed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
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
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="mitigations")
    description = models.TextField(validators=[MinLengthValidator(3)])
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    due_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "due_date", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class RiskAcceptance(models.Model):
    """A named approver accepts the residual risk until a date; after it, the acceptance no longer counts."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="acceptances")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    justification = models.TextField(validators=[MinLengthValidator(10)])
    accepted_on = models.DateField()
    expires_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-expires_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("accepted_on")),
                name="acceptance_expires_after_accepted",
                violation_error_message="An acceptance must expire after the day it was given.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.risk} accepted until {self.expires_on}"

    def is_active(self, today: datetime.date) -> bool:
        return self.accepted_on <= today < self.expires_on


class RiskReview(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="reviews")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField()
    notes = models.TextField(blank=True)
    residual_level = models.PositiveSmallIntegerField(help_text="The residual level when it was reviewed.")
    next_review_due = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.risk} reviewed {self.reviewed_on}"
