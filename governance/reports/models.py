"""A requested PDF report: what it covers, who asked, how the build went, and the file with its SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext_lazy as _

from governance.checks.models import CheckRun
from governance.inventory.models import MLModel
from governance.teams.models import Team


def report_upload_to(report: Report, filename: str) -> str:
    return f"reports/{report.created_at:%Y/%m}/{filename}"


def default_language() -> str:
    """The language a report is written in when the request names none: the active one (the requester's,
    under LocaleMiddleware; else LANGUAGE_CODE), as one of LANGUAGES ("en-gb" is written in "en")."""
    try:
        return supported_language(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return supported_language(settings.LANGUAGE_CODE)


def supported_language(code: str) -> str:
    """The LANGUAGES code for a language code or variant ("en-gb" gives "en"); LookupError if none."""
    return get_supported_language_variant(code)


ACTIVE_STATUSES = ("queued", "running")


class Report(models.Model):
    class Kind(models.TextChoices):
        MODEL_DOSSIER = "model_dossier", _("Model audit dossier")
        TEAM_MATURITY = "team_maturity", _("Team maturity report")
        ORGANISATION = "organisation", _("Organisation governance report")
        CHECK_RUN = "check_run", _("Responsible-AI check-run report")
        TECHNICAL_DOCUMENTATION = "annex_iv", _("Technical documentation (EU AI Act Annex IV)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    # The subject, by kind: a model dossier names a model, a team report a team, a check-run report a run.
    model = models.ForeignKey(
        MLModel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("model")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    check_run = models.ForeignKey(
        CheckRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("check run"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=default_language,
        help_text=_("The language the report is written in."),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    file = models.FileField(upload_to=report_upload_to, blank=True, verbose_name=_("file"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0, verbose_name=_("size bytes"))
    page_count = models.PositiveIntegerField(default=0, verbose_name=_("page count"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    # When the build was last handed to the task queue; empty while the queue could not take it (recovery
    # sends those as soon as it can). See services.reports_recover.
    dispatched_at = models.DateTimeField(null=True, blank=True, verbose_name=_("dispatched at"))
    recovery_count = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("Times the build was sent again after it made no progress."),
        verbose_name=_("recovery count"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="report_requester_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind__in=["model_dossier", "annex_iv"],
                        model__isnull=False,
                        team__isnull=True,
                        check_run__isnull=True,
                    )
                    | models.Q(
                        kind="team_maturity", team__isnull=False, model__isnull=True, check_run__isnull=True
                    )
                    | models.Q(
                        kind="organisation", model__isnull=True, team__isnull=True, check_run__isnull=True
                    )
                    | models.Q(
                        kind="check_run", check_run__isnull=False, model__isnull=True, team__isnull=True
                    )
                ),
                name="report_kind_matches_subject",
                violation_error_message=_(
                    "A dossier names a model, a team report a team, a run report a run."
                ),
            ),
            # One build at a time per requester, kind, subject and language: a repeat gets the one queued
            # (services.report_request). Absent subjects count as 0, since NULLs never collide in an index.
            models.UniqueConstraint(
                F("requested_by"),
                F("kind"),
                Coalesce(F("model"), Value(0)),
                Coalesce(F("team"), Value(0)),
                Coalesce(F("check_run"), Value(0)),
                F("language"),
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="report_one_active_per_subject",
                violation_error_message=_("This report is already queued for you."),
            ),
        ]

    def __str__(self) -> str:
        return f"Report #{self.pk} ({self.get_kind_display().lower()}: {self.subject_label})"

    @property
    def subject_label(self) -> str:
        if self.kind == self.Kind.MODEL_DOSSIER:
            return f"model {self.model.name}"
        if self.kind == self.Kind.TEAM_MATURITY:
            return f"team {self.team.name}"
        if self.kind == self.Kind.CHECK_RUN:
            return f"check run #{self.check_run_id}"
        return "the organisation"

    @property
    def waiting_for_queue(self) -> bool:
        """Recorded but not yet taken by the task queue (it was unavailable); recovery will send it."""
        return self.status == self.Status.QUEUED and self.dispatched_at is None

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def filename(self) -> str:
        """The download's name: kind, subject and date, e.g. dossier-churn-model-2026-12-07.pdf (Hangul and
        other letters kept; see filename_ascii for clients that cannot take them)."""
        return self._file_name(allow_unicode=True)

    @property
    def filename_ascii(self) -> str:
        """The same name in ASCII (the stored file's name, and the fallback of Content-Disposition)."""
        return self._file_name(allow_unicode=False)

    def _file_name(self, *, allow_unicode: bool) -> str:
        when = self.finished_at or self.created_at or timezone.now()
        subject = {
            self.Kind.MODEL_DOSSIER: ("dossier", lambda: self.model.name, "model", self.model_id),
            self.Kind.TEAM_MATURITY: ("team-maturity", lambda: self.team.name, "team", self.team_id),
            self.Kind.CHECK_RUN: ("check-run", lambda: str(self.check_run_id), "run", self.check_run_id),
        }.get(self.kind)
        parts = ["organisation-governance"]
        if subject is not None:
            prefix, name, fallback, pk = subject
            slug = slugify(name(), allow_unicode=allow_unicode)[:80].strip("-_") or f"{fallback}-{pk}"
            parts = [prefix, slug]
        return "-".join([*parts, f"{timezone.localdate(when):%Y-%m-%d}"]) + ".pdf"
