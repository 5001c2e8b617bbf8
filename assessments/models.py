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
from simple_history.models import HistoricalRecords

from governance.foundation.i18n import localized
from governance.teams.models import Team


class Framework(models.Model):
    class Kind(models.TextChoices):
        LEVELS = "levels", "Maturity levels 0-2"
        TEST_SCORE = "test_score", "ML Test Score"

    key = models.SlugField(max_length=60, help_text="Stable across versions, e.g. 'google-mlops-levels'.")
    version = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="How it is answered and scored.")
    name = models.CharField(max_length=120, validators=[MinLengthValidator(2)])
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the framework comes from.")
    # Korean beside the English (issue 25), from the content module; shown through foundation.i18n.localized.
    name_ko = models.CharField(max_length=120, blank=True)
    description_ko = models.TextField(blank=True)
    is_active = models.BooleanField(default=True, help_text="New assessments start only on active versions.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"],
                name="framework_key_version_unique",
                violation_error_message="This framework version already exists.",
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

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="dimensions")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    name_ko = models.CharField(max_length=120, blank=True)
    description_ko = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="dimension_key_unique_per_framework")
        ]

    def __str__(self) -> str:
        return localized(self, "name")


class Question(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="questions")
    key = models.SlugField(max_length=80)
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(1, "Level 1"), (2, "Level 2")],
        help_text="The maturity level this question evidences (levels frameworks only).",
    )
    text = models.TextField()
    guidance = models.TextField(blank=True)
    evidence_hint = models.CharField(max_length=300, blank=True)
    text_ko = models.TextField(blank=True)
    guidance_ko = models.TextField(blank=True)
    evidence_hint_ko = models.CharField(max_length=300, blank=True)
    is_extension = models.BooleanField(
        default=False, help_text="Not one of the framework's own criteria; pages label it as an extension."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
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
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who submitted it and answers for it.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The result as scored at submission, kept so lists, trends and checks need no answers. The result page
    # recomputes it from the frozen answers with the same function.
    overall_level = models.PositiveSmallIntegerField(null=True, blank=True)
    overall_score = models.FloatField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "framework"],
                condition=Q(status="draft"),
                name="assessment_one_open_draft_per_team_framework",
                violation_error_message="This team already has an open draft of this framework.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="draft", assessor__isnull=True, submitted_at__isnull=True)
                    | Q(status="submitted", assessor__isnull=False, submitted_at__isnull=False)
                ),
                name="assessment_submitted_has_assessor_and_time",
                violation_error_message="Submitted means an assessor and a time; a draft has neither.",
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
        YES = "yes", "Yes"
        PARTIAL = "partial", "Partly"
        NO = "no", "No"
        NOT_APPLICABLE = "na", "Not applicable"
        NOT_DONE = "not_done", "Not done"
        MANUAL = "manual", "Manual, results documented"
        AUTOMATED = "automated", "Automated and repeated"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=20, choices=Value.choices)
    evidence = models.TextField(blank=True, max_length=2000, help_text="A note or a link backing the answer.")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"],
                name="answer_one_per_question",
                violation_error_message="This question already has an answer in this assessment.",
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
            message = f"Question '{self.question.key}' belongs to another framework than this assessment."
            raise ValidationError({"question": message})
        # Read the status from the database: a stale copy of the draft must not unlock it.
        if Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.SUBMITTED).exists():
            raise ValidationError("This assessment was submitted and is locked: nobody can change it.")
        allowed = dict(assessment.framework.answer_choices())
        if self.value not in allowed:
            raise ValidationError(
                {"value": f"'{self.value}' is not an answer this framework offers: {', '.join(allowed)}."}
            )


LEVEL_VALUES = (Answer.Value.YES, Answer.Value.PARTIAL, Answer.Value.NO, Answer.Value.NOT_APPLICABLE)
TEST_SCORE_VALUES = (Answer.Value.NOT_DONE, Answer.Value.MANUAL, Answer.Value.AUTOMATED)
