"""The inventory: who is accountable for which model, and which data trained it under which consent.

Models hold data and invariants only; writes go through services.py so that every change is validated,
atomic and recorded in the history with the person who made it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance.foundation.inputs import validate_json_fields
from governance.teams.models import Team


class MLModel(models.Model):
    class Stage(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        DEVELOPMENT = "development", "Development"
        STAGING = "staging", "Staging"
        PRODUCTION = "production", "Production"
        RETIRED = "retired", "Retired"

    class Criticality(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    class AIActTier(models.TextChoices):
        UNACCEPTABLE = "unacceptable", "Unacceptable"
        HIGH = "high", "High"
        LIMITED = "limited", "Limited"
        MINIMAL = "minimal", "Minimal"

    name = models.CharField(max_length=200, validators=[MinLengthValidator(2)])
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="models")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_models",
        help_text="The person answerable for this model's decisions.",
    )
    purpose = models.TextField(help_text="What the model decides or predicts, and for whom.")
    intended_use = models.TextField(blank=True)
    out_of_scope_uses = models.TextField(blank=True)
    limitations = models.TextField(blank=True)
    training_data_description = models.TextField(
        blank=True, help_text="Model card: what data trained it, collected how and when."
    )
    evaluation_description = models.TextField(
        blank=True, help_text="Model card: evaluation data and the metrics the model is judged by."
    )
    ethical_considerations = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PROPOSED)
    business_criticality = models.CharField(
        max_length=20, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    ai_act_tier = models.CharField(
        "EU AI Act tier", max_length=20, choices=AIActTier.choices, default=AIActTier.MINIMAL
    )
    human_oversight_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overseen_models",
        help_text="Who can override or stop the model's decisions (required for high-tier models in use).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "ML model"
        constraints = [
            models.UniqueConstraint(
                fields=["team", "name"],
                name="mlmodel_name_unique_per_team",
                violation_error_message="This team already has a model with that name.",
            )
        ]
        indexes = [
            models.Index(fields=["stage"]),
            models.Index(fields=["team", "stage"]),
            models.Index(fields=["name", "id"], name="mlmodel_name_id_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.stage == self.Stage.RETIRED


class ModelVersion(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        VALIDATED = "validated", "Validated"
        DEPLOYED = "deployed", "Deployed"
        ARCHIVED = "archived", "Archived"

    model = models.ForeignKey(MLModel, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(max_length=100, validators=[MinLengthValidator(1)])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REGISTERED)
    artifact_uri = models.CharField(max_length=500, blank=True)
    code_reference = models.CharField(max_length=300, blank=True, help_text="Commit, tag or pipeline run.")
    hyperparameters = models.JSONField(default=dict, blank=True)
    validation_metrics = models.JSONField(default=dict, blank=True)
    training_window_start = models.DateField(null=True, blank=True)
    training_window_end = models.DateField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registered_versions"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    deployed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["model", "-registered_at", "-id"]
        indexes = [models.Index(fields=["model", "-registered_at", "-id"], name="version_latest_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "label"],
                name="modelversion_label_unique_per_model",
                violation_error_message="This model already has a version with that label.",
            ),
            models.CheckConstraint(
                condition=Q(training_window_start__isnull=True)
                | Q(training_window_end__isnull=True)
                | Q(training_window_end__gte=models.F("training_window_start")),
                name="modelversion_training_window_ordered",
                violation_error_message="The training window cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model.name} {self.label}"

    def clean(self) -> None:
        validate_json_fields(self, "hyperparameters", "validation_metrics")


class DataSource(models.Model):
    class Sensitivity(models.TextChoices):
        PUBLIC = "public", "Public"
        INTERNAL = "internal", "Internal"
        CONFIDENTIAL = "confidential", "Confidential"
        RESTRICTED = "restricted", "Restricted"

    class LegalBasis(models.TextChoices):
        """GDPR Art. 6 lawful bases; 'not required' is for data with no personal data in it."""

        UNRECORDED = "", "Not recorded"
        CONSENT = "consent", "Consent"
        CONTRACT = "contract", "Contract"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
        VITAL_INTERESTS = "vital_interests", "Vital interests"
        PUBLIC_TASK = "public_task", "Public task"
        LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests"
        NOT_REQUIRED = "not_required", "None needed"

    name = models.CharField(max_length=200, unique=True, validators=[MinLengthValidator(2)])
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="data_sources", help_text="The team that stewards it."
    )
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stewarded_sources"
    )
    description = models.TextField(blank=True)
    location = models.CharField(max_length=500, blank=True, help_text="Where the data lives (URI, system).")
    contains_personal_data = models.BooleanField(default=False)
    sensitivity = models.CharField(max_length=20, choices=Sensitivity.choices, default=Sensitivity.INTERNAL)
    legal_basis = models.CharField(max_length=30, choices=LegalBasis.choices, blank=True, default="")
    retention_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long records are kept, in days. Empty means not set."
    )
    people_notified = models.BooleanField(default=False, help_text="Datasheet: were people told?")
    dpia_completed = models.BooleanField(
        "DPIA completed", default=False, help_text="Was a data-protection impact assessment done?"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConsentRecord(models.Model):
    """Consent given for one purpose; withdrawn consent is kept, never deleted, as evidence."""

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        PENDING = "pending", "Not yet in force"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    data_source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="consents")
    reference = models.CharField(
        max_length=100, validators=[MinLengthValidator(2)], help_text="A short name, e.g. 'marketing-2024'."
    )
    purpose = models.CharField(
        max_length=100,
        validators=[MinLengthValidator(2)],
        help_text="The purpose consented to; a use of the source must name the same purpose.",
    )
    scope = models.TextField(blank=True, help_text="Who gave it and what it covers.")
    obtained_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    evidence_reference = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recorded_consents"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawn_consents",
    )
    withdrawal_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["data_source", "-obtained_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_source", "reference"],
                name="consent_reference_unique_per_source",
                violation_error_message="This data source already has a consent record with that reference.",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("obtained_on")),
                name="consent_expires_after_obtained",
                violation_error_message="Consent must expire after the day it was obtained.",
            ),
        ]
        indexes = [models.Index(fields=["data_source", "purpose"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.data_source.name})"

    def state_on(self, day: datetime.date) -> str:
        if self.withdrawn_at is not None:
            return self.State.WITHDRAWN
        if self.obtained_on > day:
            return self.State.PENDING
        if self.expires_on is not None and self.expires_on <= day:
            return self.State.EXPIRED
        return self.State.ACTIVE

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        return self.State(self.state).label


class DataSourceUse(models.Model):
    """A model (or one of its versions) uses a data source for a purpose in a role."""

    class Role(models.TextChoices):
        TRAINING = "training", "Training"
        EVALUATION = "evaluation", "Evaluation"
        SERVING = "serving", "Serving"

    model = models.ForeignKey(MLModel, on_delete=models.PROTECT, related_name="data_uses")
    version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="data_uses"
    )
    data_source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="uses")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.TRAINING)
    purpose = models.CharField(max_length=100, validators=[MinLengthValidator(2)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["data_source__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "data_source", "role"],
                condition=Q(version__isnull=True),
                name="datasourceuse_unique_model_level",
                violation_error_message="This model already uses that data source in that role.",
            ),
            models.UniqueConstraint(
                fields=["version", "data_source", "role"],
                condition=Q(version__isnull=False),
                name="datasourceuse_unique_version_level",
                violation_error_message="This version already uses that data source in that role.",
            ),
        ]

    def __str__(self) -> str:
        target = self.version or self.model
        return f"{target} uses {self.data_source} for {self.purpose} ({self.role})"


class Origin(models.TextChoices):
    """Whether figures were typed in by a pipeline or computed here from an uploaded prediction set."""

    REPORTED = "reported", "Reported"
    COMPUTED = "computed", "Computed"


class AppendOnly(models.Model):
    """A record the checks read as evidence: never changed once saved, so what a check judged stays what is
    stored. A correction is a newer record (the checks read the latest); the history keeps who posted each."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError(
                f"A recorded {self._meta.verbose_name} cannot be changed; post a new one to correct it."
            )
        super().save(*args, **kwargs)


class Evaluation(AppendOnly):
    """Offline evaluation metrics a pipeline posts for a version.

    group_metrics maps a sensitive attribute to its groups' rates, e.g.
    {"sex": {"female": {"selection_rate": 0.31, "true_positive_rate": 0.8, "false_positive_rate": 0.1}}}.
    """

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="evaluations")
    data_source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations"
    )
    metric_name = models.CharField(max_length=50, default="accuracy")
    quality = models.FloatField(help_text="Overall quality on the evaluation data, in the metric's units.")
    group_metrics = models.JSONField(default=dict, blank=True)
    evaluated_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.REPORTED)
    origin_detail = models.CharField(
        max_length=200, blank=True, help_text='e.g. "computed from prediction set #12 (sha256 3f2a…)".'
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-evaluated_at", "-id"]
        indexes = [models.Index(fields=["version", "-evaluated_at"])]

    def __str__(self) -> str:
        return f"{self.version} {self.metric_name}={self.quality}"

    def clean(self) -> None:
        validate_json_fields(self, "group_metrics")


class MonitoringSnapshot(AppendOnly):
    """Live metrics for a deployed version; feature_drift maps feature to PSI.

    group_metrics has the shape of Evaluation.group_metrics: per-group figures of one live window.
    """

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="snapshots")
    metric_name = models.CharField(max_length=50, default="accuracy")
    live_quality = models.FloatField(null=True, blank=True)
    feature_drift = models.JSONField(default=dict, blank=True)
    prediction_count = models.PositiveIntegerField(null=True, blank=True)
    group_metrics = models.JSONField(default=dict, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.REPORTED)
    origin_detail = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["version", "-taken_at"])]

    def __str__(self) -> str:
        return f"{self.version} at {self.taken_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        validate_json_fields(self, "feature_drift")


# Tags and aliases live in their own module (issue 20); imported here so the app registry finds them.
from .tags import ModelTag, VersionAlias, VersionTag  # noqa: E402

__all__ = [
    "ConsentRecord",
    "DataSource",
    "DataSourceUse",
    "Evaluation",
    "MLModel",
    "ModelTag",
    "ModelVersion",
    "MonitoringSnapshot",
    "Origin",
    "VersionAlias",
    "VersionTag",
]
