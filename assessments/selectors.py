"""Reads of frameworks and assessments, each with a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from governance.teams import permissions as perms
from governance.teams.models import Team

from . import scoring
from .models import Answer, Assessment, Dimension, Framework, Question

# Frameworks -----------------------------------------------------------------------------------------------


@dataclass
class FrameworkSpec:
    """A framework version with its dimensions and questions in questionnaire order."""

    framework: Framework
    dimensions: list[Dimension]  # each with .question_list
    questions: dict[int, Question] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.questions = {q.pk: q for d in self.dimensions for q in d.question_list}

    @property
    def total(self) -> int:
        return len(self.questions)

    def scoring_dimensions(self) -> tuple[scoring.DimensionSpec, ...]:
        return tuple(
            scoring.DimensionSpec(
                key=d.key,
                name=d.name,
                questions=tuple(scoring.QuestionSpec(key=q.pk, level=q.level) for q in d.question_list),
            )
            for d in self.dimensions
        )

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)


def framework_specs(*, frameworks: Iterable[Framework]) -> dict[int, FrameworkSpec]:
    """The structure of the given frameworks, by id, in two queries."""
    by_id = {f.pk: f for f in frameworks}
    if not by_id:
        return {}
    dimensions = (
        Dimension.objects.filter(framework_id__in=list(by_id))
        .order_by("framework_id", "order", "id")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "id")))
    )
    grouped: dict[int, list[Dimension]] = defaultdict(list)
    for dim in dimensions:
        dim.question_list = list(dim.questions.all())
        grouped[dim.framework_id].append(dim)
    return {fid: FrameworkSpec(framework=f, dimensions=grouped[fid]) for fid, f in by_id.items()}


def framework_spec(*, framework: Framework) -> FrameworkSpec:
    return framework_specs(frameworks=[framework])[framework.pk]


def frameworks_active() -> QuerySet[Framework]:
    return Framework.objects.filter(is_active=True).annotate(question_count=Count("dimensions__questions"))


def framework_api_queryset() -> QuerySet[Framework]:
    questions = Question.objects.order_by("order", "id")
    dimensions = Dimension.objects.order_by("order", "id").prefetch_related(Prefetch("questions", questions))
    return Framework.objects.order_by("key", "-version").prefetch_related(Prefetch("dimensions", dimensions))


# Access ---------------------------------------------------------------------------------------------------


def teams_visible_to(*, user: Any) -> QuerySet[Team]:
    if perms.sees_everything(user):
        return Team.objects.order_by("name")
    return Team.objects.filter(pk__in=list(perms.team_roles(user))).order_by("name")


def team_get_for_view(*, user: Any, slug: str) -> Team:
    team = get_object_or_404(Team, slug=slug)
    if not perms.can_view_team(user, team.pk):
        raise Http404  # another team answers as a missing one: no probing by status code
    return team


def assessments_visible_to(*, user: Any) -> QuerySet[Assessment]:
    qs = Assessment.objects.select_related("team", "framework", "started_by", "assessor")
    if perms.sees_everything(user):
        return qs
    return qs.filter(team_id__in=list(perms.team_roles(user)))


def assessment_get_for_view(*, user: Any, pk: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("team", "framework", "started_by", "assessor"), pk=pk
    )
    if not perms.can_view_team(user, assessment.team_id):
        raise Http404  # another team's assessment answers as a missing one
    return assessment


def assessment_get_for_edit(*, user: Any, pk: int) -> Assessment:
    assessment = assessment_get_for_view(user=user, pk=pk)
    if not perms.can_edit_team(user, assessment.team_id):
        raise PermissionDenied(
            _("Only contributors and maintainers of the team may fill in its assessments.")
        )
    return assessment


# One assessment -------------------------------------------------------------------------------------------


def assessment_answers(*, assessment: Assessment) -> dict[int, Answer]:
    return {a.question_id: a for a in assessment.answers.select_related("answered_by")}


def assessment_result(
    *, assessment: Assessment, spec: FrameworkSpec, answers: dict[int, Answer] | None = None
) -> scoring.Result:
    if answers is None:
        answers = {a.question_id: a for a in assessment.answers.only("question_id", "value")}
    values = {qid: a.value for qid, a in answers.items()}
    return scoring.score(
        spec.framework.kind, spec.scoring_dimensions(), values, beside=headline_beside(assessment=assessment)
    )


def headline_beside(*, assessment: Assessment) -> frozenset[str]:
    """Dimensions kept beside the headline level. An assessment submitted before the rule was stored with
    every dimension in its headline, and is shown as it was stored; every other one (drafts, and so every
    submission from now on) keeps governance beside it."""
    if assessment.is_submitted and assessment.result.get("headline") != scoring.TECHNICAL_HEADLINE:
        return frozenset()
    return scoring.BESIDE_HEADLINE


@dataclass
class DimensionProgress:
    dimension: Dimension
    answered: int
    total: int


def assessment_progress(*, spec: FrameworkSpec, answers: dict[int, Any]) -> list[DimensionProgress]:
    return [
        DimensionProgress(
            dimension=d,
            answered=sum(1 for q in d.question_list if q.pk in answers),
            total=len(d.question_list),
        )
        for d in spec.dimensions
    ]


def previous_submitted(*, assessment: Assessment) -> Assessment | None:
    """The team's latest submitted assessment of the same framework (any version) before this one."""
    earlier = Assessment.objects.filter(
        team_id=assessment.team_id,
        framework__key=assessment.framework.key,
        status=Assessment.Status.SUBMITTED,
    ).exclude(pk=assessment.pk)
    if assessment.submitted_at is not None:
        earlier = earlier.filter(submitted_at__lt=assessment.submitted_at)
    return earlier.select_related("framework").order_by("-submitted_at", "-id").first()


@dataclass
class NextStep:
    score: scoring.DimensionScore
    dimension: Dimension
    questions: list[Question]
    answers: dict[int, Answer]


@dataclass
class AssessmentReport:
    """Everything the result page shows, in a fixed number of queries."""

    assessment: Assessment
    spec: FrameworkSpec
    answers: dict[int, Answer]
    result: scoring.Result
    progress: list[DimensionProgress]
    previous: Assessment | None
    changes: tuple[scoring.DimensionChange, ...]
    next_steps: list[NextStep]

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def unanswered(self) -> list[Question]:
        return [q for q in self.spec.questions.values() if q.pk not in self.answers]

    @property
    def coverage(self) -> dict[str, int]:
        """How much of the questionnaire the result rests on: answered (other than N/A), N/A, unanswered."""
        na = sum(1 for a in self.answers.values() if a.value == Answer.Value.NOT_APPLICABLE)
        return {
            "answered": len(self.answers) - na,
            "not_applicable": na,
            "unanswered": self.spec.total - len(self.answers),
            "total": self.spec.total,
        }


def assessment_report(*, assessment: Assessment) -> AssessmentReport:
    spec = framework_spec(framework=assessment.framework)
    answers = assessment_answers(assessment=assessment)
    result = assessment_result(assessment=assessment, spec=spec, answers=answers)
    previous = previous_submitted(assessment=assessment)
    changes = (
        scoring.compare(previous.result.get("dimensions", []), result.snapshot()["dimensions"])
        if previous
        else ()
    )
    by_key = {d.key: d for d in spec.dimensions}
    steps = [
        NextStep(
            score=d,
            dimension=by_key[d.key],
            questions=[spec.questions[qid] for qid in d.next_steps],
            answers=answers,
        )
        for d in result.next_steps
    ]
    return AssessmentReport(
        assessment=assessment,
        spec=spec,
        answers=answers,
        result=result,
        progress=assessment_progress(spec=spec, answers=answers),
        previous=previous,
        changes=changes,
        next_steps=steps,
    )


# Teams ----------------------------------------------------------------------------------------------------


def team_assessments(*, team: Team) -> QuerySet[Assessment]:
    return (
        team.assessments.select_related("framework", "started_by", "assessor")
        .annotate(answer_count=Count("answers"))
        .order_by("-started_at", "-id")
    )


def latest_submitted(*, team_ids: Iterable[int]) -> dict[int, dict[str, Assessment]]:
    """Each team's latest submitted assessment per framework key: {team id: {framework key: assessment}}.

    One query; submitted assessments carry their scored result, so no answers are read, and only the latest
    rows are loaded (a team's history can be long, and each result is a JSON document to parse).
    """
    submitted = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    newest = submitted.filter(
        team_id=OuterRef("team_id"), framework__key=OuterRef("framework__key")
    ).order_by("-submitted_at", "-id")
    rows = (
        submitted.filter(team_id__in=list(team_ids), pk=Subquery(newest.values("pk")[:1]))
        .select_related("framework", "assessor")
        .order_by("team_id", "framework__key", "-submitted_at", "-id")
    )
    latest: dict[int, dict[str, Assessment]] = defaultdict(dict)
    for row in rows:
        latest[row.team_id].setdefault(row.framework.key, row)
    return latest


def open_drafts(*, team_ids: Iterable[int]) -> dict[int, list[Assessment]]:
    drafts: dict[int, list[Assessment]] = defaultdict(list)
    rows = (
        Assessment.objects.filter(team_id__in=list(team_ids), status=Assessment.Status.DRAFT)
        .select_related("framework", "started_by")
        .annotate(answer_count=Count("answers"))
        .order_by("started_at", "id")
    )
    for row in rows:
        drafts[row.team_id].append(row)
    return drafts


@dataclass
class TrendPoint:
    assessment_id: int
    submitted_at: Any
    overall_level: int | None
    overall_score: float | None


def team_trend(*, team: Team) -> dict[str, list[TrendPoint]]:
    """Overall score of every submitted assessment, oldest first, per framework key (one query)."""
    rows = (
        Assessment.objects.filter(team=team, status=Assessment.Status.SUBMITTED)
        .order_by("submitted_at", "id")
        .values_list("pk", "framework__key", "submitted_at", "overall_level", "overall_score")
    )
    trend: dict[str, list[TrendPoint]] = defaultdict(list)
    for pk, key, when, level, score in rows:
        trend[key].append(TrendPoint(pk, when, level, score))
    return dict(trend)


def active_frameworks_by_key() -> dict[str, Framework]:
    return {f.key: f for f in Framework.objects.filter(is_active=True).order_by("name")}


# The assessments home page ---------------------------------------------------------------------------------


@dataclass
class TeamMaturity:
    team: Team
    levels: Assessment | None  # latest submitted assessment on a levels framework
    cells: list[dict | None]  # that assessment's result per overview column
    test_score: Assessment | None  # latest submitted ML Test Score
    drafts: list[Assessment]


def maturity_overview(
    *, teams: list[Team], with_drafts: bool = True
) -> tuple[list[Dimension], list[TeamMaturity]]:
    """Columns (the active levels framework's dimensions) and, per team, its current maturity: 3 queries, or
    2 without the open drafts (the dashboard does not show them)."""
    columns = list(
        Dimension.objects.filter(framework__is_active=True, framework__kind=Framework.Kind.LEVELS).order_by(
            "framework__key", "order"
        )
    )
    ids = [t.pk for t in teams]
    latest = latest_submitted(team_ids=ids)
    drafts = open_drafts(team_ids=ids) if with_drafts else {}
    rows = []
    for team in teams:
        current = latest.get(team.pk, {}).values()
        levels = next((a for a in current if a.framework.kind == Framework.Kind.LEVELS), None)
        test = next((a for a in current if a.framework.kind == Framework.Kind.TEST_SCORE), None)
        by_key = {d["key"]: d for d in (levels.result.get("dimensions", []) if levels else [])}
        rows.append(
            TeamMaturity(
                team=team,
                levels=levels,
                cells=[by_key.get(c.key) for c in columns],
                test_score=test,
                drafts=drafts.get(team.pk, []),
            )
        )
    return columns, rows
