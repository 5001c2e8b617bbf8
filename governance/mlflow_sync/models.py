"""MLflow connectors and what each sync did (issue 20).

A connector names a tracking server and how its registered models map onto teams and owners; credentials
are read from the environment variables it NAMES, never stored here. Each sync leaves a SyncRun with its
counts and error, and the conflicts and unmapped models it found. ImportedModel / ImportedVersion remember
what was last imported (a fingerprint and the values), so the next sync writes only the differences and
can tell a local edit from an upstream change.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinLengthValidator, RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance.inventory.models import MLModel, ModelVersion
from governance.teams.models import Team

env_name = RegexValidator(
    r"^[A-Z_][A-Z0-9_]*\Z", "The NAME of an environment variable (e.g. MLFLOW_TRACKING_TOKEN), not its value."
)


class MlflowConnector(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[MinLengthValidator(2)])
    tracking_uri = models.URLField(
        "tracking server URL", max_length=300, help_text="e.g. https://mlflow.internal:5000"
    )
    username_env = models.CharField(
        "username variable",
        max_length=100,
        blank=True,
        validators=[env_name],
        help_text="Name of the environment variable holding the user name (basic auth).",
    )
    password_env = models.CharField(
        "password variable",
        max_length=100,
        blank=True,
        validators=[env_name],
        help_text="Name of the environment variable holding the password (basic auth).",
    )
    token_env = models.CharField(
        "token variable",
        max_length=100,
        blank=True,
        validators=[env_name],
        help_text="Name of the environment variable holding a bearer token.",
    )
    default_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Team for models without a team tag; empty: such models are listed as unmapped.",
    )
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Accountable owner for models without a usable owner tag (must edit the team).",
    )
    team_tag = models.CharField(
        max_length=100, default="team", help_text="MLflow tag naming the team (slug)."
    )
    owner_tag = models.CharField(max_length=100, default="owner", help_text="MLflow tag naming the owner.")
    interval_minutes = models.PositiveIntegerField(
        default=60,
        validators=[MaxValueValidator(7 * 24 * 60)],
        help_text="Beat syncs this often; 0 syncs only by hand.",
    )
    write_back = models.BooleanField(
        default=False, help_text="Set governance.gate / governance.checks / governance.out_of_policy tags."
    )
    enabled = models.BooleanField(default=True)
    last_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["last_started_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = "MLflow connector"

    def __str__(self) -> str:
        return self.name

    def is_due(self, now: datetime.datetime | None = None) -> bool:
        if not self.enabled or self.interval_minutes == 0:
            return False
        if self.last_started_at is None:
            return True
        now = now or timezone.now()
        return now - self.last_started_at >= datetime.timedelta(minutes=self.interval_minutes)


class SyncRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Schedule"
        BUTTON = "button", "Sync now"
        COMMAND = "command", "Command"

    connector = models.ForeignKey(MlflowConnector, on_delete=models.PROTECT, related_name="runs")
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    conflicts = models.PositiveIntegerField(default=0)
    unmapped = models.PositiveIntegerField(default=0)
    written_back = models.PositiveIntegerField(default=0)
    mlflow_seconds = models.FloatField(default=0, help_text="Time spent waiting on MLflow.")
    all_runs_read = models.BooleanField(
        default=False, help_text="Every version's run was read (not only those whose listing changed)."
    )
    notes = models.JSONField(default=list, blank=True, help_text="Truncations and skipped tags.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["connector", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.connector} sync #{self.pk}"

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class ImportedModel(models.Model):
    """One registered model of one connector: matched on (connector, MLflow name), never the name alone."""

    connector = models.ForeignKey(MlflowConnector, on_delete=models.PROTECT, related_name="imported")
    mlflow_name = models.CharField(max_length=500)
    model = models.OneToOneField(MLModel, on_delete=models.PROTECT, related_name="mlflow_import")
    fingerprint = models.CharField(max_length=64)
    imported = models.JSONField(default=dict, help_text="The values last imported, to tell local edits.")
    synced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["connector", "mlflow_name"]
        constraints = [
            models.UniqueConstraint(fields=["connector", "mlflow_name"], name="importedmodel_unique_name")
        ]

    def __str__(self) -> str:
        return self.mlflow_name


class ImportedVersion(models.Model):
    imported_model = models.ForeignKey(ImportedModel, on_delete=models.CASCADE, related_name="versions")
    mlflow_version = models.CharField(max_length=50)
    version = models.OneToOneField(ModelVersion, on_delete=models.PROTECT, related_name="mlflow_import")
    fingerprint = models.CharField(max_length=64)
    imported = models.JSONField(default=dict)

    class Meta:
        ordering = ["imported_model", "mlflow_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["imported_model", "mlflow_version"], name="importedversion_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.imported_model} v{self.mlflow_version}"


class SyncConflict(models.Model):
    """Something upstream that the sync would not apply; listed on the sync's page."""

    class Kind(models.TextChoices):
        LOCAL_EDIT = "local_edit", "Edited here, changed upstream"
        NAME_COLLISION = "name_collision", "Name taken by another model"
        ENVIRONMENT_ALIAS = "environment_alias", "Environment alias moved upstream"
        DELETED_RUN = "deleted_run", "Version's run deleted"
        INVALID = "invalid", "Refused upstream value"

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="conflict_records")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    mlflow_name = models.CharField(max_length=500)
    mlflow_version = models.CharField(max_length=50, blank=True)
    field = models.CharField(max_length=100, blank=True)
    local_value = models.TextField(blank=True)
    upstream_value = models.TextField(blank=True)
    detail = models.TextField(blank=True)
    out_of_policy = models.BooleanField(
        default=False, help_text="An environment moved outside the promotion gate: an out-of-policy event."
    )

    class Meta:
        ordering = ["run", "mlflow_name", "mlflow_version", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mlflow_name}"


class UnmappedModel(models.Model):
    """A registered model that could not be given a team or owner; listed, never dropped silently."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="unmapped_records")
    mlflow_name = models.CharField(max_length=500)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["run", "mlflow_name"]

    def __str__(self) -> str:
        return self.mlflow_name
