"""Writes to assessments: start, answer, submit. Each checks the actor's right, validates, writes atomically
and records the actor in the history. Any refusal raises before anything is written, or rolls back.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.foundation.writes import validated_save
from governance.teams import permissions as perms
from governance.teams.models import Team

from .models import Answer, Assessment, Framework, Question
from .rules import NA_JUSTIFICATION_MESSAGE, na_justified
from .selectors import assessment_result, framework_spec

CLOCK_SKEW = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class AnswerInput:
    question_id: int
    value: str
    evidence: str = ""


def _require_editor(actor: Any, team_id: int) -> None:
    if not perms.can_edit_team(actor, team_id):
        raise PermissionDenied(
            _("Only contributors and maintainers of the team may fill in its assessments.")
        )


def _when(at: datetime.datetime | None, field: str) -> datetime.datetime:
    """Now, or a given past time (the demo loader back-dates its history); never the future."""
    if at is None:
        return timezone.now()
    if at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({field: _("This time is in the future.")})
    return at


def _save(instance: Any, *, actor: Any, at: datetime.datetime, reason: str) -> None:
    instance._history_date = at  # the history is dated when it happened (the demo back-dates)
    validated_save(instance, actor=actor, reason=reason)


def _locked(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock and refuse if it is no longer a draft."""
    assessment = (
        Assessment.objects.select_for_update().select_related("framework", "team").get(pk=assessment.pk)
    )
    if assessment.is_submitted:
        raise ValidationError(
            _(
                "This assessment was submitted on %(day)s by %(assessor)s and is locked: nobody can change "
                "it. Start a new assessment to record progress."
            )
            % {"day": f"{assessment.submitted_at:%Y-%m-%d}", "assessor": assessment.assessor},
            code="locked",
        )
    return assessment


def assessment_start(
    *, actor: Any, team: Team, framework: Framework, at: datetime.datetime | None = None
) -> Assessment:
    _require_editor(actor, team.pk)
    if not framework.is_active:
        raise ValidationError(
            {
                "framework": _("%(framework)s has been superseded; start on its latest version.")
                % {"framework": framework}
            }
        )
    at = _when(at, "started_at")
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()  # serialise starts for this team
        open_draft = (
            Assessment.objects.filter(team=team, framework=framework, status=Assessment.Status.DRAFT)
            .select_related("started_by")
            .first()
        )
        if open_draft is not None:
            raise ValidationError(
                {
                    "framework": _(
                        "%(team)s already has an open draft of %(framework)s, started on %(day)s by "
                        "%(person)s. Continue or submit it before starting another."
                    )
                    % {
                        "team": team.name,
                        "framework": framework,
                        "day": f"{open_draft.started_at:%Y-%m-%d}",
                        "person": open_draft.started_by,
                    }
                },
                code="draft_exists",
            )
        assessment = Assessment(team=team, framework=framework, started_by=actor, started_at=at)
        # The conditional unique constraint backs this check up in the database.
        _save(assessment, actor=actor, at=at, reason="Started")
    return assessment


def answers_save(
    *,
    actor: Any,
    assessment: Assessment,
    answers: Sequence[AnswerInput],
    at: datetime.datetime | None = None,
) -> int:
    """Save several answers at once (a dimension's page): all of them or none. Returns how many changed."""
    _require_editor(actor, assessment.team_id)
    at = _when(at, "answered_at")
    by_question: dict[int, AnswerInput] = {}
    for item in answers:
        if item.question_id in by_question:
            raise ValidationError(
                _("Question #%(question_id)s is answered twice in one save.")
                % {"question_id": item.question_id}
            )
        by_question[item.question_id] = item
    with transaction.atomic():
        assessment = _locked(assessment)
        questions = Question.objects.select_related("dimension").in_bulk(list(by_question))
        foreign = [
            qid
            for qid in by_question
            if qid not in questions or questions[qid].dimension.framework_id != assessment.framework_id
        ]
        if foreign:
            raise ValidationError(
                {
                    "question": _("These questions are not part of %(framework)s: %(value)s.")
                    % {
                        "framework": assessment.framework,
                        "value": ", ".join(f"#{q}" for q in sorted(foreign)),
                    }
                },
                code="foreign_question",
            )
        allowed = dict(assessment.framework.answer_choices())
        for item in by_question.values():
            if item.value not in allowed:
                raise ValidationError(
                    {
                        "value": _("'%(value)s' is not an answer %(framework)s offers.")
                        % {"value": item.value, "framework": assessment.framework}
                    },
                    code="invalid_value",
                )
        unjustified = sorted(
            questions[qid].key
            for qid, item in by_question.items()
            if item.value == Answer.Value.NOT_APPLICABLE and not na_justified(item.evidence)
        )
        if unjustified:
            missing = ", ".join(unjustified)
            raise ValidationError(
                {
                    "evidence": _("%(NA_JUSTIFICATION_MESSAGE)s Not applicable without one: %(missing)s.")
                    % {"NA_JUSTIFICATION_MESSAGE": NA_JUSTIFICATION_MESSAGE, "missing": missing}
                },
                code="na_unjustified",
            )
        existing = {a.question_id: a for a in assessment.answers.filter(question_id__in=list(by_question))}
        changed = 0
        for qid, item in by_question.items():
            evidence = item.evidence.strip()
            answer = existing.get(qid)
            if answer is not None and (answer.value, answer.evidence) == (item.value, evidence):
                continue
            if answer is None:
                answer = Answer(assessment=assessment, question=questions[qid])
            answer.value, answer.evidence = item.value, evidence
            answer.answered_by, answer.answered_at = actor, at
            _save(answer, actor=actor, at=at, reason="Answered")
            changed += 1
    return changed


def answer_save(
    *,
    actor: Any,
    assessment: Assessment,
    question: Question,
    value: str,
    evidence: str = "",
    at: datetime.datetime | None = None,
) -> Answer:
    answers_save(
        actor=actor,
        assessment=assessment,
        answers=[AnswerInput(question_id=question.pk, value=value, evidence=evidence)],
        at=at,
    )
    return Answer.objects.get(assessment=assessment, question=question)


def assessment_submit(
    *, actor: Any, assessment: Assessment, at: datetime.datetime | None = None
) -> Assessment:
    """Lock the assessment: record who submitted it and when, and keep its result as scored now."""
    _require_editor(actor, assessment.team_id)
    at = _when(at, "submitted_at")
    with transaction.atomic():
        assessment = _locked(assessment)
        if at < assessment.started_at:
            raise ValidationError({"submitted_at": _("An assessment cannot be submitted before it started.")})
        unjustified = [
            a.question.key
            for a in assessment.answers.filter(value=Answer.Value.NOT_APPLICABLE).select_related("question")
            if not na_justified(a.evidence)
        ]
        if unjustified:  # answered before the rule: justify them before the result is locked
            raise ValidationError(
                _("%(NA_JUSTIFICATION_MESSAGE)s Not applicable without one: %(value)s.")
                % {
                    "NA_JUSTIFICATION_MESSAGE": NA_JUSTIFICATION_MESSAGE,
                    "value": ", ".join(sorted(unjustified)),
                }
            )
        result = assessment_result(assessment=assessment, spec=framework_spec(framework=assessment.framework))
        assessment.status = Assessment.Status.SUBMITTED
        assessment.assessor = actor
        assessment.submitted_at = at
        assessment.overall_level = result.overall_level
        assessment.overall_score = result.overall_score
        assessment.result = result.snapshot()
        _save(assessment, actor=actor, at=at, reason="Submitted")
    return assessment
