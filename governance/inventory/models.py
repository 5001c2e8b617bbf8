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
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords
from governance.foundation.inputs import validate_json_fields
from governance.teams.models import Team


class MLModel(models.Model):
    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DEVELOPMENT = "development", _("Development")
        STAGING = "staging", _("Staging")
        PRODUCTION = "production", _("Production")
        RETIRED = "retired", _("Retired")

    class Criticality(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class AIActTier(models.TextChoices):
        UNACCEPTABLE = "unacceptable", _("Unacceptable")
        HIGH = "high", _("High")
        LIMITED = "limited", _("Limited")
        MINIMAL = "minimal", _("Minimal")

    name = models.CharField(max_length=200, validators=[MinLengthValidator(2)], verbose_name=_("name"))
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="models", verbose_name=_("team"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_models",
        help_text=_("The person answerable for this model's decisions."),
        verbose_name=_("owner"),
    )
    purpose = models.TextField(
        help_text=_("What the model decides or predicts, and for whom."), verbose_name=_("purpose")
    )
    intended_use = models.TextField(blank=True, verbose_name=_("intended use"))
    out_of_scope_uses = models.TextField(blank=True, verbose_name=_("out of scope uses"))
    limitations = models.TextField(blank=True, verbose_name=_("limitations"))
    training_data_description = models.TextField(
        blank=True,
        help_text=_("Model card: what data trained it, collected how and when."),
        verbose_name=_("training data description"),
    )
    evaluation_description = models.TextField(
        blank=True,
        help_text=_("Model card: evaluation data and the metrics the model is judged by."),
        verbose_name=_("evaluation description"),
    )
    ethical_considerations = models.TextField(blank=True, verbose_name=_("ethical considerations"))
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.PROPOSED, verbose_name=_("stage")
    )
    business_criticality = models.CharField(
        max_length=20,
        choices=Criticality.choices,
        default=Criticality.MEDIUM,
        verbose_name=_("business criticality"),
    )
    ai_act_tier = models.CharField(
        _("EU AI Act tier"), max_length=20, choices=AIActTier.choices, default=AIActTier.MINIMAL
    )
    human_oversight_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overseen_models",
        help_text=_("Who can override or stop the model's decisions (required for high-tier models in use)."),
        verbose_name=_("human oversight contact"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("ML models")
        ordering = ["name", "id"]
        verbose_name = _("ML model")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "name"],
                name="mlmodel_name_unique_per_team",
                violation_error_message=_("This team already has a model with that name."),
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
        REGISTERED = "registered", _("Registered")
        VALIDATED = "validated", _("Validated")
        DEPLOYED = "deployed", _("Deployed")
        ARCHIVED = "archived", _("Archived")

    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, related_name="versions", verbose_name=_("model")
    )
    label = models.CharField(max_length=100, validators=[MinLengthValidator(1)], verbose_name=_("label"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.REGISTERED, verbose_name=_("status")
    )
    artifact_uri = models.CharField(max_length=500, blank=True, verbose_name=_("artifact uri"))
    code_reference = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Commit, tag or pipeline run."),
        verbose_name=_("code reference"),
    )
    hyperparameters = models.JSONField(default=dict, blank=True, verbose_name=_("hyperparameters"))
    validation_metrics = models.JSONField(default=dict, blank=True, verbose_name=_("validation metrics"))
    training_window_start = models.DateField(null=True, blank=True, verbose_name=_("training window start"))
    training_window_end = models.DateField(null=True, blank=True, verbose_name=_("training window end"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registered_versions",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(default=timezone.now, verbose_name=_("registered at"))
    deployed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deployed at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")
        ordering = ["model", "-registered_at", "-id"]
        indexes = [models.Index(fields=["model", "-registered_at", "-id"], name="version_latest_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "label"],
                name="modelversion_label_unique_per_model",
                violation_error_message=_("This model already has a version with that label."),
            ),
            models.CheckConstraint(
                condition=Q(training_window_start__isnull=True)
                | Q(training_window_end__isnull=True)
                | Q(training_window_end__gte=models.F("training_window_start")),
                name="modelversion_training_window_ordered",
                violation_error_message=_("The training window cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model.name} {self.label}"

    def clean(self) -> None:
        validate_json_fields(self, "hyperparameters", "validation_metrics")


class DataSource(models.Model):
    class Sensitivity(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")
        CONFIDENTIAL = "confidential", _("Confidential")
        RESTRICTED = "restricted", _("Restricted")

    class LegalBasis(models.TextChoices):
        """GDPR Art. 6 lawful bases; 'not required' is for data with no personal data in it."""

        UNRECORDED = "", _("Not recorded")
        CONSENT = "consent", _("Consent")
        CONTRACT = "contract", _("Contract")
        LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
        VITAL_INTERESTS = "vital_interests", _("Vital interests")
        PUBLIC_TASK = "public_task", _("Public task")
        LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")
        NOT_REQUIRED = "not_required", _("None needed")

    name = models.CharField(
        max_length=200, unique=True, validators=[MinLengthValidator(2)], verbose_name=_("name")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="data_sources",
        help_text=_("The team that stewards it."),
        verbose_name=_("team"),
    )
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="stewarded_sources",
        verbose_name=_("steward"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    location = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Where the data lives (URI, system)."),
        verbose_name=_("location"),
    )
    contains_personal_data = models.BooleanField(default=False, verbose_name=_("contains personal data"))
    sensitivity = models.CharField(
        max_length=20,
        choices=Sensitivity.choices,
        default=Sensitivity.INTERNAL,
        verbose_name=_("sensitivity"),
    )
    legal_basis = models.CharField(
        max_length=30, choices=LegalBasis.choices, blank=True, default="", verbose_name=_("legal basis")
    )
    retention_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("How long records are kept, in days. Empty means not set."),
        verbose_name=_("retention days"),
    )
    people_notified = models.BooleanField(
        default=False, help_text=_("Datasheet: were people told?"), verbose_name=_("people notified")
    )
    dpia_completed = models.BooleanField(
        _("DPIA completed"), default=False, help_text=_("Was a data-protection impact assessment done?")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConsentRecord(models.Model):
    """Consent given for one purpose; withdrawn consent is kept, never deleted, as evidence."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PENDING = "pending", _("Not yet in force")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    data_source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="consents", verbose_name=_("data source")
    )
    reference = models.CharField(
        max_length=100,
        validators=[MinLengthValidator(2)],
        help_text=_("A short name, e.g. 'marketing-2024'."),
        verbose_name=_("reference"),
    )
    purpose = models.CharField(
        max_length=100,
        validators=[MinLengthValidator(2)],
        help_text=_("The purpose consented to; a use of the source must name the same purpose."),
        verbose_name=_("purpose"),
    )
    scope = models.TextField(
        blank=True, help_text=_("Who gave it and what it covers."), verbose_name=_("scope")
    )
    obtained_on = models.DateField(verbose_name=_("obtained on"))
    expires_on = models.DateField(null=True, blank=True, verbose_name=_("expires on"))
    evidence_reference = models.CharField(max_length=500, blank=True, verbose_name=_("evidence reference"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recorded_consents",
        verbose_name=_("recorded by"),
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn at"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawn_consents",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(blank=True, verbose_name=_("withdrawal reason"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["data_source", "-obtained_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_source", "reference"],
                name="consent_reference_unique_per_source",
                violation_error_message=_(
                    "This data source already has a consent record with that reference."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("obtained_on")),
                name="consent_expires_after_obtained",
                violation_error_message=_("Consent must expire after the day it was obtained."),
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
        TRAINING = "training", _("Training")
        EVALUATION = "evaluation", _("Evaluation")
        SERVING = "serving", _("Serving")

    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, related_name="data_uses", verbose_name=_("model")
    )
    version = models.ForeignKey(
        ModelVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_uses",
        verbose_name=_("version"),
    )
    data_source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="uses", verbose_name=_("data source")
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.TRAINING, verbose_name=_("role")
    )
    purpose = models.CharField(max_length=100, validators=[MinLengthValidator(2)], verbose_name=_("purpose"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data source use")
        verbose_name_plural = _("data source uses")
        ordering = ["data_source__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "data_source", "role"],
                condition=Q(version__isnull=True),
                name="datasourceuse_unique_model_level",
                violation_error_message=_("This model already uses that data source in that role."),
            ),
            models.UniqueConstraint(
                fields=["version", "data_source", "role"],
                condition=Q(version__isnull=False),
                name="datasourceuse_unique_version_level",
                violation_error_message=_("This version already uses that data source in that role."),
            ),
        ]

    def __str__(self) -> str:
        target = self.version or self.model
        return f"{target} uses {self.data_source} for {self.purpose} ({self.role})"


class Origin(models.TextChoices):
    """Whether figures were typed in by a pipeline or computed here from an uploaded prediction set."""

    REPORTED = "reported", _("Reported")
    COMPUTED = "computed", _("Computed")


class AppendOnly(models.Model):
    """A record the checks read as evidence: never changed once saved, so what a check judged stays what is
    stored. A correction is a newer record (the checks read the latest); the history keeps who posted each."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError(
                _("A recorded %(verbose_name)s cannot be changed; post a new one to correct it.")
                % {"verbose_name": self._meta.verbose_name}
            )
        super().save(*args, **kwargs)


class Evaluation(AppendOnly):
    """Offline evaluation metrics a pipeline posts for a version.

    group_metrics maps a sensitive attribute to its groups' rates, e.g.
    {"sex": {"female": {"selection_rate": 0.31, "true_positive_rate": 0.8, "false_positive_rate": 0.1}}}.
    """

    version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("version")
    )
    data_source = models.ForeignKey(
        DataSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("data source"),
    )
    metric_name = models.CharField(max_length=50, default="accuracy", verbose_name=_("metric name"))
    quality = models.FloatField(
        help_text=_("Overall quality on the evaluation data, in the metric's units."),
        verbose_name=_("quality"),
    )
    group_metrics = models.JSONField(default=dict, blank=True, verbose_name=_("group metrics"))
    evaluated_at = models.DateTimeField(default=timezone.now, verbose_name=_("evaluated at"))
    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.REPORTED, verbose_name=_("origin")
    )
    origin_detail = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('e.g. "computed from prediction set #12 (sha256 3f2a…)".'),
        verbose_name=_("origin detail"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
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

    version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("version")
    )
    metric_name = models.CharField(max_length=50, default="accuracy", verbose_name=_("metric name"))
    live_quality = models.FloatField(null=True, blank=True, verbose_name=_("live quality"))
    feature_drift = models.JSONField(default=dict, blank=True, verbose_name=_("feature drift"))
    prediction_count = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("prediction count"))
    group_metrics = models.JSONField(default=dict, blank=True, verbose_name=_("group metrics"))
    taken_at = models.DateTimeField(default=timezone.now, verbose_name=_("taken at"))
    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.REPORTED, verbose_name=_("origin")
    )
    origin_detail = models.CharField(max_length=200, blank=True, verbose_name=_("origin detail"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring snapshot")
        verbose_name_plural = _("monitoring snapshots")
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
