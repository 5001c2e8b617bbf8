"""Check policy (thresholds), check runs and their results: one result per (run, check, model)."""

from __future__ import annotations

from itertools import pairwise

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords
from governance.inventory.models import MLModel
from governance.teams.models import Team

UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]
HIGHER, LOWER = "higher", "lower"
DIRECTIONS = (HIGHER, LOWER)


def default_metric_directions() -> dict[str, str]:
    """Which way is better for the metrics pipelines commonly post (names compared case-insensitively)."""
    return {
        **dict.fromkeys(("auc", "accuracy", "f1", "precision", "recall"), HIGHER),
        **dict.fromkeys(("rmse", "mae", "mse", "log_loss", "error_rate", "latency"), LOWER),
    }


class CheckPolicy(models.Model):
    """The thresholds and windows the checks judge by: one record, edited in the admin."""

    fairness_ratio_min = models.FloatField(
        _("minimum selection-rate ratio"),
        default=0.8,
        validators=UNIT,
        help_text=_("Lowest group selection rate over the highest; the four-fifths rule is 0.8."),
    )
    equalized_odds_max = models.FloatField(
        _("maximum equalized-odds difference"),
        default=0.1,
        validators=UNIT,
        help_text=_("Largest gap in true- or false-positive rate between groups of one attribute."),
    )
    psi_warn = models.FloatField(_("PSI warning"), default=0.1, validators=[MinValueValidator(0.0)])
    psi_fail = models.FloatField(_("PSI failure"), default=0.25, validators=[MinValueValidator(0.0)])
    quality_tolerance = models.FloatField(
        default=0.05,
        validators=UNIT,
        help_text=_("Largest relative drop of live quality from the validation figure, e.g. 0.05 = 5%."),
        verbose_name=_("quality tolerance"),
    )
    metric_directions = models.JSONField(
        default=default_metric_directions,
        blank=True,
        help_text=_('Which way is better per metric name, e.g. {"auc": "higher", "rmse": "lower"}.'),
        verbose_name=_("metric directions"),
    )
    default_metric_direction = models.CharField(
        max_length=6,
        choices=[(HIGHER, "Higher is better"), (LOWER, "Lower is better")],
        default=HIGHER,
        help_text=_("Assumed for a metric the table above does not name; findings say they assumed it."),
        verbose_name=_("default metric direction"),
    )
    monitoring_max_age_days = models.PositiveIntegerField(
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("A production model's newest snapshot age."),
        verbose_name=_("monitoring max age days"),
    )
    consent_warning_days = models.PositiveIntegerField(
        default=30,
        help_text=_("Warn when a consent a model relies on expires within this many days."),
        verbose_name=_("consent warning days"),
    )
    assessment_max_age_days = models.PositiveIntegerField(
        default=365,
        validators=[MinValueValidator(1)],
        help_text=_("Age of a team's latest submitted assessment."),
        verbose_name=_("assessment max age days"),
    )
    min_team_level_high_tier = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(2)],
        help_text=_("MLOps level (0-2) a team needs to run high-tier models."),
        verbose_name=_("min team level high tier"),
    )
    fairness_min_group_size = models.PositiveIntegerField(
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("Groups with fewer rows are reported as too small to judge, never as passing."),
        verbose_name=_("fairness min group size"),
    )
    decision_threshold = models.FloatField(
        default=0.5,
        validators=UNIT,
        help_text=_(
            "Score at or above which a prediction set's score counts as a positive decision, "
            "unless the upload gives its own."
        ),
        verbose_name=_("decision threshold"),
    )
    computed_evidence_tiers = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "EU AI Act tiers whose fairness and drift must be computed from prediction sets, e.g. "
            '["high", "unacceptable"]; reported numbers alone then fail.'
        ),
        verbose_name=_("computed evidence tiers"),
    )
    acceptance_max_days_low = models.PositiveIntegerField(
        _("longest acceptance of a low risk (days)"), default=730, validators=[MinValueValidator(1)]
    )
    acceptance_max_days_medium = models.PositiveIntegerField(
        _("longest acceptance of a medium risk (days)"), default=365, validators=[MinValueValidator(1)]
    )
    acceptance_max_days_high = models.PositiveIntegerField(
        _("longest acceptance of a high risk (days)"), default=180, validators=[MinValueValidator(1)]
    )
    acceptance_max_days_critical = models.PositiveIntegerField(
        _("longest acceptance of a critical risk (days)"), default=90, validators=[MinValueValidator(1)]
    )
    acceptance_owner_cooldown_days = models.PositiveIntegerField(
        _("days before a former owner may accept"),
        default=180,
        help_text=_("Nobody who owned a risk within this many days may accept it (separation of duties)."),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("check policy")
        verbose_name_plural = _("check policy")

    def __str__(self) -> str:
        return "Check policy"

    def clean(self) -> None:
        if self.psi_warn is not None and self.psi_fail is not None and self.psi_warn >= self.psi_fail:
            raise ValidationError({"psi_fail": _("The PSI failure threshold must be above the warning one.")})
        directions = self.metric_directions
        if not isinstance(directions, dict) or not all(
            isinstance(k, str) and k.strip() and v in DIRECTIONS for k, v in directions.items()
        ):
            raise ValidationError(
                {"metric_directions": _('Give an object of metric name to "higher" or "lower".')}
            )
        tiers = self.computed_evidence_tiers
        if not isinstance(tiers, list) or any(t not in MLModel.AIActTier.values for t in tiers):
            raise ValidationError(
                {
                    "computed_evidence_tiers": _("Expected a list of tiers from %(value)s.")
                    % {"value": ", ".join(MLModel.AIActTier.values)}
                }
            )
        terms = [getattr(self, f"acceptance_max_days_{c}") for c in ("low", "medium", "high", "critical")]
        if None not in terms and any(later > earlier for earlier, later in pairwise(terms)):
            raise ValidationError(
                {"acceptance_max_days_critical": _("A more severe class may not be accepted for longer.")}
            )

    def metric_direction(self, metric: str) -> tuple[str, bool]:
        """(direction, known) for a metric name; unknown names take the default direction."""
        table = {k.strip().casefold(): v for k, v in (self.metric_directions or {}).items()}
        direction = table.get(metric.strip().casefold())
        return (direction, True) if direction else (self.default_metric_direction, False)

    def acceptance_max_days(self, severity: str) -> int:
        """The longest term an acceptance of a risk of this severity class may have."""
        return getattr(self, f"acceptance_max_days_{severity}")

    @classmethod
    def current(cls) -> CheckPolicy:
        """The one policy record; created with the defaults if a fresh database has none."""
        policy = cls.objects.order_by("pk").first()
        return policy or cls.objects.create()

    def as_dict(self) -> dict[str, float | int]:
        return {
            f.name: getattr(self, f.name)
            for f in self._meta.concrete_fields
            if f.name not in {"id", "updated_at"}
        }


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    WARN = "warn", _("Warning")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class CheckRun(models.Model):
    class Scope(models.TextChoices):
        ALL = "all", _("All models")
        TEAM = "team", _("One team")
        MODEL = "model", _("One model")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Manual")
        SCHEDULE = "schedule", _("Schedule")
        API = "api", _("API")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.ALL, verbose_name=_("scope"))
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("model")
    )
    trigger = models.CharField(
        max_length=10, choices=Trigger.choices, default=Trigger.MANUAL, verbose_name=_("trigger")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    model_count = models.PositiveIntegerField(default=0, verbose_name=_("model count"))
    chunks_total = models.PositiveIntegerField(default=0, verbose_name=_("chunks total"))
    pass_count = models.PositiveIntegerField(default=0, verbose_name=_("pass count"))
    warn_count = models.PositiveIntegerField(default=0, verbose_name=_("warn count"))
    fail_count = models.PositiveIntegerField(default=0, verbose_name=_("fail count"))
    not_applicable_count = models.PositiveIntegerField(default=0, verbose_name=_("not applicable count"))
    errors = models.JSONField(
        default=list,
        blank=True,
        help_text=_("[{check, message}] of checks that crashed."),
        verbose_name=_("errors"),
    )
    policy = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("The thresholds in force for this run."),
        verbose_name=_("policy"),
    )
    # When the run was last handed to the task queue; empty while the queue could not take it (recovery
    # sends those as soon as it can). See services.runs_recover.
    dispatched_at = models.DateTimeField(null=True, blank=True, verbose_name=_("dispatched at"))
    recovery_count = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("Times the run was sent again after it made no progress."),
        verbose_name=_("recovery count"),
    )

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["scope", "status", "-created_at"], name="checkrun_scope_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="all", team__isnull=True, model__isnull=True)
                    | models.Q(scope="team", team__isnull=False, model__isnull=True)
                    | models.Q(scope="model", model__isnull=False, team__isnull=True)
                ),
                name="checkrun_scope_matches_target",
                violation_error_message=_(
                    "A team run names a team, a model run a model, an all run neither."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"Check run #{self.pk} ({self.get_scope_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def waiting_for_queue(self) -> bool:
        """Recorded but not yet taken by the task queue (it was unavailable); recovery will send it."""
        return self.status == self.Status.QUEUED and self.dispatched_at is None

    @property
    def judged_count(self) -> int:
        return self.pass_count + self.warn_count + self.fail_count

    @property
    def pass_rate(self) -> float | None:
        judged = self.judged_count
        return None if not judged else self.pass_count / judged

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def target_label(self) -> str:
        if self.scope == self.Scope.TEAM and self.team_id:
            return gettext("team %(team)s") % {"team": self.team}
        if self.scope == self.Scope.MODEL and self.model_id:
            return gettext("model %(model)s") % {"model": self.model}
        return gettext("all models")


class CheckRunPlan(models.Model):
    """The models of a run split into chunks, frozen when the run starts so that a re-delivered or recovered
    start splits them exactly as the first one did (models added or retired meanwhile change nothing)."""

    run = models.OneToOneField(
        CheckRun, on_delete=models.CASCADE, primary_key=True, related_name="plan", verbose_name=_("run")
    )
    chunks = models.JSONField(
        default=list, help_text=_("[[model id, ...], ...] in chunk order."), verbose_name=_("chunks")
    )

    class Meta:
        verbose_name = _("check run plan")
        verbose_name_plural = _("check run plans")

    def __str__(self) -> str:
        return f"{self.run} plan"


class CheckRunChunk(models.Model):
    """One chunk of a run's models, recorded when its results are written; the last one finalises the run."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("run"))
    index = models.PositiveIntegerField(verbose_name=_("index"))
    model_count = models.PositiveIntegerField(default=0, verbose_name=_("model count"))
    errors = models.JSONField(default=list, blank=True, verbose_name=_("errors"))
    seconds = models.FloatField(default=0.0, verbose_name=_("seconds"))
    queries = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("SQL queries per check, when measured."),
        verbose_name=_("queries"),
    )
    finished_at = models.DateTimeField(auto_now_add=True, verbose_name=_("finished at"))

    class Meta:
        verbose_name = _("check run chunk")
        verbose_name_plural = _("check run chunks")
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="checkrunchunk_unique_index")]

    def __str__(self) -> str:
        return f"{self.run} chunk {self.index}"


class CheckResult(models.Model):
    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="results", verbose_name=_("run"))
    check_key = models.CharField(_("check"), max_length=80)
    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, related_name="check_results", verbose_name=_("model")
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, verbose_name=_("outcome"))
    detail = models.TextField(blank=True, verbose_name=_("detail"))  # English, as judged
    # The same finding by key and parameters (checks.messages), so it reads in each viewer's language.
    detail_message = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=dict, blank=True, verbose_name=_("evidence"))

    class Meta:
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        ordering = ["run", "check_key", "model"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "check_key", "model"], name="checkresult_one_per_run_check_model"
            )
        ]
        indexes = [
            models.Index(fields=["run", "outcome"], name="checkresult_run_outcome_idx"),
            models.Index(fields=["model", "-run"], name="checkresult_model_run_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.check_key} on {self.model_id}: {self.outcome}"

    @property
    def detail_text(self) -> str:
        """The finding in the active language; the stored English when it has no message or under English."""
        from governance.foundation.i18n import is_korean

        from .messages import render

        if not is_korean():
            return self.detail
        return render(self.detail_message) or self.detail


class ModelCheckStatus(models.Model):
    """Each model's outcome counts in the latest finished run that judged it (the model page's rule), kept
    when a run succeeds (checks.latest.record_run) so lists and the dashboard read one row per model instead
    of searching the results of every run."""

    model = models.OneToOneField(
        MLModel,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="check_status",
        verbose_name=_("model"),
    )
    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="+", verbose_name=_("run"))
    fail_count = models.PositiveIntegerField(default=0, verbose_name=_("fail count"))
    warn_count = models.PositiveIntegerField(default=0, verbose_name=_("warn count"))
    pass_count = models.PositiveIntegerField(default=0, verbose_name=_("pass count"))
    not_applicable_count = models.PositiveIntegerField(default=0, verbose_name=_("not applicable count"))

    class Meta:
        verbose_name = _("model check status")
        verbose_name_plural = _("model check statuses")
        indexes = [models.Index(fields=["-fail_count"], name="modelcheckstatus_fail_idx")]

    def __str__(self) -> str:
        return f"{self.model_id}: {self.fail_count} failing in run {self.run_id}"
