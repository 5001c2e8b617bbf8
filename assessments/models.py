"""Maturity frameworks (versioned questionnaires), team assessments against them, and the answers given.

A framework version is immutable data: a new version is a new Framework row with its own questions, so
answers given to an old version keep pointing at the questions they answered. A submitted assessment never
changes: the services refuse, Answer.clean refuses, and the admin shows it read-only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords
from governance.foundation.i18n import localized
from governance.teams.models import Team


class Framework(models.Model):
    class Kind(models.TextChoices):
        LEVELS = "levels", _("Maturity levels 0-2")
        TEST_SCORE = "test_score", _("ML Test Score")

    key = models.SlugField(
        max_length=60,
        help_text=_("Stable across versions, e.g. 'google-mlops-levels'."),
        verbose_name=_("key"),
    )
    version = models.PositiveSmallIntegerField(verbose_name=_("version"))
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        help_text=_("How it is answered and scored."),
        verbose_name=_("kind"),
    )
    name = models.CharField(max_length=120, validators=[MinLengthValidator(2)], verbose_name=_("name"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    source = models.CharField(
        max_length=300, blank=True, help_text=_("Where the framework comes from."), verbose_name=_("source")
    )
    is_active = models.BooleanField(
        default=True,
        help_text=_("New assessments start only on active versions."),
        verbose_name=_("is active"),
    )
    # Korean beside the English (issue 25), from the content module; shown through foundation.i18n.localized.
    name_ko = models.CharField(max_length=120, blank=True)
    description_ko = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"],
                name="framework_key_version_unique",
                violation_error_message=_("This framework version already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{localized(self, 'name')} v{self.version}"

    @property
    def is_levels(self) -> bool:
        return self.kind == self.Kind.LEVELS

    def answer_choices(self) -> list[tuple[str, str]]:
        values = LEVEL_VALUES if self.is_levels else TEST_SCORE_VALUES
        return [(v.value, v.label) for v in values]


class Dimension(models.Model):
    """A dimension of a levels framework, or a section of the ML Test Score."""

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="dimensions", verbose_name=_("framework")
    )
    key = models.SlugField(max_length=60, verbose_name=_("key"))
    name = models.CharField(max_length=120, verbose_name=_("name"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    name_ko = models.CharField(max_length=120, blank=True)
    description_ko = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["framework", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="dimension_key_unique_per_framework")
        ]

    def __str__(self) -> str:
        return localized(self, "name")


class Question(models.Model):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="questions", verbose_name=_("dimension")
    )
    key = models.SlugField(max_length=80, verbose_name=_("key"))
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(1, "Level 1"), (2, "Level 2")],
        help_text=_("The maturity level this question evidences (levels frameworks only)."),
        verbose_name=_("level"),
    )
    text = models.TextField(verbose_name=_("text"))
    guidance = models.TextField(blank=True, verbose_name=_("guidance"))
    evidence_hint = models.CharField(max_length=300, blank=True, verbose_name=_("evidence hint"))
    text_ko = models.TextField(blank=True)
    guidance_ko = models.TextField(blank=True)
    evidence_hint_ko = models.CharField(max_length=300, blank=True)
    is_extension = models.BooleanField(
        default=False,
        help_text=_("Not one of the framework's own criteria; pages label it as an extension."),
        verbose_name=_("is extension"),
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["dimension", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key"], name="question_key_unique_per_dimension"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__in=[1, 2]), name="question_level_1_or_2"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("team")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("framework")
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    started_at = models.DateTimeField(verbose_name=_("started at"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who submitted it and answers for it."),
        verbose_name=_("assessor"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    # The result as scored at submission, kept so lists, trends and checks need no answers. The result page
    # recomputes it from the frozen answers with the same function.
    overall_level = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("overall level"))
    overall_score = models.FloatField(null=True, blank=True, verbose_name=_("overall score"))
    result = models.JSONField(default=dict, blank=True, verbose_name=_("result"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "framework"],
                condition=Q(status="draft"),
                name="assessment_one_open_draft_per_team_framework",
                violation_error_message=_("This team already has an open draft of this framework."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="draft", assessor__isnull=True, submitted_at__isnull=True)
                    | Q(status="submitted", assessor__isnull=False, submitted_at__isnull=False)
                ),
                name="assessment_submitted_has_assessor_and_time",
                violation_error_message=_("Submitted means an assessor and a time; a draft has neither."),
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status", "-submitted_at"], name="assessment_team_latest_idx")
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.framework} · {self.started_at:%Y-%m-%d}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    class Value(models.TextChoices):
        YES = "yes", _("Yes")
        PARTIAL = "partial", _("Partly")
        NO = "no", _("No")
        NOT_APPLICABLE = "na", _("Not applicable")
        NOT_DONE = "not_done", _("Not done")
        MANUAL = "manual", _("Manual, results documented")
        AUTOMATED = "automated", _("Automated and repeated")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.CharField(max_length=20, choices=Value.choices, verbose_name=_("value"))
    evidence = models.TextField(
        blank=True,
        max_length=2000,
        help_text=_("A note or a link backing the answer."),
        verbose_name=_("evidence"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(verbose_name=_("answered at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"],
                name="answer_one_per_question",
                violation_error_message=_("This question already has an answer in this assessment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.value}"

    def clean(self) -> None:
        """The invariants every writer obeys: same framework, a value that framework offers, not locked."""
        if not (self.assessment_id and self.question_id):
            return
        assessment, framework_id = self.assessment, self.question.dimension.framework_id
        if framework_id != assessment.framework_id:
            message = _("Question '%(key)s' belongs to another framework than this assessment.") % {
                "key": self.question.key
            }
            raise ValidationError({"question": message})
        # Read the status from the database: a stale copy of the draft must not unlock it.
        if Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.SUBMITTED).exists():
            raise ValidationError(_("This assessment was submitted and is locked: nobody can change it."))
        allowed = dict(assessment.framework.answer_choices())
        if self.value not in allowed:
            raise ValidationError(
                {
                    "value": _("'%(value)s' is not an answer this framework offers: %(value2)s.")
                    % {"value": self.value, "value2": ", ".join(allowed)}
                }
            )


LEVEL_VALUES = (Answer.Value.YES, Answer.Value.PARTIAL, Answer.Value.NO, Answer.Value.NOT_APPLICABLE)
TEST_SCORE_VALUES = (Answer.Value.NOT_DONE, Answer.Value.MANUAL, Answer.Value.AUTOMATED)
