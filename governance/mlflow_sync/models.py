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
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords
from governance.inventory.models import MLModel, ModelVersion
from governance.teams.models import Team

env_name = RegexValidator(
    r"^[A-Z_][A-Z0-9_]*\Z", "The NAME of an environment variable (e.g. MLFLOW_TRACKING_TOKEN), not its value."
)


class MlflowConnector(models.Model):
    name = models.CharField(
        max_length=100, unique=True, validators=[MinLengthValidator(2)], verbose_name=_("name")
    )
    tracking_uri = models.URLField(
        _("tracking server URL"), max_length=300, help_text=_("e.g. https://mlflow.internal:5000")
    )
    username_env = models.CharField(
        _("username variable"),
        max_length=100,
        blank=True,
        validators=[env_name],
        help_text=_("Name of the environment variable holding the user name (basic auth)."),
    )
    password_env = models.CharField(
        _("password variable"),
        max_length=100,
        blank=True,
        validators=[env_name],
        help_text=_("Name of the environment variable holding the password (basic auth)."),
    )
    token_env = models.CharField(
        _("token variable"),
        max_length=100,
        blank=True,
        validators=[env_name],
        help_text=_("Name of the environment variable holding a bearer token."),
    )
    default_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Team for models without a team tag; empty: such models are listed as unmapped."),
        verbose_name=_("default team"),
    )
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Accountable owner for models without a usable owner tag (must edit the team)."),
        verbose_name=_("default owner"),
    )
    team_tag = models.CharField(
        max_length=100,
        default="team",
        help_text=_("MLflow tag naming the team (slug)."),
        verbose_name=_("team tag"),
    )
    owner_tag = models.CharField(
        max_length=100,
        default="owner",
        help_text=_("MLflow tag naming the owner."),
        verbose_name=_("owner tag"),
    )
    interval_minutes = models.PositiveIntegerField(
        default=60,
        validators=[MaxValueValidator(7 * 24 * 60)],
        help_text=_("Beat syncs this often; 0 syncs only by hand."),
        verbose_name=_("interval minutes"),
    )
    write_back = models.BooleanField(
        default=False,
        help_text=_("Set governance.gate / governance.checks / governance.out_of_policy tags."),
        verbose_name=_("write back"),
    )
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    last_started_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("last started at")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords(excluded_fields=["last_started_at"])

    class Meta:
        verbose_name_plural = _("MLflow connectors")
        ordering = ["name"]
        verbose_name = _("MLflow connector")

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
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        BUTTON = "button", _("Sync now")
        COMMAND = "command", _("Command")

    connector = models.ForeignKey(
        MlflowConnector, on_delete=models.PROTECT, related_name="runs", verbose_name=_("connector")
    )
    trigger = models.CharField(max_length=20, choices=Trigger.choices, verbose_name=_("trigger"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    created = models.PositiveIntegerField(default=0, verbose_name=_("created"))
    updated = models.PositiveIntegerField(default=0, verbose_name=_("updated"))
    unchanged = models.PositiveIntegerField(default=0, verbose_name=_("unchanged"))
    conflicts = models.PositiveIntegerField(default=0, verbose_name=_("conflicts"))
    unmapped = models.PositiveIntegerField(default=0, verbose_name=_("unmapped"))
    written_back = models.PositiveIntegerField(default=0, verbose_name=_("written back"))
    mlflow_seconds = models.FloatField(
        default=0, help_text=_("Time spent waiting on MLflow."), verbose_name=_("mlflow seconds")
    )
    all_runs_read = models.BooleanField(
        default=False, help_text=_("Every version's run was read (not only those whose listing changed).")
    )
    notes = models.JSONField(
        default=list, blank=True, help_text=_("Truncations and skipped tags."), verbose_name=_("notes")
    )
    error = models.TextField(blank=True, verbose_name=_("error"))

    class Meta:
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
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

    connector = models.ForeignKey(
        MlflowConnector, on_delete=models.PROTECT, related_name="imported", verbose_name=_("connector")
    )
    mlflow_name = models.CharField(max_length=500, verbose_name=_("mlflow name"))
    model = models.OneToOneField(
        MLModel, on_delete=models.PROTECT, related_name="mlflow_import", verbose_name=_("model")
    )
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint"))
    imported = models.JSONField(
        default=dict,
        help_text=_("The values last imported, to tell local edits."),
        verbose_name=_("imported"),
    )
    synced_at = models.DateTimeField(default=timezone.now, verbose_name=_("synced at"))

    class Meta:
        verbose_name = _("imported model")
        verbose_name_plural = _("imported models")
        ordering = ["connector", "mlflow_name"]
        constraints = [
            models.UniqueConstraint(fields=["connector", "mlflow_name"], name="importedmodel_unique_name")
        ]

    def __str__(self) -> str:
        return self.mlflow_name


class ImportedVersion(models.Model):
    imported_model = models.ForeignKey(
        ImportedModel, on_delete=models.CASCADE, related_name="versions", verbose_name=_("imported model")
    )
    mlflow_version = models.CharField(max_length=50, verbose_name=_("mlflow version"))
    version = models.OneToOneField(
        ModelVersion, on_delete=models.PROTECT, related_name="mlflow_import", verbose_name=_("version")
    )
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint"))
    imported = models.JSONField(default=dict, verbose_name=_("imported"))

    class Meta:
        verbose_name = _("imported version")
        verbose_name_plural = _("imported versions")
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
        LOCAL_EDIT = "local_edit", _("Edited here, changed upstream")
        NAME_COLLISION = "name_collision", _("Name taken by another model")
        ENVIRONMENT_ALIAS = "environment_alias", _("Environment alias moved upstream")
        DELETED_RUN = "deleted_run", _("Version's run deleted")
        INVALID = "invalid", _("Refused upstream value")

    run = models.ForeignKey(
        SyncRun, on_delete=models.CASCADE, related_name="conflict_records", verbose_name=_("run")
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    mlflow_name = models.CharField(max_length=500, verbose_name=_("mlflow name"))
    mlflow_version = models.CharField(max_length=50, blank=True, verbose_name=_("mlflow version"))
    field = models.CharField(max_length=100, blank=True, verbose_name=_("field"))
    local_value = models.TextField(blank=True, verbose_name=_("local value"))
    upstream_value = models.TextField(blank=True, verbose_name=_("upstream value"))
    detail = models.TextField(blank=True, verbose_name=_("detail"))
    out_of_policy = models.BooleanField(
        default=False,
        help_text=_("An environment moved outside the promotion gate: an out-of-policy event."),
        verbose_name=_("out of policy"),
    )

    class Meta:
        verbose_name = _("sync conflict")
        verbose_name_plural = _("sync conflicts")
        ordering = ["run", "mlflow_name", "mlflow_version", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mlflow_name}"


class UnmappedModel(models.Model):
    """A registered model that could not be given a team or owner; listed, never dropped silently."""

    run = models.ForeignKey(
        SyncRun, on_delete=models.CASCADE, related_name="unmapped_records", verbose_name=_("run")
    )
    mlflow_name = models.CharField(max_length=500, verbose_name=_("mlflow name"))
    reason = models.CharField(max_length=300, verbose_name=_("reason"))

    class Meta:
        verbose_name = _("unmapped model")
        verbose_name_plural = _("unmapped models")
        ordering = ["run", "mlflow_name"]

    def __str__(self) -> str:
        return self.mlflow_name
